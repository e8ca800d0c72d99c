"""Find a street ("St John's Road") in text, in every spelling, fast.

The scan anchors on the longest word that starts one of the name's tokens ("john" of
"st john's"), then matches the rest of the street from there and, if words come before the
anchor, those backwards - no regex ever runs over a window position by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from footprint.address import STREET_TYPES
from footprint.matcher.anchors import word_anchor

_SAINT = r"(?:st\.?\s*|saint\s+)"
_LOOKBACK = 40


def _token_pattern(token: str) -> str:
    """One normalised token and the whitespace after it; apostrophes optional/curly."""
    if token in ("st", "saint"):
        return _SAINT
    pieces = [re.escape(p).replace("'", "['’]?") for p in token.split("-")]
    return r"[\s\-]*".join(pieces) + r"\s+"


class StreetFinder:
    """Occurrences of one street (normalised name, canonical type or None) in text."""

    def __init__(self, name: str, street_type: str | None) -> None:
        tokens = name.split()
        # Leading letters/digits of each token: "john" of "john's".
        runs = [re.sub(r"[^a-z0-9].*", "", t) for t in tokens]
        usable = [i for i, t in enumerate(tokens) if t not in ("st", "saint") and runs[i]]
        index = max(usable, key=lambda i: len(runs[i]), default=0)
        word = runs[index] or tokens[index]
        self.anchor = word_anchor(word, whole=False)
        parts = [_token_pattern(t) for t in tokens]
        rest = "".join(parts[index:])
        if street_type is None:
            rest = rest.removesuffix(r"\s+") + r"(?![\w'’])"
        else:
            spellings = sorted(STREET_TYPES.get(street_type, (street_type,)), key=len, reverse=True)
            rest += "(?:" + "|".join(spellings) + r")\b\.?"
        self._rest = re.compile(rest, re.IGNORECASE)
        self._before = (
            re.compile(r"(?<![\w'’])" + "".join(parts[:index]) + r"\Z", re.IGNORECASE)
            if index
            else None
        )

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each occurrence, in order."""
        for pos in self.anchor.positions(text):
            m = self._rest.match(text, pos)
            if m is None:
                continue
            start = pos
            if self._before is not None:
                head = self._before.search(text, max(0, pos - _LOOKBACK), pos)
                if head is None:
                    continue
                start = head.start()
            yield start, m.end()
