"""Private phone numbers, matched by digits in any written form.

A number is compared by its national significant number (NSN, e.g. 7700900461 for
07700 900461), never by phonenumbers' validity rules (drama numbers are not "valid").

Scan: one regex per private number that starts with the NSN's first digit as a literal (so
`re` scans at memchr speed) and allows up to a few separators (spaces, NBSP, every Unicode
dash and the minus sign, zero-width and soft-hyphen characters, dots, brackets, slashes) between
any two digits, which also covers groups split across tags.
Each candidate then needs a prefix in the text just before it: the trunk "0" ("07700",
"(07700)"), or the country code ("+44", "0044", "44" as in wa.me/447700900461, "+44 (0)").

Traps, by design:
- a longer digit run containing the number (a 15-digit id) is rejected: no digit may touch
  the prefix or the end, nor sit right behind a dash/dot ("07700-900461-2");
- numbers in a list separated by spaces still match each other;
- transposed digits never match (exact digits);
- a private number that is also listed as public is never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from footprint.matcher.snippets import Item
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

# Every Unicode dash (Pd) and the minus sign: a figure dash "07700‒900461" is still the number.
DASHES = (
    "\\-\u058a\u05be\u1400\u1806\u2010-\u2015\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40"
    "\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d"
)
# Whitespace (incl. NBSP), invisible joiners and soft hyphens, dashes, dots, brackets, slashes.
_SEP = rf"[\s\u00ad\u200b-\u200d\u2060\ufeff{DASHES}.()/]{{0,12}}"
_LOOKBACK = 40  # chars before the NSN searched for the prefix
_NO_DIGITS = str.maketrans("", "", "0123456789")


def national_digits(raw: str) -> tuple[str, str, str] | None:
    """(country code, NSN, trunk prefix) for a number as written, e.g. ('44', '7700900461', '0')."""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    cc = str(number.country_code)
    nsn = phonenumbers.national_significant_number(number)
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    national = re.sub(r"\D", "", formatted)
    trunk = national[: -len(nsn)] if national.endswith(nsn) else ""
    return cc, nsn, trunk


class _Number:
    """One private number's compiled patterns."""

    def __init__(self, matched: str, value: str, cc: str, nsn: str, trunk: str) -> None:
        self.matched, self.value, self.nsn = matched, value, nsn
        self.item = Item(Category.PHONE, matched, value)
        digits = _SEP.join(re.escape(d) for d in nsn)
        # Trailing lookaheads reject a longer digit run ("...04612", "...0461-2").
        self.digits = re.compile(digits)
        self.body = re.compile(digits + rf"(?!\d)(?![{DASHES}.]\d)")
        cc_pat = _SEP.join(cc)
        intl = rf"(?:\+|\b00){_SEP}{cc_pat}{_SEP}"
        if trunk:
            # "+44 (0) 7700", and the common mistake "+44 07700".
            optional_trunk = rf"(?:{trunk}{_SEP})?"
            options = [intl + optional_trunk, cc_pat + _SEP + optional_trunk, trunk + _SEP]
        else:
            options = [intl, cc_pat + _SEP, ""]  # "": the bare national number
        # Ends where the NSN starts; no digit may touch it ("id 123447700900461").
        self.prefix = re.compile(rf"(?<!\d)(?<!\d[{DASHES}.])(?:" + "|".join(options) + r")\Z")

    def find(self, text: str) -> Iterator[Hit]:
        pos = 0
        body, prefix = self.body, self.prefix
        while (m := body.search(text, pos)) is not None:
            start = m.start()
            head = prefix.search(text, max(0, start - _LOOKBACK), start)
            if head is None:
                pos = start + 1
                continue
            first = head.start()
            if first > 0 and text[first - 1] == "(":
                first -= 1  # "(07700) 900461": show the bracket pair whole
            yield self.item.hit(text, first, m.end(), Severity.HIGH)
            return  # every phone hit is high: the first is as good as any

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Every run of the number's digits, from its prefix when one is there. The rules that
        make a hit (a prefix, no digit touching it) are not applied: for redaction."""
        for m in self.digits.finditer(text):
            start = m.start()
            head = self.prefix.search(text, max(0, start - _LOOKBACK), start)
            yield (head.start() if head else start), m.end()


def _digit_before(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isdigit()


class PhoneMatcher:
    """All private phone numbers of a profile, minus any that are also public."""

    category = Category.PHONE

    def __init__(self, profile: Profile) -> None:
        public = {d[1] for p in profile.public.phones if (d := national_digits(p))}
        self._numbers: list[_Number] = []
        for i, raw in enumerate(profile.private.phones):
            parsed = national_digits(raw)
            if parsed is None or parsed[1] in public:
                continue
            self._numbers.append(_Number(f"private.phones[{i}]", raw, *parsed))

    def find(self, text: str) -> Iterator[Hit]:
        for number in self._numbers:
            yield from number.find(text)

    def may_occur(self, low: str) -> bool:
        """False when text (lower-cased) cannot hold a span: too few digits."""
        fewest = min((len(n.nsn) for n in self._numbers), default=None)
        return fewest is not None and len(low) - len(low.translate(_NO_DIGITS)) >= fewest

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, profile value) of every occurrence of any private number."""
        for number in self._numbers:
            for start, end in number.spans(text):
                yield start, end, number.value
