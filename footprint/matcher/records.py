"""Private details in structured records (JSON objects, CSV rows, table rows; see
footprint.extract.records): a date of birth split into fields, an address split into fields.

Fields are grouped by the object they came from: "date_of_birth.month" and
"date_of_birth.year" form the group "date_of_birth"; a CSV or table row's own columns, and a
JSON object's own keys, form its top-level group. What a field's name says is read by
footprint.fieldnames.

Date of birth:
- parts: fields named as a day, month or year (month, year, dob_day, "Year of birth",
  birthday ...) whose values are numbers, or for the month its name ("9", "09", "Sept");
  a group needs a month and a four-digit year; every part there must equal the profile's
  (a namesake's record with another month or year, or another day, is not the subject's);
- birth context: a birth label in a part's name (dob_day), in the group's path
  (date_of_birth.month, profile.birthday.year), in the record's place in the document
  (birthdays[0]), or in a label field beside it ({"type": "birthday", "date": {...}});
  the group's own name must be a birth label or neutral ("date", "value"): "created",
  "appointed_on" or "start" make it some other date, whatever surrounds it;
- with birth context: day, month and year -> high; month and year -> low, partial (the
  severity dates.py gives a month and year shown as a birth date, as on officer records);
- without it (a neutral or no group name): day, month and year in a record that names the
  subject (a name field holding the profile's name or an alias, in any order and case,
  or forename and surname fields of one group) -> medium; anything less -> nothing;
- a single field with a birth label and a date written out ("birthDate": "1977-09",
  "Date of birth": "Sept 1977") is judged by the date matcher (dates.py) as if written
  "date of birth: <value>".
Address: the address parts of one group (premises, address_line_1/2, street/streetAddress,
  locality/addressLocality/town/city, region/county, postal_code/postcode/postalCode/zip,
  country; see footprint.fieldnames) are joined in that order into one written address
  ("14 Larkspur Close, Wickwar, GL12 8QX"), and that string is judged by the address matcher
  with its own rules (another postcode or town after the street: not flagged; a street
  alone: partial). The record's text line shows the same written address.

Evidence names the fields: "date_of_birth: month 9, year 1977", "address: 14 Larkspur Close,
Wickwar, GL12 8QX"; the note says which and where ("in structured data (date_of_birth
fields: month, year at items[1])"). Every evidence string is in a form the text detectors'
spans() cover (dates.py, datefields.py, addresses.py), so the redactor masks it.

The same records are also in the text as labelled lines, where the text detectors may find
the same detail first; Matcher keeps the strongest hit per detail either way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator

from footprint.fieldnames import BIRTH_WORDS, FieldName, key_words, written_address
from footprint.matcher.addresses import AddressMatcher
from footprint.matcher.dates import MONTHS, DateMatcher
from footprint.matcher.snippets import Item
from footprint.model import Category, Hit, Record, Severity
from footprint.profile import Profile

_WORD_RE = re.compile(r"[^\W\d_]+")
_ORDINAL_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?", re.IGNORECASE)
_MAX_NAME_VALUE = 100  # longer values are prose, not a name field
_MAX_LABEL_VALUE = 40
_DOB_LABEL = "date of birth: "


class _Group:
    """The fields of one object in a record."""

    __slots__ = ("fields", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.fields: list[tuple[str, str, str, FieldName]] = []  # (full name, leaf, value, what)


class RecordMatcher:
    """Date of birth and home address in records (rules in the module doc)."""

    def __init__(self, profile: Profile) -> None:
        self._dob: dt.date | None = profile.private.date_of_birth
        self._dates = DateMatcher(profile)
        self._addresses = AddressMatcher(profile)
        self._item = (
            Item(Category.DATE_OF_BIRTH, "private.date_of_birth", self._dob.isoformat())
            if self._dob is not None
            else None
        )
        self._names = [
            frozenset(w.lower() for w in _WORD_RE.findall(n))
            for n in (profile.name, *profile.aliases)
        ]
        self._names = [n for n in self._names if len(n) >= 2]
        self._field_names: dict[str, FieldName] = {}

    def find(self, records: Iterable[Record]) -> Iterator[Hit]:
        """Hits in the records: possibly several per detail (Matcher keeps the best)."""
        for record in records:
            groups = self._groups(record)
            if self._dob is not None:
                yield from self._dates_in(record, groups)
            yield from self._addresses_in(record, groups)

    # -- structure -------------------------------------------------------------------------

    def _what(self, name: str) -> FieldName:
        what = self._field_names.get(name)
        if what is None:
            if len(self._field_names) > 4096:
                self._field_names.clear()  # a hostile run of distinct names: stay bounded
            what = self._field_names[name] = FieldName(name)
        return what

    def _groups(self, record: Record) -> dict[str, _Group]:
        groups: dict[str, _Group] = {}
        for name, value in record.fields:
            head, _, leaf = name.rpartition(".")
            group = groups.get(head)
            if group is None:
                group = groups[head] = _Group(head)
            group.fields.append((name, leaf, value, self._what(leaf)))
        return groups

    # -- date of birth ---------------------------------------------------------------------

    def _dates_in(self, record: Record, groups: dict[str, _Group]) -> Iterator[Hit]:
        labelled_record: bool | None = None  # worked out once, if needed
        named: bool | None = None
        for group in groups.values():
            yield from self._written_dates(record, group)
            parts = [(n, leaf, v, w) for n, leaf, v, w in group.fields if w.part]
            if not parts:
                continue
            values = self._parts(parts)
            if values is None:
                continue  # no month and year, or not the profile's date
            own = self._what(group.name.rpartition(".")[2]) if group.name else None
            if own is not None and not (own.birth or own.neutral):
                continue  # "created", "appointed_on": another date
            full = "day" in values
            if labelled_record is None:
                labelled_record = self._birth_context(record, groups)
            labelled = (
                any(w.birth for _, _, _, w in parts)
                or _path_has_birth(group.name)
                or labelled_record
            )
            if labelled:
                severity = Severity.HIGH if full else Severity.LOW
            elif full:
                if named is None:
                    named = self._names_subject(groups)
                if not named:
                    continue
                severity = Severity.MEDIUM
            else:
                continue
            yield self._part_hit(record, group, parts, severity, labelled)

    def _parts(self, parts: list[tuple[str, str, str, FieldName]]) -> dict[str, int] | None:
        """{kind: value} when the parts hold a month and a year and all equal the profile's."""
        dob = self._dob
        assert dob is not None
        found: dict[str, int] = {}
        for _, _, value, what in parts:
            kind = what.part
            assert kind is not None
            number = _part_value(kind, value)
            if number is None or found.get(kind, number) != number:
                return None  # not a date part after all, or two different values
            found[kind] = number
        if "month" not in found or "year" not in found:
            return None
        wanted = {"day": dob.day, "month": dob.month, "year": dob.year}
        if any(found[k] != wanted[k] for k in found):
            return None
        return found

    def _birth_context(self, record: Record, groups: dict[str, _Group]) -> bool:
        """A birth label in the record's place in the document, or in a label field."""
        if _path_has_birth(record.where):
            return True
        for group in groups.values():
            for _, _, value, what in group.fields:
                short = what.labels and len(value) <= _MAX_LABEL_VALUE
                if short and set(key_words(value)) & BIRTH_WORDS:
                    return True
        return False

    def _names_subject(self, groups: dict[str, _Group]) -> bool:
        """A name field (or the name fields of one group) holds the subject's name."""
        if not self._names:
            return False
        for group in groups.values():
            together: set[str] = set()
            for _, _, value, what in group.fields:
                if not what.person or len(value) > _MAX_NAME_VALUE:
                    continue
                words = {w.lower() for w in _WORD_RE.findall(value)}
                if any(n <= words for n in self._names):
                    return True
                together |= words
            if any(n <= together for n in self._names):
                return True
        return False

    def _part_hit(
        self,
        record: Record,
        group: _Group,
        parts: list[tuple[str, str, str, FieldName]],
        severity: Severity,
        labelled: bool,
    ) -> Hit:
        assert self._item is not None
        if group.name:
            head = f"{group.name}: "
            body = ", ".join(f"{leaf} {value}" for _, leaf, value, _ in parts)
        else:
            head = ""
            body = "; ".join(f"{name}: {value}" for name, _, value, _ in parts)
        what = ", ".join(leaf for _, leaf, _, _ in parts)
        if severity is Severity.LOW:
            note = f"month and year only, in structured data ({_place(group.name, what, record)})"
        elif labelled:
            note = f"in structured data ({_place(group.name, what, record)})"
        else:
            note = (
                "a full date in a record naming the subject, without a birth label "
                f"({_place(group.name, what, record)})"
            )
        evidence = head + body
        span = (len(head), len(evidence))
        return Hit(
            Category.DATE_OF_BIRTH,
            severity,
            self._item.matched,
            self._item.value,
            evidence,
            span,
            severity is Severity.LOW,
            note,
        )

    def _written_dates(self, record: Record, group: _Group) -> Iterator[Hit]:
        """A date written out in one field with a birth label (its own or its group's)."""
        group_birth = _path_has_birth(group.name)
        for name, _, value, what in group.fields:
            if not (what.birth or group_birth) or what.labels or (what.part and value.isdigit()):
                continue
            if self._dates.may_occur(value.lower()):
                for hit in self._dates.find(_DOB_LABEL + value):
                    yield _relabel(hit, _DOB_LABEL, f"{name}: ", _place("", name, record))

    # -- address ---------------------------------------------------------------------------

    def _addresses_in(self, record: Record, groups: dict[str, _Group]) -> Iterator[Hit]:
        for group in groups.values():
            parts = [
                (w.address, w.line, leaf, v)
                for _, leaf, v, w in group.fields
                if w.address is not None
            ]
            if not parts:
                continue
            written = written_address((place, line, v) for place, line, _, v in parts)
            if not written or not self._addresses.may_occur(written.lower()):
                continue
            names = ", ".join(leaf for _, _, leaf, _ in parts)
            head = f"{group.name}: " if group.name else f"{names}: "
            where = _place(group.name, names, record)
            for hit in self._addresses.find(written):
                yield _relabel(hit, "", head, where)


