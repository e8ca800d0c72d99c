"""The engine Observer that writes to the Store as things happen, then hands on to another
observer (the progress bars), so recording never changes what the user sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from footprint.model import Finding
from footprint.store.store import Store

if TYPE_CHECKING:
    from footprint.engine import Observer


class StoreObserver:
    """Writes each source when it starts and each finding when it is first seen."""

    def __init__(
        self, store: Store, scan_id: int, subject_id: str, inner: Observer | None = None
    ) -> None:
        self.store = store
        self.scan_id = scan_id
        self.subject_id = subject_id
        self.inner = inner
        self._started: set[str] = set()  # source names: as many as there are scanners

    def task_added(self, source: str) -> None:
        if source not in self._started:
            self._started.add(source)
            self.store.source_started(self.scan_id, source)
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
        self.store.add_finding(self.scan_id, self.subject_id, finding)
        if self.inner is not None:
            self.inner.finding_added(finding)
