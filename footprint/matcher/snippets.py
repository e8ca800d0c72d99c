"""Evidence snippets: a short, whitespace-collapsed excerpt around a hit, with the hit's span."""

from __future__ import annotations

import re
from dataclasses import dataclass

from footprint.model import Category, Hit, Severity

_SPACE_RE = re.compile(r"[\s\u200b]+")

WIDTH = 60  # characters of context each side


def collapse(text: str) -> str:
    """Runs of whitespace (incl. newlines, NBSP, zero-width space) become one space."""
    return _SPACE_RE.sub(" ", text)


def snippet(text: str, start: int, end: int, width: int = WIDTH) -> tuple[str, tuple[int, int]]:
    """Excerpt of text around text[start:end]; evidence[span[0]:span[1]] is the collapsed hit."""
    # Read a wider raw margin: whitespace runs shrink when collapsed.
    left = collapse(text[max(0, start - 4 * width) : start])[-width:].lstrip()
    hit = collapse(text[start:end])
    right = collapse(text[end : end + 4 * width])[:width].rstrip()
    return left + hit + right, (len(left), len(left) + len(hit))


@dataclass(frozen=True)
class Item:
    """The profile item a detector looks for; builds its Hits with evidence snippets."""

    category: Category
    matched: str
    value: str

    def hit(
        self,
        text: str,
        start: int,
        end: int,
        severity: Severity,
        note: str = "",
        partial: bool = False,
    ) -> Hit:
        """A Hit for text[start:end], with the evidence snippet around it."""
        evidence, span = snippet(text, start, end)
        return Hit(
            self.category, severity, self.matched, self.value, evidence, span, partial, note, start
        )
