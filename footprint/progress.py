"""Rich progress bars for a terminal; one bar per source."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from footprint.termtext import inert


class ProgressObserver:
    """Engine observer drawing a bar per source: tasks done out of tasks queued."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<16}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}
        self._totals: dict[str, int] = {}

    def __enter__(self) -> ProgressObserver:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def task_added(self, source: str) -> None:
        if source not in self._tasks:
            self._tasks[source] = self.progress.add_task(inert(source), total=0)
        self._totals[source] = self._totals.get(source, 0) + 1
        self.progress.update(self._tasks[source], total=self._totals[source])

    def task_done(self, source: str) -> None:
        self.progress.advance(self._tasks[source])
