"""Running a slate: one shared client for every candidate (so per-host limits hold for the
whole slate), requests counted per candidate and source, a report per candidate written as it
finishes, bad rows listed as not checked, and the overview linking each report."""

from __future__ import annotations

import asyncio
import csv
import gc
import io
import re
import weakref
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer

import footprint.slate.run as slate_run
from footprint.engine import ScanResult
from footprint.kinds import Kind
from footprint.model import Document, Identifier
from footprint.net import NetSettings
from footprint.run import ScanRequest
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions, Send
from footprint.slate.command import execute
from footprint.slate.load import Candidate, parse_slate_csv
from footprint.slate.run import SlateRequest, run_slate

SLATE = (
    "id,name,phones,home_address,usernames\n"
    'ellie,Eleanor Whitcombe,07700 900461,"14 Larkspur Close, Wickwar, GL12 8QX",ewhitcombe\n'
    "sam,Sam Jones,07700 900777,,samjones\n"
    "bad,Bad Row,123,,\n"
    "bo,Bo Smith,07700 900888,,bosmith\n"
)
# Each candidate's page shows their own phone number (and Ellie's her postcode).
PAGES = {
    "ewhitcombe": "Call Ellie on 07700 900461. Home: GL12 8QX. Cakes: =HYPERLINK(1)",
    "samjones": "Sam's mobile 07700 900777",
    "bosmith": "Nothing private here",
}
PRIVATE = ("900461", "900777", "900888", "GL12 8QX", "Larkspur")
PER_HOST = 2


class Pages(Scanner):
    """Fetches four pages per username at once, all on one host."""

    name = "pages_test"
    description = "test: a username's pages"
    consumes = frozenset({Kind.USERNAME})
    sends = (Send(Kind.USERNAME, "people.example"),)

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        urls = [f"https://people.example/{identifier.value}/{n}" for n in range(4)]
        responses = await asyncio.gather(*(ctx.client.get(u) for u in urls))
        for url, response in zip(urls, responses, strict=True):
            yield Document(url, response.content, "text/plain", parent=identifier)


