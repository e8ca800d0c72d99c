"""What a field's name says about its value: JSON keys, CSV columns, table headers.

Shared by extraction (which writes a record's address parts as one address in its text line)
and the record matcher (footprint.matcher.records).

`key_words` splits a name into lower-case words: camelCase, snake_case, kebab-case, dots,
brackets, spaces and digits ("birthDate" -> birth date, "address_line_1" -> address line 1,
"DOB (day)" -> dob day); runs of single letters join up ("d.o.b" -> dob).

`FieldName(name)` then says:
- `birth`: a birth label is among its words: dob, birth, born, birthday, birthdate, bday,
  dateofbirth, and their plurals (and the Welsh "geni", Irish "breith"/"breithe", as on
  bilingual forms);
- `part`: "day", "month" or "year" when the name is a date part and nothing else - a part
  word (day/dd, month/mm/mth, year/yyyy/yy/yr, a lone d/m/y, or run together with a label:
  birthday, birthmonth, dobyear, yearofbirth) with, besides it, only birth labels and "of",
  "date", "the" ("dob_day", "Month of birth", "DOB (year)"). "start_year", "created_month"
  are not parts;
- `neutral`: the name says nothing about which date it is ("date", "value", "dt"), so the
  date under it is judged by the rest of its record;
- `address`: the place of an address part in a written address - 0 flat, 1 premises or house,
  2 street or address line (lines in the order of `line`, their number), 3 locality, town or
  city, 4 region or county, 5 postcode, 6 country - or None ("care_of", "po_box",
  "address_snippet", "country_of_residence" are not parts);
- `person`: the name of a field holding a person's name (name, title, forename, surname ...);
- `labels`: a field whose value names what a neighbouring value is ("type", "label", "kind").

`written_address(parts)` joins address parts in that order into one address as people write
it: "14 Larkspur Close, Wickwar, GL12 8QX, United Kingdom". A premises that is a house number
goes before the street without a comma; a flat that is a bare number becomes "Flat 3"; blank
values (" ") and stray commas ("14,") are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_HOUSE_NUMBER_RE = re.compile(r"\d+[a-z]?", re.IGNORECASE)

BIRTH_WORDS = frozenset((
    "dob", "dobs", "birth", "births", "born", "birthday", "birthdays", "birthdate", "birthdates",
    "bday", "bdays", "dateofbirth", "geni", "breith", "breithe",
))  # fmt: skip
_PART_WORDS = {
    "day": "day",
    "dd": "day",
    "month": "month",
    "mm": "month",
    "mth": "month",
    "year": "year",
    "yyyy": "year",
    "yy": "year",
    "yr": "year",
}
_LETTERS = {"d": "day", "m": "month", "y": "year"}
# A label and a part run together: "birthday", "dobyear", "yearofbirth", "birthmonth".
_RUN_TOGETHER = {
    f"{label}{part}": kind
    for label in ("birth", "dob")
    for part, kind in (("day", "day"), ("month", "month"), ("year", "year"))
} | {f"{part}ofbirth": part for part in ("day", "month", "year")}
_PART_FILLER = frozenset(("of", "date", "the")) | BIRTH_WORDS
_NEUTRAL = frozenset(("date", "value", "dt", "when"))

_NOT_ADDRESS = frozenset((
    "care", "po", "box", "snippet", "residence", "email", "mail", "phone", "web", "url", "ip",
))  # fmt: skip
_ADDRESS_WORDS: dict[str, float] = {
    "flat": 0,
    "apartment": 0,
    "subbuilding": 0,
    "premises": 1,
    "house": 1,
    "housename": 1,
    "housenumber": 1,
    "streetnumber": 1,
    "building": 1,
    "buildingname": 1,
    "buildingnumber": 1,
    "address": 2,
    "addr": 2,
    "line": 2,
    "street": 2,
    "streetaddress": 2,
    "thoroughfare": 2,
    "road": 2,
    "locality": 3,
    "village": 3,
    "town": 3,
    "posttown": 3,
    "city": 3,
    "suburb": 3,
    "region": 4,
    "county": 4,
    "state": 4,
    "province": 4,
    "postcode": 5,
    "postalcode": 5,
    "postal": 5,
    "zip": 5,
    "zipcode": 5,
    "eircode": 5,
    "country": 6,
}
_PERSON_WORDS = frozenset((
    "name", "names", "fullname", "displayname", "forename", "forenames", "surname",
    "firstname", "lastname", "givenname", "familyname", "middlename", "title", "officer",
    "person",
))  # fmt: skip
_LABEL_KEYS = frozenset((
    "type", "label", "kind", "field", "key", "category",
))  # fmt: skip


def key_words(name: str) -> tuple[str, ...]:
    """Lower-case words of a field name (see the module doc)."""
    words: list[str] = []
    letters: list[str] = []
    for token in _TOKEN_RE.findall(name):
        if len(token) == 1 and token.isalpha():
            letters.append(token.lower())
            continue
        if letters:
            words.append("".join(letters))
            letters = []
        words.append(token.lower())
    if letters:
        words.append("".join(letters))
    return tuple(words)


class FieldName:
    """What one field name says (see the module doc); built once per distinct name."""

    __slots__ = ("address", "birth", "labels", "line", "neutral", "part", "person")

    def __init__(self, name: str) -> None:
        words = key_words(name)
        unique = frozenset(words)
        self.birth = bool(unique & BIRTH_WORDS)
        self.part = _part(words)
        self.neutral = bool(words) and unique <= _NEUTRAL
        self.person = bool(unique & _PERSON_WORDS) and not unique & _NOT_ADDRESS
        self.labels = bool(unique & _LABEL_KEYS) and len(words) <= 2
        self.address, self.line = _address(words, unique)


def _part(words: tuple[str, ...]) -> str | None:
    if len(words) == 1 and words[0] in _LETTERS:
        return _LETTERS[words[0]]  # {"d": 3, "m": 9, "y": 1977}: a letter alone as the name
    kinds = {_PART_WORDS.get(w) or _RUN_TOGETHER.get(w) for w in words} - {None}
    if len(kinds) != 1:
        return None
    others = [w for w in words if w not in _PART_WORDS and w not in _RUN_TOGETHER]
    if any(w not in _PART_FILLER for w in others):
        return None
    return kinds.pop()


def _address(words: tuple[str, ...], unique: frozenset[str]) -> tuple[float | None, int]:
    """(place in a written address, line number) of an address part, or (None, 0)."""
    if not words or unique & _NOT_ADDRESS or unique & BIRTH_WORDS:
        return None, 0
    joined = "".join(w for w in words if not w.isdigit())
    digits = [int(w) for w in words if w.isdigit()]
    line = digits[0] if digits else 0
    place = _ADDRESS_WORDS.get(joined)
    if place is None:
        found = [_ADDRESS_WORDS[w] for w in words if w in _ADDRESS_WORDS]
        if not found:
            return None, 0
        # "address_locality", "postal_code", "address_line_1": the most specific word wins.
        place = max(found)
    if place == 2 and len(words) > 1 and not unique & {"address", "addr", "line", "street"}:
        return None, 0
    return place, line


def written_address(parts: Iterable[tuple[float, int, str]]) -> str:
    """(place, line number, value) of address parts, in field order, as one written address
    (see the module doc); stable: parts in the same place keep their order."""
    out: list[str] = []
    glue = False
    for place, _, raw in sorted(parts, key=lambda p: (p[0], p[1])):
        value = raw.strip().strip(",").strip()
        if not value:
            continue
        if place == 0 and value.isdigit():
            value = f"Flat {value}"
        if glue and out:
            out[-1] = f"{out[-1]} {value}"
        else:
            out.append(value)
        glue = place == 1 and _HOUSE_NUMBER_RE.fullmatch(value) is not None
    return ", ".join(out)
