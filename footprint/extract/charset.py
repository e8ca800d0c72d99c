"""Bytes to text: BOM, then declared charset, then <meta>, then detection, then UTF-8."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and so do we:
# pages labelled latin-1 routinely contain curly quotes from the 0x80-0x9F range.
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_SNIFF_BYTES = 4096
_DETECT_BYTES = 256 * 1024


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if unknown or not a text encoding."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # base64, rot13 and other transforms are not charsets
    name = info.name.replace("-", "_")
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    if name in ("utf_16", "utf_32"):
        return None  # endianness comes from the BOM; without one the label is unusable
    return info.name


def _bom(content: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name, len(bom)
    return None


def meta_charset(content: bytes) -> str | None:
    """Charset declared by <meta charset> or <meta http-equiv=content-type> near the top."""
    match = _META_CHARSET.search(content, 0, _SNIFF_BYTES)
    if match is None:
        return None
    name = normalise_charset(match.group(1).decode("ascii"))
    # A page re-encoded as UTF-8 often keeps a stale "utf-16" meta; UTF-16 bytes have no
    # readable ASCII meta at all, so such a declaration is always wrong.
    if name and name.startswith("utf-16"):
        return "utf-8"
    return name


def _detect(content: bytes) -> str:
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content[:_DETECT_BYTES]).best()
    return normalise_charset(best.encoding if best else None) or "utf-8"


def resolve(content: bytes, declared: str | None = None, *, html: bool = False) -> tuple[str, int]:
    """(codec name, bytes to skip) for `content`.

    A byte-order mark beats the HTTP header, as in browsers: a BOM is never accidental,
    while servers often send a stale default charset.
    """
    bom = _bom(content)
    if bom is not None:
        return bom
    encoding = normalise_charset(declared)
    if encoding is None and html:
        encoding = meta_charset(content)
    return (encoding or _detect(content)), 0


def decode(content: bytes, declared: str | None = None, *, html: bool = False) -> str:
    """Decode document bytes; never fails (undecodable bytes become U+FFFD)."""
    encoding, skip = resolve(content, declared, html=html)
    return content[skip:].decode(encoding, errors="replace")
