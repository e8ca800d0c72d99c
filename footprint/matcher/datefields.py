"""Date of birth written as labelled parts, as data exports and structured text show it.

Forms (any case, any order of the parts):
  date_of_birth: month 9, year 1977          (a record line: footprint.extract.records)
  dob_day: 3; dob_month: 9; dob_year: 1977   (a CSV or spreadsheet row, "Header: value")
  "dob": {"day": 3, "month": "09", "year": 1977}        (raw JSON, on one line or pretty-printed)
  Date of birth (month): September; Date of birth (year): 1977

A part is a part name - day/dd, month/mm/mth, year/yyyy/yy/yr, alone or with a birth label
("dob_year", "birth_month", "Year of birth", "birthday") - then an optional quote, ":" or "=",
and its value: a number, or for the month its name. A lone d, m or y names a part only with
a number after it ('"dob": {"d": 3, "m": 9, "y": 1977}'). A run is a chain of parts of different
kinds (at most one day, one month, one year) with only punctuation, spaces and birth-label
words between neighbours (at most 40 characters), and no brace or bracket (the next JSON
object). A run stays on one line, except where the line break is inside JSON (a "," in the
gap) or the next line is indented (YAML): record lines and spreadsheet rows, one per line,
never join. A part of a kind the run already has ends it; the run's parts after the first of
that kind start the next ("year 1977, month 5, day 3, month 9": "day 3, month 9" goes on).

Rules:
- the run's four-digit year and month must both equal the profile's; its day, if it has one,
  must equal its day - a different day is a different date, so no hit;
- a birth label must be in a part's name or just before the run ("date_of_birth: ",
  '"dob": {'): "created: month 9, year 1977" is not a date of birth;
- high: day, month and year; low, partial: month and year only (as dates.py rates a month and
  year shown as a birth date).
`spans` gives every run equal to the date of birth, labelled or not.

Speed: the date matcher's literal scan for the year (dates.YearScan: one pass serves both),
then two cheap tests at each (a year's name just before it, a month's name within reach); only
around the years that pass is the text parsed for parts, each stretch once (nearby years share
one merged stretch), so time is linear however many years the text holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from footprint.matcher.dates import MONTHS, YearScan
from footprint.matcher.snippets import Item
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

_LABEL = r"(?:dob|d\.o\.b\.?|birth|date[ \t_.\-]?of[ \t_.\-]?birth)"
# Never across a line, and at most _PART_MAX characters long (every repeat is bounded).
_PART_RE = re.compile(
    r"(?<![a-z0-9])"
    rf"(?P<pre>{_LABEL}[ \t_.\-]?\(?[ \t]?)?"
    r"(?P<kind>day|dd|month|mm|mth|year|yyyy|yy|yr|[dmy](?=[\"' \t:=]))"
    r"(?P<post>[ \t_.\-]?(?:of[ \t_.\-]?birth|born))?"
    r"\)?[\"']?[ \t]{0,3}[:=]?[ \t]{0,3}[\"']?"
    r"(?P<value>\d{1,4}(?:st|nd|rd|th)?|[a-z]{3,9}\.?)(?![a-z0-9])",
    re.IGNORECASE,
)
_PART_MAX = 64
_LETTER_YEAR_RE = re.compile(r"(?<![a-z0-9])y[\"']?[ \t]{0,3}[:=]?[ \t]{0,3}[\"']?\Z")
_GAP_RE = re.compile(r"[\W_]*(?:(?:date|of|dob|d\.o\.b|birth|born)[\W_]*)*", re.IGNORECASE)
_LABEL_BEFORE_RE = re.compile(
    rf"(?:{_LABEL}|born|birthday|geni)[\w.\-]{{0,16}}[\"']?\s{{0,3}}[:=]?\s{{0,3}}"
    r"[{(\[]?\s{0,12}[\"']?\Z",
    re.IGNORECASE,
)
_PLAIN_GAPS = frozenset((" ", ", ", "; ", ",", ";", '", "', '","', "&"))  # the usual ones
_KINDS = {
    "day": "day",
    "dd": "day",
    "d": "day",
    "month": "month",
    "mm": "month",
    "mth": "month",
    "m": "month",
}
_GAP = 40
_SPAN = 3 * _PART_MAX + 2 * _GAP  # the longest run
_REACH = _SPAN + 48  # parsed on each side of a year: the run and a label before it
_Found = tuple[int, int, Severity, str]


class DateFields:
    """The profile's date of birth written as labelled parts (rules in the module doc)."""

    category = Category.DATE_OF_BIRTH

    def __init__(self, profile: Profile, years: YearScan | None = None) -> None:
        dob = profile.private.date_of_birth
        self._dob: dt.date | None = dob
        if dob is None:
            return
        self.value = dob.isoformat()
        self.item = Item(Category.DATE_OF_BIRTH, "private.date_of_birth", self.value)
        self._y = str(dob.year)
        # The date matcher's scan for the year, when given: one pass over the text serves both.
        self._years = years or YearScan(dob)

    def find(self, text: str) -> Iterator[Hit]:
        """The best occurrence: the first high one, else the first low one."""
        best: _Found | None = None
        for found in self._occurrences(text, labelled=True):
            if found[2] is Severity.HIGH:
                best = found
                break
            best = best or found
        if best is not None:
            start, end, severity, note = best
            yield self.item.hit(text, start, end, severity, note, partial=severity is Severity.LOW)

    def may_occur(self, low: str) -> bool:
        return self._dob is not None and self._y in low

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Every run equal to the date of birth, with or without a birth label."""
        for start, end, _, _ in self._occurrences(text, labelled=False):
            yield start, end, self.value

    def _occurrences(self, text: str, labelled: bool) -> Iterator[_Found]:
        """Every run equal to the date of birth (with a label, if `labelled`), in text order."""
        for lo, hi in self._stretches(text):
            run: list[tuple[re.Match[str], str]] = []  # (part, kind)
            for part in _PART_RE.finditer(text, lo, hi):
                if len(part.group("kind")) == 1 and not part.group("value").isdigit():
                    continue  # a lone letter names a part only with a number after it
                kind = _kind(part)
                found = None
                if run and not _joins(text, run[-1][0], part):
                    found = self._judge(text, run, labelled)
                    run = []
                else:
                    for i, (_, other) in enumerate(run):
                        if other == kind:
                            # A second month (say): judge the run so far, then keep its parts
                            # after the first month as the start of the next run.
                            found = self._judge(text, run, labelled)
                            run = run[i + 1 :]
                            break
                if found is not None:
                    yield found
                run.append((part, kind))
            found = self._judge(text, run, labelled) if run else None
            if found is not None:
                yield found

    def _stretches(self, text: str) -> Iterator[tuple[int, int]]:
        """Merged stretches of text around the years that pass the cheap tests."""
        if self._dob is None:
            return
        year, size = self._y, len(text)
        lo = hi = -1
        for ys in self._years.full_years(text):
            ye = ys + len(year)
            if self._may_be_part(text, ys, ye):
                start, end = max(0, ys - _REACH), min(size, ye + _REACH)
                if start > hi:
                    if hi != -1:
                        yield lo, hi
                    lo = start
                hi = end
        if hi != -1:
            yield lo, hi

    def _may_be_part(self, text: str, ys: int, ye: int) -> bool:
        """A whole number, a year's name just before it, a month's name within reach."""
        if text[ys - 1 : ys].isdigit() or text[ye : ye + 1].isdigit():
            return False
        head = text[max(0, ys - 24) : ys].lower()
        if "year" in head or "yy" in head or "yr" in head:
            near = text[max(0, ys - _SPAN) : ye + _SPAN].lower()
            return "month" in near or "mm" in near or "mth" in near
        return _LETTER_YEAR_RE.search(head) is not None  # "y": 1977

    def _judge(
        self, text: str, run: list[tuple[re.Match[str], str]], labelled: bool
    ) -> _Found | None:
        kinds = [kind for _, kind in run]
        if "month" not in kinds or "year" not in kinds:
            return None
        if not all(self._equal(part, kind) for part, kind in run):
            return None
        start, end = run[0][0].start(), run[-1][0].end()
        label = any(p.group("pre") or p.group("post") for p, _ in run) or bool(
            _LABEL_BEFORE_RE.search(text, max(0, start - 48), start)
        )
        if labelled and not label:
            return None
        if "day" in kinds:
            return start, end, Severity.HIGH, "day, month and year in date fields"
        return start, end, Severity.LOW, "month and year only, in date fields"

    def _equal(self, part: re.Match[str], kind: str) -> bool:
        dob = self._dob
        assert dob is not None
        value = part.group("value").lower().rstrip(".")
        if value.isdigit() or value[:-2].isdigit():
            number = int(value if value.isdigit() else value[:-2])
            if kind == "day":
                return number == dob.day
            if kind == "month":
                return number == dob.month and value.isdigit()
            return value == self._y
        return kind == "month" and value in MONTHS[dob.month - 1]


def _kind(part: re.Match[str]) -> str:
    return _KINDS.get(part.group("kind").lower(), "year")


def _joins(text: str, last: re.Match[str], part: re.Match[str]) -> bool:
    """Whether only punctuation and birth-label words lie between two parts - no brace or
    bracket (another JSON object), no line break unless inside JSON or YAML."""
    gap = text[last.end() : part.start()]
    if len(gap) > _GAP or "{" in gap or "}" in gap or "[" in gap or "]" in gap:
        return False
    if gap not in _PLAIN_GAPS and _GAP_RE.fullmatch(gap) is None:
        return False
    if "\n" in gap:
        indent = gap.rpartition("\n")[2]
        return "," in gap or (indent != "" and indent.isspace())
    return True
