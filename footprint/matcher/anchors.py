"""Cheap prefilters: exact-substring anchors found with str.find, widened into small windows.

Python's `re` only scans fast for a literal first character; case-insensitive or
alternation-led patterns crawl (~10-100 MB/s). So each detector looks for a literal anchor
(a distinctive word of the private detail, in its usual capitalisations) and runs its full
regex only in a window around each occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable


def case_variants(word: str) -> tuple[str, ...]:
    """How a word is usually capitalised: lower, Title, UPPER (mixed case is not searched)."""
    return tuple(dict.fromkeys((word.lower(), word[:1].upper() + word[1:].lower(), word.upper())))


def find_all(text: str, needles: Iterable[str]) -> list[int]:
    """Sorted start offsets of every occurrence of any needle."""
    found: list[int] = []
    for needle in needles:
        i = text.find(needle)
        while i != -1:
            found.append(i)
            i = text.find(needle, i + 1)
    found.sort()
    return found


def windows(text: str, needles: Iterable[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged [lo, hi) ranges reaching `before` chars before and `after` chars past each anchor."""
    merged: list[tuple[int, int]] = []
    size = len(text)
    for pos in find_all(text, needles):
        lo, hi = max(0, pos - before), min(size, pos + after)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
