"""Age guides: a people-search listing's age band tells anyone the subject's birth year.

UK people-search sites show an "age guide" beside a listed name ("Eleanor Whitcombe, age
guide 45-49, Wickwar"), worked out from the electoral register and other data. With a name and
town it narrows the date of birth to a few years, which is why it is worth removing with the
listing (reports/data/advice.toml, people-search).

Forms: "age guide" (lower or Title case, one space), then an optional ":" and a range
("45-49", "45 - 49", "45–49", "45 to 49"), a decade ("40s") or one age ("49").

Rules:
- the range holds the subject's age on the day of the scan, or their age a year before
  (listings are refreshed about yearly), and is at most 10 years wide;
- the subject is named within subject.REACH characters (subject.py): an age guide beside
  another person's name is not theirs;
- low, partial, date of birth: an age band is not the date itself.
`spans` gives every age guide whose range holds the subject's age, named or not, so the
redactor masks it.

Speed: one literal-led scan for "ge guide" (lower and Title case share it); the rest is
checked only there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from footprint.matcher.snippets import Item
from footprint.matcher.subject import REACH, SubjectMentions
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

_SCAN = re.compile(r"ge guide(?<=[Aa]ge guide)(?<![^\W_][Aa]ge guide)")
_GUIDE = re.compile(
    r"[Aa]ge guide[ \t]{0,3}:?[ \t]{0,3}"
    r"(?:(?P<lo>\d{1,3})[ \t]{0,3}(?:-|–|—|to)[ \t]{0,3}(?P<hi>\d{1,3})"
    r"|(?P<decade>\d0)s|(?P<age>\d{1,3}))(?!\d)"
)
_WIDEST = 10
NOTE = "an age guide (age band) beside your name, not the date itself"


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years from `born` to `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class AgeGuides:
    """Age guides that hold the subject's age (rules in the module doc)."""

    category = Category.DATE_OF_BIRTH

    def __init__(self, profile: Profile, today: dt.date | None = None) -> None:
        dob = profile.private.date_of_birth
        self._ages: tuple[int, ...] = ()
        if dob is None:
            return
        now = age_on(dob, today or dt.date.today())
        self._ages = (now, now - 1)
        self.value = dob.isoformat()
        self.item = Item(Category.DATE_OF_BIRTH, "private.date_of_birth", self.value)
        self._subject = SubjectMentions(profile)

    def find(self, text: str) -> Iterator[Hit]:
        """The first age guide holding the subject's age with the subject named nearby."""
        for start, end in self._guides(text):
            if self._subject.near(text, start - REACH, end + REACH, skip=(start, end)):
                yield self.item.hit(text, start, end, Severity.LOW, NOTE, partial=True)
                return

    def may_occur(self, low: str) -> bool:
        return bool(self._ages) and "age guide" in low

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        for start, end in self._guides(text):
            yield start, end, self.value

    def _guides(self, text: str) -> Iterator[tuple[int, int]]:
        if not self._ages or "ge guide" not in text:
            return
        for m in _SCAN.finditer(text):
            guide = _GUIDE.match(text, m.start() - 1)
            if guide is not None and self._holds(guide):
                yield guide.start(), guide.end()

    def _holds(self, guide: re.Match[str]) -> bool:
        if guide.group("age"):
            lo = hi = int(guide.group("age"))
        elif guide.group("decade"):
            lo = int(guide.group("decade"))
            hi = lo + 9
        else:
            lo, hi = int(guide.group("lo")), int(guide.group("hi"))
        if not 0 <= hi - lo <= _WIDEST:
            return False
        return any(lo <= age <= hi for age in self._ages)
