"""What the engine records so an interrupted scan can carry on, and what it is given back.

The unit of work is a task: one scanner called with one identifier (or once with none, for a
scanner that consumes nothing). A task that ran to its end (a failure or an interruption is
not an end) is recorded with its outcome: what it added to its source's counts, the items it
skipped, its notes and the identifiers it discovered (which the gate accepted). Documents are
recorded one by one as they are read and matched.

On resume the engine is given those records back: a finished task is not run again (its
outcome is added to its source's status and its identifiers are offered again, so scanners
that consume them still get them); a document already read by a task that did not finish is
not extracted or matched again; the findings already written are kept. Only unfinished tasks
run, and inside them only unread documents cost extraction.

Inside a task, a scanner may go further (the username sweep does): it yields each unit's
events together, ending with that unit's `Checked`, and asks `checked_before(where)` before
doing a unit. The engine records each `Checked` and each identifier the task found; on resume
the units done are answered from the record (`checked_before` is true for them, so the
scanner yields only their `Checked`), and the identifiers found are offered again.

A unit's record may carry what the scanner needs to go on without redoing it (`Checked.data`,
given back by `recorded(where)`: a crawled page's links), and the engine keeps with it how
many documents its events handed over and identifiers it withheld (those since the task's
previous `Checked`), so a unit answered from the record still counts them: the source's
status is the same as an uninterrupted run's. Records are stored locally only (the scan
history file), as findings are.

A scanner may also leave unfetched a document its source read in an earlier run
(`read_before(location)`: a Wayback copy): a Document at that location with no content stands
for it, which the engine counts as read without reading it (its findings are kept).

A scanner whose tasks share state (`Scanner.shares_state`: the Wayback lookups' bounds per
scan) also gets back, for each finished task not run again, its outcome with the data of the
units it checked (`Scanner.replayed`), so the tasks that run now see that state as it was.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from footprint.kinds import Kind
from footprint.model import Finding, Identifier


@dataclass
class TaskOutcome:
    """What one finished task added to its source's status."""

    checked: int = 0
    total: int = 0
    unit: str = ""
    documents: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    withheld: int = 0
    undeclared: int = 0
    identifiers: list[Identifier] = field(default_factory=list)
    # (where, data) of each unit it checked with data, for a scanner whose tasks share state
    # (Scanner.shares_state): given back to Scanner.replayed when the task is not run again.
    units: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> str:
        data = {
            "checked": self.checked,
            "total": self.total,
            "unit": self.unit,
            "documents": self.documents,
            "skipped": self.skipped,
            "notes": self.notes,
            "withheld": self.withheld,
            "undeclared": self.undeclared,
            "identifiers": [chain_of(i) for i in self.identifiers],
        }
        if self.units:
            data["units"] = self.units
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> TaskOutcome:
        data = json.loads(text)
        return cls(
            data["checked"],
            data["total"],
            data["unit"],
            data["documents"],
            [(str(a), str(b)) for a, b in data["skipped"]],
            list(data["notes"]),
            data["withheld"],
            data["undeclared"],
            [identifier_of(chain) for chain in data["identifiers"]],
            [(str(a), str(b)) for a, b in data.get("units", ())],
        )


def chain_of(identifier: Identifier) -> list[list[str]]:
    """[kind, value, via] from the profile's identifier down to this one."""
    links: list[list[str]] = []
    node: Identifier | None = identifier
    while node is not None:
        links.append([node.kind.value, node.value, node.via])
        node = node.parent
    return links[::-1]


def identifier_of(chain: Sequence[Sequence[str]]) -> Identifier:
    node: Identifier | None = None
    for kind, value, via in chain:
        node = Identifier(Kind(kind), value, node, via)
    if node is None:
        raise ValueError("empty identifier chain")
    return node


def task_key(source: str, identifier: Identifier | None) -> str:
    """A task's key: its scanner and its identifier's seen-set key (kind, normalised value)."""
    if identifier is None:
        return json.dumps([source])
    kind, value = identifier.key
    return json.dumps([source, kind.value, value])


