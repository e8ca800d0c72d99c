"""sitemap.xml and sitemap indexes (sitemaps.org protocol), parsed safely and bounded.

The parser never fetches, expands entities or loads DTDs (footprint/extract/xmlfile.py); at
most `limit` <loc> entries are taken. A sitemap compressed as a file (.xml.gz) does not parse
and counts as unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from footprint.extract.xmlfile import parse


@dataclass(frozen=True)
class Sitemap:
    index: bool  # a sitemap index: its locations are further sitemaps
    locations: tuple[str, ...]


def parse_sitemap(content: bytes, limit: int) -> Sitemap | None:
    """The locations in a sitemap or sitemap index, or None if it is not one."""
    try:
        root = parse(content)
    except (etree.XMLSyntaxError, ValueError):
        return None
    kind = etree.QName(root).localname if isinstance(root.tag, str) else ""
    if kind not in ("urlset", "sitemapindex"):
        return None
    found: dict[str, None] = {}
    for loc in root.iter("{*}loc"):
        text = (loc.text or "").strip()
        if text:
            found.setdefault(text, None)
            if len(found) >= limit:
                break
    return Sitemap(kind == "sitemapindex", tuple(found))
