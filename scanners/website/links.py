"""Links on a fetched HTML page, found by one linear scan of the raw bytes (no parse).

Followed: <a>/<area> href, <iframe>/<frame> src, <img> src and data-src (lazy-loaded
photos), and <link rel="alternate"> href (feeds, other languages); <base href> sets the base
for relative links. Entities are decoded, fragments dropped, and only http(s) URLs kept.

Bounded: a tag is read for at most MAX_TAG bytes, and quoted values may run unterminated to
the end of that, so every byte is read a constant number of times; at most MAX_TAGS tags are
examined and at most `limit` distinct links returned per page. Links inside comments or
scripts count too: anyone reading the page source sees them.
"""

from __future__ import annotations

import codecs
import html
import re

from footprint.extract.charset import normalise_charset
from scanners.website.sites import absolute

MAX_TAG = 4096
MAX_TAGS = 20_000  # tags examined per page: real pages have a few thousand at most
LIMIT = 500

_TAG_RE = re.compile(
    rb"<(a|area|link|iframe|frame|img|base)(?=[\s/>])([^<>]{0,%d})" % MAX_TAG, re.IGNORECASE
)
_ATTR_RE = re.compile(
    rb"""(?<![\w-])(href|src|data-src|rel)\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s"'<>`]+))""",
    re.IGNORECASE,
)
_WANTED = {
    b"a": b"href",
    b"area": b"href",
    b"link": b"href",
    b"base": b"href",
    b"iframe": b"src",
    b"frame": b"src",
    b"img": b"src",
}
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def page_links(
    content: bytes, url: str, charset: str | None = None, limit: int = LIMIT
) -> list[str]:
    """Absolute, normalised http(s) links of an HTML page at `url`, in page order, distinct."""
    content = _ascii_compatible(content, charset)
    base = url
    based = False
    found: dict[str, None] = {}
    tried: set[str] = set()  # hrefs as written, so a repeated one is resolved once
    for count, tag in enumerate(_TAG_RE.finditer(content)):
        if count >= MAX_TAGS:
            break
        raw = tag.group(2)
        if b"=" not in raw:
            continue  # no attribute value: nothing to follow
        name = tag.group(1).lower()
        attrs = _attributes(raw)
        if name == b"base":
            if not based and attrs.get(b"href"):
                base = absolute(attrs[b"href"], url) or url
                based = True
            continue
        if name == b"link" and b"alternate" not in attrs.get(b"rel", "").lower().encode():
            continue
        values = [attrs.get(_WANTED[name])]
        if name == b"img":
            values.append(attrs.get(b"data-src"))
        for value in values:
            if not value or value in tried:
                continue
            tried.add(value)
            link = absolute(value, base)
            if link is not None:
                found.setdefault(link, None)
        if len(found) >= limit:
            break
    return list(found)[:limit]


def _ascii_compatible(content: bytes, charset: str | None) -> bytes:
    """UTF-16 and UTF-32 pages transcoded once to UTF-8, so the byte scan sees the markup;
    every other encoding keeps ASCII as ASCII and is scanned as it is."""
    for bom, encoding in _WIDE_BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace").encode("utf-8")
    declared = (normalise_charset(charset) or "").replace("_", "-")
    if declared.startswith(("utf-16", "utf-32")):
        return content.decode(declared, errors="replace").encode("utf-8")
    return content


def _attributes(raw: bytes) -> dict[bytes, str]:
    """The first value of each wanted attribute, entity-decoded."""
    values: dict[bytes, str] = {}
    for match in _ATTR_RE.finditer(raw):
        key = match.group(1).lower()
        if key not in values:
            value = match.group(2) or match.group(3) or match.group(4) or b""
            values[key] = html.unescape(value.decode("utf-8", "replace"))
    return values
