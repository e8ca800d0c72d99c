"""Structured records: what a JSON object, a CSV row or an HTML table row holds, field by field.

Extraction keeps the structure it sees so the matcher can use a field's name as context (a
month and a year under `date_of_birth`, an address split into `premises`, `locality` and
`postal_code`). A `Record` (footprint.model) is a flat list of (name, value) pairs.

Rules for JSON (`json_records`):
- the root object, every object in an array, and every object that cannot be merged (below)
  starts a record; `where` is its path in the document ("items[1]", "profile.birthdays[0]");
- an object under a key is merged into the record above it, its fields named by dotted path
  ("date_of_birth.month", "address.postal_code"), for up to NEST levels and while that record
  has room (MAX_FIELDS); deeper or overflowing objects start records of their own;
- scalars in an array are fields named after the array's key (one field each); strings are
  stripped, numbers written as JSON wrote them, booleans and null are left out;
- records with no fields are dropped.

CSV rows and table rows are made by footprint.extract.csvfile and footprint.extract.tables
with the same limits (`RecordSink`).

Limits (hostile input: a 100 MB array of a million objects): one document keeps at most
MAX_RECORDS records, MAX_TOTAL_FIELDS fields and MAX_TOTAL_CHARS characters of names and
values; a record keeps at most MAX_FIELDS fields; a key or header is cut to MAX_NAME characters, a
value to MAX_VALUE (the text keeps every value whole). The walk stops once the sink is full, and
keeps no per-element state for the part of an array it has not reached, so time is linear
and memory is bounded. Beyond the limits the document's text is still searched in full; only
the field names are not attached to it.

`record_line` writes a record as one labelled line for the text: top-level fields as
"name: value", fields of one nested object together as "group: leaf value, leaf value", and
the address parts of one object (footprint.fieldnames) as one written address, so the text
detectors judge it as people write it ("14 Larkspur Close, Yate": the town after the street):
  name: RADCLIFFE, Harriet; date_of_birth: month 5, year 1976; address: Borchester House,
  Mill Park, Heron Way, Borchester, BO1 1GA, United Kingdom
  name: Eleanor; address_line_1, town, postcode: 14 Larkspur Close, Wickwar, GL12 8QX
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from footprint.extract.structured import _scalar as scalar
from footprint.fieldnames import FieldName, written_address
from footprint.model import Record

MAX_RECORDS = 10_000
MAX_FIELDS = 64
MAX_TOTAL_FIELDS = 100_000
MAX_TOTAL_CHARS = 4_000_000
MAX_NAME = 64
MAX_VALUE = 256
MAX_WHERE = 120
NEST = 3


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit]


def _where(text: str) -> str:
    """A path kept to its last MAX_WHERE characters: the nearest keys say most about it."""
    return text if len(text) <= MAX_WHERE else "…" + text[-MAX_WHERE:]


@dataclass
class _Open:
    """A record being filled."""

    where: str
    slot: int
    fields: list[tuple[str, str]] = field(default_factory=list)


class RecordSink:
    """Collects one document's records within the limits (see the module doc)."""

    def __init__(self) -> None:
        self._slots: list[Record | None] = []
        self._fields_left = MAX_TOTAL_FIELDS
        self._chars_left = MAX_TOTAL_CHARS

    @property
    def full(self) -> bool:
        return len(self._slots) >= MAX_RECORDS or self._fields_left <= 0 or self._chars_left <= 0

    def open(self, where: str) -> _Open | None:
        """A new record at `where`, in document order; None once the sink is full."""
        if self.full:
            return None
        self._slots.append(None)
        return _Open(_where(where), len(self._slots) - 1)

    def put(self, record: _Open, name: str, value: str) -> bool:
        """Add one field; False when the record or the sink has no room for it."""
        if len(record.fields) >= MAX_FIELDS or self._fields_left <= 0 or self._chars_left <= 0:
            return False
        name, value = clip(name, MAX_NAME * (NEST + 1)), clip(value, MAX_VALUE)
        record.fields.append((name, value))
        self._fields_left -= 1
        self._chars_left -= len(name) + len(value)
        return True

    def close(self, record: _Open) -> None:
        if record.fields:
            self._slots[record.slot] = Record(tuple(record.fields), record.where)

    def add(self, fields: Iterable[tuple[str, str]], where: str) -> None:
        """A whole record at once (a CSV or table row); blank values are left out."""
        record = self.open(where)
        if record is None:
            return
        for name, value in fields:
            if value and not self.put(record, name, value):
                break
        self.close(record)

    def records(self) -> tuple[Record, ...]:
        return tuple(r for r in self._slots if r is not None)


