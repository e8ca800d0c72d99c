"""Regenerates the bundled demo: local documents (footprint/demo/files) for a fictional candidate.

Every person, address and number here is invented; phones are from Ofcom's drama ranges.
Run: python tools/build_demo.py   (the sandbox web is built by tools/build_sandbox.py)
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image

DEMO = Path(__file__).resolve().parent.parent / "footprint" / "demo"
FILES = DEMO / "files"

NEWSLETTER = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Wickwar Parish News — Spring edition</title>
<meta name="description" content="News from around the parish">
</head><body>
<h1>Wickwar Parish News</h1>
<article>
<h2>Best-kept garden 2025</h2>
<p>Congratulations to <strong>Ellie Whitcombe</strong> of 14 Larkspur Cl., whose sweet peas
won again this year. Her husband Daniel says the secret is patience.</p>
<p>Photos from the day are on the noticeboard by the village hall.</p>
</article>
<article>
<h2>Volunteers wanted</h2>
<p>To help at the May fair, contact the clerk on <a href="tel:01632960123">01632 960123</a>.</p>
</article>
<footer style="display:none">Newsletter mailing list: ellie.whitcombe77&#64;example.net</footer>
</body></html>
"""

CAMPAIGN = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Eleanor Whitcombe for Wickwar</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Person", "name": "Eleanor Whitcombe",
 "email": "eleanor@whitcombeforwickwar.example", "telephone": "+44 117 496 0718"}
</script></head><body>
<h1>Eleanor Whitcombe — working hard for Wickwar</h1>
<p>Write to me at my campaign office or email
<a href="mailto:eleanor@whitcombeforwickwar.example">eleanor@whitcombeforwickwar.example</a>.
Office line: 0117 496 0718.</p>
</body></html>
"""

FETE_NOTES = """# School fete — helpers

- Cake stall: Isla Whitcombe (our candidate's daughter) and friends
- Tombola: Mr Patel
- Call Ellie on 07700 900 461 if it rains.
"""

VOLUNTEERS = """name,role,email,phone
Sam Okafor,leaflets,sam.okafor@example.org,07700 900123
Ellie Whitcombe,candidate,ELLIE.WHITCOMBE77@EXAMPLE.NET,+44 (0)7700 900461
Priya Shah,canvassing,priya@example.org,0113 496 0555
"""


def pdf_bytes(lines: list[str], author: str, title: str) -> bytes:
    """A minimal, valid one-page PDF with Helvetica text and an Info dictionary."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({esc(t)}) '" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Author ({esc(author)}) /Title ({esc(title)}) /Producer (footprint demo) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def jpeg_with_gps(lat: float, lon: float, artist: str) -> bytes:
    def dms(value: float) -> tuple[float, float, float]:
        value = abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = round((value - degrees - minutes / 60) * 3600, 2)
        return (float(degrees), float(minutes), seconds)

    image = Image.new("RGB", (64, 48), (120, 170, 90))
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    exif[0x010F] = "DemoPhone"  # Make
    gps = {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def docx_bytes(paragraphs: list[str], creator: str) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "word/document.xml": f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>',
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"
            "<dc:title>Campaign leaflet draft</dc:title></cp:coreProperties>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def main() -> None:
    FILES.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "saved-pages/parish-news.html": NEWSLETTER.encode(),
        "saved-pages/campaign-site.html": CAMPAIGN.encode(),
        "notes/school-fete.md": FETE_NOTES.encode(),
        "exports/volunteers.csv": VOLUNTEERS.encode(),
        "documents/planning-application.pdf": pdf_bytes(
            [
                "South Gloucestershire Council - Householder planning application",
                "Applicant: Mrs Eleanor Whitcombe",
                "Site address: 14 Larkspur Close, Wickwar, GL12 8QX",
                "Applicant telephone: 07700-900-461",
                "Proposal: single-storey rear extension",
            ],
            author="Eleanor Whitcombe",
            title="Planning application P25/0417",
        ),
        "documents/leaflet-draft.docx": docx_bytes(
            [
                "Eleanor Whitcombe: a strong voice for Wickwar.",
                "Contact: eleanor@whitcombeforwickwar.example or 0117 496 0718.",
            ],
            creator="Ellie Whitcombe",
        ),
        "photos/garden.jpg": jpeg_with_gps(51.60025, -2.39902, "Ellie Whitcombe"),
        "photos/hustings.jpg": jpeg_with_gps(51.45450, -2.58790, "Campaign team"),
        "documents/scanned-letter.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",  # truncated
    }
    for name, content in files.items():
        path = FILES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    print(f"wrote {len(files)} demo files to {FILES}")


if __name__ == "__main__":
    main()
