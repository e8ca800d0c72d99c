"""Date of birth in UK, ISO and written forms; month + year only when presented as a birth date.

Severity:
- high: day, month and four-digit year - 03/09/1977, 3.9.1977, 03-09-1977, 1977-09-03,
  "3rd September 1977", "3 Sept 1977", "03-Sep-1977", "September 3, 1977", "Sep 3rd 1977";
- medium: two-digit year - 3/9/77, "3 Sep '77";
- low, partial: month and year ("September 1977", "Sept 1977", "09/1977", "1977-09") when a
  birth word (born, birth, date of birth, DOB, d.o.b, birthday) is at most ~40 characters
  before it, as on Companies House officer pages. A month + year that is part of another full
  date ("4 September 1977", "12/09/1977") is not a hit.

Numeric dates are day-first (UK): 09/03/1977 is 9 March, so never a hit for 3 September.
Prefilters: the four-digit year as a substring (windowed regex), and a literal-led regex for
numeric dates (any year form) that `re` scans at memchr speed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from footprint.matcher.anchors import spread
from footprint.matcher.snippets import snippet
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

_MONTHS = (
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
_ORD = r"(?:st|nd|rd|th)?"
_BIRTH_RE = re.compile(r"\b(?:born|birth|d\.?o\.?b\b)", re.IGNORECASE)
_DAY_BEFORE_RE = re.compile(rf"\b\d{{1,2}}{_ORD}(?:\s+of)?[\s\-]+\Z", re.IGNORECASE)
_BIRTH_REACH = 40
_SEPARATORS = frozenset("./-")
_APOSTROPHES = frozenset("'’")
_TRAIL_RE = re.compile(r"[./\-]\d")  # the date runs on: "03/09/1977.5", "3/9/77-1"
_MEDIUM_NOTE = "two-digit year"


class DateMatcher:
    """The profile's date of birth, if any."""

    def __init__(self, profile: Profile) -> None:
        dob = profile.private.date_of_birth
        self._dob: dt.date | None = dob
        if dob is None:
            return
        self.value = dob.isoformat()
        d, m, y, yy = str(dob.day), str(dob.month), str(dob.year), f"{dob.year % 100:02d}"
        day = rf"(?<!\d)(?<!\d[./\-])0?{d}" if dob.day < 10 else rf"(?<!\d)(?<!\d[./\-]){d}"
        mon_num = f"0?{m}" if dob.month < 10 else m
        mon = "(?:" + "|".join(_MONTHS[dob.month - 1]) + r")\.?"
        end = r"(?!\d)(?![./\-]\d)"
        # Written and ISO forms, searched around each occurrence of the four-digit year.
        written = [
            rf"(?<!\d){y}(?P<sep>[./\-]){mon_num}(?P=sep){'0?' if dob.day < 10 else ''}{d}{end}",
            rf"{day}{_ORD}(?:\s+of)?[\s\-]+{mon}[\s\-,]+{y}{end}",
            rf"\b{mon}[\s\-]+{day}{_ORD},?\s+{y}{end}",
        ]
        self._written = re.compile("|".join(f"(?:{w})" for w in written), re.IGNORECASE)
        # Numeric day-first forms, anchored at their end (the year) for the one scan below.
        self._numeric = re.compile(
            rf"{day}(?P<sep>[./\-]){mon_num}(?P=sep)(?P<century>{y[:2]})?{yy}\Z"
        )
        # One literal-led scan finds every form: all end with the two-digit year, after the
        # century ("1977"), a separator ("3/9/77") or an apostrophe ("Sep '77").
        self._scan = re.compile(rf"{yy}(?:(?<={y})(?<!\d{y})|(?<=[./\-'’]{yy}))(?!\d)")
        self._year_apostrophe = re.compile(
            rf"{day}{_ORD}(?:\s+of)?[\s\-]+{mon}[\s\-,]+['’]{yy}{end}", re.IGNORECASE
        )
        self._month_year = re.compile(
            rf"(?<![\d./\-])(?:\b{mon},?\s+{y}|{mon_num}[/.\-]{y}|{y}-{mon_num}){end}",
            re.IGNORECASE,
        )
        self._y, self._yy = y, yy
        self._month_word = _MONTHS[dob.month - 1][-1]  # shortest spelling: "sep"

    def find(self, text: str) -> Iterator[Hit]:
        if self._dob is None or self._yy not in text:
            return
        years, numeric, apostrophes = self._scan_years(text)
        for end in numeric:
            m = self._numeric.search(text, max(0, end - 14), end)
            if m is None or _TRAIL_RE.match(text, end):
                continue
            if m.group("century"):
                yield self._hit(text, m.start(), end, Severity.HIGH)
                return  # the best a date of birth can be
            yield self._hit(text, m.start(), end, Severity.MEDIUM, _MEDIUM_NOTE)
        dated = [p for p in years if self._could_be_written(text, p)]
        for lo, hi in spread(dated, len(text), 40, 30):
            for m in self._written.finditer(text, lo, hi):
                yield self._hit(text, m.start(), m.end(), Severity.HIGH)
                return
        for lo, hi in spread(apostrophes, len(text), 40, 10):
            for m in self._year_apostrophe.finditer(text, lo, hi):
                yield self._hit(text, m.start(), m.end(), Severity.MEDIUM, _MEDIUM_NOTE)
        yield from self._find_month_year(text, years)

    def _scan_years(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """Starts of the four-digit year; ends of possible numeric dates; apostrophe years."""
        years: list[int] = []
        numeric: list[int] = []
        apostrophes: list[int] = []
        short = len(self._yy)
        for m in self._scan.finditer(text):
            end = m.end()
            before = text[end - short - 1 : end - short]
            if before in _SEPARATORS:
                numeric.append(end)
            elif before in _APOSTROPHES:
                apostrophes.append(end)
            else:  # the full year
                year = end - len(self._y)
                years.append(year)
                if text[year - 1 : year] in _SEPARATORS:
                    numeric.append(end)
        return years, numeric, apostrophes

    def _could_be_written(self, text: str, year: int) -> bool:
        """Cheap test before the regexes: a separator after (ISO) or the month name before."""
        return text[year + 4 : year + 5] in _SEPARATORS or self._month_word in (
            text[max(0, year - 30) : year].lower()
        )

    def _find_month_year(self, text: str, years: list[int]) -> Iterator[Hit]:
        candidates = [
            p for p in years if text[p - 1 : p] in _SEPARATORS or self._could_be_written(text, p)
        ]
        for lo, hi in spread(candidates, len(text), 20, 30):
            for m in self._month_year.finditer(text, lo, hi):
                if _DAY_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
                    continue  # part of a different full date
                context = text[max(0, m.start() - _BIRTH_REACH) : m.start()]
                word = _BIRTH_RE.search(context)
                if word is None:
                    continue
                note = f"month and year only, near '{word.group(0)}'"
                yield self._hit(text, m.start(), m.end(), Severity.LOW, note, partial=True)

    def _hit(
        self,
        text: str,
        start: int,
        end: int,
        severity: Severity,
        note: str = "",
        partial: bool = False,
    ) -> Hit:
        evidence, span = snippet(text, start, end)
        return Hit(
            Category.DATE_OF_BIRTH,
            severity,
            "private.date_of_birth",
            self.value,
            evidence,
            span,
            partial,
            note,
        )
