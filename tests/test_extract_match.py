"""End to end: the HTML-layer disguises are undone by extract() so the Matcher sees the detail."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from footprint.extract import extract
from footprint.extract.cfemail import encode_cfemail
from footprint.matcher import Matcher
from footprint.model import Category, Document
from footprint.profile import Profile

EMAIL = "ellie.whitcombe77@example.net"  # candidate.toml private.emails[0]


def categories(profile: Profile, markup: str) -> set[Category]:
    doc = Document("https://example.org/page.html", markup.encode(), "text/html")
    return {hit.category for hit in Matcher(profile).match(extract(doc)) if not hit.partial}


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Parish news</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "body",
    [
        '<a href="tel:+447700900461">Ring</a>',
        '<a href="tel:07700%20900%20461">Ring</a>',
        "<p>Call 07700 <span>900</span>461</p>",
        "<p>Call <b>07700</b>&nbsp;<i>900461</i></p>",
        '<div style="display:none">07700 900461</div>',
        '<script type="application/ld+json">{"@type": "Person", "telephone": "07700 900461"}'
        "</script>",
    ],
)
def test_private_phone_found(candidate: Profile, body: str) -> None:
    assert Category.PHONE in categories(candidate, page(body))


@pytest.mark.parametrize(
    "body",
    [
        f'<a href="mailto:{EMAIL}">Email</a>',
        f'<span data-cfemail="{encode_cfemail(EMAIL, 0x3C)}">[email&#160;protected]</span>',
        f'<a href="/cdn-cgi/l/email-protection#{encode_cfemail(EMAIL, 0x91)}">Email me</a>',
        f"<p>{EMAIL.replace('@', '&#64;').replace('.', '&#46;')}</p>",
        "<p>" + "".join(f"&#{ord(c)};" for c in EMAIL) + "</p>",
        f'<a href="mailto:{"".join(f"&#x{ord(c):x};" for c in EMAIL)}">x</a>',
        f'<script type="application/ld+json">{{"email": "mailto:{EMAIL}"}}</script>',
    ],
)
def test_private_email_found(candidate: Profile, body: str) -> None:
    assert Category.EMAIL in categories(candidate, page(body))


def test_json_ld_address_and_birth_date(candidate: Profile) -> None:
    data = {
        "@type": "Person",
        "name": "Eleanor Whitcombe",
        "birthDate": "1977-09-03",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "14 Larkspur Close",
            "addressLocality": "Wickwar",
            "postalCode": "GL12 8QX",
        },
    }
    body = f'<script type="application/ld+json">{json.dumps(data)}</script><p>About me</p>'
    found = categories(candidate, page(body))
    assert {Category.HOME_ADDRESS, Category.DATE_OF_BIRTH} <= found


def test_public_contact_details_are_not_flagged(candidate: Profile) -> None:
    body = (
        '<a href="tel:+441174960718">Office</a>'
        '<a href="mailto:eleanor@whitcombeforwickwar.example">Campaign email</a>'
        "<script>var leaked = '07700 900461';</script>"  # script bodies are not page text
    )
    assert categories(candidate, page(body)) == set()


def test_photo_gps_at_home(candidate: Profile) -> None:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 36.0, 0.36)  # 51.6001
    gps[3], gps[4] = "W", (2.0, 23.0, 55.32)  # -2.3987
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif)
    hits = Matcher(candidate).match(extract(Document("garden.jpg", out.getvalue())))
    assert Category.GEOLOCATION in {hit.category for hit in hits}
