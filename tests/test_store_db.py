"""The history database file: private, WAL, migrated once, refused when it cannot be used."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from footprint.model import Category, Finding, Severity
from footprint.profile import Profile
from footprint.store import Store, StoreError, default_db_path, finding_id
from footprint.store.schema import MIGRATIONS


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_and_its_wal_files_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask would leave new files world-readable
    try:
        db = tmp_path / "h.db"
        with Store.open(db) as store:
            store.begin_scan("s", Profile(name="S"), {})
            assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
            assert wal.exists() and shm.exists()
            assert _mode(db) == _mode(wal) == _mode(shm) == 0o600
    finally:
        os.umask(old)


def test_existing_wider_file_is_tightened(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    Store.open(db).close()
    db.chmod(0o644)
    Store.open(db).close()
    assert _mode(db) == 0o600


def test_migrations_apply_once_and_version_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with Store.open(db) as store:
        store.begin_scan("s", Profile(name="S"), {"offline": True})
    with Store.open(db) as store:  # opening again migrates nothing and keeps the rows
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert [r.subject_id for r in store.scans()] == ["s"]


def test_newer_schema_is_refused_not_downgraded(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this footprint knows"):
        Store.open(db)


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/h.db", "does not exist"), (".", "is a folder"), ("junk.db", "not a database")],
)
def test_unusable_paths_are_one_line_errors(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=message) as caught:
        Store.open(tmp_path / name)
    assert "\n" not in str(caught.value)


def test_default_path_is_under_the_user_data_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "footprint" / "footprint.db"
    with Store.open() as store:  # the default folder is created, owner-only
        assert store.path == default_db_path()
    assert _mode(tmp_path / "data" / "footprint") == 0o700


def _finding(location: str, value: str, matched: str = "private.phones[0]") -> Finding:
    return Finding(Category.PHONE, Severity.HIGH, "pages", location, "...", matched, value)


def test_identity_follows_the_value_not_its_list_position() -> None:
    a = finding_id("s", _finding("https://Example.org/a/", "07700 900461", "private.phones[0]"))
    b = finding_id("s", _finding("https://example.org/a", "07700900461", "private.phones[1]"))
    assert a == b
    assert a != finding_id("s", _finding("https://example.org/a", "07700 900462"))
    assert a != finding_id("t", _finding("https://example.org/a", "07700 900461"))
    assert a != finding_id("s", _finding("https://example.org/b", "07700 900461"))


def test_a_finding_is_kept_once_at_its_highest_severity(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db") as store:
        scan = store.begin_scan("s", Profile(name="S"), {})
        low = Finding(Category.PHONE, Severity.LOW, "pages", "/x", "...", "p", "1")
        store.add_finding(scan, "s", low)
        store.add_finding(scan, "s", Finding(**{**low.__dict__, "severity": Severity.HIGH}))
        store.add_finding(scan, "s", low)
        assert [r["severity"] for r in store.findings(scan)] == ["high"]
