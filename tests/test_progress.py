"""Progress on a terminal: a counter per source, found accounts as they are found."""

from __future__ import annotations

import io

from rich.console import Console

from footprint.model import Category, Finding, Severity
from footprint.progress import ProgressObserver


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


def _tasks(observer: ProgressObserver) -> dict[str, tuple[float, float | None]]:
    return {t.description: (t.completed, t.total) for t in observer.progress.tasks}


def test_sources_without_units_count_tasks() -> None:
    console, out = _console()
    with ProgressObserver(console) as observer:
        for _ in range(3):
            observer.task_added("pages")
        observer.task_added("local_files")
        observer.task_done("pages")
        observer.task_done("local_files")
        tasks = _tasks(observer)
    assert tasks == {"pages": (1, 3), "local_files": (1, 1)}
    assert "pages" in out.getvalue()


def test_declared_work_is_counted_in_its_units() -> None:
    console, out = _console()
    with ProgressObserver(console) as observer:
        observer.task_added("accounts")
        observer.work_added("accounts", 57, "site")
        for _ in range(23):
            observer.item_done("accounts")
        assert _tasks(observer) == {"accounts": (23, 57)}
        observer.task_added("accounts")  # a linked username: 57 more sites, not 1 more task
        observer.work_added("accounts", 57, "site")
        observer.task_done("accounts")
        assert _tasks(observer) == {"accounts": (23, 114)}
    assert "23/114" in out.getvalue() and "sites" in out.getvalue()


def test_found_accounts_are_printed_as_found_and_inert() -> None:
    console, out = _console()
    account = Finding(
        Category.ACCOUNT, Severity.LOW, "accounts", "https://x.example/e[bold]w\x1b[2J", "", "", ""
    )
    phone = Finding(Category.PHONE, Severity.HIGH, "accounts", "https://x.example/p", "", "", "")
    with ProgressObserver(console) as observer:
        observer.finding_added(account)
        observer.finding_added(phone)
    text = out.getvalue()
    assert "found: https://x.example/e[bold]w\\x1b[2J" in text
    assert "x.example/p" not in text  # only accounts: other findings are private details
