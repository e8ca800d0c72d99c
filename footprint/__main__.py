from footprint.cli import app

app(prog_name="footprint")
