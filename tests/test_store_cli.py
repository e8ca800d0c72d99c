"""Scans recorded in the history database, and the commands that read it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_scans import scan
from typer.testing import CliRunner

from footprint.cli import app
from footprint.model import Severity
from footprint.profile import Profile
from footprint.store import Store

runner = CliRunner()


def test_scan_writes_its_scan_sources_and_findings(tmp_path: Path) -> None:
    result = scan(tmp_path)
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "h.db") as store:
        (row,) = store.scans()
        assert (row.subject_id, row.state, row.counts["total"]) == (
            "eleanor-whitcombe",
            "complete",
            3,
        )
        assert row.options["paths"] == [str(tmp_path / "pages")]
        assert "env" not in row.options  # API keys live there: never stored
        assert store.sources(row.id)["local_files"]["state"] == "ok"
        values = sorted(r["value"] for r in store.findings(row.id))
        assert values == ["07700 900461", "07700 900462", "ellie.whitcombe77@example.net"]


def test_reordered_profile_list_keeps_every_identity(tmp_path: Path) -> None:
    assert scan(tmp_path).exit_code == 0
    assert scan(tmp_path, phones='"07700 900462", "07700 900461"').exit_code == 0
    with Store.open(tmp_path / "h.db") as store:
        first, second = store.scans()
        a = {r["identity"]: r["matched"] for r in store.findings(first.id)}
        b = {r["identity"]: r["matched"] for r in store.findings(second.id)}
    assert a.keys() == b.keys() and len(a) == 3
    assert a != b  # the list positions did change: the identities did not follow them


def test_history_lists_scans(tmp_path: Path) -> None:
    assert scan(tmp_path).exit_code == 0
    result = runner.invoke(app, ["history", "--db", str(tmp_path / "h.db")])
    assert result.exit_code == 0, result.output
    line = result.output.splitlines()[1]
    assert line.split()[0] == "1" and "complete" in line and "3 (3 high" in line
    assert "Eleanor Whitcombe [eleanor-whitcombe]" in line


def test_empty_history(tmp_path: Path) -> None:
    result = runner.invoke(app, ["history", "--db", str(tmp_path / "h.db")])
    assert result.exit_code == 0 and "No scans yet." in result.output


@pytest.mark.parametrize("command", [["history"], ["scan"]])
def test_unusable_database_is_one_line_exit_2_before_any_work(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "no-such-folder" / "h.db"
    if command == ["scan"]:
        result = scan(tmp_path, "--db", str(db))
        assert not (tmp_path / "r.json").exists()  # nothing scanned, no report
    else:
        result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "footprint: error: database" in result.output
    assert "does not exist" in result.output


def test_fail_on_exits_5_only_at_or_above_the_level(tmp_path: Path) -> None:
    assert scan(tmp_path, "--fail-on", "high").exit_code == 5
    assert (tmp_path / "r.json").exists()  # the report is still written
    clean = tmp_path / "clean"
    clean.mkdir()
    assert scan(clean, "--fail-on", "medium", page="<p>nothing private here</p>").exit_code == 0
    bad = scan(tmp_path, "--fail-on", "low")
    assert bad.exit_code == 2 and "--fail-on 'low'" in bad.output


def test_killed_scan_is_left_running(tmp_path: Path) -> None:
    """A scan row is written before the work: a kill leaves it "running", never lost."""
    with Store.open(tmp_path / "h.db") as store:
        store.begin_scan("x", Profile(name="X"), {})
    conn = sqlite3.connect(tmp_path / "h.db")
    assert conn.execute("SELECT state FROM scans").fetchall() == [("running",)]


def test_at_or_above() -> None:
    from footprint.store.cli import at_or_above

    assert at_or_above(["low", "medium"], Severity.MEDIUM)
    assert not at_or_above(["low"], Severity.MEDIUM)
    assert not at_or_above(["high"], None)


def test_resume_only_the_same_profile_and_options(tmp_path: Path) -> None:
    first = scan(tmp_path, "--resume")  # nothing to resume: a new scan, and it says so
    assert first.exit_code == 0 and "no unfinished scan of 'eleanor-whitcombe'" in first.output
    conn = sqlite3.connect(tmp_path / "h.db")
    with conn:
        conn.execute("UPDATE scans SET state = 'interrupted'")
    other = tmp_path / "other"
    other.mkdir()
    changed = scan(tmp_path, "--resume", "--path", str(other))
    assert changed.exit_code == 2 and "different profile or options" in changed.output
    assert changed.output.count("\n") == 1
    again = scan(tmp_path, "--resume")
    assert again.exit_code == 0, again.output
    assert conn.execute("SELECT id, state FROM scans").fetchall() == [(1, "complete")]
