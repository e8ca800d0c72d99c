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
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Sequence
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


_DONE: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "footprint_units_done", default=frozenset()
)


def checked_before(where: str) -> bool:
    """Whether the task now running checked `where` in an earlier, interrupted run (its
    findings are kept and its identifiers offered again: yield only its `Checked`)."""
    return where in _DONE.get()


def units_done(units: frozenset[str]) -> contextvars.Token[frozenset[str]]:
    """Set, for the task now running (and what it starts), the units done before."""
    return _DONE.set(units)


@runtime_checkable
class Recorder(Protocol):
    """An engine observer that also records progress (footprint.store's StoreObserver)."""

    def document_read(self, source: str, location: str) -> None: ...
    def task_finished(
        self, source: str, identifier: Identifier | None, outcome: TaskOutcome
    ) -> None: ...
    def unit_checked(self, source: str, identifier: Identifier | None, where: str) -> None: ...
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
    ) -> tuple[frozenset[str], list[Identifier]]:
        """An unfinished task's units checked and identifiers found, in the earlier run."""
        ...
