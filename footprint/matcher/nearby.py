"""Marks: sorted spans found once per text, so "is one near here?" costs a bisect, not a scan."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator


class Marks:
    """(start, end, text) spans in text order."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _, _ in self._spans]

    def __bool__(self) -> bool:
        return bool(self._spans)

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        return iter(self._spans)

    def within(self, lo: int, hi: int) -> tuple[int, int, str] | None:
        """The first span starting in [lo, hi), if any."""
        i = bisect_left(self._starts, lo)
        if i < len(self._starts) and self._starts[i] < hi:
            return self._spans[i]
        return None

    def nearest(self, lo: int, start: int, end: int, hi: int) -> str | None:
        """Text of the span closest to [start, end) among those lying within [lo, hi)."""
        i = bisect_left(self._starts, lo)
        best: tuple[int, str] | None = None
        while i < len(self._spans) and self._starts[i] < hi:
            s, e, label = self._spans[i]
            if e <= hi and (e <= start or s >= end):
                gap = start - e if e <= start else s - end
                if best is None or gap < best[0]:
                    best = (gap, label)
            i += 1
        return best[1] if best else None
