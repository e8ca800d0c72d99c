"""Untrusted text made inert for a terminal: control characters shown, never obeyed.

File names, page titles, usernames, site-list fields and scan reasons come from outside. Printed
raw, an ESC sequence in one could clear the screen, forge a hyperlink (OSC 8) or recolour what
follows; a bidi override could reorder what the user reads. `inert` shows each such character as
a visible escape (`\\x1b`, `\\n`, `\\u202e`) so the text reads exactly as it was received. It does
not deal with rich markup: print the result as `rich.text.Text` (or with markup=False).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls; bidi embeddings/overrides/isolates; line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: object) -> str:
    """`text` (str() of it) with every control, bidi and line-separator character escaped."""
    return _UNSAFE.sub(_escape, str(text))
