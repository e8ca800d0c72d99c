"""The store's commands (`history`, `diff`, `evidence export`) and the scan options that
record a scan (`--db`, `--resume`, `--fail-on`). Registered on the app by footprint.cli."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from footprint.model import Severity
from footprint.store.db import StoreError
from footprint.store.store import Store, StoreResume, final_state
from footprint.termtext import inert

if TYPE_CHECKING:
    from footprint.engine import Observer, ScanResult
    from footprint.profile import Profile
    from footprint.run import ScanRequest
    from footprint.store.sink import StoreObserver

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
    resume: StoreResume | None = None  # carrying on an unfinished scan
    sink: StoreObserver | None = None

    def observer(self, inner: Observer | None = None) -> Observer:
        from footprint.store.sink import StoreObserver

        self.sink = StoreObserver(self.store, self.scan_id, self.subject_id, inner)
        return self.sink

    def finish(self, result: ScanResult, incomplete: bool) -> None:
        state = final_state(result.interrupted, incomplete)
        problem = self.sink.error if self.sink is not None else ""
        try:
            self.store.finish_scan(
                self.scan_id, self.subject_id, result.findings, result.sources, state
            )
        except sqlite3.Error as exc:
            problem = problem or str(exc)
        finally:
            self.store.close()
        if problem:  # the report is still written: the history is what is incomplete
            typer.echo(
                inert(
                    f"footprint: warning: scan {self.scan_id} not fully recorded in "
                    f"{str(self.store.path)!r}: {problem}"
                ),
                err=True,
            )


def begin(
    db: Path | None, profile: Profile, request: ScanRequest, resume: bool = False
) -> Recording:
    """Open the store and begin a scan row (or, with `resume`, reopen the subject's unfinished
    one): called before any work starts, so a database that cannot be used, or a resume of a
    scan of another profile or other options, is a one-line error (exit 2), nothing scanned."""
    from footprint.store.identity import subject_id
    from footprint.store.store import profile_digest

    store = open_store(db)
    subject = subject_id(profile)
    options = scan_options(request)
    try:
        earlier = store.unfinished(subject) if resume else None
        if earlier is not None:
            if earlier.profile_digest != profile_digest(profile) or earlier.options != options:
                raise fail(
                    f"--resume: scan {earlier.id} of {subject!r} was started with a different "
                    "profile or options; run it the same way, or without --resume"
                )
            store.reopen(earlier.id)
            return Recording(store, earlier.id, subject, store.resumable(earlier.id))
        if resume:
            typer.echo(
                inert(f"footprint: no unfinished scan of {subject!r}: starting a new one"),
                err=True,
            )
        return Recording(store, store.begin_scan(subject, profile, options), subject)
    except sqlite3.Error as exc:  # a read-only file, a full disk
        store.close()
        raise fail(f"database {str(store.path)!r}: {exc}") from None
    except typer.Exit:
        store.close()
        raise


def history(db: Db = None) -> None:
    """List the scans in the history database: id, when, subject, state, findings."""
    with open_store(db) as store:
        rows = store.scans()
    if not rows:
        typer.echo("No scans yet.")
        return
    typer.echo(f"{'id':>5}  {'started (UTC)':<19}  {'state':<11}  {'findings':<26}  subject")
    for r in rows:
        c = r.counts
        counts = f"{c['total']} ({c['high']} high, {c['medium']} med, {c['low']} low)"
        line = (
            f"{r.id:>5}  {r.started_at[:19].replace('T', ' '):<19}  {r.state:<11}  "
            f"{counts:<26}  {r.subject_name} [{r.subject_id}]"
        )
        typer.echo(inert(line))


ScanId = Annotated[str | None, typer.Argument(help="Scan id (see footprint history).")]


def scan_number(text: str) -> int:
    """A scan id as typed; a one-line error (exit 2) when it is not one."""
    if not text.strip().isdigit():
        raise fail(f"scan id {text!r}: not a scan id (see footprint history)")
    return int(text)


def diff(
    scan_a: ScanId = None,
    scan_b: ScanId = None,
    db: Db = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help=f"Exit {EXIT_FINDINGS} if a new finding is at or above this severity "
            "(high, medium).",
        ),
    ] = None,
) -> None:
    """What changed between two scans (default: each candidate's latest two), by finding."""
    from footprint.store.diff import STATES, diff_scans, latest_pairs

    level = check_fail_on(fail_on)
    if (scan_a is None) != (scan_b is None):
        raise fail("diff: give two scan ids (earlier, later), or none for the latest two")
    given = [(scan_number(scan_a), scan_number(scan_b))] if scan_a and scan_b else []
    with open_store(db) as store:
        try:
            pairs = given or latest_pairs(store)
            diffs = [diff_scans(store, a, b) for a, b in pairs]
        except StoreError as exc:
            raise fail(str(exc)) from None
    if not diffs:
        typer.echo("Nothing to compare: no subject has two scans yet.")
    for d in diffs:
        typer.echo(
            inert(
                f"{d.after.subject_name} [{d.after.subject_id}]: scan {d.before.id} "
                f"({d.before.state}) -> scan {d.after.id} ({d.after.state})"
            )
        )
        for state in STATES:
            changes = d.of(state)
            typer.echo(f"  {state}: {len(changes)}")
            for c in changes:
                what = _category_label(c.category)
                typer.echo(inert(f"    {c.severity:<6}  {what:<24}  {c.location}  ({c.source})"))
    if at_or_above((c.severity for d in diffs for c in d.of("new")), level):
        raise typer.Exit(EXIT_FINDINGS)


def evidence_export(
    scan_id: Annotated[str, typer.Argument(help="Scan id (see footprint history).")],
    out: Annotated[Path, typer.Argument(help="Zip file to write (must not exist).")],
    db: Db = None,
) -> None:
    """Write a scan's evidence (captured pages and responses, with a manifest of hashes)."""
    from footprint.store.evidence import export

    number = scan_number(scan_id)
    if out.exists() or out.is_symlink():
        raise fail(f"{out}: already exists")
    if not out.parent.is_dir():
        raise fail(f"{out}: folder {str(out.parent)!r} does not exist")
    with open_store(db) as store:
        try:
            count = export(store, number, out)
        except StoreError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"{out}: cannot be written: {exc.strerror or exc}") from None
    typer.echo(
        inert(f"Wrote {out}: {count} captured file{'s' if count != 1 else ''} and a manifest.")
    )


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("diff")(diff)
    evidence = typer.Typer(help="Evidence records: what was found, where and when.")
    evidence.command("export")(evidence_export)
    app.add_typer(evidence, name="evidence")


def _category_label(category: str) -> str:
    """The report's plain label ("Home address"), not the stored name ("home_address")."""
    from footprint.model import Category
    from reports.labels import CATEGORY_LABELS

    try:
        return CATEGORY_LABELS[Category(category)]
    except ValueError:
        return category
