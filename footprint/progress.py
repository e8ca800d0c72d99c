"""Rich progress on a terminal: one counter per source, and accounts shown as they are found.

A source that declares its units of work (`Work`: 57 sites per username) counts those
("accounts 23/57"); one that does not counts its tasks. Found accounts are printed above the
bars as they arrive (an account's address is public). Everything printed is scan-derived,
so it goes out with markup off and control characters escaped.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.text import Text

from footprint.model import Category, Finding
from footprint.termtext import inert


class ProgressObserver:
    """Engine observer: a bar per source, counting units of work (or tasks) done."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("{task.description:<16}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}", markup=False),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}
        self._totals: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._units: dict[str, str] = {}  # set once a source declares work

    def __enter__(self) -> ProgressObserver:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def _task(self, source: str) -> TaskID:
        if source not in self._tasks:
            self._tasks[source] = self.progress.add_task(inert(source), total=0, unit="")
        return self._tasks[source]

    def _show(self, source: str) -> None:
        total = self._totals.get(source, 0)
        done = min(self._done.get(source, 0), total)
        unit = self._units.get(source, "")
        label = f"{unit}s" if unit and total != 1 else unit
        self.progress.update(self._task(source), total=total, completed=done, unit=label)

    def task_added(self, source: str) -> None:
        self._task(source)
        if source not in self._units:
            self._totals[source] = self._totals.get(source, 0) + 1
            self._show(source)

    def task_done(self, source: str) -> None:
        if source not in self._units:
            self._done[source] = self._done.get(source, 0) + 1
            self._show(source)

    def work_added(self, source: str, total: int, unit: str) -> None:
        if source not in self._units:  # from now on count units, not tasks
            self._units[source] = unit
            self._totals[source] = 0
            self._done[source] = 0
        self._totals[source] += max(0, total)
        self._show(source)

    def item_done(self, source: str) -> None:
        if source in self._units:
            self._done[source] = self._done.get(source, 0) + 1
            self._show(source)

    def finding_added(self, finding: Finding) -> None:
        if finding.category is Category.ACCOUNT:
            self.console.print(
                Text(f"  found: {inert(finding.location)}", "cyan"), markup=False, highlight=False
            )
