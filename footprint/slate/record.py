"""Recording a slate in the history database (footprint.store), and `--resume` of one.

A slate is one `runs` row (kind "slate") and one scan per candidate (`run_id` set, the
candidate's id as its subject), each written as it runs by the store's observer, through a
slate sink (`SlateRecorder`): `started` begins (or reopens) the candidate's scan and returns
its StoreObserver, `finished` writes the final word.

`--resume` carries on the latest unfinished slate run, and only one begun the same way: the
same slate file, the same candidates (each one's id and whole profile, as a digest) and the
same options; anything else is a one-line error (exit 2), as for `scan --resume`. Then:
- a candidate whose scan finished is not checked again: its overview row comes from the
  database (the slate holds no results in memory), and its report, written by the earlier
  run, is kept; only if that file is missing is it rebuilt from the database;
- a candidate whose scan was cut short (killed, Ctrl-C, time limit) is resumed in the same
  scan row with `Store.resumable`, so no finished task runs again;
- a candidate never started runs as new.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from footprint.engine import Observer, ScanResult
from footprint.model import SourceState, SourceStatus
from footprint.resume import Resume
from footprint.run import ScanRequest
from footprint.slate.load import Candidate
from footprint.slate.run import SlateRequest
from footprint.status import gaps
from footprint.store.cli import fail, open_store, scan_options
from footprint.store.sink import StoreObserver
from footprint.store.store import (
    COMPLETE,
    INCOMPLETE,
    INTERRUPTED,
    UNFINISHED,
    ScanRow,
    Store,
    final_state,
    finding_of,
    profile_digest,
)
from footprint.termtext import inert
from reports.builder import Report, build_report

KIND = "slate"


def candidate_options(request: SlateRequest) -> dict[str, Any]:
    """What each candidate's scan was asked to do, as `scan` stores it (no environment)."""
    first = next((c.profile for c in request.candidates if c.profile is not None), None)
    assert first is not None  # a slate with no candidate that can run is refused earlier
    scan = ScanRequest(first, request.scanners, request.options, request.net, request.max_depth)
    return scan_options(scan)


def slate_digest(candidates: list[Candidate]) -> str:
    """SHA-256 over every candidate's id and whole profile (or why it could not be read)."""
    digest = hashlib.sha256()
    for c in candidates:
        body = profile_digest(c.profile) if c.profile is not None else f"error:{c.problem}"
        digest.update(f"{c.id}\x1f{body}\x1e".encode())
    return digest.hexdigest()


def run_options(request: SlateRequest, source: Path) -> dict[str, Any]:
    return {
        **candidate_options(request),
        "slate": str(Path(source).resolve()),
        "candidates": slate_digest(list(request.candidates)),
    }


