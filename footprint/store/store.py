"""The Store: one SQLite file holding every scan, its sources' outcomes, its findings and
their evidence (docs/schema.md describes the tables).

API for one scan (footprint.store.cli does this for `footprint scan`):
    store = Store.open(path)                       # or Store.open() for the default file
    scan_id = store.begin_scan(subject_id, profile, options)
    observer = StoreObserver(store, scan_id, subject_id, inner)  # engine Observer: writes as
                                                   # found (footprint.resume.Recorder too)
    result = run_scan(request, transport, observer, resume=None)
    store.finish_scan(scan_id, subject_id, result.findings, result.sources,
                      final_state(result.interrupted, incomplete))
    store.close()

To resume: `earlier = store.unfinished(subject_id)` (None: nothing to resume), check
`earlier.profile_digest` / `earlier.options`, `store.reopen(earlier.id)`, then run with
`resume=store.resumable(earlier.id)` and the same observer on `earlier.id`.

A slate uses one Store, one run and one scan row per candidate:
    run_id = store.begin_run("slate", label, options)   # or store.unfinished_run("slate")
    for each candidate: scan_id = store.begin_scan(candidate_id, profile, options, run_id)
        (on resume: the run's scans via store.scans(run_id=...); a finished one is skipped,
        an unfinished one reopened and resumed as above)
    store.finish_run(run_id, final_state(...))
One process, one connection: the observer is called from the event loop's thread.

Everything is written when it happens (a finding when the engine first sees it, a source when
it starts), each write its own small transaction, so a killed process loses at most the record
being written. Nothing is held in memory beyond the current row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from footprint.model import Category, Document, Finding, Identifier, Severity, SourceStatus
from footprint.profile import Profile
from footprint.resume import TaskOutcome, UnitRecord, chain_of, identifier_of, task_key
from footprint.store.db import StoreError, connect, default_db_path
from footprint.store.identity import finding_id

BODY_CAP = 2 * 1024 * 1024  # evidence bodies kept up to this many bytes (the cap is recorded)
RUNNING = "running"  # begun, not finished: the process is running, or was killed
INTERRUPTED = "interrupted"  # stopped early (Ctrl-C, time limit): resumable
INCOMPLETE = "incomplete"  # finished, but some source failed or checked too little
COMPLETE = "complete"  # finished, everything it set out to check was checked
UNFINISHED = (RUNNING, INTERRUPTED)


def final_state(interrupted: bool, incomplete: bool) -> str:
    """A finished scan's state: INTERRUPTED (resumable), INCOMPLETE or COMPLETE."""
    if interrupted:
        return INTERRUPTED
    return INCOMPLETE if incomplete else COMPLETE


def now() -> str:
    """UTC, ISO 8601 with microseconds: sorts as text."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _rank(column: str) -> str:
    """SQL for a severity column's rank (high first), as Severity.rank."""
    return f"(CASE {column} WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)"


def _web(location: str) -> str | None:
    return location if location.lower().startswith(("http://", "https://")) else None


