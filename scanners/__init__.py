"""Built-in scanners, one module per source. Registered through scanners.plugin."""
