"""Attribute values that carry data, read from the raw HTML bytes in bulk.

Per-element work in Python costs microseconds, which on link-heavy pages outweighs the whole
lexbor parse. So the attributes are found by regex scans of the whole page: one anchored on
'=' (a literal the regex engine skips to quickly) that recognises the fixed names by looking
behind, and one for data-*. Matches are grouped per attribute name, joined and decoded once;
quotes stay around values (harmless to the matcher, and it saves a pass).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

from footprint.extract.cfemail import decode_cfemail

_VALUE = rb"""("[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
# Also matches e.g. data-title or xlink:href: those carry data too.
_FIXED = (b"href", b"title", b"alt", b"aria-label", b"content", b"value")
# An '=' preceded by a fixed name; the value is read in a lookahead so that an '=' inside it
# (a URL query) is still looked at, as separate per-name scans would. One capture group per
# name tells which matched; the last group is '=' after whitespace, where the name is checked
# in Python (rare outside scripts).
_ASSIGN = re.compile(
    b"=(?:"
    + b"|".join(rb"(?<=" + name + rb"=)(?=\s*" + _VALUE + b")" for name in _FIXED)
    + rb"|(?<=\s=)(?=\s*"
    + _VALUE
    + b"))",
    re.IGNORECASE,
)
# "href =": which name, if any, ends before the whitespace.
_SPACED_NAME = re.compile(rb"(" + b"|".join(_FIXED) + rb")\s+\Z", re.IGNORECASE)
# data-* in any case. Anchored on the '-' and looking behind for "data": a pattern that starts
# with "data-" under IGNORECASE loses the fast literal search and is ten times slower.
_DATA = re.compile(rb"-(?<=[dD][aA][tT][aA]-)[\w-]+\s*=\s*" + _VALUE)
_CF_HREF = re.compile(r"/cdn-cgi/l/email-protection#([0-9a-fA-F]+)")
_LONGEST_NAME = max(map(len, _FIXED))


def attribute_values(content: bytes) -> list[str]:
    """Decoded values of data-carrying attributes, one block of lines per attribute name."""
    found: list[list[bytes]] = [[] for _ in _FIXED]
    ends = [0] * len(_FIXED)  # a name's matches do not overlap, as with re.findall per name
    spaced = len(_FIXED) + 1
    for match in _ASSIGN.finditer(content):
        group = match.lastindex or 0
        equals = match.start()
        if group == spaced:
            window = max(0, equals - _LONGEST_NAME - 64)
            named = _SPACED_NAME.search(content, window, equals)
            if named is None:
                continue
            index = _FIXED.index(named.group(1).lower())
            start = named.start()
        else:
            index = group - 1
            start = equals - len(_FIXED[index])
        if start < ends[index]:
            continue
        ends[index] = match.end(group)
        found[index].append(match.group(group))
    blocks: list[str] = []
    for name, values in (*zip(_FIXED, found, strict=True), (b"data-", _DATA.findall(content))):
        if not values:
            continue
        text = b"\n".join(values).decode("utf-8", errors="replace")
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
