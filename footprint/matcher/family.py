"""Family members' names.

- medium: the full name, any case, any whitespace between the parts, with an optional middle
  name or initial ("Daniel J. Whitcombe"), surname first ("Whitcombe, Daniel"), or a couple
  sharing the surname ("Daniel and Isla Whitcombe");
- low, partial: the first name alone, capitalised as a name ("Isla" / "ISLA", so the words
  "will", "grace" or "rose" never count), with a kinship word (wife, son, daughter, mum, ...)
  at most ~50 characters away. A first name with no kinship word nearby is not a hit.

Speed: the first name (lower/Title/UPPER, whole word) is found by literal-led scans; the
full-name patterns are matched at each occurrence, and kinship words are looked up once per
region around the capitalised occurrences.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from footprint.matcher.anchors import spread, word_anchor
from footprint.matcher.nearby import Marks
from footprint.matcher.snippets import Item
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
_KIN_SET = frozenset(KINSHIP_WORDS)
_WORD_RE = re.compile(r"[^\W\d_]+")
_GIVEN_NAME_BEFORE_RE = re.compile(r"(?<![\w'’\-])[A-Z][a-z][\w'’\-]*[ \t]+\Z")
_SURNAME_AFTER_RE = re.compile(r"[ \t]+[A-Z][a-z]")
_KIN_REACH = 50
_REGION = 4000  # kinship words are looked up a region of about this size at a time
_MIDDLE = r"(?:\s+(?-i:[A-Z][\w'’\-]*\.?))?"


class _Member:
    """One family member: full-name patterns tried at each occurrence of the first name."""

    def __init__(self, matched: str, value: str) -> None:
        self.matched, self.value = matched, value
        self.item = Item(Category.FAMILY, matched, value)
        tokens = value.split()
        first = tokens[0]
        self.anchor = word_anchor(first)
        self.first = re.compile(
            rf"(?<![\w'’\-])(?:{re.escape(_title(first))}|{re.escape(first.upper())})(?![\w\-])"
        )
        self.forward: re.Pattern[str] | None = None
        self.reverse: re.Pattern[str] | None = None
        if len(tokens) > 1:
            esc = [re.escape(t) for t in tokens]
            rest = r"\s+".join(esc[1:])
            forwards = esc[0] + _MIDDLE + r"\s+" + rest
            couple = esc[0] + r"\s+(?:and|&)\s+[\w'’\-]+\s+" + rest
            self.forward = re.compile(
                rf"(?<![\w\-])(?:{forwards}|{couple})(?![\w\-])", re.IGNORECASE
            )
            given = r"\s+".join(esc[:-1])
            self.reverse = re.compile(
                rf"(?<![\w\-]){esc[-1]}\s*,\s*{given}(?![\w\-])", re.IGNORECASE
            )
            self.reverse_reach = len(tokens[-1]) + 12

    def find(self, text: str) -> Iterator[Hit]:
        capitalised: list[int] = []
        for pos in self.anchor.positions(text):
            full = self._full_name_at(text, pos)
            if full is not None:
                yield self.item.hit(text, *full, Severity.MEDIUM)
                return
            if self.first.match(text, pos) is not None:
                capitalised.append(pos)
        if not capitalised:
            return
        size = len(self.value.split()[0])
        for lo, hi in spread(capitalised, len(text), _KIN_REACH, size + _KIN_REACH, _REGION):
            kin = _kin_marks(text, lo, hi)
            if not kin:
                continue
            first, last = bisect_left(capitalised, lo), bisect_left(capitalised, hi)
            for pos in capitalised[first:last]:
                near = kin.nearest(pos - _KIN_REACH, pos, pos + size, pos + size + _KIN_REACH)
                if near is not None:
                    note = f"first name only, near '{near}'"
                    yield self.item.hit(text, pos, pos + size, Severity.LOW, note, partial=True)
                    return

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Every full-name form find() accepts, and the first name alone in lower, Title or
        UPPER case with or without a kinship word nearby: for redaction."""
        size = len(self.value.split()[0])
        for pos in self.anchor.positions(text):
            yield self._full_name_at(text, pos) or (pos, pos + size)

    def _full_name_at(self, text: str, pos: int) -> tuple[int, int] | None:
        """The full name starting at, or (surname first) ending with, the first name at pos."""
        if self.forward is None or self.reverse is None:
            return None
        m = self.forward.match(text, pos)
        if m is None and text[max(0, pos - 8) : pos].rstrip().endswith(","):
            lo = max(0, pos - self.reverse_reach)
            m = self.reverse.search(text, lo, pos + len(self.value))
            if m is not None and _in_list_of_people(text, m.start(), m.end()):
                m = None
        return (m.start(), m.end()) if m else None


def _in_list_of_people(text: str, start: int, end: int) -> bool:
    """'Eleanor Whitcombe, Daniel Smith': a Title-case given name before the surname and a
    surname after the first name. Registers write 'WHITCOMBE, Daniel', so never those."""
    surname = text[start : text.find(",", start)]
    return (
        not surname.isupper()
        and _GIVEN_NAME_BEFORE_RE.search(text, max(0, start - 30), start) is not None
        and _SURNAME_AFTER_RE.match(text, end) is not None
    )


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _kin_marks(text: str, lo: int, hi: int) -> Marks:
    """Kinship words in text[lo:hi], lower-cased once."""
    region = text[lo:hi].lower()
    # A C-level findall and set test decide the usual case (no kinship word at all).
    if _KIN_SET.isdisjoint(_WORD_RE.findall(region)):
        return Marks([])
    spans = [
        (lo + m.start(), lo + m.end(), text[lo + m.start() : lo + m.end()])
        for m in _WORD_RE.finditer(region)
        if m.group(0) in _KIN_SET
    ]
    return Marks(spans)


class FamilyMatcher:
    """Every family member listed in the profile."""

    category = Category.FAMILY

    def __init__(self, profile: Profile) -> None:
        self._members = [
            _Member(f"private.family[{i}]", n) for i, n in enumerate(profile.private.family)
        ]

    def find(self, text: str) -> Iterator[Hit]:
        for member in self._members:
            yield from member.find(text)

    def may_occur(self, low: str) -> bool:
        """False when text (lower-cased) cannot hold a span: every form has the first name."""
        return any(m.value.split()[0].lower() in low for m in self._members)

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, profile value) of every mention of any family member."""
        for member in self._members:
            for start, end in member.spans(text):
                yield start, end, member.value