@dataclass(frozen=True)
class UnitRecord:
    """A unit a task checked: the scanner's data for it, the documents its events carried and
    the identifiers among them the engine withheld or refused as undeclared."""

    data: str = ""
    documents: int = 0
    withheld: int = 0
    undeclared: int = 0


class TaskUnits:
    """The running task's units: those done in an earlier run (by where), those the scanner
    answered from that record in this run, and the documents handed over (and identifiers
    withheld or undeclared) since the last `Checked` (the engine's counts, recorded with the
    next unit); `read` says whether the
    task's source read a document in the earlier run."""

    def __init__(
        self,
        done: Mapping[str, UnitRecord] | None = None,
        read: Callable[[str], bool] | None = None,
    ) -> None:
        self.done: dict[str, UnitRecord] = dict(done or {})
        self.read = read
        self.answered: set[str] = set()
        self.documents = 0
        self.withheld = 0
        self.undeclared = 0

    def replayed(self, where: str) -> UnitRecord | None:
        """The record of `where` when the scanner answered it from the record (not anew)."""
        return self.done.get(where) if where in self.answered else None


_DONE: contextvars.ContextVar[TaskUnits | None] = contextvars.ContextVar(
    "footprint_units_done", default=None
)


def checked_before(where: str) -> bool:
    """Whether the task now running checked `where` in an earlier, interrupted run (its
    findings are kept and its identifiers offered again: yield only its `Checked`)."""
    return recorded(where) is not None


def recorded(where: str, shared: Iterable[TaskUnits] = ()) -> str | None:
    """The data the task now running gave with `where`'s `Checked` in an earlier, interrupted
    run ("" when none); None when it did not check `where` then. When not None, yield only
    `Checked(where)`: the engine counts the unit and its documents from the record.

    `shared`: the units of other tasks whose work this one shares (the seeds of one site
    share a crawl, and which seed's task took a page depends on timing): a unit one of them
    checked counts as this task's, answered from that record (its scanner never asks twice)."""
    units = _DONE.get()
    if units is None:
        return None
    record = units.done.get(where)
    for other in shared:
        if record is not None:
            break
        if other is not units:
            record = other.done.get(where)
            if record is not None:
                units.done[where] = record
    if record is None:
        return None
    units.answered.add(where)
    return record.data


def task_units() -> TaskUnits | None:
    """The units of the task now running (for `recorded(where, shared)` of its siblings)."""
    return _DONE.get()


def read_before(location: str) -> bool:
    """Whether the source of the task now running read and matched the document at
    `location` in an earlier, interrupted run (documents are recorded per source): then yield
    `Document(location, b"")` in its place, unfetched."""
    units = _DONE.get()
    return units is not None and units.read is not None and units.read(location)


def units_done(units: TaskUnits) -> contextvars.Token[TaskUnits | None]:
    """Set, for the task now running (and what it starts), its units."""
    return _DONE.set(units)


@runtime_checkable
class Recorder(Protocol):
    """An engine observer that also records progress (footprint.store's StoreObserver)."""

    def document_read(self, source: str, location: str) -> None: ...
    def task_finished(
        self, source: str, identifier: Identifier | None, outcome: TaskOutcome
    ) -> None: ...
    def unit_checked(
        self, source: str, identifier: Identifier | None, where: str, record: UnitRecord
    ) -> None: ...
    def identifier_found(
        self, source: str, identifier: Identifier | None, found: Identifier
    ) -> None: ...


class Resume(Protocol):
    """What an earlier, unfinished run of this scan had done (footprint.store's records)."""

    def findings(self) -> Sequence[Finding]: ...
    def finished(self, source: str, identifier: Identifier | None) -> TaskOutcome | None: ...
    def document_done(self, source: str, location: str) -> bool: ...
    def progress(
        self, source: str, identifier: Identifier | None
    ) -> tuple[Mapping[str, UnitRecord], list[Identifier]]:
        """An unfinished task's units checked (by where) and identifiers found, in the
        earlier run."""
        ...
