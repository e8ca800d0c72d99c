"""The schema, as numbered migrations (docs/schema.md describes every table and column).

Never edit a migration once released: add the next one. Each receives a connection inside a
transaction and must not commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _m1_scans_sources_findings(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE scans (
            id INTEGER PRIMARY KEY,
            subject_id TEXT NOT NULL,
            subject_name TEXT NOT NULL,
            profile_digest TEXT NOT NULL,
            options TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            state TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX scans_subject ON scans (subject_id, id)")
    conn.execute(
        """CREATE TABLE sources (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            checked INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            unit TEXT NOT NULL DEFAULT 'item',
            documents INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            duration_s REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (scan_id, name)
        )"""
    )
    conn.execute(
        """CREATE TABLE findings (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            identity TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            source TEXT NOT NULL,
            location TEXT NOT NULL,
            matched TEXT NOT NULL,
            value TEXT NOT NULL,
            evidence TEXT NOT NULL,
            found_at TEXT NOT NULL,
            PRIMARY KEY (scan_id, identity)
        )"""
    )


def _m2_progress_records(conn: sqlite3.Connection) -> None:
    """What resume and diff need: every field of a finding, the documents read, the tasks
    finished (footprint.resume)."""
    for column in (
        "span_start INTEGER NOT NULL DEFAULT 0",
        "span_end INTEGER NOT NULL DEFAULT 0",
        "partial INTEGER NOT NULL DEFAULT 0",
        "note TEXT NOT NULL DEFAULT ''",
        "provenance TEXT NOT NULL DEFAULT '[]'",
        "field TEXT NOT NULL DEFAULT ''",
    ):
        conn.execute(f"ALTER TABLE findings ADD COLUMN {column}")
    conn.execute(
        """CREATE TABLE documents (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            location TEXT NOT NULL,
            read_at TEXT NOT NULL,
            PRIMARY KEY (scan_id, source, location)
        )"""
    )
    conn.execute(
        """CREATE TABLE tasks (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            task_key TEXT NOT NULL,
            source TEXT NOT NULL,
            kind TEXT,
            value TEXT,
            outcome TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            PRIMARY KEY (scan_id, task_key)
        )"""
    )


def _m3_evidence_and_runs(conn: sqlite3.Connection) -> None:
    """Evidence records (what proves each finding) and runs (a slate: many scans, one run)."""
    conn.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            options TEXT NOT NULL DEFAULT '{}',
            started_at TEXT NOT NULL,
            finished_at TEXT,
            state TEXT NOT NULL
        )"""
    )
    conn.execute("ALTER TABLE scans ADD COLUMN run_id INTEGER REFERENCES runs (id)")
    conn.execute("CREATE INDEX scans_run ON scans (run_id)")
    conn.execute(
        """CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            location TEXT NOT NULL,
            url TEXT,
            final_url TEXT,
            status INTEGER,
            fetched_at TEXT NOT NULL,
            media_type TEXT,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            cut_by_client INTEGER NOT NULL DEFAULT 0,
            body BLOB NOT NULL,
            body_cap INTEGER NOT NULL,
            truncated INTEGER NOT NULL,
            UNIQUE (scan_id, location, sha256)
        )"""
    )
    conn.execute("ALTER TABLE findings ADD COLUMN evidence_id INTEGER REFERENCES evidence (id)")


def _m4_units(conn: sqlite3.Connection) -> None:
    """Progress inside a task that did not finish: each unit it checked (a site of a username
    sweep) and each identifier it found, so a resumed task asks for neither again."""
    conn.execute(
        """CREATE TABLE units (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            task_key TEXT NOT NULL,
            location TEXT NOT NULL,
            PRIMARY KEY (scan_id, task_key, location)
        )"""
    )
    conn.execute(
        """CREATE TABLE discovered (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            task_key TEXT NOT NULL,
            chain TEXT NOT NULL,
            PRIMARY KEY (scan_id, task_key, chain)
        )"""
    )


def _m5_unit_records(conn: sqlite3.Connection) -> None:
    """What a unit needs for a resumed task to go on without redoing it: the scanner's data
    (a crawled page's links), and what its events added to the counts (counted again)."""
    conn.execute("ALTER TABLE units ADD COLUMN data TEXT NOT NULL DEFAULT ''")
    for column in ("documents", "withheld", "undeclared"):
        conn.execute(f"ALTER TABLE units ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: tuple[Migration, ...] = (
    _m1_scans_sources_findings,
    _m2_progress_records,
    _m3_evidence_and_runs,
    _m4_units,
    _m5_unit_records,
)