def profile_digest(profile: Profile) -> str:
    """SHA-256 of the whole profile as loaded: a resumed scan must be of the same profile."""
    return hashlib.sha256(repr(profile).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ScanRow:
    id: int
    subject_id: str
    subject_name: str
    started_at: str
    finished_at: str | None
    state: str
    options: Mapping[str, Any]
    profile_digest: str
    counts: Mapping[str, int]  # findings by severity, and "total"
    run_id: int | None = None  # the run (a slate) it belongs to, if any


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path, body_cap: int = BODY_CAP) -> None:
        self.conn = conn
        self.path = path
        self.body_cap = body_cap
        self._last_proof: tuple[int, Document, int] | None = None  # (scan, document, row id)

    @classmethod
    def open(cls, path: Path | None = None, body_cap: int = BODY_CAP) -> Store:
        """Open (creating and migrating as needed) the file at `path`, default_db_path() when
        None. Evidence bodies are kept up to `body_cap` bytes. Raises StoreError with a
        one-line reason."""
        target = Path(path) if path is not None else default_db_path()
        return cls(connect(target, create_folder=path is None), target, body_cap)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, sql: str, args: Iterable[object] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(args))  # autocommit: one statement, one transaction

    # -- writing ------------------------------------------------------------------------------

    def begin_run(
        self, kind: str, label: str = "", options: Mapping[str, Any] | None = None
    ) -> int:
        """A run grouping many scans (kind "slate": one scan per candidate); its id."""
        cur = self._write(
            "INSERT INTO runs (kind, label, options, started_at, state) VALUES (?, ?, ?, ?, ?)",
            (kind, label, json.dumps(dict(options or {}), sort_keys=True), now(), RUNNING),
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, state: str) -> None:
        self._write(
            "UPDATE runs SET state = ?, finished_at = ? WHERE id = ?", (state, now(), run_id)
        )

    def begin_scan(
        self,
        subject_id: str,
        profile: Profile,
        options: Mapping[str, Any],
        run_id: int | None = None,
    ) -> int:
        """A new scan row in state "running" (in run `run_id`, if any); its id. `options` must
        hold no secrets (it is stored as JSON: paths, scanner names, flags)."""
        cur = self._write(
            "INSERT INTO scans (subject_id, subject_name, profile_digest, options, started_at,"
            " state, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                subject_id,
                profile.name,
                profile_digest(profile),
                json.dumps(dict(options), sort_keys=True),
                now(),
                RUNNING,
                run_id,
            ),
        )
        return int(cur.lastrowid or 0)

    def source_started(self, scan_id: int, name: str) -> None:
        self._write(
            "INSERT OR IGNORE INTO sources (scan_id, name, state) VALUES (?, ?, ?)",
            (scan_id, name, RUNNING),
        )

    def add_evidence(self, scan_id: int, doc: Document) -> int:
        """Write the evidence record of a document (once per scan, location and body); its id.
        The body is the one fetched: the capture's when the document's content was derived
        from it (Capture.body), else the content. It is kept up to `body_cap` bytes; its hash
        and size are of the whole body."""
        last = self._last_proof
        if last is not None and last[0] == scan_id and last[1] is doc:
            return last[2]  # the same page proves several findings: hashed once
        capture = doc.capture
        body, media_type = doc.content, doc.media_type
        if capture is not None and capture.body is not None:
            body, media_type = capture.body, capture.media_type  # as sent, not derived text
        digest = hashlib.sha256(body).hexdigest()
        self._write(
            "INSERT INTO evidence (scan_id, location, url, final_url, status, fetched_at,"
            " media_type, sha256, size, cut_by_client, body, body_cap, truncated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (scan_id, location, sha256) DO NOTHING",
            (
                scan_id,
                doc.location,
                capture.url if capture else _web(doc.location),
                capture.final_url if capture else _web(doc.location),
                capture.status if capture else None,
                capture.fetched_at if capture else now(),
                media_type,
                digest,
                len(body),
                int(capture.cut) if capture else 0,
                body[: self.body_cap],
                self.body_cap,
                int(len(body) > self.body_cap),
            ),
        )
        row = self.conn.execute(
            "SELECT id FROM evidence WHERE scan_id = ? AND location = ? AND sha256 = ?",
            (scan_id, doc.location, digest),
        ).fetchone()
        self._last_proof = (scan_id, doc, int(row[0]))
        return int(row[0])

    def evidence(self, scan_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM evidence WHERE scan_id = ? ORDER BY id", (scan_id,)
        ).fetchall()

    def add_finding(self, scan_id: int, subject_id: str, finding: Finding) -> str:
        """Write one finding (kept at its highest severity if already there), with the
        evidence record of its proof when it carries one; its identity."""
        identity = finding_id(subject_id, finding)
        evidence = self.add_evidence(scan_id, finding.proof) if finding.proof else None
        self._write(
            "INSERT INTO findings (scan_id, identity, category, severity, source, location,"
            " matched, value, evidence, found_at, span_start, span_end, partial, note,"
            " provenance, field, evidence_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (scan_id, identity) DO UPDATE SET severity = CASE WHEN"
            f" {_rank('excluded.severity')} < {_rank('severity')} THEN excluded.severity"
            " ELSE severity END, evidence_id = coalesce(evidence_id, excluded.evidence_id)",
            (
                scan_id,
                identity,
                finding.category.value,
                finding.severity.value,
                finding.source,
                finding.location,
                finding.matched,
                finding.value,
                finding.evidence,
                now(),
                finding.span[0],
                finding.span[1],
                int(finding.partial),
                finding.note,
                json.dumps(list(finding.provenance)),
                finding.field,
                evidence,
            ),
        )
        return identity

    def document_read(self, scan_id: int, source: str, location: str) -> None:
        self._write(
            "INSERT OR IGNORE INTO documents (scan_id, source, location, read_at)"
            " VALUES (?, ?, ?, ?)",
            (scan_id, source, location, now()),
        )

    def unit_checked(
        self,
        scan_id: int,
        source: str,
        identifier: Identifier | None,
        where: str,
        record: UnitRecord | None = None,
    ) -> None:
        record = record or UnitRecord()
        self._write(
            "INSERT OR IGNORE INTO units (scan_id, task_key, location, data, documents,"
            " withheld, undeclared) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                scan_id,
                task_key(source, identifier),
                where,
                record.data,
                record.documents,
                record.withheld,
                record.undeclared,
            ),
        )

    def identifier_found(
        self, scan_id: int, source: str, identifier: Identifier | None, found: Identifier
    ) -> None:
        self._write(
            "INSERT OR IGNORE INTO discovered (scan_id, task_key, chain) VALUES (?, ?, ?)",
            (scan_id, task_key(source, identifier), json.dumps(chain_of(found))),
        )

    def task_finished(
        self, scan_id: int, source: str, identifier: Identifier | None, outcome: TaskOutcome
    ) -> None:
        # Its outcome holds everything now: the progress rows of the unfinished task go.
        key = task_key(source, identifier)
        self._write("DELETE FROM units WHERE scan_id = ? AND task_key = ?", (scan_id, key))
        self._write("DELETE FROM discovered WHERE scan_id = ? AND task_key = ?", (scan_id, key))
        self._write(
            "INSERT OR REPLACE INTO tasks (scan_id, task_key, source, kind, value, outcome,"
            " finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                scan_id,
                task_key(source, identifier),
                source,
                identifier.kind.value if identifier else None,
                identifier.value if identifier else None,
                outcome.to_json(),
                now(),
            ),
        )

    def record_source(self, scan_id: int, status: SourceStatus) -> None:
        """A source's outcome at the end of a run of the scan. Its requests and seconds add
        up over the runs of a resumed scan (call this once per source per run)."""
        self._write(
            "INSERT INTO sources (scan_id, name, state, reason, checked, total, unit, documents,"
            " requests, duration_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (scan_id, name) DO UPDATE SET state = excluded.state,"
            " reason = excluded.reason, checked = excluded.checked, total = excluded.total,"
            " unit = excluded.unit, documents = excluded.documents,"
            " requests = requests + excluded.requests,"
            " duration_s = duration_s + excluded.duration_s",
            (
                scan_id,
                status.name,
                status.state.value,
                status.reason,
                status.checked,
                status.total,
                status.unit,
                status.documents,
                status.requests,
                status.duration_s,
            ),
        )

    def finish_scan(
        self,
        scan_id: int,
        subject_id: str,
        findings: Iterable[Finding],
        sources: Iterable[SourceStatus],
        state: str,
    ) -> None:
        """The scan's final word: every finding (severities as settled), every source's final
        state, and the scan's state (INTERRUPTED, INCOMPLETE or COMPLETE)."""
        for finding in findings:
            self.add_finding(scan_id, subject_id, finding)
        for status in sources:
            self.record_source(scan_id, status)
        self._write(
            "UPDATE scans SET state = ?, finished_at = ? WHERE id = ?", (state, now(), scan_id)
        )

    # -- reading ------------------------------------------------------------------------------

    def _rows(self, where: str = "", args: Iterable[object] = ()) -> list[ScanRow]:
        rows = self.conn.execute(
            "SELECT s.*, COUNT(f.identity) AS total,"
            " SUM(f.severity = 'high') AS high, SUM(f.severity = 'medium') AS medium,"
            " SUM(f.severity = 'low') AS low"
            f" FROM scans s LEFT JOIN findings f ON f.scan_id = s.id {where}"
            " GROUP BY s.id ORDER BY s.id",
            tuple(args),
        ).fetchall()
        return [
            ScanRow(
                r["id"],
                r["subject_id"],
                r["subject_name"],
                r["started_at"],
                r["finished_at"],
                r["state"],
                json.loads(r["options"]),
                r["profile_digest"],
                {k: int(r[k] or 0) for k in ("total", "high", "medium", "low")},
                r["run_id"],
            )
            for r in rows
        ]

    def scans(self, subject_id: str | None = None, run_id: int | None = None) -> list[ScanRow]:
        """Every scan, oldest first (only `subject_id`'s, only run `run_id`'s, when given)."""
        where, args = [], []
        if subject_id is not None:
            where.append("s.subject_id = ?")
            args.append(subject_id)
        if run_id is not None:
            where.append("s.run_id = ?")
            args.append(run_id)
        return self._rows("WHERE " + " AND ".join(where) if where else "", args)

    def scan(self, scan_id: int) -> ScanRow:
        """One scan; StoreError when there is none with that id."""
        rows = self._rows("WHERE s.id = ?", (scan_id,))
        if not rows:
            raise StoreError(f"no scan {scan_id} in {str(self.path)!r} (see footprint history)")
        return rows[0]

    def unfinished(self, subject_id: str) -> ScanRow | None:
        """The latest scan of `subject_id` if it did not finish (killed or interrupted)."""
        rows = self.scans(subject_id)
        return rows[-1] if rows and rows[-1].state in UNFINISHED else None

    def unfinished_run(self, kind: str) -> int | None:
        """The latest run of `kind` if it did not finish; its id."""
        row = self.conn.execute(
            "SELECT id, state FROM runs WHERE kind = ? ORDER BY id DESC LIMIT 1", (kind,)
        ).fetchone()
        return int(row["id"]) if row is not None and row["state"] in UNFINISHED else None

    def reopen_run(self, run_id: int) -> None:
        self._write("UPDATE runs SET state = ?, finished_at = NULL WHERE id = ?", (RUNNING, run_id))

    def reopen(self, scan_id: int) -> None:
        """Mark an unfinished scan running again (resume writes into the same scan)."""
        self._write(
            "UPDATE scans SET state = ?, finished_at = NULL WHERE id = ?", (RUNNING, scan_id)
        )

    def resumable(self, scan_id: int) -> StoreResume:
        """What the scan's earlier runs had done, for the engine (footprint.resume.Resume)."""
        return StoreResume(self, scan_id)

    def documents(self, scan_id: int) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM documents WHERE scan_id = ?", (scan_id,)).fetchall()

    def tasks(self, scan_id: int) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM tasks WHERE scan_id = ?", (scan_id,)).fetchall()

    def findings(self, scan_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM findings WHERE scan_id = ? ORDER BY identity", (scan_id,)
        ).fetchall()

    def sources(self, scan_id: int) -> dict[str, sqlite3.Row]:
        rows = self.conn.execute("SELECT * FROM sources WHERE scan_id = ?", (scan_id,))
        return {r["name"]: r for r in rows}


