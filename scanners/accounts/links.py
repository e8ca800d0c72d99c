"""Outbound links on a fetched page, for scanners that follow what a profile points to."""

from __future__ import annotations

import html
import re

_HREF = re.compile(rb"""href\s*=\s*["']?(https?://[^"'\s<>]+)""", re.IGNORECASE)


def http_links(content: bytes, limit: int = 200) -> list[str]:
    """Absolute http(s) hrefs in page order, entity-decoded, without duplicates."""
    found: dict[str, None] = {}
    for match in _HREF.finditer(content):
        url = html.unescape(match.group(1).decode("utf-8", "replace"))
        found.setdefault(url, None)
        if len(found) >= limit:
            break
    return list(found)
