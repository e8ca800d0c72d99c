"""The website and pages scanners' part of the demo's sandbox web.

The campaign site whitcombeforwickwar.example: a home page whose footer imprint is right
(the agent's campaign office), a contact page with the public office line, a poster page
whose imprint gives the candidate's home address, a leaflet PDF whose Author field is her
private email, a photo taken at home (GPS) by her husband (EXIF Artist), a robots.txt that
hides /drafts/ (where a draft rota holds her private mobile), a sitemap listing a page no
other page links to, and an events page that rate-limits (the one page the report lists as
not checked). The pages scanner reads the home page (public.urls) and the demo's --url pages
(footprint/demo/__init__.py): a parish post naming her husband, and a Facebook group post
that needs a login. Everything is invented; phones are from Ofcom's drama ranges.
"""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader, PdfWriter

from footprint.demo import DEMO_URLS
from footprint.net import RecordedWeb

SITE = "https://whitcombeforwickwar.example"
HTML = {"content-type": "text/html; charset=utf-8"}
GPS_IFD = 0x8825

NAV = """<nav><a href="/">Home</a> <a href="/about/">About Eleanor</a> <a href="/news/">News</a>
<a href="/events/">Events</a> <a href="/volunteer/">Volunteer</a> <a href="/contact/">Contact</a>
</nav>"""
FOOTER = """<footer><p>Promoted by Sam Okafor on behalf of Eleanor Whitcombe, both of the Wickwar
Campaign Office, 3 Station Road, Wickwar GL12 8NB.</p></footer>"""


def page(title: str, body: str, footer: str = FOOTER) -> str:
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>{title} | Eleanor Whitcombe for Wickwar</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="alternate" type="application/rss+xml" href="/news/feed.xml">
</head><body>{NAV}
<main>{body}</main>
{footer}</body></html>"""


PAGES = {
    "/": page(
        "Home",
        """<h1>Eleanor Whitcombe — working hard for Wickwar</h1>
<p>Independent candidate for Wickwar ward. Read my <a href="/news/">spring leaflet</a> or
<a href="/volunteer/">help deliver it</a>.</p>""",
    ),
    "/about/": page(
        "About Eleanor",
        """<h1>About Eleanor</h1><p>Twenty years in the village, parish councillor since 2019,
school governor and parkrun volunteer.</p>""",
    ),
    "/news/": page(
        "News",
        """<h1>News</h1>
<article><h2>Spring leaflet out now</h2><p>Download it:
<a href="/files/spring-leaflet.pdf">spring leaflet (PDF)</a>.</p></article>
<article><h2>Out canvassing</h2>
<img src="/images/canvassing.jpg" alt="Eleanor with volunteers"></article>""",
    ),
    "/contact/": page(
        "Contact",
        """<h1>Contact</h1><p>Campaign office: <a href="tel:01174960718">0117 496 0718</a>,
<a href="mailto:eleanor@whitcombeforwickwar.example">eleanor@whitcombeforwickwar.example</a>.
</p>""",
    ),
    "/volunteer/": page(
        "Volunteer",
        """<h1>Window poster</h1><p>Print this poster for your window: VOTE WHITCOMBE.</p>""",
        """<footer><p>Promoted by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX.</p>
</footer>""",
    ),
    "/news/hustings/": page(
        "Hustings",
        """<h1>Hustings at the village hall</h1><p>Thank you to everyone who came.</p>""",
    ),
    "/drafts/": """<!doctype html><html><head><title>Index of /drafts</title></head><body>
<h1>Index of /drafts</h1><ul><li><a href="surgery-rota.html">surgery-rota.html</a></li></ul>
</body></html>""",
    "/drafts/surgery-rota.html": """<!doctype html><html><head><title>Surgery rota (draft)
</title></head><body><h1>Advice surgery rota — DRAFT, do not publish</h1>
<p>Saturdays 10-12 at the village hall. If the office is shut, ring me on 07700 900461.</p>
</body></html>""",
}

ROBOTS = """# Drafts are not ready yet
User-agent: *
Disallow: /drafts/

Sitemap: https://whitcombeforwickwar.example/sitemap.xml
"""

SITEMAP_PATHS = ("/", "/about/", "/news/", "/news/hustings/", "/contact/", "/volunteer/")

FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Eleanor Whitcombe for Wickwar</title><link>https://whitcombeforwickwar.example/</link>
<item><title>Spring leaflet out now</title><link>https://whitcombeforwickwar.example/news/</link>
</item></channel></rss>"""

PARISH_POST = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>May fair: thank you! | Wickwar Parish Council</title></head><body>
<h1>May fair: thank you!</h1>
<p>Thanks to all our helpers, and to Daniel Whitcombe for running the tombola again.</p>
</body></html>"""


def sitemap() -> str:
    entries = "".join(f"<url><loc>{SITE}{path}</loc></url>" for path in SITEMAP_PATHS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )


def leaflet_pdf() -> bytes:
    """A one-page leaflet whose Author field (set with pypdf) is the private email."""
    text = "(Eleanor Whitcombe for Wickwar: our spring leaflet) Tj"
    stream = f"BT /F1 14 Tf 72 760 Td {text} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    raw = io.BytesIO()
    raw.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(raw.tell())
        raw.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = raw.tell()
    raw.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        raw.write(f"{offset:010d} 00000 n \n".encode())
    raw.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw.getvalue())))
    writer.add_metadata(
        {
            "/Author": "ellie.whitcombe77@example.net",
            "/Title": "Spring leaflet",
            "/Creator": "Leaflet Maker",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def canvassing_jpeg() -> bytes:
    """A photo taken in the back garden (GPS at home) by her husband (EXIF Artist)."""

    def dms(value: float) -> tuple[float, float, float]:
        value = abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = round((value - degrees - minutes / 60) * 3600, 4)
        return (float(degrees), float(minutes), seconds)

    lat, lon = 51.6001, -2.3987
    exif = Image.Exif()
    exif[0x013B] = "Daniel Whitcombe"  # Artist
    exif[0x010F] = "DemoPhone"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", dms(lat)
    gps[3], gps[4] = "W", dms(lon)
    out = io.BytesIO()
    # Serialised first: Pillow drops sub-IFDs given as an Exif object.
    Image.new("RGB", (64, 48), (120, 170, 90)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def build(web: RecordedWeb) -> None:
    for path, body in PAGES.items():
        web.add("GET", SITE + path, 200, HTML, body)
    web.add("GET", SITE + "/robots.txt", 200, {"content-type": "text/plain"}, ROBOTS)
    web.add("GET", SITE + "/sitemap.xml", 200, {"content-type": "application/xml"}, sitemap())
    web.add("GET", SITE + "/news/feed.xml", 200, {"content-type": "application/rss+xml"}, FEED)
    web.add("GET", SITE + "/files/spring-leaflet.pdf", 200, {"content-type": "application/pdf"},
            leaflet_pdf())  # fmt: skip
    web.add("GET", SITE + "/images/canvassing.jpg", 200, {"content-type": "image/jpeg"},
            canvassing_jpeg())  # fmt: skip
    # The events calendar plugin rate-limits: the one page the report lists as not checked.
    web.add("GET", SITE + "/events/", 429, {"retry-after": "3600", **HTML}, "Slow down")
    parish, group = DEMO_URLS
    web.add("GET", parish, 200, HTML, PARISH_POST)
    web.add("GET", group, 403, HTML, "<html><body>You must log in to continue.</body></html>")