def finding_of(row: sqlite3.Row) -> Finding:
    """The Finding a findings row was written from."""
    return Finding(
        category=Category(row["category"]),
        severity=Severity(row["severity"]),
        source=row["source"],
        location=row["location"],
        evidence=row["evidence"],
        matched=row["matched"],
        value=row["value"],
        span=(row["span_start"], row["span_end"]),
        partial=bool(row["partial"]),
        note=row["note"],
        provenance=tuple(json.loads(row["provenance"])),
        field=row["field"],
    )


class StoreResume:
    """footprint.resume.Resume backed by the store: finished tasks are read once (one row per
    task), documents are looked up one by one (a folder of files can be large)."""

    def __init__(self, store: Store, scan_id: int) -> None:
        self.store = store
        self.scan_id = scan_id
        self._tasks = {r["task_key"]: r["outcome"] for r in store.tasks(scan_id)}

    def findings(self) -> list[Finding]:
        return [finding_of(r) for r in self.store.findings(self.scan_id)]

    def finished(self, source: str, identifier: Identifier | None) -> TaskOutcome | None:
        text = self._tasks.get(task_key(source, identifier))
        return TaskOutcome.from_json(text) if text is not None else None

    def progress(
        self, source: str, identifier: Identifier | None
    ) -> tuple[dict[str, UnitRecord], list[Identifier]]:
        key = task_key(source, identifier)
        conn = self.store.conn
        units = conn.execute(
            "SELECT location, data, documents, withheld, undeclared FROM units"
            " WHERE scan_id = ? AND task_key = ?",
            (self.scan_id, key),
        ).fetchall()
        chains = conn.execute(
            "SELECT chain FROM discovered WHERE scan_id = ? AND task_key = ? ORDER BY rowid",
            (self.scan_id, key),
        ).fetchall()
        found = [identifier_of(json.loads(r["chain"])) for r in chains]
        done = {
            r["location"]: UnitRecord(r["data"], r["documents"], r["withheld"], r["undeclared"])
            for r in units
        }
        return done, found

    def document_done(self, source: str, location: str) -> bool:
        row = self.store.conn.execute(
            "SELECT 1 FROM documents WHERE scan_id = ? AND source = ? AND location = ?",
            (self.scan_id, source, location),
        ).fetchone()
        return row is not None


__all__ = ["Store", "StoreError", "default_db_path"]
