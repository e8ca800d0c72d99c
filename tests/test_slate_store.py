"""A slate recorded in the history database: one run, one scan per candidate, findings written
as found; --resume after an interruption or a kill redoes no finished candidate and loses
nothing; identities are stable across slate runs; --fail-on's exit code."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import typer
from sweep_web import SweepWeb, sweep_web
from typer.testing import CliRunner

from footprint.cli import app
from footprint.kinds import Kind
from footprint.model import Document, Identifier, Severity
from footprint.net import NetSettings
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions, Send
from footprint.slate.command import execute
from footprint.slate.load import parse_slate_csv
from footprint.slate.record import begin
from footprint.slate.run import SlateRequest
from footprint.store import Store
from footprint.store.diff import STILL, diff_scans, latest_pairs

SLATE = (
    "id,name,phones,home_address,usernames\n"
    'ellie,Eleanor Whitcombe,07700 900461,"14 Larkspur Close, Wickwar, GL12 8QX",ewhitcombe\n'
    "sam,Sam Jones,07700 900777,,samjones\n"
    "bad,Bad Row,123,,\n"
    "bo,Bo Smith,07700 900888,,bosmith\n"
)
PAGES = {
    "ewhitcombe": "Call Ellie on 07700 900461. Home: GL12 8QX.",
    "samjones": "Sam's mobile 07700 900777",
    "bosmith": "Nothing private here",
}


class Pages(Scanner):
    """Two pages per username; with `stop_at` set, Ctrl-C comes after that user's first page."""

    name = "pages_test"
    description = "test: a username's pages"
    consumes = frozenset({Kind.USERNAME})
    sends = (Send(Kind.USERNAME, "people.example"),)
    stop_at = ""

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        for n in range(2):
            url = f"https://people.example/{identifier.value}/{n}"
            response = await ctx.client.get(url)
            yield Document(url, response.content, "text/plain", parent=identifier)
            if identifier.value == self.stop_at:
                raise KeyboardInterrupt


class Web:
    def __init__(self) -> None:
        self.urls: list[str] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        await asyncio.sleep(0)
        body = PAGES.get(request.url.path.split("/")[1], "")
        return httpx.Response(200, text=body, headers={"content-type": "text/plain"})

    def users(self) -> set[str]:
        return {u.split("/")[3] for u in self.urls}


def slate_request(tmp_path: Path, stop_at: str = "", text: str = SLATE) -> SlateRequest:
    source = tmp_path / "slate.csv"
    source.write_text(text, encoding="utf-8")
    scanner = Pages()
    scanner.stop_at = stop_at
    net = NetSettings(allow_private=True, per_host_rate=1000.0, per_host_burst=1000)
    candidates = parse_slate_csv(text, str(source))
    return SlateRequest(candidates, [scanner], ScanOptions(), net, parallel=1)


def run(
    tmp_path: Path,
    web: Web,
    *,
    stop_at: str = "",
    resume: bool = False,
    fmt: str = "json",
    fail_on: Severity | None = None,
) -> int:
    request = slate_request(tmp_path, stop_at)
    source = tmp_path / "slate.csv"
    record = begin(tmp_path / "h.db", source, request, resume)
    transport = httpx.MockTransport(web)
    try:
        execute(
            request, source, tmp_path / "out", fmt, False, True, transport,
            record=record, fail_on=fail_on,
        )  # fmt: skip
    except typer.Exit as exc:
        return exc.exit_code
    return 0


def overview_rows(tmp_path: Path) -> list[tuple[str, str, str]]:
    """(id, state, the category cells' and total's sort keys) of each overview row."""
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    rows = []
    for block in re.findall(r"<tr data-name=.*?</tr>", html, re.S):
        head = re.match(r'<tr data-name="[^"]+ ([a-z]+)" data-state="([a-z_]+)"', block)
        assert head is not None
        cells = re.findall(r'<td class="n[^"]*" data-label="[^"]+" data-sort="(\d+)"', block)
        rows.append((head.group(1), head.group(2), " ".join(cells[:-1])))  # not requests
    return rows


def totals(tmp_path: Path) -> list[tuple[str, str]]:
    return [(cid, cells.split()[-1]) for cid, _, cells in overview_rows(tmp_path)]


def test_a_slate_is_one_run_with_a_scan_per_candidate_and_its_findings(tmp_path: Path) -> None:
    assert run(tmp_path, Web()) == 3  # the bad row: incomplete
    with Store.open(tmp_path / "h.db") as store:
        runs = store.conn.execute("SELECT id, kind, label, state FROM runs").fetchall()
        assert [tuple(r) for r in runs] == [(1, "slate", "slate.csv", "incomplete")]
        scans = store.scans(run_id=1)
        assert [(s.subject_id, s.state) for s in scans] == [
            ("ellie", "complete"),
            ("sam", "complete"),
            ("bo", "complete"),
        ]
        by_id = {s.subject_id: s for s in scans}
        ellie = {r["category"] for r in store.findings(by_id["ellie"].id)}
        assert ellie == {"phone", "home_address"}
        assert {r["category"] for r in store.findings(by_id["sam"].id)} == {"phone"}
        assert store.findings(by_id["bo"].id) == []
        # Source outcomes and evidence are recorded per candidate, as for a scan.
        assert store.sources(by_id["sam"].id)["pages_test"]["requests"] == 2
        assert store.evidence(by_id["ellie"].id)
    # Each candidate's two pages show the same details: two places each.
    assert totals(tmp_path) == [("ellie", "4"), ("sam", "2"), ("bad", "0"), ("bo", "0")]