def _part_value(kind: str, value: str) -> int | None:
    text = value.strip().lower().rstrip(".")
    if text.endswith(".0"):
        text = text[:-2]  # 9.0: a number written by a spreadsheet export
    if kind == "month" and not text.isdigit():
        for number, spellings in enumerate(MONTHS, 1):
            if text in spellings:
                return number
        return None
    if kind == "year":
        return int(text) if len(text) == 4 and text.isdigit() else None
    m = _ORDINAL_RE.fullmatch(text) if kind == "day" else None
    if m is not None:
        text = m.group(1)
    if not text.isdigit():
        return None
    number = int(text)
    limit = 31 if kind == "day" else 12
    return number if 1 <= number <= limit else None


def _path_has_birth(path: str) -> bool:
    return bool(path) and bool(set(key_words(path)) & BIRTH_WORDS)


def _place(group: str, fields: str, record: Record) -> str:
    """'date_of_birth fields (month, year) at items[1]', for a note."""
    where = f" at {record.where}" if record.where else ""
    if group:
        return f"{group} fields: {fields}{where}"
    return f"fields: {fields}{where}"


def _relabel(hit: Hit, old: str, new: str, where: str) -> Hit:
    """A hit on a written-out string, its evidence led by the field's own label."""
    evidence = hit.evidence
    shift = len(new)
    if old and evidence.startswith(old):
        evidence, shift = evidence[len(old) :], len(new) - len(old)
    note = (
        f"{hit.note}, in structured data ({where})" if hit.note else f"in structured data ({where})"
    )
    return dataclasses.replace(
        hit, evidence=new + evidence, span=(hit.span[0] + shift, hit.span[1] + shift), note=note
    )