@dataclass
class SlateRecorder:
    """The slate sink writing each candidate's scan (see the module docstring)."""

    store: Store
    run_id: int
    options: dict[str, Any]
    earlier: dict[str, ScanRow] = field(default_factory=dict)  # resume: latest scan by candidate
    problems: list[str] = field(default_factory=list)  # writes that failed (warned at the end)
    _scans: dict[str, int] = field(default_factory=dict)
    _observers: dict[str, StoreObserver] = field(default_factory=dict)
    _resumes: dict[str, Resume] = field(default_factory=dict)

    def done(self) -> dict[str, ScanRow]:
        """The candidates whose scan in this run finished: not checked again."""
        return {cid: row for cid, row in self.earlier.items() if row.state not in UNFINISHED}

    def started(self, candidate: Candidate) -> Observer | None:
        assert candidate.profile is not None
        row = self.earlier.get(candidate.id)
        try:
            if row is not None and row.state in UNFINISHED:
                self.store.reopen(row.id)
                scan_id = row.id
                self._resumes[candidate.id] = self.store.resumable(row.id)
            else:
                scan_id = self.store.begin_scan(
                    candidate.id, candidate.profile, self.options, self.run_id
                )
        except sqlite3.Error as exc:  # the scan still runs; its history is what is missing
            self.problems.append(f"{candidate.id}: {exc}")
            return None
        self._scans[candidate.id] = scan_id
        observer = StoreObserver(self.store, scan_id, candidate.id)
        self._observers[candidate.id] = observer
        return observer

    def resume_for(self, candidate: Candidate) -> Resume | None:
        return self._resumes.pop(candidate.id, None)

    def finished(self, candidate: Candidate, result: ScanResult, notes: list[str]) -> None:
        scan_id = self._scans.pop(candidate.id, None)
        observer = self._observers.pop(candidate.id, None)
        self._resumes.pop(candidate.id, None)
        if scan_id is None:
            return
        state = final_state(result.interrupted, bool(gaps(result.sources, notes)))
        problem = observer.error if observer is not None else ""
        try:
            self.store.finish_scan(scan_id, candidate.id, result.findings, result.sources, state)
        except sqlite3.Error as exc:
            problem = problem or str(exc)
        if problem:
            self.problems.append(f"{candidate.id} (scan {scan_id}): {problem}")

    def finish_run(self, interrupted: bool, incomplete: bool) -> None:
        state = INTERRUPTED if interrupted else (INCOMPLETE if incomplete else COMPLETE)
        try:
            self.store.finish_run(self.run_id, state)
        except sqlite3.Error as exc:
            self.problems.append(f"run {self.run_id}: {exc}")
        finally:
            self.store.close()
        if self.problems:
            typer.echo(
                inert(
                    f"footprint: warning: slate run {self.run_id} not fully recorded in "
                    f"{str(self.store.path)!r}: {'; '.join(self.problems)}"
                ),
                err=True,
            )


def begin(db: Path | None, source: Path, request: SlateRequest, resume: bool) -> SlateRecorder:
    """Open the store and begin the slate's run (or, with `resume`, reopen the latest
    unfinished one begun the same way): before any work, so a database that cannot be used or
    a resume of another slate is a one-line error (exit 2), nothing checked."""
    store = open_store(db)
    options = candidate_options(request)
    wanted = run_options(request, source)
    try:
        run_id = store.unfinished_run(KIND) if resume else None
        if run_id is not None:
            row = store.conn.execute("SELECT options FROM runs WHERE id = ?", (run_id,))
            if json.loads(row.fetchone()["options"]) != wanted:
                raise fail(
                    f"--resume: slate run {run_id} was started with a different slate, "
                    "candidates or options; run it the same way, or without --resume"
                )
            store.reopen_run(run_id)
            earlier = {r.subject_id: r for r in store.scans(run_id=run_id)}  # latest last
            return SlateRecorder(store, run_id, options, earlier)
        if resume:
            typer.echo("footprint: no unfinished slate run: starting a new one", err=True)
        return SlateRecorder(store, store.begin_run(KIND, Path(source).name, wanted), options)
    except sqlite3.Error as exc:  # a read-only file, a full disk
        store.close()
        raise fail(f"database {str(store.path)!r}: {exc}") from None
    except typer.Exit:
        store.close()
        raise


def stored_report(store: Store, row: ScanRow, profile: Any, secrets: tuple[str, ...]) -> Report:
    """A candidate's report rebuilt from its scan in the database: its findings and its
    sources' outcomes (what the overview row and, if the file is gone, the report need)."""
    findings = [finding_of(r) for r in store.findings(row.id)]
    sources = [
        SourceStatus(
            r["name"],
            SourceState(r["state"]),
            r["reason"],
            r["requests"],
            r["documents"],
            r["duration_s"],
            checked=r["checked"],
            total=r["total"],
            unit=r["unit"],
        )
        for r in store.sources(row.id).values()
        if r["state"] in {s.value for s in SourceState}
    ]
    notes: list[str] = []
    if row.state == INCOMPLETE and not gaps(sources):
        # What made it incomplete (the network down, a note) is in the earlier report; the
        # overview must not show it clear.
        notes.append("the check was incomplete (see the report written then)")
    return build_report(profile, findings, sources, secrets=secrets, notes=notes)
