"""Family members' names, in every written form UK pages use (names.py: accents dropped,
apostrophes, double-barrelled names, Mc/Mac and Irish prefixes).

- medium: the full name, any case, any whitespace between the parts, with an optional middle
  name or initial ("Daniel J. Whitcombe"), surname first ("Whitcombe, Daniel"), or a couple
  sharing the surname ("Daniel and Isla Whitcombe", "Siân ac Ifan Lloyd-Jenkins"); "Seán Ó
  Dónaill" is also "Sean O'Donaill", "SEAN O DONAILL", "O Donaill, Sean";
- low, partial: the first name alone (any spelling), capitalised as a name ("Isla" / "ISLA",
  so the words "will", "grace" or "rose" never count), with a kinship word (wife, son,
  daughter, mum, ...; Welsh gŵr, gwraig, mab, merch, mam, ...) at most ~50 characters away
  AND the subject named within ~150 characters (subject.py: their name or an alias in any
  written form, their surname, or their given name alone - "Eleanor Whitcombe and her son
  Daniel", "Mrs Whitcombe's husband Daniel"). A kinship phrase about someone else ("Daniel,
  son of Margaret Jones", "mother of Daniel" in another family's notice) is not a hit, nor is
  a first name with no kinship word.

Initial + surname ("D. Whitcombe") is not a hit: it names too many people to count without
more, and finding it would take another scan of every text for the surname (about a sixth of
the matcher's time). spans() still yields it, so redaction masks it.

Speed: the first name (lower/Title/UPPER, whole word) is found by literal-led scans; the
full-name patterns are matched at each occurrence, kinship words are looked up once per
region around the capitalised occurrences, and the subject only in regions that have one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from footprint.matcher.anchors import spread
from footprint.matcher.names import (
    APOSTROPHES,
    END,
    START,
    NamePart,
    fold,
    initial_pattern,
    letter,
    split_name,
    token_pattern,
    words_pattern,
)
from footprint.matcher.nearby import Marks
from footprint.matcher.snippets import Item
from footprint.matcher.subject import REACH, Nearby, SubjectMentions
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
# Welsh, with the mutations they take after "ei" (his: "ei wraig", "ei fab"; her: "ei
# phriod") - not "plant" (children) or "tad" (father), which are also English words.
WELSH_KINSHIP_WORDS = (
    "gŵr",
    "gwr",
    "ŵr",
    "gwraig",
    "wraig",
    "priod",
    "phriod",
    "phartner",
    "mab",
    "fab",
    "merch",
    "ferch",
    "blant",
    "mam",
    "fam",
    "brawd",
    "frawd",
    "chwaer",
    "teulu",
    "ŵyr",
    "wyres",
)
_KIN_SET = frozenset(KINSHIP_WORDS + WELSH_KINSHIP_WORDS)
_WORD_RE = re.compile(r"[^\W\d_]+")
_GIVEN_NAME_BEFORE_RE = re.compile(r"(?<![\w'’\-])[A-Z][a-z][\w'’\-]*[ \t]+\Z")
_SURNAME_AFTER_RE = re.compile(r"[ \t]+[A-Z][a-z]")
_KIN_REACH = 50
_REGION = 4000  # kinship words are looked up a region of about this size at a time
_MIDDLE = r"(?:\s+(?-i:[A-Z][\w'’\-]*\.?))?"


class _Member:
    """One family member: full-name patterns tried at each occurrence of the first name; for
    redaction, initial + surname at each occurrence of the surname too."""

    def __init__(self, matched: str, value: str, surname: NamePart | None, own: bool) -> None:
        self.matched, self.value = matched, value
        self.item = Item(Category.FAMILY, matched, value)
        given, last = split_name(value)
        self.first = NamePart(given[:1])
        self.surname = surname
        self.forward: re.Pattern[str] | None = None
        self.reverse: re.Pattern[str] | None = None
        self.initial_before: re.Pattern[str] | None = None
        self.initial_after: re.Pattern[str] | None = None
        if last:
            first = token_pattern(given[0])
            rest = words_pattern(given[1:] + last)
            forwards = first + _MIDDLE + r"\s+" + rest
            couple = first + r"\s+(?:and|&|ac|a|agus)\s+[\w'’\-]+\s+" + rest
            self.forward = re.compile(rf"{START}(?:{forwards}|{couple}){END}", re.IGNORECASE)
            self.reverse = re.compile(
                rf"{START}{words_pattern(last)}\s*,\s*{words_pattern(given)}{END}", re.IGNORECASE
            )
            self.reverse_reach = 2 * len(" ".join(last)) + 12
            if not own:  # the subject's own initial and surname name the subject, not them
                initial = initial_pattern(given[0])
                self.initial_before = re.compile(f"{initial}\\Z", re.IGNORECASE)
                first_letter = letter(given[0].lstrip(APOSTROPHES)[:1])
                self.initial_after = re.compile(
                    rf"\s*,\s*{first_letter}\.(?![\w'’\-])", re.IGNORECASE
                )

    def find(self, text: str, subject: SubjectMentions) -> Iterator[Hit]:
        capitalised: list[tuple[int, int]] = []
        for pos, end in self.first.spans(text):
            full = self._full_name_at(text, pos)
            if full is not None:
                yield self.item.hit(text, *full, Severity.MEDIUM)
                return
            if text[pos].isupper():
                capitalised.append((pos, end))
        nearby = subject.nearby(text) if subject else None
        partial = self._first_name_by_kin(text, capitalised, nearby)
        if partial is not None:
            start, end, note = partial
            yield self.item.hit(text, start, end, Severity.LOW, note, partial=True)

    def _first_name_by_kin(
        self, text: str, capitalised: list[tuple[int, int]], nearby: Nearby | None
    ) -> tuple[int, int, str] | None:
        """The first capitalised first name with a kinship word nearby and the subject named
        around it."""
        if not capitalised:
            return None
        starts = [pos for pos, _ in capitalised]
        size = max(end - pos for pos, end in capitalised)
        for lo, hi in spread(starts, len(text), _KIN_REACH, size + _KIN_REACH, _REGION):
            kin = _kin_marks(text, lo, hi)
            if not kin or (nearby and not nearby.near(lo - REACH, hi + REACH)):
                continue  # no kinship word, or the subject named nowhere around
            first, last = bisect_left(starts, lo), bisect_left(starts, hi)
            for pos, end in capitalised[first:last]:
                # The subject first: 'mother of Daniel' in someone else's notice is not theirs.
                if nearby and not nearby.near(pos - REACH, end + REACH, (pos, end)):
                    continue
                near = kin.nearest(pos - _KIN_REACH, pos, end, end + _KIN_REACH)
                if near is not None:
                    return pos, end, f"first name only, near '{near}'"
        return None

    def _initials(self, text: str, surnames: _Surnames) -> Iterator[tuple[int, int]]:
        """'D. Whitcombe', 'D Whitcombe', 'Whitcombe, D.' in any case (redaction only)."""
        if self.surname is None or self.initial_before is None or self.initial_after is None:
            return
        for start, end in surnames.spans(self.surname, text):
            m = self.initial_before.search(text, max(0, start - 10), start)
            if m is not None:
                yield m.start(), end
                continue
            m = self.initial_after.match(text, end)
            if m is not None:
                yield start, m.end()

    def spans(self, text: str, surnames: _Surnames) -> Iterator[tuple[int, int]]:
        """Every full-name form find() accepts, the first name alone in lower, Title or UPPER
        case with or without a kinship word or the subject nearby, and initial + surname in any
        case: for redaction."""
        for pos, end in self.first.loose_spans(text):
            yield self._full_name_at(text, pos) or (pos, end)
        yield from self._initials(text, surnames)

    def _full_name_at(self, text: str, pos: int) -> tuple[int, int] | None:
        """The full name starting at, or (surname first) ending with, the first name at pos."""
        if self.forward is None or self.reverse is None:
            return None
        m = self.forward.match(text, pos)
        if m is None and text[max(0, pos - 8) : pos].rstrip().endswith(","):
            lo = max(0, pos - self.reverse_reach)
            m = self.reverse.search(text, lo, pos + 2 * len(self.value))
            # Matched again without the end bound, which would pass the boundary check.
            m = m and self.reverse.match(text, m.start())
            if m is not None and (m.end() <= pos or _in_list_of_people(text, m.start(), m.end())):
                m = None
        return (m.start(), m.end()) if m else None


class _Surnames:
    """Surname occurrences, found once per text for every family member who shares them."""

    def __init__(self) -> None:
        self._found: dict[int, list[tuple[int, int]]] = {}

    def spans(self, part: NamePart, text: str) -> list[tuple[int, int]]:
        key = id(part)
        if key not in self._found:
            self._found[key] = part.spans(text)
        return self._found[key]


def _in_list_of_people(text: str, start: int, end: int) -> bool:
    """'Eleanor Whitcombe, Daniel Smith': a Title-case given name before the surname and a
    surname after the first name. Registers write 'WHITCOMBE, Daniel', so never those."""
    surname = text[start : text.find(",", start)]
    return (
        not surname.isupper()
        and _GIVEN_NAME_BEFORE_RE.search(text, max(0, start - 30), start) is not None
        and _SURNAME_AFTER_RE.match(text, end) is not None
    )


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
        self._subject = SubjectMentions(profile)
        own = {_initial_and_surname(n) for n in (profile.name, *profile.aliases)}
        surnames: dict[str, NamePart] = {}
        self._members = []
        for i, value in enumerate(profile.private.family):
            last = split_name(value)[1]
            part = surnames.setdefault(_folded(last), NamePart(last)) if last else None
            key = _initial_and_surname(value)
            self._members.append(_Member(f"private.family[{i}]", value, part, key in own))
        self._needles = tuple(
            {n for m in self._members for p in (m.first, m.surname) if p for n in p.needles}
        )

    def find(self, text: str) -> Iterator[Hit]:
        for member in self._members:
            yield from member.find(text, self._subject)

    def may_occur(self, low: str) -> bool:
        """False when text (lower-cased) cannot hold a span: every form has the first name or
        the surname."""
        return any(n in low for n in self._needles)

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, profile value) of every mention of any family member."""
        surnames = _Surnames()
        for member in self._members:
            for start, end in member.spans(text, surnames):
                yield start, end, member.value


def _folded(words: tuple[str, ...]) -> str:
    return fold(" ".join(words)).lower()


def _initial_and_surname(name: str) -> tuple[str, str]:
    given, last = split_name(name)
    return (_folded(given)[:1], _folded(last))
