r"""Scan-derived strings made safe to show and to write, once, where the report view is built.

Pages and file names can hold anything: a lone surrogate from a "\ud800" escape in JSON-LD, a
file name whose bytes are not UTF-8 (os.fsdecode turns them into surrogate escapes), terminal
escape sequences, bidi overrides that make a name read backwards. Any of these would make a
report fail to write (UnicodeEncodeError) or mislead its reader. Rules:
- `clean_text` (evidence, reasons, notes): ANSI escape sequences ("\x1b[31m") removed whole;
  other control characters removed - C0 except newline and tab, DEL, C1 - and bidi overrides
  and isolates removed;
- `clean_name` (locations, file names, URLs, provenance): the same characters shown as
  escapes instead ("\x1b[31m", "\n", "\u202e"), so a name stays recognisable and two different
  names never look the same;
- both: a surrogate escape of an undecodable byte (U+DC80-U+DCFF) is shown as "\xff"; a
  surrogate pair becomes its character; any other lone surrogate and every noncharacter
  (U+FFFE, U+FDD0, ...) becomes U+FFFD.
The result always encodes as UTF-8.
"""

from __future__ import annotations

import re

_ANSI_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)"  # OSC: titles, hyperlinks
    r"|\x1b[ -/]*[0-~]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # C1 CSI
)
_BIDI = "\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_BAD_RE = re.compile(
    "[\ud800-\udbff][\udc00-\udfff]"  # a pair, as two code points
    f"|[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff{_NONCHARACTERS}]"
)
_KEPT_IN_TEXT = frozenset("\n\t")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def clean_text(text: str) -> str:
    """Prose: control characters and escape sequences removed."""
    if _BAD_RE.search(text) is None:
        return text
    return _BAD_RE.sub(_fix_text, _ANSI_RE.sub("", text))


def clean_name(text: str) -> str:
    """An identifier (location, file name): control characters shown as escapes."""
    if _BAD_RE.search(text) is None:
        return text
    return _BAD_RE.sub(_fix_name, text)


def _fix_text(m: re.Match[str]) -> str:
    char = m.group(0)
    if char in _KEPT_IN_TEXT:
        return char
    if len(char) == 2 or "\ud800" <= char <= "\udfff" or char in _NONCHARACTERS:
        return _unicode(char)
    return ""  # a control or bidi character


def _fix_name(m: re.Match[str]) -> str:
    char = m.group(0)
    if len(char) == 2 or "\ud800" <= char <= "\udfff" or char in _NONCHARACTERS:
        return _unicode(char)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _unicode(char: str) -> str:
    """A surrogate pair joined, a surrogate-escaped byte as '\\xff', anything else U+FFFD."""
    if len(char) == 2:
        return char.encode("utf-16", "surrogatepass").decode("utf-16")
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return "\ufffd"
