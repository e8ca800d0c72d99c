"""The store's commands (`history`, `diff`, `evidence export`) and the scan options that
record a scan (`--db`, `--resume`, `--fail-on`). Registered on the app by footprint.cli."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from footprint.model import Severity
from footprint.store.db import StoreError
from footprint.store.store import COMPLETE, INCOMPLETE, INTERRUPTED, Store
from footprint.termtext import inert

if TYPE_CHECKING:
    from footprint.engine import Observer, ScanResult
    from footprint.profile import Profile
    from footprint.run import ScanRequest

# Exit code of `scan --fail-on` and `diff --fail-on` (README exit-code table): the report is
# written and a finding at or above the given severity exists (for diff: is new).
EXIT_FINDINGS = 5
FAIL_ON = ("high", "medium")

Db = Annotated[
    Path | None,
    typer.Option("--db", help="Scan history database (default: footprint.db in your data folder)."),
]
FailOn = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        help=f"Exit {EXIT_FINDINGS} if a finding at or above this severity exists (high, medium).",
    ),
]
Resume = Annotated[
    bool, typer.Option("--resume", help="Carry on the last unfinished scan of this profile.")
]


def fail(message: str) -> typer.Exit:
    typer.echo(f"footprint: error: {inert(message)}", err=True)
    return typer.Exit(2)


def check_fail_on(level: str | None) -> Severity | None:
    if level is None:
        return None
    if level not in FAIL_ON:
        raise fail(f"--fail-on {level!r}: expected one of {', '.join(FAIL_ON)}")
    return Severity(level)


def at_or_above(severities: Iterable[str], level: Severity | None) -> bool:
    """Whether any of `severities` is at or above `level` (False when no level is set)."""
    if level is None:
        return False
    return any(Severity(s).rank <= level.rank for s in severities)


def open_store(db: Path | None) -> Store:
    try:
        return Store.open(db)
    except StoreError as exc:
        raise fail(str(exc)) from None


def scan_options(request: ScanRequest) -> dict[str, Any]:
    """What a scan was asked to do, as stored (never the environment: it holds keys)."""
    o = request.options
    return {
        "paths": [str(p) for p in o.paths],
        "sites": str(o.sites_file) if o.sites_file else None,
        "offline": o.offline,
        "urls": list(o.urls),
        "consent": list(o.consent),
        "scanners": [s.name for s in request.scanners],
        "max_depth": request.max_depth,
    }


@dataclass
class Recording:
    """One scan being written to the store (see Store's API)."""

    store: Store
    scan_id: int
    subject_id: str

    def observer(self, inner: Observer | None = None) -> Observer:
        from footprint.store.sink import StoreObserver

        return StoreObserver(self.store, self.scan_id, self.subject_id, inner)

    def finish(self, result: ScanResult, incomplete: bool) -> None:
        state = INTERRUPTED if result.interrupted else INCOMPLETE if incomplete else COMPLETE
        self.store.finish_scan(
            self.scan_id, self.subject_id, result.findings, result.sources, state
        )
        self.store.close()


def begin(db: Path | None, profile: Profile, request: ScanRequest) -> Recording:
    """Open the store and begin a scan row: called before any work starts, so a database that
    cannot be used is a one-line error (exit 2) and nothing is scanned."""
    from footprint.store.identity import subject_id

    store = open_store(db)
    subject = subject_id(profile)
    try:
        scan_id = store.begin_scan(subject, profile, scan_options(request))
    except Exception as exc:  # a read-only file, a full disk
        store.close()
        raise fail(f"database {str(store.path)!r}: {exc}") from None
    return Recording(store, scan_id, subject)


def history(db: Db = None) -> None:
    """List the scans in the history database: id, when, subject, state, findings."""
    with open_store(db) as store:
        rows = store.scans()
    if not rows:
        typer.echo("No scans yet.")
        return
    typer.echo(f"{'id':>5}  {'started (UTC)':<19}  {'state':<11}  {'findings':<22}  subject")
    for r in rows:
        c = r.counts
        counts = f"{c['total']} ({c['high']} high, {c['medium']} med, {c['low']} low)"
        line = (
            f"{r.id:>5}  {r.started_at[:19].replace('T', ' '):<19}  {r.state:<11}  "
            f"{counts:<22}  {r.subject_name} [{r.subject_id}]"
        )
        typer.echo(inert(line))


def register(app: typer.Typer) -> None:
    app.command("history")(history)
