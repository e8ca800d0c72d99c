"""Upgrading a history file written by the first schema: its data survives, new parts appear."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from footprint.kinds import Kind
from footprint.model import Category, Finding, Identifier, Severity
from footprint.profile import Profile
from footprint.resume import UnitRecord, task_key
from footprint.store import Store, finding_id
from footprint.store.diff import STILL, diff_scans
from footprint.store.schema import MIGRATIONS
from footprint.store.store import finding_of

# Schema 1 exactly as the first release wrote it (copied, not imported: the test must not
# follow later edits of the migration code).
SCHEMA_1 = """
CREATE TABLE scans (id INTEGER PRIMARY KEY, subject_id TEXT NOT NULL,
    subject_name TEXT NOT NULL, profile_digest TEXT NOT NULL, options TEXT NOT NULL,
    started_at TEXT NOT NULL, finished_at TEXT, state TEXT NOT NULL);
CREATE INDEX scans_subject ON scans (subject_id, id);
CREATE TABLE sources (scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    name TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
    checked INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0,
    unit TEXT NOT NULL DEFAULT 'item', documents INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0, duration_s REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (scan_id, name));
CREATE TABLE findings (scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    identity TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
    source TEXT NOT NULL, location TEXT NOT NULL, matched TEXT NOT NULL, value TEXT NOT NULL,
    evidence TEXT NOT NULL, found_at TEXT NOT NULL, PRIMARY KEY (scan_id, identity));
PRAGMA user_version = 1;
"""
OLD = Finding(
    Category.PHONE, Severity.HIGH, "local_files", "pages/page.html", "call 07700 900461",
    "private.phones[0]", "07700 900461",
)  # fmt: skip


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def test_schema_1_file_upgrades_keeping_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(SCHEMA_1)
    conn.execute(
        "INSERT INTO scans VALUES (1, 's', 'Eleanor Whitcombe', 'd1', '{\"offline\": true}',"
        " '2026-01-01T10:00:00+00:00', '2026-01-01T10:01:00+00:00', 'complete')"
    )
    conn.execute(
        "INSERT INTO sources (scan_id, name, state, checked) VALUES (1, 'local_files', 'ok', 9)"
    )
    conn.execute(
        "INSERT INTO findings VALUES (1, ?, 'phone', 'high', 'local_files', 'pages/page.html',"
        " 'private.phones[0]', '07700 900461', 'call 07700 900461', '2026-01-01T10:00:30')",
        (finding_id("s", OLD),),
    )
    conn.commit()
    conn.close()

    with Store.open(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) > 1
        (row,) = store.scans()
        assert (row.id, row.subject_name, row.state, row.options) == (
            1, "Eleanor Whitcombe", "complete", {"offline": True},
        )  # fmt: skip
        assert row.counts == {"total": 1, "high": 1, "medium": 0, "low": 0}
        assert store.sources(1)["local_files"]["checked"] == 9
        # The old finding reads back whole, new columns at their defaults.
        (old,) = store.findings(1)
        assert finding_of(old) == OLD and old["evidence_id"] is None
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"documents", "tasks", "evidence", "runs"} <= tables
        assert {"span_start", "provenance", "evidence_id"} <= _columns(store.conn, "findings")
        assert "run_id" in _columns(store.conn, "scans")
        # And the upgraded file works: a new scan of the same subject diffs against the old.
        new = store.begin_scan("s", Profile(name="E"), {})
        store.add_finding(new, "s", OLD)
        (change,) = diff_scans(store, 1, new).changes
        assert change.state == STILL


def test_each_migration_runs_once(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    Store.open(db).close()
    Store.open(db).close()  # a second run of any migration would fail (table exists)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_a_slate_run_groups_its_scans(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db") as store:
        run = store.begin_run("slate", "council group", {"candidates": 2})
        a = store.begin_scan("a", Profile(name="A"), {}, run_id=run)
        b = store.begin_scan("b", Profile(name="B"), {}, run_id=run)
        store.begin_scan("a", Profile(name="A"), {})  # a scan of its own, in no run
        assert [r.id for r in store.scans(run_id=run)] == [a, b]
        assert [r.run_id for r in store.scans()] == [run, run, None]
        assert store.unfinished_run("slate") == run  # killed now: it would resume
        store.finish_run(run, "complete")
        assert store.conn.execute("SELECT state FROM runs").fetchone()[0] == "complete"
        assert store.unfinished_run("slate") is None


def test_schema_4_units_upgrade_with_empty_records(tmp_path: Path) -> None:
    # A sweep killed under schema 4 left its units without data: they resume as checked, with
    # nothing to replay (the sweep needs none) and no documents to count again.
    db = tmp_path / "v4.db"
    conn = sqlite3.connect(db)
    for migration in MIGRATIONS[:4]:  # released migrations are never edited
        migration(conn)
    conn.execute("PRAGMA user_version = 4")
    conn.execute(
        "INSERT INTO scans (id, subject_id, subject_name, profile_digest, options, started_at,"
        " state) VALUES (1, 's', 'E', 'd', '{}', '2026-01-01T10:00:00+00:00', 'running')"
    )
    key = task_key("accounts", Identifier(Kind.USERNAME, "ewhitcombe"))
    conn.execute("INSERT INTO units VALUES (1, ?, 'https://a.example/u/ewhitcombe')", (key,))
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        assert {"data", "documents"} <= _columns(store.conn, "units")
        done, found = store.resumable(1).progress(
            "accounts", Identifier(Kind.USERNAME, "ewhitcombe")
        )
        assert done == {"https://a.example/u/ewhitcombe": UnitRecord("", 0)} and found == []
        # and new units keep what the scanner and the engine give them
        page = Identifier(Kind.SITE, "https://w.example/")
        store.unit_checked(1, "website", page, "https://w.example/", UnitRecord('{"x":1}', 1))
        done, _ = store.resumable(1).progress("website", page)
        assert done == {"https://w.example/": UnitRecord('{"x":1}', 1)}
