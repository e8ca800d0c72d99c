"""The engine Observer that writes to the Store as things happen, then hands on to another
observer (the progress bars), so recording never changes what the user sees."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from footprint.model import Finding, Identifier
from footprint.resume import TaskOutcome, UnitRecord
from footprint.store.store import Store

if TYPE_CHECKING:
    from footprint.engine import Observer


class StoreObserver:
    """Writes each source when it starts, each finding when it is first seen, each document
    when it has been read and matched, each task when it finishes (footprint.resume.Recorder).

    A write that fails (disk full, the file locked) never stops the scan: the first error is
    kept in `error`, later writes are not tried, and the CLI warns that history is incomplete."""

    def __init__(
        self, store: Store, scan_id: int, subject_id: str, inner: Observer | None = None
    ) -> None:
        self.store = store
        self.scan_id = scan_id
        self.subject_id = subject_id
        self.inner = inner
        self._started: set[str] = set()  # source names: as many as there are scanners
        self.error = ""

    def _write(self, method: Callable[..., object], *args: object) -> None:
        if self.error:
            return
        try:
            method(self.scan_id, *args)
        except sqlite3.Error as exc:
            self.error = str(exc) or type(exc).__name__

    def task_added(self, source: str) -> None:
        if source not in self._started:
            self._started.add(source)
            self._write(self.store.source_started, source)
        if self.inner is not None:
            self.inner.task_added(source)

    def task_done(self, source: str) -> None:
        if self.inner is not None:
            self.inner.task_done(source)

    def work_added(self, source: str, total: int, unit: str) -> None:
        if self.inner is not None:
            self.inner.work_added(source, total, unit)

    def item_done(self, source: str) -> None:
        if self.inner is not None:
            self.inner.item_done(source)

    def finding_added(self, finding: Finding) -> None:
        self._write(self.store.add_finding, self.subject_id, finding)
        if self.inner is not None:
            self.inner.finding_added(finding)

    def document_read(self, source: str, location: str) -> None:
        self._write(self.store.document_read, source, location)

    def task_finished(
        self, source: str, identifier: Identifier | None, outcome: TaskOutcome
    ) -> None:
        self._write(self.store.task_finished, source, identifier, outcome)

    def unit_checked(
        self, source: str, identifier: Identifier | None, where: str, record: UnitRecord
    ) -> None:
        self._write(self.store.unit_checked, source, identifier, where, record)

    def identifier_found(
        self, source: str, identifier: Identifier | None, found: Identifier
    ) -> None:
        self._write(self.store.identifier_found, source, identifier, found)
