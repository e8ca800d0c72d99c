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


def _assignment(name: bytes) -> bytes:
    # Looks behind the '=' for the name (with at most one space between), and reads the value
    # in a lookahead: an '=' inside it (a URL query) is still looked at, as separate per-name
    # scans would. Each name has its own value group, so findall sorts them in C.
    return rb"(?:(?<=" + name + rb"=)|(?<=" + name + rb"\s=))(?=\s*" + _VALUE + b")"


# The first lookbehind (last letters of the names, or a space) turns most '=' away early.
_ASSIGN = re.compile(
    rb"=(?<=[fetl\s]=)(?:" + b"|".join(map(_assignment, _FIXED)) + b")", re.IGNORECASE
)
# "href  =": two or more spaces are rare enough to check the name in Python; a last group
# catches them so document order is kept.
_ASSIGN_WIDE = re.compile(
    _ASSIGN.pattern[:-1] + rb"|(?<=\s\s=)(?=\s*" + _VALUE + b"))", re.IGNORECASE
)
_WIDE = re.compile(rb"=(?<=\s\s=)")
_WIDE_NAME = re.compile(rb"(" + b"|".join(_FIXED) + rb")\s+\Z", re.IGNORECASE)
# data-* in any case. Anchored on the '-' and looking behind for "data": a pattern that starts
# with "data-" under IGNORECASE loses the fast literal search and is ten times slower.
# The name is read possessively to the end of its run and the value is optional, so a match
# never fails after the anchor: the scan resumes after the run instead of re-reading it from
# every "data-" inside it (quadratic on "data-data-data-...", 50 KB took 5 s).
_DATA = re.compile(rb"-(?<=[dD][aA][tT][aA]-)[\w-]++(?:\s*+=\s*+" + _VALUE + rb")?+")
_CF_HREF = re.compile(r"/cdn-cgi/l/email-protection#([0-9a-fA-F]+)")
_WINDOW = max(map(len, _FIXED)) + 64


def attribute_values(content: bytes) -> list[str]:
    """Decoded values of data-carrying attributes, one block of lines per attribute name.

    Matching is by substring and case-insensitive, so data-title and xlink:href count too, and
    an attribute written inside another's value (href="?title=x") is read as well.
    """
    blocks: list[str] = []
    for name, values in (*_fixed_values(content), (b"data-", _data_values(content))):
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


def _data_values(content: bytes) -> list[bytes]:
    return list(filter(None, _DATA.findall(content)))


def _fixed_values(content: bytes) -> list[tuple[bytes, list[bytes]]]:
    """(name, values in document order) for each fixed name."""
    if _WIDE.search(content) is None:
        rows = _ASSIGN.findall(content)
        columns = zip(*rows, strict=True) if rows else ((),) * len(_FIXED)
        return [
            (name, list(filter(None, column))) for name, column in zip(_FIXED, columns, strict=True)
        ]
    found: list[list[bytes]] = [[] for _ in _FIXED]
    wide = len(_FIXED) + 1
    for match in _ASSIGN_WIDE.finditer(content):
        group = match.lastindex or 0
        if group == wide:
            equals = match.start()
            named = _WIDE_NAME.search(content, max(0, equals - _WINDOW), equals)
            if named is None:
                continue
            found[_FIXED.index(named.group(1).lower())].append(match.group(group))
        else:
            found[group - 1].append(match.group(group))
    return list(zip(_FIXED, found, strict=True))


def _href_extras(hrefs: str) -> list[str]:
    """Cloudflare-protected emails, and URLs with "+" as space (maps?q=14+Larkspur+Close)."""
    extras = []
    if "email-protection#" in hrefs:
        extras.extend(filter(None, map(decode_cfemail, _CF_HREF.findall(hrefs))))
    if "+" in hrefs:
        lines = (line for line in hrefs.split("\n") if "+" in line and "://" in line)
        extras.extend(unquote(line).replace("+", " ") for line in lines)
    return extras
