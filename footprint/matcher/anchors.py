"""Cheap prefilters: literal-led anchor regexes, widened into small windows.

Python's `re` scans fast only for a pattern that starts with a literal (it then skips to each
occurrence in C); case-insensitive or alternation-led patterns crawl at ~10-100 MB/s. So each
detector looks for a distinctive word of the private detail - in lower, Title or UPPER case,
and not inside a longer word - and runs its full regex only at or around those places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ALNUM = r"[^\W_]"  # a letter or digit


@dataclass(frozen=True)
class Anchor:
    """Literal-led patterns; each match starts `offset` chars after where the word starts."""

    patterns: tuple[tuple[re.Pattern[str], int], ...]

    def positions(self, text: str) -> list[int]:
        """Sorted start offsets of the word in text."""
        found = [m.start() - offset for rx, offset in self.patterns for m in rx.finditer(text)]
        if len(self.patterns) > 1:
            found.sort()
        return found


def word_anchor(word: str, whole: bool = True) -> Anchor:
    """The word in lower, Title or UPPER case (mixed case is not searched), not preceded by a
    letter or digit; with `whole`, not followed by one either.

    Lower and Title case share the tail ("arkspur"), so one literal-led scan finds both; a
    lookbehind then checks the first letter and the boundary without leaving C.
    """
    trail = f"(?!{_ALNUM})" if whole else ""
    upper = re.escape(word.upper())
    first = word[:1]
    if len(word) < 2 or first.lower() == first.upper():
        # Digit-led or one letter: lower and UPPER spellings, each a plain literal.
        spellings = dict.fromkeys((word.lower(), word.upper()))
        return Anchor(tuple((_literal(re.escape(s), trail), 0) for s in spellings))
    tail = re.escape(word[1:].lower())
    head = f"[{re.escape(first.lower())}{re.escape(first.upper())}]"
    lower_title = re.compile(f"{tail}(?<={head}{tail})(?<!{_ALNUM}{head}{tail}){trail}")
    patterns = [(lower_title, 1)]
    if word[1:].upper() != word[1:].lower():
        patterns.append((_literal(upper, trail), 0))
    return Anchor(tuple(patterns))


def number_anchor(digits: str) -> Anchor:
    """A digit string not inside a longer run of digits, e.g. a year."""
    body = re.escape(digits)
    return Anchor(((re.compile(f"{body}(?<!\\d{body})(?!\\d)"), 0),))


def literal_anchor(*needles: str) -> Anchor:
    """Exact strings, anywhere."""
    return Anchor(tuple((re.compile(re.escape(n)), 0) for n in needles))


def _literal(escaped: str, trail: str) -> re.Pattern[str]:
    return re.compile(f"{escaped}(?<!{_ALNUM}{escaped}){trail}")


def spread(positions: list[int], size: int, before: int, after: int) -> list[tuple[int, int]]:
    """Merged [lo, hi) ranges from `before` chars before to `after` chars past each position."""
    merged: list[tuple[int, int]] = []
    for pos in positions:
        lo, hi = max(0, pos - before), min(size, pos + after)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def windows(text: str, anchor: Anchor, before: int, after: int) -> list[tuple[int, int]]:
    """Merged ranges around every occurrence of the anchor in text."""
    return spread(anchor.positions(text), len(text), before, after)