def test_resume_after_ctrl_c_redoes_no_finished_candidate_and_loses_nothing(
    tmp_path: Path,
) -> None:
    first = Web()
    assert run(tmp_path, first, stop_at="samjones") == 130
    assert first.users() == {"ewhitcombe", "samjones"}  # Bo never started
    clean = tmp_path / "clean"
    clean.mkdir()
    assert run(clean, Web()) == 3

    again = Web()
    assert run(tmp_path, again, resume=True) == 3
    # Ellie finished in the first run: not asked again. Sam carries on; Bo runs.
    assert again.users() == {"samjones", "bosmith"}
    assert overview_rows(tmp_path) == overview_rows(clean)
    assert (tmp_path / "out" / "candidates" / "ellie.json").is_file()
    with Store.open(tmp_path / "h.db") as store, Store.open(clean / "h.db") as other:
        runs = store.conn.execute("SELECT id, state FROM runs").fetchall()
        assert [tuple(r) for r in runs] == [(1, "incomplete")]
        scans = store.scans(run_id=1)
        assert [(s.subject_id, s.state) for s in scans] == [
            ("ellie", "complete"),
            ("sam", "complete"),  # the same scan row, carried on
            ("bo", "complete"),
        ]
        for mine, theirs in zip(scans, other.scans(run_id=1), strict=True):
            assert mine.counts == theirs.counts
            found = [(r["identity"], r["severity"]) for r in store.findings(mine.id)]
            assert found == [(r["identity"], r["severity"]) for r in other.findings(theirs.id)]


def test_resume_rebuilds_a_missing_report_and_keeps_the_csv_sheet_whole(tmp_path: Path) -> None:
    assert run(tmp_path, Web(), stop_at="samjones", fmt="csv") == 130
    (tmp_path / "out" / "candidates" / "ellie.csv").unlink()
    assert run(tmp_path, Web(), resume=True, fmt="csv") == 3
    rebuilt = (tmp_path / "out" / "candidates" / "ellie.csv").read_text(encoding="utf-8-sig")
    assert len(rebuilt.splitlines()) == 5  # header, a phone and an address on two pages
    sheet = (tmp_path / "out" / "findings.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sorted(line.split(",")[0] for line in sheet[1:]) == ["ellie"] * 4 + ["sam"] * 2


def test_resume_of_another_slate_or_other_options_is_a_one_line_error(tmp_path: Path) -> None:
    assert run(tmp_path, Web(), stop_at="samjones") == 130
    changed = SLATE.replace("07700 900888", "07700 900889")
    request = slate_request(tmp_path, text=changed)
    with pytest.raises(typer.Exit) as caught:
        begin(tmp_path / "h.db", tmp_path / "slate.csv", request, True)
    assert caught.value.exit_code == 2
    (tmp_path / "slate.csv").write_text(SLATE, encoding="utf-8")
    args = ["slate", str(tmp_path / "slate.csv"), "--offline", "--db", str(tmp_path / "h.db")]
    result = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "o2"), "--resume"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert lines == [
        "footprint: error: --resume: slate run 1 was started with a different slate, "
        "candidates or options; run it the same way, or without --resume"
    ]
    assert not (tmp_path / "o2").exists()  # checked before any work


def test_rerunning_a_slate_keeps_each_findings_identity(tmp_path: Path) -> None:
    assert run(tmp_path, Web()) == 3
    assert run(tmp_path, Web()) == 3
    with Store.open(tmp_path / "h.db") as store:
        assert len(store.conn.execute("SELECT id FROM runs").fetchall()) == 2
        pairs = latest_pairs(store)
        assert len(pairs) == 3  # ellie, sam, bo: each with a scan in both runs
        diffs = {store.scan(b).subject_id: diff_scans(store, a, b) for a, b in pairs}
    assert {c.state for d in diffs.values() for c in d.changes} == {STILL}
    assert len(diffs["ellie"].changes) == 4 and len(diffs["sam"].changes) == 2