@dataclass
class _Frame:
    """One container being walked."""

    items: Iterator[tuple[str | int, Any]]
    record: _Open | None  # where scalars found here go
    prefix: str  # field-name prefix inside the record ("date_of_birth.")
    level: int  # object levels merged below the record's own object
    path: str  # where this container sits in the document
    list_name: str | None  # for an array: the field name its scalars take
    owns: bool  # this frame opened its record: close it when done


def json_records(value: Any, sink: RecordSink) -> None:
    """Records of a parsed JSON value into `sink`, until it is full (rules in the module doc).

    An explicit stack of iterators: no recursion, and nothing is built for the elements of
    an array the walk has not reached."""
    stack: list[_Frame] = []
    if not _enter(stack, sink, None, "", value):
        return
    while stack:
        frame = stack[-1]
        item = next(frame.items, None)
        if item is None:
            stack.pop()
            if frame.owns and frame.record is not None:
                sink.close(frame.record)
            continue
        key, child = item
        if not _enter(stack, sink, frame, key, child):
            break  # the sink is full
    for frame in stack:  # stopped early: keep what the open records hold
        if frame.owns and frame.record is not None:
            sink.close(frame.record)


def _enter(
    stack: list[_Frame], sink: RecordSink, parent: _Frame | None, key: Any, child: Any
) -> bool:
    """Visit one value; False when the sink is full and the walk should stop."""
    is_dict = isinstance(child, dict)
    if not is_dict and not isinstance(child, list):
        record = parent.record if parent is not None else None
        if parent is None or record is None or len(record.fields) >= MAX_FIELDS:
            return True  # text only: a scalar at the top, in a top-level array, or no room
        text = scalar(child)
        if text is None:
            return True
        if parent.list_name is not None:
            name = parent.list_name or "value"
        else:
            name = parent.prefix + clip(str(key), MAX_NAME)
        sink.put(record, name, text)
        return not sink.full
    if parent is None:
        path = ""
    elif parent.list_name is not None:
        path = _where(f"{parent.path}[{key}]")
    else:
        path = _where(f"{parent.path}.{key}" if parent.path else str(key))
    if not is_dict:
        if parent is None:
            name = ""
        elif parent.list_name is not None:
            name = parent.list_name
        else:
            name = parent.prefix + clip(str(key), MAX_NAME)
        record = parent.record if parent is not None else None
        stack.append(_Frame(enumerate(child), record, "", 0, path, name, False))
        return True
    record = parent.record if parent is not None else None
    if (
        parent is not None
        and record is not None
        and parent.list_name is None
        and parent.level < NEST
        and len(record.fields) < MAX_FIELDS
    ):
        prefix = f"{parent.prefix}{clip(str(key), MAX_NAME)}."
        stack.append(
            _Frame(iter(child.items()), record, prefix, parent.level + 1, path, None, False)
        )
        return True
    opened = sink.open(path)
    if opened is None:
        return False
    stack.append(_Frame(iter(child.items()), opened, "", 0, path, None, True))
    return True


def record_line(record: Record, names: dict[str, FieldName] | None = None) -> str:
    """The record as one labelled line (see the module doc); `names` caches what each field
    name says across the records of a document."""
    names = {} if names is None else names
    entries: list[str] = []
    for group, members in _runs(record.fields):
        whats = [names.get(leaf) or names.setdefault(leaf, FieldName(leaf)) for leaf, _ in members]
        address = [i for i, what in enumerate(whats) if what.address is not None]
        written = ""
        if len(address) >= 2:
            written = written_address(
                (whats[i].address or 0, whats[i].line, members[i][1]) for i in address
            )
        shown: list[str] = []
        for i, (leaf, value) in enumerate(members):
            if written and i in address:
                if i == address[0]:
                    label = ", ".join(members[j][0] for j in address)
                    shown.append(written if group else f"{label}: {written}")
                continue
            shown.append(f"{leaf} {value}" if group else f"{leaf}: {value}")
        entries.append(f"{group}: {', '.join(shown)}" if group else "; ".join(shown))
    return "; ".join(entries)


def _runs(fields: tuple[tuple[str, str], ...]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Consecutive fields of one object: (group, [(leaf, value), ...])."""
    group: str | None = None
    members: list[tuple[str, str]] = []
    for name, value in fields:
        head, _, leaf = name.rpartition(".")
        if head != group and members:
            yield group or "", members
            members = []
        group = head
        members.append((leaf, value))
    if members:
        yield group or "", members


def record_lines(records: Iterable[Record]) -> list[str]:
    names: dict[str, FieldName] = {}
    return [record_line(r, names) for r in records]


def with_lines(text: str, records: tuple[Record, ...]) -> str:
    """text, then each record as a labelled line: the text as it was stays a prefix, so what
    matched in it before still matches at the same place."""
    if not records:
        return text
    return "\n".join([text, *record_lines(records)])
