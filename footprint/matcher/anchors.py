"""Cheap prefilters: literal-led anchor regexes, widened into small windows.

Python's `re` scans fast only for a pattern that starts with a literal (it then skips to each
occurrence in C); case-insensitive or alternation-led patterns crawl at ~10-100 MB/s. So each
detector looks for a distinctive word of the private detail - in lower, Title or UPPER case,
and not inside a longer word - and runs its full regex only at or around those places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ALNUM = r"[^\W_]"  # a letter or digit


class Anchor:
    """Literal-led patterns, each with its literal and how far past the word start it begins.

    An anchor keeps its answer for the last text it scanned: several detectors ask for the
    same word in one text (the address matcher and the imprint both need the street), and
    each scan is a full pass over the text."""

    __slots__ = ("_last", "patterns")

    def __init__(self, patterns: tuple[tuple[str, re.Pattern[str], int], ...]) -> None:
        self.patterns = patterns
        self._last: tuple[str | None, tuple[int, ...]] = (None, ())

    def __repr__(self) -> str:
        return f"Anchor({[literal for literal, _, _ in self.patterns]!r})"

    def positions(self, text: str) -> tuple[int, ...]:
        """Sorted start offsets of the word in text."""
        last, found = self._last  # one read: another thread may replace it meanwhile
        if last is text:
            return found
        found = self._scan(text, 0, len(text))
        self._last = (text, found)
        return found

    def positions_in(self, text: str, lo: int, hi: int) -> tuple[int, ...]:
        """Sorted start offsets of the word in text that lie in [lo, hi)."""
        if hi <= lo:
            return ()
        return tuple(p for p in self._scan(text, lo, hi) if lo <= p < hi)

    def _scan(self, text: str, lo: int, hi: int) -> tuple[int, ...]:
        found: list[int] = []
        whole = lo == 0 and hi >= len(text)
        for literal, rx, offset in self.patterns:
            if whole:
                # `in` (str.find) outruns the regex scan 2-5x, and most texts lack the literal.
                if literal in text:
                    found.extend(m.start() - offset for m in rx.finditer(text))
            else:
                # Lookbehinds see before `pos`; `endpos` leaves room for the char after.
                end = min(len(text), hi + offset + len(literal) + 1)
                found.extend(m.start() - offset for m in rx.finditer(text, lo + offset, end))
        if len(self.patterns) > 1:
            found.sort()
        return tuple(found)


def word_anchor(word: str, whole: bool = True) -> Anchor:
    """The word in lower, Title or UPPER case (mixed case is not searched), not preceded by a
    letter or digit; with `whole`, not followed by one either.

    The scan starts at the word's rarest letter after the first ("kspur" of "Larkspur"): `re`
    skips to occurrences of a literal's first character in C, so a rare one is 1.5-2x faster,
    and one literal serves lower and Title case. Lookbehinds then check the rest in C.
    """
    trail = f"(?!{_ALNUM})" if whole else ""
    k = _rarest_index(word)
    first, middle = word[:1], word[1:k]
    first_class = _any_case(first)
    patterns: list[tuple[str, re.Pattern[str], int]] = []
    spellings = [
        (word[k:].lower(), first_class + re.escape(middle.lower())),
        (word[k:].upper(), re.escape(word[:k].upper())),
    ]
    if spellings[0][0] == spellings[1][0]:
        # A caseless literal ("12" of "GL12"): one scan, any case before it.
        head = "".join(_any_case(c) for c in word[:k])
        spellings = [(spellings[0][0], head)]
    for literal, head in spellings:
        lit = re.escape(literal)
        rx = re.compile(f"{lit}(?<={head}{lit})(?<!{_ALNUM}{head}{lit}){trail}")
        patterns.append((literal, rx, k))
    return Anchor(tuple(patterns))


def _any_case(char: str) -> str:
    if char.lower() == char.upper():
        return re.escape(char)
    return f"[{re.escape(char.lower())}{re.escape(char.upper())}]"


# Rough share of each character in English web text (per cent); unlisted ones count as rare.
_FREQUENCY = dict(
    zip(
        "etaoinshrdlcumwfgypbvkjxqz0123456789",
        (12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2, 2.0)
        + (2.0, 1.9, 1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07)
        + (3.0,) * 10,
        strict=True,
    )
)


def _rarest_index(word: str) -> int:
    """Where the scan literal starts: a caseless tail of two or more characters ("12" of
    "GL12": one scan serves every case), else the rarest character after the first, leaving at
    least three characters (a one-letter literal matches too often to pay off)."""
    if len(word) < 2:
        return 0
    caseless = len(word)
    while caseless > 1 and word[caseless - 1].lower() == word[caseless - 1].upper():
        caseless -= 1
    if len(word) - caseless >= 2:
        return caseless
    last = max(1, len(word) - 3)
    return min(range(1, last + 1), key=lambda i: _FREQUENCY.get(word[i].lower(), 0.0))


def literal_anchor(*needles: str) -> Anchor:
    """Exact strings, anywhere."""
    return Anchor(tuple((n, re.compile(re.escape(n)), 0) for n in needles))


def spread(
    positions: Sequence[int], size: int, before: int, after: int, limit: int | None = None
) -> list[tuple[int, int]]:
    """Merged [lo, hi) ranges from `before` chars before to `after` chars past each position;
    with `limit`, a range stops growing at about that many characters (ranges may overlap)."""
    merged: list[tuple[int, int]] = []
    for pos in positions:
        lo, hi = max(0, pos - before), min(size, pos + after)
        small = limit is None or (merged and hi - merged[-1][0] <= limit)
        if merged and lo <= merged[-1][1] and small:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def windows(text: str, anchor: Anchor, before: int, after: int) -> list[tuple[int, int]]:
    """Merged ranges around every occurrence of the anchor in text."""
    return spread(anchor.positions(text), len(text), before, after)
