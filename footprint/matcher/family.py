"""Family members' names.

- medium: the full name, any case, any whitespace between the parts, with an optional middle
  name or initial ("Daniel J. Whitcombe"), surname first ("Whitcombe, Daniel"), or a couple
  sharing the surname ("Daniel and Isla Whitcombe");
- low, partial: the first name alone, capitalised as a name ("Isla" / "ISLA", so the words
  "will", "grace" or "rose" never count), with a kinship word (wife, son, daughter, mum, ...)
  at most ~50 characters away. A first name with no kinship word nearby is not a hit.

Prefilter: the first name as an exact substring (lower/Title/UPPER); regexes run only around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from footprint.matcher.anchors import case_variants, windows
from footprint.matcher.snippets import snippet
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

KINSHIP_WORDS = (
    "wife",
    "husband",
    "partner",
    "spouse",
    "fiance",
    "fiancé",
    "fiancee",
    "fiancée",
    "son",
    "sons",
    "daughter",
    "daughters",
    "child",
    "children",
    "kids",
    "kid",
    "baby",
    "twins",
    "stepson",
    "stepdaughter",
    "grandson",
    "granddaughter",
    "grandchildren",
    "mum",
    "mom",
    "mother",
    "dad",
    "father",
    "parents",
    "brother",
    "sister",
    "siblings",
    "girlfriend",
    "boyfriend",
    "family",
    "married",
)
_KIN_RE = re.compile(
    r"\b(?:" + "|".join(sorted(KINSHIP_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_KIN_REACH = 50
_MIDDLE = r"(?:\s+(?-i:[A-Z][\w'’\-]*\.?))?"


class _Member:
    def __init__(self, matched: str, value: str) -> None:
        self.matched, self.value = matched, value
        tokens = value.split()
        first = tokens[0]
        self.anchors = case_variants(first)
        self.first = re.compile(
            rf"(?<![\w'’\-])(?:{re.escape(_title(first))}|{re.escape(first.upper())})(?![\w\-])"
        )
        self.full: re.Pattern[str] | None = None
        if len(tokens) > 1:
            esc = [re.escape(t) for t in tokens]
            forwards = esc[0] + _MIDDLE + r"\s+" + r"\s+".join(esc[1:])
            surname_first = esc[-1] + r"\s*,\s*" + r"\s+".join(esc[:-1])
            couple = esc[0] + r"\s+(?:and|&)\s+[\w'’\-]+\s+" + r"\s+".join(esc[1:])
            self.full = re.compile(
                rf"(?<![\w\-])(?:{forwards}|{surname_first}|{couple})(?![\w\-])", re.IGNORECASE
            )
        self.reach = len(value) + 40

    def find(self, text: str) -> Iterator[Hit]:
        spans = windows(text, self.anchors, self.reach, self.reach)
        if self.full is not None:
            for lo, hi in spans:
                for m in self.full.finditer(text, lo, hi):
                    yield self._hit(text, m.start(), m.end(), Severity.MEDIUM)
                    return
        for lo, hi in spans:
            for m in self.first.finditer(text, lo, hi):
                kin = _nearest_kin(text, m.start(), m.end())
                if kin is None:
                    continue
                note = f"first name only, near '{kin}'"
                yield self._hit(text, m.start(), m.end(), Severity.LOW, note, partial=True)
                return

    def _hit(
        self, text: str, start: int, end: int, severity: Severity, note: str = "", partial=False
    ) -> Hit:
        evidence, span = snippet(text, start, end)
        return Hit(
            Category.FAMILY, severity, self.matched, self.value, evidence, span, partial, note
        )


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _nearest_kin(text: str, start: int, end: int) -> str | None:
    """The kinship word closest to text[start:end] within _KIN_REACH characters, if any."""
    lo = max(0, start - _KIN_REACH)
    best: tuple[int, str] | None = None
    for m in _KIN_RE.finditer(text, lo, end + _KIN_REACH):
        gap = start - m.end() if m.end() <= start else m.start() - end
        if gap >= 0 and (best is None or gap < best[0]):
            best = (gap, m.group(0))
    return best[1] if best else None


class FamilyMatcher:
    """Every family member listed in the profile."""

    def __init__(self, profile: Profile) -> None:
        self._members = [
            _Member(f"private.family[{i}]", n) for i, n in enumerate(profile.private.family)
        ]

    def find(self, text: str) -> Iterator[Hit]:
        for member in self._members:
            yield from member.find(text)
