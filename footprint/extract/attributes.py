"""Attribute values that carry data, read from the raw HTML bytes in bulk.

Per-element work in Python costs microseconds, which on link-heavy pages outweighs the whole
lexbor parse. So each attribute is one regex scan with a literal prefix (memchr-like speed),
and the matches are joined and decoded once; quotes stay around values (harmless to the
matcher, and it saves a pass).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

from footprint.extract.cfemail import decode_cfemail

_VALUE = rb"""\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
# Also matches e.g. data-title or xlink:href: those carry data too.
_NAMES = (b"href", b"title", b"alt", b"aria-label", b"content", b"value", b"data-")
_PATTERNS = tuple(
    (
        name,
        re.compile(re.escape(name) + (rb"[\w-]+" if name.endswith(b"-") else b"") + _VALUE),
        re.compile(
            re.escape(name) + (rb"[\w-]+" if name.endswith(b"-") else b"") + _VALUE,
            re.IGNORECASE,  # slower, so only used when an upper-case spelling is present
        ),
    )
    for name in _NAMES
)
_CF_HREF = re.compile(r"/cdn-cgi/l/email-protection#([0-9a-fA-F]+)")


def attribute_values(content: bytes) -> list[str]:
    """Decoded values of data-carrying attributes, one block of lines per attribute name."""
    blocks: list[str] = []
    for name, exact, folded in _PATTERNS:
        pattern = folded if name.upper() in content else exact
        found = pattern.findall(content)
        if not found:
            continue
        text = b"\n".join(found).decode("utf-8", errors="replace")
        if "&" in text:
            # Browsers decode entities in attributes; "mailto:&#101;..." is a common disguise.
            text = unescape(text)
        if name == b"href":
            blocks.extend(_href_extras(text))
            if "%" in text:
                text = unquote(text)
        blocks.append(text)
    return blocks


def _href_extras(hrefs: str) -> list[str]:
    """Cloudflare-protected emails, and URLs with "+" as space (maps?q=14+Larkspur+Close)."""
    extras = []
    if "email-protection#" in hrefs:
        extras.extend(filter(None, map(decode_cfemail, _CF_HREF.findall(hrefs))))
    if "+" in hrefs:
        lines = (line for line in hrefs.split("\n") if "+" in line and "://" in line)
        extras.extend(unquote(line).replace("+", " ") for line in lines)
    return extras