def test_fail_on_exits_5_over_incomplete_and_only_at_that_level(tmp_path: Path) -> None:
    assert run(tmp_path, Web(), fail_on=Severity.HIGH) == 5  # Ellie's phone is high
    quiet = SLATE.replace("07700 900461", "07700 900460").replace("07700 900777", "07700 900770")
    quiet = quiet.replace('"14 Larkspur Close, Wickwar, GL12 8QX"', "")
    (tmp_path / "b").mkdir()
    request = slate_request(tmp_path / "b", text=quiet)
    source = tmp_path / "b" / "slate.csv"
    record = begin(tmp_path / "b" / "h.db", source, request, False)
    with pytest.raises(typer.Exit) as caught:
        execute(
            request, source, tmp_path / "b" / "out", "json", False, True,
            httpx.MockTransport(Web()), record=record, fail_on=Severity.HIGH,
        )  # fmt: skip
    assert caught.value.exit_code == 3  # nothing found: incomplete (the bad row), not 5
    bad = CliRunner().invoke(app, ["slate", str(source), "--offline", "--fail-on", "low"])
    assert bad.exit_code == 2
    assert "--fail-on 'low': expected one of high, medium" in bad.output


# -- a slate killed outright (SIGKILL) resumes ---------------------------------------------------


@pytest.fixture
def server() -> Iterator[SweepWeb]:
    """Each user's profile page; Sam's on the slow site hangs until released."""
    with sweep_web(lambda user: PAGES.get(user, ""), lambda user: user == "samjones") as web:
        yield web


def test_killed_slate_resumes_without_asking_finished_candidates_again(
    tmp_path: Path, server: SweepWeb
) -> None:
    (tmp_path / "sites.json").write_text(json.dumps(server.sites()))
    (tmp_path / "slate.csv").write_text(SLATE, encoding="utf-8")
    exe = shutil.which("footprint", path=str(Path(sys.executable).parent))
    assert exe
    db = tmp_path / "h.db"
    args = [exe, "slate", "slate.csv", "--sites", "sites.json", "--only", "accounts",
            "--allow-private", "--format", "json", "-o", "out", "--quiet", "--parallel", "1",
            "--db", str(db)]  # fmt: skip
    proc = subprocess.Popen(args, cwd=tmp_path, stderr=subprocess.PIPE)
    conn = sqlite3.connect(db, timeout=5)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # Ellie done, Sam stuck on the slow site
        try:
            states = conn.execute("SELECT subject_id, state FROM scans ORDER BY id").fetchall()
            if states == [("ellie", "complete"), ("sam", "running")] and any(
                h == "/slow/samjones" for h in server.hits
            ):
                break
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail(f"the slate did not get to Sam: {server.hits}")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=20)
    assert conn.execute("SELECT state FROM runs").fetchall() == [("running",)]
    assert (tmp_path / "out" / "candidates" / "ellie.json").is_file()
    assert not (tmp_path / "out" / "index.html").exists()  # killed before the overview

    server.release()
    server.hits.clear()
    done = subprocess.run([*args, "--resume"], cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 3, done.stderr  # the bad row
    assert not [h for h in server.hits if h.endswith("/ewhitcombe")]  # finished: not redone
    assert "/slow/samjones" in server.hits and "/quick/bosmith" in server.hits
    states = conn.execute("SELECT id, subject_id, state, run_id FROM scans").fetchall()
    assert states == [(1, "ellie", "complete", 1), (2, "sam", "complete", 1),
                      (3, "bo", "complete", 1)]  # fmt: skip
    assert conn.execute("SELECT state FROM runs").fetchall() == [("incomplete",)]
    found = conn.execute("SELECT scan_id, category FROM findings ORDER BY scan_id, category")
    assert found.fetchall() == [(1, "account"), (1, "home_address"), (1, "phone"),
                                (2, "account"), (2, "phone"), (3, "account")]  # fmt: skip
    conn.close()
    assert totals(tmp_path) == [("ellie", "3"), ("sam", "2"), ("bad", "0"), ("bo", "1")]


def test_several_observers_still_record_tasks_for_resume() -> None:
    from footprint.resume import Recorder, TaskOutcome, UnitRecord
    from footprint.slate.run import _observer

    class Plain:
        def task_added(self, source: str) -> None: ...
        def task_done(self, source: str) -> None: ...
        def work_added(self, source: str, total: int, unit: str) -> None: ...
        def item_done(self, source: str) -> None: ...
        def finding_added(self, finding: object) -> None: ...

    class Recording(Plain):
        def __init__(self) -> None:
            self.seen: list[str] = []

        def document_read(self, source: str, location: str) -> None:
            self.seen.append(location)

        def task_finished(self, source: str, identifier: object, outcome: object) -> None:
            self.seen.append(source)

        def unit_checked(self, source: str, identifier: object, where: str, record: object) -> None:
            self.seen.append(where)

        def identifier_found(self, source: str, identifier: object, found: object) -> None:
            self.seen.append(f"found {found}")

    store = Recording()
    both = _observer([Plain(), store])  # type: ignore[list-item]
    assert isinstance(both, Recorder)  # the engine records tasks only through a Recorder
    both.document_read("s", "mem://a")
    both.task_finished("s", None, TaskOutcome())
    both.unit_checked("s", None, "https://a.example/u/x", UnitRecord())
    both.identifier_found("s", None, "url")  # type: ignore[arg-type]
    assert store.seen == ["mem://a", "s", "https://a.example/u/x", "found url"]
    assert _observer([store]) is store  # type: ignore[list-item]
    assert _observer([]) is None
