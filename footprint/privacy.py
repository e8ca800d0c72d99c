"""Does a string that is about to leave the machine carry one of the subject's private details?

Used twice, independently: the engine's gate on identifiers that scanners discover, and the
wire guard on every outgoing request (URL, headers, body). Both ask `PrivateForms.find(text)`.

Text is normalised first, so that encodings cannot smuggle a detail past the check:
percent-encoding (applied up to three times, `+` as a space), HTML entities, accents
(NFKD, combining marks dropped) and case. A detail is then looked for as its letters and
digits with up to three other characters between each chunk, so `07700 900461`,
`447700900461`, `ellie.whitcombe77`, `daniel-whitcombe`, `danielwhitcombe` and `GL12%208QX`
are all caught. Forms:

- phone: the national significant number's digits (any prefix, any separators);
- email: the whole address (also written `at` / `dot`), its local part alone, and its SHA-256
  or MD5 hash (of the trimmed, lower-cased address: how Gravatar and similar services look an
  address up, so the hash stands for the address there);
- family member: the full name, either word order (given names, then the surname with its
  prefixes, or the surname first); accents, apostrophes and hyphens fold away, and a Mc/Mac
  prefix may stand apart (`sean-o-donaill`, `seanodonaill`, `ciaran-mc-allister`);
- home address: the full postcode; house number + street name (a Welsh street with its type,
  written first: "14 heol y coed"); house name + street name; house name + the address's
  first place, in either language, "The" optional ("the-old-forge-wickwar", "ty gwyn
  abertawe"); a Northern Ireland townland + the next place ("tullyneagh ballygawley");
- date of birth: the full date as digits (ISO, UK, compact) or with the month's name, or as
  named fields in any order ("dob_day=3&dob_month=9&dob_year=1977");
- home coordinates: latitude and longitude to three decimals.

A weak form (an email's local part) that also appears in the subject's own public name,
aliases or public identifiers is dropped: it is public by the subject's own declaration and
would otherwise refuse every search by name. Strong forms are never dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_plus

from footprint.address import parse_uk_address, street_text, type_first
from footprint.matcher.names import name_words, split_name
from footprint.matcher.phones import national_digits
from footprint.model import Category
from footprint.placenames import same_places
from footprint.profile import Profile

_GAP = r"[^a-z0-9]{0,3}"
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_SHORT = 8  # a form with fewer letters and digits than this must stand as a whole word


def normalise(text: str) -> str:
    """Decode what a URL or page may have encoded, drop accents, fold case."""
    for _ in range(3):
        decoded = unquote_plus(text)
        if decoded == text:
            break
        text = decoded
    text = html.unescape(text)
    if text.isascii():  # nothing to decompose or drop: the common case (every URL) is cheap
        return text.casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def squeeze(folded: str) -> str:
    """Only the letters and digits of a normalised text (see `PrivateForms.patterns`)."""
    return re.sub(r"[^a-z0-9]+", "", folded)


def chunks(text: str) -> list[str]:
    """The runs of letters and digits of `text`, normalised."""
    return re.findall(r"[a-z0-9]+", normalise(text))


def _joined(parts: list[str], bounded: bool | None = None) -> str:
    body = _GAP.join(re.escape(p) for p in parts)
    if bounded is None:
        bounded = sum(map(len, parts)) < _SHORT
    return rf"(?<![a-z0-9]){body}(?![a-z0-9])" if bounded else body


@dataclass(frozen=True)
class _Form:
    category: Category
    regex: re.Pattern[str]
    weak: bool = False
    # Letters and digits any match holds in a row once every other character is removed
    # from the normalised text: a cheap necessary condition (a slate checks many profiles).
    needs: str = ""


class PrivateForms:
    """Every form of the profile's private details that must never be sent.

    `consented`: categories left out, for the one scanner the user consented to send them
    (`--consent`): its requests are still checked for every other private detail."""

    def __init__(self, profile: Profile, consented: frozenset[Category] = frozenset()) -> None:
        forms = [
            *_phones(profile.private.phones),
            *_emails(profile.private.emails),
            *_family(profile.private.family),
            *_addresses(profile.private.home_addresses),
            *_birth(profile),
            *_coordinates(profile.private.home_coordinates),
        ]
        public = [normalise(s.value) for s in profile.seeds()]
        self._forms = tuple(
            f
            for f in forms
            if f.category not in consented
            and not (f.weak and any(f.regex.search(p) for p in public))
        )

    def __bool__(self) -> bool:
        return bool(self._forms)

    def patterns(self) -> tuple[tuple[Category, re.Pattern[str], str], ...]:
        """Each form as (category, regex over `normalise(text)`, needs): `needs` is a run of
        letters and digits that `squeeze(normalise(text))` holds whenever the regex matches.
        For a check that covers several profiles at once (a slate's wire guard)."""
        return tuple((f.category, f.regex, f.needs) for f in self._forms)

    def find(self, text: str) -> Category | None:
        """The category of the first private detail `text` carries, or None."""
        if not self._forms or not text:
            return None
        folded = normalise(text)
        for form in self._forms:
            if form.regex.search(folded):
                return form.category
        return None


def _phones(values: Iterable[str]) -> list[_Form]:
    forms = []
    for raw in values:
        parsed = national_digits(raw)
        nsn = parsed[1] if parsed else re.sub(r"\D", "", raw).lstrip("0")
        if len(nsn) >= 6:
            # Digits only, no word boundary: a prefix (0, 44) or a longer run still carries it.
            regex = re.compile(_joined(list(nsn), bounded=False))
            forms.append(_Form(Category.PHONE, regex, needs=nsn))
    return forms


def _emails(values: Iterable[str]) -> list[_Form]:
    forms = []
    for value in values:
        local, _, domain = value.partition("@")
        local_parts, domain_parts = chunks(local), chunks(domain)
        if not local_parts or not domain_parts:
            continue
        at = r"[^a-z0-9]{0,4}(?:at[^a-z0-9]{0,4})?"
        dot = r"[^a-z0-9]{1,4}(?:dot[^a-z0-9]{1,4})?|[^a-z0-9]{0,4}dot[^a-z0-9]{0,4}"
        whole = (
            _joined(local_parts, bounded=False)
            + at
            + f"(?:{dot})".join(re.escape(p) for p in domain_parts)
        )
        local_run = "".join(local_parts)  # "at" and "dot" may stand between the others
        needs = max([local_run, *domain_parts], key=len)
        forms.append(_Form(Category.EMAIL, re.compile(whole), needs=needs))
        address = value.strip().lower().encode("utf-8")
        for digest in (hashlib.sha256(address), hashlib.md5(address, usedforsecurity=False)):
            hexed = digest.hexdigest()
            forms.append(_Form(Category.EMAIL, re.compile(hexed), needs=hexed))
        if sum(map(len, local_parts)) >= 4:
            regex = re.compile(_joined(local_parts))
            forms.append(_Form(Category.EMAIL, regex, weak=True, needs=local_run))
    return forms


def _family(values: Iterable[str]) -> list[_Form]:
    forms = []
    for name in values:
        given, surname = split_name(name)
        first = [p for w in name_words(given) for p in chunks(w)]
        last = [p for w in name_words(surname) for p in chunks(w)]
        if not last:
            if first and sum(map(len, first)) >= 4:
                regex = re.compile(_joined(first, bounded=True))
                forms.append(_Form(Category.FAMILY, regex, needs="".join(first)))
            continue
        for parts in (first + last, last + first):
            forms.append(_Form(Category.FAMILY, re.compile(_joined(parts)), needs="".join(parts)))
    return forms


def _addresses(values: Iterable[str]) -> list[_Form]:
    forms = []
    for value in values:
        parsed = parse_uk_address(value)
        if parsed is None:
            continue
        if parsed.postcode:
            parts = chunks(parsed.postcode)
            pattern = _joined(parts, bounded=True)
            forms.append(_Form(Category.HOME_ADDRESS, re.compile(pattern), needs="".join(parts)))
        street = chunks(street_text(parsed) if type_first(parsed.street_type) else "")
        street = street or chunks(parsed.street_name or "")
        if parsed.number and street:
            forms.append(_address_form([*chunks(parsed.number), *street]))
        house = chunks(parsed.house_name or "")
        house = house[1:] if house[:1] == ["the"] and len(house) > 1 else house
        if house and street:
            forms.append(_address_form([*house, *street]))
        named = house or chunks(parsed.townland or "")
        if named and parsed.localities:
            for place in same_places(parsed.localities[0]):
                forms.append(_address_form([*named, *chunks(place)]))
    return forms


def _address_form(parts: list[str]) -> _Form:
    """The parts in order, from a word start ("14 larkspur", "old forge wickwar")."""
    pattern = r"(?<![a-z0-9])" + _joined(parts, bounded=False)
    return _Form(Category.HOME_ADDRESS, re.compile(pattern), needs="".join(parts))


def _birth(profile: Profile) -> list[_Form]:
    born = profile.private.date_of_birth
    if born is None:
        return []
    d, m, y = born.day, born.month, born.year
    sep = r"[^a-z0-9]{1,3}"
    day, month = rf"0?{d}", rf"0?{m}"
    name = _MONTHS[m - 1]
    month_name = rf"(?:{name}|{name[:3]}|{name[:4]})"
    ordinal = rf"{day}(?:st|nd|rd|th)?"
    forms = [
        rf"{y}{sep}{month}{sep}{day}",
        rf"{day}{sep}{month}{sep}{y}",
        rf"{d:02d}{m:02d}{y}|{y}{m:02d}{d:02d}",
        rf"{ordinal}{sep}(?:of{sep})?{month_name}{sep}{y}",
        rf"{month_name}{sep}{ordinal}{sep}{y}",
    ]
    whole = re.compile(r"(?<![a-z0-9])(?:" + "|".join(forms) + r")(?![0-9])")
    short = re.compile(rf"(?<![a-z0-9]){day}{sep}{month}{sep}{y % 100:02d}(?![0-9])")
    return [
        # Written with the whole year; with two digits ("3/9/77"), the month and year stand
        # together once the separators are gone ("977").
        _Form(Category.DATE_OF_BIRTH, whole, needs=str(y)),
        _Form(Category.DATE_OF_BIRTH, short, needs=f"{m}{y % 100:02d}"),
        _Form(Category.DATE_OF_BIRTH, _birth_fields(born), needs=str(y)),
    ]


def _birth_fields(born: dt.date) -> re.Pattern[str]:
    """The full date as named fields, in any order: "dob_day=3&dob_month=9&dob_year=1977",
    '{"year": 1977, "month": 9, "day": 3}' (see footprint.matcher.datefields)."""
    value = r"[^a-z0-9]{1,4}"
    month = rf"(?:0?{born.month}(?![0-9])|{_MONTHS[born.month - 1][:3]})"
    parts = (
        rf"(?:day|dd|(?<![a-z0-9])d){value}0?{born.day}(?![0-9])",
        rf"(?:month|mm|(?<![a-z0-9])m){value}{month}",
        rf"(?:year|yyyy|yr|(?<![a-z0-9])y){value}{born.year}(?![0-9])",
    )
    gap = r"[^0-9]{1,24}?"
    orders = [(a, b, c) for a in parts for b in parts for c in parts if len({a, b, c}) == 3]
    return re.compile("|".join(gap.join(order) for order in orders))


def _coordinates(point: tuple[float, float] | None) -> list[_Form]:
    if point is None:
        return []
    lat, lon = (f"{abs(v):.4f}"[:-1] for v in point)  # three decimals, truncated
    lat_re, lon_re = re.escape(lat), re.escape(lon)
    regex = re.compile(rf"(?<![0-9.]){lat_re}\d*.{{1,40}}?(?<![0-9.]){lon_re}")
    return [_Form(Category.GEOLOCATION, regex, needs=lat.replace(".", ""))]
