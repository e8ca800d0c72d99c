"""Find a house name ("Rose Cottage", "The Old Forge", "Tŷ Gwyn") in text, fast.

Its words in order, any case, with any spaces or hyphens between them; house words also as
people abbreviate them ("Rose Cott.", "Manor Fm", "Ivy Ho."); a leading "The" optional
("Old Forge"); accented letters also bare ("Ty Gwyn"). Led by a literal scan for the name's
longest other word (or, for a name of house words only, the shortest spelling of its last).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from footprint.address import HOUSE_WORDS
from footprint.matcher.streets import either_spelling, literal

_LOOKBACK = 60
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # "o'brien's" is one word
_SPELLINGS = {a: spellings for spellings in HOUSE_WORDS.values() for a in spellings}


def _word_pattern(word: str) -> str:
    spellings = _SPELLINGS.get(word)
    if spellings is None:
        return literal(word)
    alts = sorted(spellings, key=len, reverse=True)
    return "(?:" + "|".join(literal(s) for s in alts) + r")\.?"


class HouseNameFinder:
    """Occurrences of one house name in text."""

    def __init__(self, name: str) -> None:
        words = _WORD_RE.findall(name.lower())
        lead_the = bool(words) and words[0] == "the" and len(words) > 1
        words = words[1:] if lead_the else words
        plain = [i for i, w in enumerate(words) if w not in _SPELLINGS]
        if plain:
            index = max(plain, key=lambda i: len(words[i]))
            word = words[index]
        else:  # "The Cottage": every spelling of it starts with its shortest one
            index = len(words) - 1
            word = min(_SPELLINGS[words[index]], key=len)
        self.anchor = either_spelling(word)
        parts = [_word_pattern(w) for w in words]
        gap = r"[\s\-]+"
        self._rest = re.compile(gap.join(parts[index:]) + r"(?![\w'’])", re.IGNORECASE)
        head = r"(?<![\w'’])" + (r"(?:the[\s\-]+)?" if lead_the else "")
        self._before = re.compile(
            head + "".join(p + gap for p in parts[:index]) + r"\Z", re.IGNORECASE
        )

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each occurrence, in order."""
        for pos in self.anchor.positions(text):
            m = self._rest.match(text, pos)
            if m is None:
                continue
            head = self._before.search(text, max(0, pos - _LOOKBACK), pos)
            if head is not None:
                yield head.start(), m.end()
