"""Date of birth in UK, ISO and written forms, in English and Welsh; month + year only when
presented as a birth date.

Severity:
- high: day, month and four-digit year - 03/09/1977, 3.9.1977, 03-09-1977, 1977-09-03,
  "3rd September 1977", "3 Sept 1977", "03-Sep-1977", "September 3, 1977", "Sep 3rd 1977";
  in Welsh "3 Medi 1977", "3ydd Medi 1977", "3ydd o Fedi 1977" (WELSH_MONTHS: the month names,
  their short forms and their mutations; Welsh ordinals 1af, 2il, 3ydd, 5ed, 7fed, 11eg, 21ain);
- medium: two-digit year - 3/9/77, "3 Sep '77", "3 Medi '77";
- low, partial: month and year ("September 1977", "Sept 1977", "09/1977", "1977-09", "Medi
  1977", "ym mis Medi 1977") when a birth word (born, birth, date of birth, DOB, d.o.b,
  birthday; Welsh ganwyd, ganed, dyddiad geni, genedigaeth, pen-blwydd) or the subject's name
  in any written form (subject.py: "Eleanor Whitcombe (September 1977)") is at most ~40
  characters before it, as on Companies House officer pages. A month + year that is part of
  another full date ("4 September 1977", "12/09/1977", "4ydd o Fedi 1977") is not a hit.

Numeric dates are day-first (UK): 09/03/1977 is 9 March, so never a hit for 3 September.

Speed: every form ends with (or, ISO, starts with) the year, so one literal-led scan for the
two-digit year finds all candidates; each is then checked with a regex bounded to the few
characters a date can span, never over a wide window.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from footprint.matcher.snippets import Item
from footprint.matcher.subject import Nearby, SubjectMentions
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

MONTHS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
# Welsh months as pages write them: the name, its short form (as Welsh-language software
# writes them), and its mutations - soft after "o" ("3ydd o Fawrth": M->F, G dropped, T->D,
# Rh->R), nasal after "yn" ("yng Ngorffennaf", "yn Nhachwedd"), aspirate after "a"
# ("a Thachwedd"). Ionawr, Chwefror, Ebrill, Awst and Hydref do not mutate.
WELSH_MONTHS = (
    ("ionawr", "ion"),
    ("chwefror", "chwef"),
    ("mawrth", "fawrth", "maw"),
    ("ebrill", "ebr"),
    ("mai", "fai"),
    ("mehefin", "fehefin", "meh"),
    ("gorffennaf", "orffennaf", "ngorffennaf", "gorff"),
    ("awst",),
    ("medi", "fedi"),
    ("hydref", "hyd"),
    ("tachwedd", "dachwedd", "nhachwedd", "thachwedd", "tach"),
    ("rhagfyr", "ragfyr", "rhag"),
)
# Ordinal suffixes, English and Welsh, accepted after any day number (as "3th" is): the Welsh
# ones are 1af, 2il, 3ydd, 4ydd, 5ed, 6ed, 7fed-10fed, 11eg, 12fed, 13eg, 14eg, 15fed, 16eg,
# 17eg, 18fed, 19eg, 20fed, 21ain-31ain ("Ask Dr Gramadeg: introducing cardinal and ordinal
# numbers", parallel.cymru), with the feminine 3edd, 4edd and "2ail" also seen.
_ORD = r"(?:st|nd|rd|th|af|il|ail|ydd|edd|ed|fed|eg|ain)?"
_OF = r"(?:\s+(?:of|o))?"  # "3rd of September", "3ydd o Fedi"
_ENGLISH_ORD, _ENGLISH_OF = r"(?:st|nd|rd|th)?", r"(?:\s+of)?"
_BIRTH_RE = re.compile(
    r"\b(?:born|birth|d\.?o\.?b\b|ganwyd|ganed|geni\b|genedigaeth|pen-?blwydd)", re.IGNORECASE
)
_DAY_BEFORE_RE = re.compile(rf"\b\d{{1,2}}{_ORD}{_OF}[\s\-]+\Z", re.IGNORECASE)
_END_RE = re.compile(r"\d|[./\-]\d")  # a date running on: "03/09/19771", "03/09/1977.5"
_BIRTH_REACH = 40
_SEPARATORS = frozenset("./-")
_APOSTROPHES = frozenset("'’")
_MEDIUM_NOTE = "two-digit year"
_Found = tuple[int, int, Severity, str]  # start, end, severity, note (low means partial)


@dataclass(frozen=True)
class _Written:
    """The written forms of the date in one language, tried only when `words` (one of which is
    in every spelling of the month) appear just before the year - English and Welsh apart, so
    English text pays nothing for the Welsh spellings."""

    words: tuple[str, ...]
    full: re.Pattern[str]  # "3rd September 1977", "September 3, 1977"
    apostrophe: re.Pattern[str]  # "3 Sep '77"
    month_year: re.Pattern[str]  # "September 1977", "09/1977"
    reach: int  # extra characters the longer spellings may take

    def present(self, low: str) -> bool:
        """Whether the lower-cased text just before the year holds the month."""
        return any(word in low for word in self.words)


def _written(
    spellings: tuple[str, ...],
    words: tuple[str, ...],
    ordinal: str,
    of: str,
    reach: int,
    parts: dict[str, str],
) -> _Written:
    """`parts`: the regexes of the day and month number, and the year in four and two digits."""
    day, mon_num, y, yy = parts["day"], parts["mon_num"], parts["y"], parts["yy"]
    mon = "(?:" + "|".join(spellings) + r")\.?"
    full = rf"(?:{day}{ordinal}{of}[\s\-]+{mon}[\s\-,]+|\b{mon}[\s\-]+{day}{ordinal},?\s+){y}\Z"
    apostrophe = rf"{day}{ordinal}{of}[\s\-]+{mon}[\s\-,]+['’]{yy}\Z"
    month_year = rf"(?:\b{mon},?\s+|(?<![\d./\-]){mon_num}[/.\-]){y}\Z"
    return _Written(
        words,
        re.compile(full, re.IGNORECASE),
        re.compile(apostrophe, re.IGNORECASE),
        re.compile(month_year, re.IGNORECASE),
        reach,
    )


class YearScan:
    """Where a birth year's last two digits end in a text: after the century ("1977"), a
    separator ("3/9/77") or an apostrophe ("Sep '77"), not followed by a digit. One
    literal-led scan, shared by the date detectors (this one and datefields.py); it keeps
    its answer for the last text, as anchors do."""

    def __init__(self, dob: dt.date) -> None:
        y, yy = str(dob.year), f"{dob.year % 100:02d}"
        self.year, self._yy = y, yy
        self._scan = re.compile(rf"{yy}(?:(?<={y})(?<!\d{y})|(?<=[./\-'’]{yy}))(?!\d)")
        self._last: tuple[str | None, tuple[int, ...]] = (None, ())

    def ends(self, text: str) -> tuple[int, ...]:
        last, found = self._last  # one read: another thread may replace it meanwhile
        if last is text:
            return found
        found = tuple(m.end() for m in self._scan.finditer(text)) if self._yy in text else ()
        self._last = (text, found)
        return found

    def full_years(self, text: str) -> Iterator[int]:
        """Where each whole-number four-digit year starts ("1977", not "19770" or "21977")."""
        size = len(self.year)
        for end in self.ends(text):
            if text[end - size : end] == self.year:
                yield end - size


class DateMatcher:
    """The profile's date of birth, if any."""

    category = Category.DATE_OF_BIRTH

    def __init__(self, profile: Profile) -> None:
        dob = profile.private.date_of_birth
        self._dob: dt.date | None = dob
        self.years: YearScan | None = YearScan(dob) if dob else None
        if dob is None:
            return
        self.value = dob.isoformat()
        self.item = Item(Category.DATE_OF_BIRTH, "private.date_of_birth", self.value)
        d, m, y, yy = str(dob.day), str(dob.month), str(dob.year), f"{dob.year % 100:02d}"
        self._y, self._yy = y, yy
        day = rf"(?<!\d)(?<!\d[./\-])0?{d}" if dob.day < 10 else rf"(?<!\d)(?<!\d[./\-]){d}"
        mon_num = f"0?{m}" if dob.month < 10 else m
        parts = {"day": day, "mon_num": mon_num, "y": y, "yy": yy}
        english, welsh = MONTHS[dob.month - 1], WELSH_MONTHS[dob.month - 1]
        self._languages = (
            _written(english, english[-1:], _ENGLISH_ORD, _ENGLISH_OF, 0, parts),
            _written(welsh, welsh, _ORD, _OF, 4, parts),
        )
        self._subject = SubjectMentions(profile)
        # Forms ending with the year: searched backwards from it (endpos = the year's end).
        self._numeric = re.compile(
            rf"{day}(?P<sep>[./\-]){mon_num}(?P=sep)(?P<century>{y[:2]})?{yy}\Z"
        )
        # Forms starting with the year: matched at it.
        iso_day = f"0?{d}" if dob.day < 10 else d
        self._iso = re.compile(rf"{y}(?P<sep>[./\-]){mon_num}(?P=sep){iso_day}")
        self._iso_month = re.compile(rf"{y}-{mon_num}")

    def find(self, text: str) -> Iterator[Hit]:
        """The best occurrence: the first high one, else the first medium, else the first low."""
        if self._dob is None:
            return
        best: _Found | None = None
        for found in self._occurrences(text, context=True):
            if found[2] is Severity.HIGH:
                best = found
                break  # the best a date of birth can be
            if best is None or found[2].rank < best[2].rank:
                best = found
        if best is not None:
            start, end, severity, note = best
            partial = severity is Severity.LOW
            yield self.item.hit(text, start, end, severity, note, partial=partial)

    def may_occur(self, low: str) -> bool:
        """False when text (lower-cased) cannot hold a span: every form has the year's end."""
        return self._dob is not None and self._yy in low

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, profile value) of every date find() accepts, and of month + year with
        or without a birth word nearby: for redaction."""
        for start, end, _, _ in self._occurrences(text, context=False):
            yield start, end, self.value

    def _occurrences(self, text: str, context: bool) -> Iterator[_Found]:
        """Every occurrence in text order, each found once at its year. Month + year needs a
        birth word or the subject's name before it (with `context`)."""
        if self._dob is None:
            return
        short, long_ = len(self._yy), len(self._y)
        nearby: Nearby | None = None  # made when first needed: month + year is rare
        assert self.years is not None
        for end in self.years.ends(text):
            runs_on = _END_RE.match(text, end) is not None  # "03/09/1977.5", or an ISO date
            before = text[end - short - 1 : end - short]
            if before in _APOSTROPHES:
                found = None if runs_on else self._apostrophe(text, end)
                if found is not None:
                    yield found, end, Severity.MEDIUM, _MEDIUM_NOTE
                continue
            year = end - long_
            if before in _SEPARATORS or text[year - 1 : year] in _SEPARATORS:
                numeric = None if runs_on else self._numeric.search(text, max(0, end - 14), end)
                if numeric is not None and numeric.group("century"):
                    yield numeric.start(), end, Severity.HIGH, ""
                    continue
                if numeric is not None:
                    yield numeric.start(), end, Severity.MEDIUM, _MEDIUM_NOTE
                if before in _SEPARATORS:
                    continue  # a two-digit year: nothing else to find here
            full = self._full_year(text, year, runs_on)
            if full is not None:
                yield full
                continue
            low = self._month_and_year(text, year, runs_on)
            if low is None:
                continue
            start, stop, word = low
            if word is not None:
                yield start, stop, Severity.LOW, f"month and year only, near '{word}'"
                continue
            if context:
                nearby = nearby or self._subject.nearby(text)
                if not nearby.near(start - _BIRTH_REACH, start):
                    continue
            yield start, stop, Severity.LOW, "month and year only, after the subject's name"

    def _apostrophe(self, text: str, end: int) -> int | None:
        """Where "3 Sep '77" starts, for the two-digit year ending at `end`."""
        low = text[max(0, end - 34) : end].lower()
        for i, language in enumerate(self._languages):
            if i == 0 or language.present(low):
                m = language.apostrophe.search(text, max(0, end - 40 - language.reach), end)
                if m is not None:
                    return m.start()
        return None

    def _full_year(self, text: str, year: int, runs_on: bool) -> _Found | None:
        """A written or ISO full date around the four-digit year at `year`."""
        end = year + len(self._y)
        after = text[end : end + 1]
        if after in _SEPARATORS:
            iso = self._iso.match(text, year)
            if iso is not None and not _END_RE.match(text, iso.end()):
                return year, iso.end(), Severity.HIGH, ""
        if runs_on:
            return None
        low = text[max(0, year - 34) : year].lower()
        for language in self._languages:
            if language.present(low):
                written = language.full.search(text, max(0, year - 40 - language.reach), end)
                if written is not None:
                    return written.start(), end, Severity.HIGH, ""
        return None

    def _month_and_year(
        self, text: str, year: int, runs_on: bool
    ) -> tuple[int, int, str | None] | None:
        """Month and year, not part of another date: (start, end, the birth word just before
        it or None)."""
        end = year + len(self._y)
        found = None
        if not runs_on:
            numeric = text[year - 1 : year] in _SEPARATORS
            low = text[max(0, year - 16) : year].lower()
            for language in self._languages:
                if numeric or language.present(low):
                    m = language.month_year.search(text, max(0, year - 15 - language.reach), end)
                    if m is not None:
                        found = (m.start(), end)
                        break
        if found is None and text[end : end + 1] == "-":
            m = self._iso_month.match(text, year)
            if m is not None and not _END_RE.match(text, m.end()):
                found = (year, m.end())
        if found is None:
            return None
        start, stop = found
        if _DAY_BEFORE_RE.search(text, max(0, start - 12), start):
            return None  # part of a different full date
        word = _BIRTH_RE.search(text, max(0, start - _BIRTH_REACH), start)
        return start, stop, word.group(0) if word is not None else None
