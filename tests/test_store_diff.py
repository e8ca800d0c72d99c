"""footprint diff: new, still present, resolved, not re-checked (never a false resolved)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_errors import one_line_error
from store_scans import PAGE, scan
from typer.testing import CliRunner

from footprint.cli import app
from footprint.kinds import Kind
from footprint.model import Category, Finding, Identifier, Severity, SourceState, SourceStatus
from footprint.profile import Profile
from footprint.resume import TaskOutcome
from footprint.store import Store
from footprint.store.diff import NEW, NOT_RECHECKED, RESOLVED, STILL, diff_scans

runner = CliRunner()


def diff(tmp_path: Path, *args: str) -> object:
    return runner.invoke(app, ["diff", *args, "--db", str(tmp_path / "h.db")])


def counts(output: str) -> dict[str, int]:
    found = {}
    for line in output.splitlines():
        name, _, n = line.strip().rpartition(": ")
        if name in (NEW, STILL, RESOLVED, NOT_RECHECKED):
            found[name] = int(n)
    return found


def test_reordered_profile_is_still_present_not_new_and_resolved(tmp_path: Path) -> None:
    assert scan(tmp_path).exit_code == 0
    assert scan(tmp_path, phones='"07700 900462", "07700 900461"').exit_code == 0
    result = diff(tmp_path)
    assert result.exit_code == 0, result.output
    assert counts(result.output) == {NEW: 0, STILL: 3, RESOLVED: 0, NOT_RECHECKED: 0}
    assert "scan 1 (complete) -> scan 2 (complete)" in result.output
    assert "900461" not in result.output  # values never shown, only the profile item


def test_detail_removed_from_a_reread_page_is_resolved(tmp_path: Path) -> None:
    assert scan(tmp_path).exit_code == 0
    assert scan(tmp_path, page=PAGE.replace("or 07700 900462", "")).exit_code == 0
    result = diff(tmp_path, "1", "2")
    assert counts(result.output) == {NEW: 0, STILL: 2, RESOLVED: 1, NOT_RECHECKED: 0}


def test_partial_source_leaves_missing_findings_not_rechecked(tmp_path: Path) -> None:
    assert scan(tmp_path).exit_code == 0
    (tmp_path / "pages" / "old.doc").write_bytes(b"\xd0\xcf")  # not read: local_files partial
    assert scan(tmp_path, page=PAGE.replace("or 07700 900462", "")).exit_code == 0
    result = diff(tmp_path)
    assert counts(result.output) == {NEW: 0, STILL: 2, RESOLVED: 0, NOT_RECHECKED: 1}


def test_new_finding_and_fail_on(tmp_path: Path) -> None:
    assert scan(tmp_path, page=PAGE.replace("or 07700 900462", "")).exit_code == 0
    assert scan(tmp_path).exit_code == 0
    assert counts(diff(tmp_path).output)[NEW] == 1
    assert diff(tmp_path, "--fail-on", "high").exit_code == 5
    assert diff(tmp_path, "2", "2", "--fail-on", "high").exit_code == 0  # nothing new


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1"], "give two scan ids"),
        (["1", "9"], "no scan 9"),
        (["1", "3"], "different subjects"),
        (["--fail-on", "low"], "--fail-on 'low'"),
        (["1", "two"], "scan id 'two': not a scan id"),
    ],
)
def test_bad_diff_requests_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str):
    with Store.open(tmp_path / "h.db") as store:
        for subject in ("a", "a", "b"):
            store.begin_scan(subject, Profile(name=subject), {})
    assert message in one_line_error(diff(tmp_path, *args))


def _account_scans(store: Store, later: SourceState, username: str | None) -> tuple[int, int]:
    account = Finding(
        Category.ACCOUNT, Severity.LOW, "accounts", "https://site.example/ewhitcombe",
        "Account exists", "public.usernames", "ewhitcombe",
    )  # fmt: skip
    first = store.begin_scan("s", Profile(name="S"), {})
    store.add_finding(first, "s", account)
    second = store.begin_scan("s", Profile(name="S"), {})
    store.record_source(second, SourceStatus("accounts", later))
    if username is not None:
        ident = Identifier(Kind.USERNAME, username)
        store.task_finished(second, "accounts", ident, TaskOutcome(checked=57))
    return first, second


@pytest.mark.parametrize(
    ("later", "username", "expected"),
    [
        (SourceState.OK, "ewhitcombe", RESOLVED),  # every site answered: the account is gone
        (SourceState.OK, "EWhitcombe", RESOLVED),  # the same username, as the sites see it
        (SourceState.PARTIAL, "ewhitcombe", NOT_RECHECKED),  # e.g. the site answered UNKNOWN
        (SourceState.FAILED, "ewhitcombe", NOT_RECHECKED),
        (SourceState.OK, "someoneelse", NOT_RECHECKED),  # that username was not checked again
        (SourceState.OK, None, NOT_RECHECKED),
    ],
)
def test_account_resolved_only_when_its_username_was_fully_rechecked(
    tmp_path: Path, later: SourceState, username: str | None, expected: str
) -> None:
    with Store.open(tmp_path / "h.db") as store:
        first, second = _account_scans(store, later, username)
        (change,) = diff_scans(store, first, second).changes
    assert change.state == expected
