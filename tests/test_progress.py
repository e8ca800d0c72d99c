"""Progress bars on a terminal: one bar per source, tasks done out of tasks queued."""

from __future__ import annotations

import io

from rich.console import Console

from footprint.progress import ProgressObserver


def test_bars_count_tasks_per_source() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with ProgressObserver(console) as observer:
        for _ in range(3):
            observer.task_added("accounts")
        observer.task_added("local_files")
        observer.task_done("accounts")
        observer.task_done("local_files")
        tasks = {t.description: (t.completed, t.total) for t in observer.progress.tasks}
    assert tasks == {"accounts": (1, 3), "local_files": (1, 1)}
    assert "accounts" in out.getvalue()