class Web:
    """The fake web: records the most requests in flight to one host at once."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most = 0
        self.urls: list[str] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        self.urls.append(str(request.url))
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        user = request.url.path.split("/")[1]
        body = PAGES.get(user, "")
        return httpx.Response(200, text=body, headers={"content-type": "text/plain"})


def request(candidates: list[Candidate], parallel: int = 3) -> SlateRequest:
    net = NetSettings(
        allow_private=True,
        per_host_concurrency=PER_HOST,
        per_host_rate=1000.0,
        per_host_burst=1000,
    )
    return SlateRequest(candidates, [Pages()], ScanOptions(), net, parallel=parallel)


class Keeper:
    """A sink that only watches: which results are still alive after the slate."""

    def __init__(self) -> None:
        self.results: list[weakref.ref[ScanResult]] = []
        self.order: list[str] = []

    def started(self, candidate: Candidate) -> None:
        return None

    def finished(self, candidate: Candidate, result: ScanResult, notes: list[str]) -> None:
        self.results.append(weakref.ref(result))
        self.order.append(candidate.id)


def test_one_client_limits_hold_for_the_whole_slate_and_results_are_not_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[object] = []
    real = slate_run.build_client

    def counting(*args: object, **kwargs: object) -> httpx.AsyncClient:
        client = real(*args, **kwargs)  # type: ignore[arg-type]
        built.append(client)
        return client

    monkeypatch.setattr(slate_run, "build_client", counting)
    candidates = parse_slate_csv(SLATE, "slate.csv")
    web, keeper = Web(), Keeper()
    outcome = run_slate(request(candidates), [keeper], httpx.MockTransport(web))
    assert len(built) == 1  # one client for every candidate
    assert sorted(keeper.order) == ["bo", "ellie", "sam"]  # the bad row never runs
    assert len(web.urls) == 12
    # Three candidates at once, four requests each to one host: still at most PER_HOST.
    assert 1 < web.most <= PER_HOST
    gc.collect()
    assert all(ref() is None for ref in keeper.results)  # each result dropped once written
    assert outcome.counter.counts == {"pages_test": 12}
    assert outcome.counter.candidates == {}  # per-candidate counters dropped when finished


def run_cli(tmp_path: Path, fmt: str = "html", reveal: bool = False) -> tuple[int, Path]:
    source = tmp_path / "slate.csv"
    source.write_text(SLATE, encoding="utf-8")
    candidates = parse_slate_csv(SLATE, str(source))
    folder = tmp_path / "out"
    code = 0
    try:
        execute(
            request(candidates, 2), source, folder, fmt, reveal, True, httpx.MockTransport(Web())
        )
    except typer.Exit as exc:
        code = exc.exit_code
    return code, folder


def test_reports_per_candidate_and_an_overview_linking_them(tmp_path: Path) -> None:
    code, folder = run_cli(tmp_path)
    assert code == 3  # a row could not be checked: the slate is incomplete
    assert sorted(p.name for p in (folder / "candidates").iterdir()) == [
        "bo.html",
        "ellie.html",
        "sam.html",
    ]
    assert (folder / "candidates" / "ellie.html").stat().st_mode & 0o777 == 0o600
    overview = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', overview)
    assert links == ["candidates/ellie.html", "candidates/sam.html", "candidates/bo.html"]
    for link in links:
        assert (folder / link).is_file()
    # Candidates in the slate's order, each with its state; the bad row not checked.
    rows = re.findall(r'<tr data-name="([^"]+)" data-state="([a-z_]+)"', overview)
    assert rows == [
        ("eleanor whitcombe ellie", "exposures"),
        ("sam jones sam", "exposures"),
        ("bad row bad", "invalid"),
        ("bo smith bo", "clear"),
    ]
    assert "phones: not a possible phone number" in overview
    for value in (*PRIVATE, "'123'"):
        assert value not in overview  # categories and counts only
    # Per-candidate requests, per source; and the slate's total per source.
    assert "pages_test: 4" in overview
    assert re.search(r"<td>pages_test</td><td>12</td><td>0</td>", overview)


def test_reveal_shows_the_bad_rows_value(tmp_path: Path) -> None:
    _, folder = run_cli(tmp_path, reveal=True)
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert "phones = &#39;123&#39;" in overview


def test_csv_format_writes_one_sheet_of_every_finding(tmp_path: Path) -> None:
    code, folder = run_cli(tmp_path, fmt="csv")
    assert code == 3
    text = (folder / "findings.csv").read_text(encoding="utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert header[0] == "candidate"
    assert {r[0] for r in rows} == {"ellie", "sam"}  # Bo's page shows nothing private
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r)
    for value in PRIVATE:
        assert value not in text
    assert not list(folder.glob(".*.part"))
    assert (folder / "candidates" / "ellie.csv").is_file()


class Interrupting(Pages):
    """Ctrl-C arrives while the second candidate is being checked."""

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        if identifier.value == "samjones":
            response = await ctx.client.get("https://people.example/samjones/0")
            yield Document("https://people.example/samjones/0", response.content, "text/plain")
            raise KeyboardInterrupt
        async for event in super().scan(ctx, identifier):
            yield event


def test_ctrl_c_keeps_what_finished_and_lists_the_rest_as_not_run(tmp_path: Path) -> None:
    source = tmp_path / "slate.csv"
    source.write_text(SLATE, encoding="utf-8")
    candidates = parse_slate_csv(SLATE, str(source))
    slate = request(candidates, parallel=1)
    slate = SlateRequest(candidates, [Interrupting()], slate.options, slate.net, parallel=1)
    folder = tmp_path / "out"
    with pytest.raises(typer.Exit) as caught:
        execute(slate, source, folder, "html", False, True, httpx.MockTransport(Web()))
    assert caught.value.exit_code == 130
    overview = (folder / "index.html").read_text(encoding="utf-8")
    found = re.findall(
        r'<tr data-name="[^"]+ ([a-z]+)" data-state="([a-z_]+)" data-highest="[a-z]*" '
        r'data-incomplete="([01])"',
        overview,
    )
    assert found == [
        ("ellie", "exposures", "0"),
        ("sam", "exposures", "1"),  # his first page was read before Ctrl-C: partial
        ("bad", "invalid", "1"),
        ("bo", "not_run", "1"),
    ]
    assert "The slate was interrupted before it finished." in overview
    # Sam's partial report is written, marked interrupted; Bo never started.
    sam = (folder / "candidates" / "sam.html").read_text(encoding="utf-8")
    assert "interrupted" in sam
    assert not (folder / "candidates" / "bo.html").exists()


def test_output_must_be_a_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from footprint.cli import app

    source = tmp_path / "slate.csv"
    source.write_text(SLATE, encoding="utf-8")
    (tmp_path / "file.html").write_text("x")
    for target, why in [
        ("-", "a slate writes a folder"),
        (str(tmp_path / "file.html"), "is a file, not a folder"),
        (str(tmp_path / "no" / "such"), "cannot be created"),
    ]:
        result = CliRunner().invoke(app, ["slate", str(source), "--offline", "-o", target])
        assert result.exit_code == 2, result.output
        assert why in result.output


def test_overview_escapes_names_and_pins_its_one_script_by_hash() -> None:
    import base64
    import hashlib

    from reports.slate import row_not_checked, row_not_run
    from reports.slate_html import render_slate_html

    hostile = "<script>alert(1)</script>"
    rows = [
        row_not_checked(hostile, hostile, "x.csv: row 2", "phones: bad", "full"),
        row_not_run("b", '"><img src=x onerror=alert(2)>', "why"),
    ]
    html = render_slate_html(hostile, rows, {hostile: (1, 0)})
    assert hostile not in html and "<img" not in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    assert f"script-src 'sha256-{digest}'" in csp.group(1)
    assert "unsafe-inline'" not in csp.group(1).split("script-src", 1)[1]


def test_an_error_in_one_candidates_check_never_sinks_the_slate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = slate_run.run_engine

    async def flaky(scan: ScanRequest, *args: Any) -> ScanResult:
        if scan.profile.name == "Sam Jones":
            raise RuntimeError("a bug")
        return await real(scan, *args)

    monkeypatch.setattr(slate_run, "run_engine", flaky)
    code, folder = run_cli(tmp_path, fmt="csv")
    assert code == 3
    assert (folder / "candidates" / "ellie.csv").is_file()
    sam = (folder / "candidates" / "sam.csv").read_text(encoding="utf-8-sig")
    assert sam.splitlines() == [",".join(csv_columns())]  # written, with nothing found
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert "the check stopped on an error (RuntimeError)" in overview
    text = (folder / "findings.csv").read_text(encoding="utf-8-sig")
    assert {r.split(",")[0] for r in text.splitlines()[1:]} == {"ellie"}


def csv_columns() -> tuple[str, ...]:
    from reports.csv_export import COLUMNS

    return COLUMNS


def test_cli_offline_slate_writes_the_overview_and_says_it_is_incomplete(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from footprint.cli import app

    source = tmp_path / "slate.csv"
    source.write_text(SLATE, encoding="utf-8")
    out = tmp_path / "audit"
    result = CliRunner().invoke(app, ["slate", str(source), "--offline", "-o", str(out)])
    assert result.exit_code == 3, result.output  # offline: nothing could be checked
    said = " ".join(result.output.split())  # rich wraps long lines
    assert f"footprint: warning: {source}: row 4: phones = '123'" in said
    assert "this candidate is not checked" in said
    assert "[3/3]" in said and "; incomplete" in said
    assert f"Overview written to {out / 'index.html'}" in said
    assert (out / "index.html").stat().st_mode & 0o777 == 0o600
    assert out.stat().st_mode & 0o777 == 0o700
    overview = (out / "index.html").read_text(encoding="utf-8")
    assert overview.count('data-state="unchecked"') == 3


class Recording:
    """A store-like sink: an observer per candidate, findings recorded as they are found."""

    def __init__(self) -> None:
        self.found: dict[str, int] = {}
        self.finished_ids: list[str] = []

    def started(self, candidate: Candidate) -> object:
        sink = self

        class Observer:
            def task_added(self, source: str) -> None: ...
            def task_done(self, source: str) -> None: ...
            def work_added(self, source: str, total: int, unit: str) -> None: ...
            def item_done(self, source: str) -> None: ...

            def finding_added(self, finding: object) -> None:
                sink.found[candidate.id] = sink.found.get(candidate.id, 0) + 1

        return Observer()

    def finished(self, candidate: Candidate, result: ScanResult, notes: list[str]) -> None:
        assert self.found.get(candidate.id, 0) == len(result.findings)
        self.finished_ids.append(candidate.id)


def test_extra_sinks_see_each_candidate_and_its_findings_as_found(tmp_path: Path) -> None:
    source = tmp_path / "slate.csv"
    source.write_text(SLATE, encoding="utf-8")
    candidates = parse_slate_csv(SLATE, str(source))
    recording = Recording()
    with pytest.raises(typer.Exit):
        execute(
            request(candidates, 2),
            source,
            tmp_path / "out",
            "json",
            False,
            True,
            httpx.MockTransport(Web()),
            sinks=[recording],  # type: ignore[list-item]
        )
    assert sorted(recording.finished_ids) == ["bo", "ellie", "sam"]
    assert recording.found["ellie"] >= 2 and recording.found["sam"] >= 1
    assert "bo" not in recording.found


class Linker(Scanner):
    """Sam's page links to a page whose address holds Ellie's phone number."""

    name = "linker_test"
    description = "test: a username's links"
    consumes = frozenset({Kind.USERNAME})
    produces = frozenset({Kind.URL})

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        if identifier.value == "samjones":
            yield Identifier(Kind.URL, "https://people.example/u/07700-900461", identifier)
        yield Identifier(Kind.URL, f"https://people.example/{identifier.value}/0", identifier)


class Fetch(Scanner):
    name = "fetch_test"
    description = "test: fetch a URL"
    consumes = frozenset({Kind.URL})

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        response = await ctx.client.get(identifier.value)
        yield Document(identifier.value, response.content, "text/plain", parent=identifier)


def test_the_engines_gate_withholds_another_candidates_detail_too() -> None:
    """Not followed and then refused on the wire: withheld, as a single scan withholds its
    own candidate's details."""
    candidates = [c for c in parse_slate_csv(SLATE, "slate.csv") if c.id in ("ellie", "sam")]
    statuses: dict[str, dict[str, tuple[int, int]]] = {}

    class Statuses(Keeper):
        def finished(self, candidate: Candidate, result: ScanResult, notes: list[str]) -> None:
            statuses[candidate.id] = {s.name: (s.withheld, s.refused) for s in result.sources}

    web = Web()
    base = request(candidates)
    slate = SlateRequest(candidates, [Linker(), Fetch()], base.options, base.net)
    run_slate(slate, [Statuses()], httpx.MockTransport(web))
    assert statuses["sam"]["linker_test"] == (1, 0)  # withheld by the gate
    assert statuses["sam"]["fetch_test"] == (0, 0)  # so never refused on the wire
    assert not any("900461" in u for u in web.urls)
    assert sorted(web.urls) == [
        "https://people.example/ewhitcombe/0",
        "https://people.example/samjones/0",
    ]
