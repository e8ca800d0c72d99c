"""Find a street ("St John's Road", "Heol y Coed") in text, in every spelling, fast.

The scan anchors on the longest word that starts one of the name's tokens ("john" of
"st john's"), then matches the rest of the street from there and, if words come before the
anchor, those backwards - no regex ever runs over a window position by position.
A Welsh street type comes before the name ("Heol y Coed", "Rhodfa'r Môr"); English ones after.
An accented letter of the profile's name also matches the bare letter ("Lôn" or "Lon"), and
the anchor is looked for in both spellings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from footprint.address import STREET_TYPES, WELSH_STREET_TYPES, type_first
from footprint.matcher.anchors import Anchor, word_anchor

_SAINT = r"(?:st\.?\s*|saint\s+)"
_LOOKBACK = 40


def bare(text: str) -> str:
    """text without accents ("môr" -> "mor")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def literal(text: str) -> str:
    """text as a pattern, apostrophes optional or curly, accented letters also bare."""
    out = []
    for char in text:
        plain = bare(char)
        if char == "'":
            out.append("['’]?")
        elif plain != char and len(plain) == 1:
            out.append(f"[{char}{plain}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _token_pattern(token: str) -> str:
    """One normalised token and the whitespace after it; apostrophes optional/curly."""
    if token in ("st", "saint"):
        return _SAINT
    return r"[\s\-]*".join(literal(p) for p in token.split("-")) + r"\s+"


def either_spelling(word: str) -> Anchor:
    """The word's anchor, also without its accents."""
    anchor = word_anchor(word, whole=False)
    plain = bare(word)
    if plain != word:
        anchor = Anchor(anchor.patterns + word_anchor(plain, whole=False).patterns)
    return anchor


class StreetFinder:
    """Occurrences of one street (normalised name, canonical type or None) in text."""

    def __init__(self, name: str, street_type: str | None) -> None:
        tokens = name.split()
        # Leading letters/digits of each token: "john" of "john's".
        runs = [re.match(r"[^\W_]*", t).group(0) for t in tokens]  # type: ignore[union-attr]
        usable = [i for i, t in enumerate(tokens) if t not in ("st", "saint") and runs[i]]
        index = max(usable, key=lambda i: len(runs[i]), default=0)
        word = runs[index] or tokens[index]
        self.anchor = either_spelling(word)
        parts = [_token_pattern(t) for t in tokens]
        if type_first(street_type):
            spellings = WELSH_STREET_TYPES[street_type or ""]
            joint = r"\s*" if name.startswith("'") else r"\s+"  # "Rhodfa'r Môr"
            lead = "(?:" + "|".join(literal(s) for s in spellings) + ")" + joint
            parts, index, street_type = [lead, *parts], index + 1, None
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
