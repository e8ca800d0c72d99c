"""The search scanner: queries (only public values), honest coverage per query and backend,
de-duplication across backends, bounds, its plan, and scans through the CLI against a server
on 127.0.0.1 (SEARXNG_URL and FOOTPRINT_SEARCH_BRAVE_URL pointed at it)."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from local_server import serve
from typer.testing import CliRunner

from footprint.cli import app
from footprint.kinds import Kind
from footprint.model import Category, Document, Finding, Identifier, Severity
from footprint.privacy import PrivateForms
from footprint.scanner import (
    Checked,
    Event,
    ScanContext,
    ScanOptions,
    Skipped,
    SourceFailed,
    Work,
)
from reports.advice import LocationKind, advice_for, location_kind
from scanners.search import Search
from scanners.search.queries import NAME_WORDS, queries_for
from scanners.search.searxng import JSON_OFF

NAME = Identifier(Kind.NAME, "Eleanor Whitcombe")
SEARX = "https://searx.example"
BRAVE = "https://api.search.brave.com/res/v1"
JSON = {"content-type": "application/json"}
HTML = {"content-type": "text/html; charset=utf-8"}
Handler = Callable[[httpx.Request], httpx.Response]


def of(events: list[Event], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


# -- queries ----------------------------------------------------------------------------


def test_queries_for_each_kind() -> None:
    assert queries_for(NAME, "Wickwar") == [
        '"Eleanor Whitcombe" Wickwar',
        '"Eleanor Whitcombe" address',
        '"Eleanor Whitcombe" phone',
    ]
    assert queries_for(NAME, "")[0] == '"Eleanor Whitcombe"'
    assert queries_for(Identifier(Kind.USERNAME, "ewhitcombe"), "Wickwar") == ['"ewhitcombe"']
    assert queries_for(Identifier(Kind.PHONE, "0117 496 0718"), "") == ['"0117 496 0718"']
    assert queries_for(Identifier(Kind.DOMAIN, "whitcombeforwickwar.example"), "") == []
    assert queries_for(Identifier(Kind.NAME, 'Ellie "E" \x1b[2J Whitcombe'), "") == [
        '"Ellie E [2J Whitcombe"',
        '"Ellie E [2J Whitcombe" address',
        '"Ellie E [2J Whitcombe" phone',
    ]
    assert queries_for(Identifier(Kind.NAME, "x" * 101), "Wickwar") == []


def test_a_query_holds_only_the_public_value_the_area_and_fixed_words(candidate) -> None:
    # The only inputs there are: nothing private can reach a query by construction...
    assert list(inspect.signature(queries_for).parameters) == ["identifier", "area"]
    forms = PrivateForms(candidate)
    for seed in candidate.seeds():
        for query in queries_for(seed, candidate.area or ""):
            assert forms.find(query) is None, query
            rest = query.replace(seed.value, "").replace(candidate.area or "", "")
            assert set(re.findall(r"\w+", rest)) <= set(NAME_WORDS), query


async def test_a_query_carrying_a_private_detail_is_refused_on_the_wire(candidate) -> None:
    # ...and if the profile's area were private, the wire guard stops the query.
    from dataclasses import replace

    from footprint.net import NetSettings, build_client

    leaky = replace(candidate, area="GL12 8QX")
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(
        lambda r: sent.append(r) or httpx.Response(200, json={"results": []})
    )
    client = build_client(NetSettings(), transport, private=PrivateForms(leaky).find)
    async with client:
        ctx = Search().context(
            ScanContext(client, ScanOptions(env={"SEARXNG_URL": SEARX}, area="GL12 8QX"))
        )
        events = [e async for e in Search().scan(ctx, NAME)]
    assert [str(r.url) for r in sent if "GL12" in str(r.url)] == []
    assert "not sent: the query holds a private detail" in of(events, Skipped)[0].reason


# -- the scanner ------------------------------------------------------------------------


def searx_answer(*results: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        200, json={"query": "q", "results": list(results), "unresponsive_engines": []}
    )


def brave_answer(*results: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        200, json={"type": "search", "web": {"type": "search", "results": list(results)}}
    )


async def run(
    handler: Handler,
    env: dict[str, str] | None = None,
    identifier: Identifier = NAME,
    scanner: Search | None = None,
    client: httpx.AsyncClient | None = None,
) -> tuple[list[Event], list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    scanner = scanner or Search()
    env = {"SEARXNG_URL": SEARX} if env is None else env
    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as own:
        shared = ScanContext(client or own, ScanOptions(env=env, area="Wickwar"))
        ctx = scanner.context(shared)
        events: list[Any] = []
        try:
            async for event in scanner.scan(ctx, identifier):
                events.append(event)
        except SourceFailed as exc:  # said after every event, for the source's status
            events.append(exc)
    return events, seen


PAGE = "https://parish.example/fete"
ADDRESS = "Objection from Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX"


def _web(request: httpx.Request, searx: httpx.Response, brave: httpx.Response) -> httpx.Response:
    if request.url.host == "searx.example":
        return searx
    if request.url.host == "api.search.brave.com":
        return brave
    return httpx.Response(200, headers=HTML, text=f"<p>{request.url.path}</p>")


async def test_every_query_on_every_backend_is_a_unit_checked_when_it_answers() -> None:
    env = {"SEARXNG_URL": SEARX, "BRAVE_SEARCH_API_KEY": "bk-1"}
    events, seen = await run(lambda r: _web(r, searx_answer(), brave_answer()), env)
    assert of(events, Work) == [Work(6, "search request")]  # 3 queries x 2 backends
    assert len(of(events, Checked)) == 6 and not of(events, Skipped)
    sent = sorted((r.url.host, r.url.params["q"]) for r in seen)
    assert sent == sorted(
        (host, q)
        for host in ("searx.example", "api.search.brave.com")
        for q in queries_for(NAME, "Wickwar")
    )
    brave = [r for r in seen if r.url.host == "api.search.brave.com"]
    assert all(r.headers["x-subscription-token"] == "bk-1" for r in brave)
    assert all("bk-1" not in str(r.url) for r in seen)


async def test_snippets_are_matched_on_the_engine_and_pages_read_once_across_backends() -> None:
    result = {"url": PAGE, "title": "Fete", "content": ADDRESS, "engine": "google"}
    env = {"SEARXNG_URL": SEARX, "BRAVE_SEARCH_API_KEY": "bk-1"}
    brave = brave_answer({"url": PAGE + "/", "title": "Fete", "description": ADDRESS})
    events, seen = await run(lambda r: _web(r, searx_answer(result), brave), env)
    docs = of(events, Document)
    snippets = sorted(d.location for d in docs if d.media_type == "text/plain")
    # One copy per engine (Google via SearXNG, Brave), whichever query found it first.
    assert len(snippets) == 2
    assert snippets[0].startswith("https://search.brave.com/search?q=")
    assert snippets[1].startswith("https://www.google.com/search?q=")
    assert all(s.endswith(("#" + PAGE, "#" + PAGE + "/")) for s in snippets)
    assert ADDRESS.encode() in docs[0].content or ADDRESS.encode() in docs[1].content
    # The page itself: fetched once, however many queries and backends found it.
    assert [r.url for r in seen if r.url.host == "parish.example"] == [httpx.URL(PAGE)]
    assert [d.location for d in docs if d.media_type == "text/html"] == [PAGE]


async def test_result_pages_read_are_bounded_per_answer_and_gone_pages_are_nothing() -> None:
    many = [{"url": f"https://r{i}.example/p", "content": "x"} for i in range(30)]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "searx.example":
            return searx_answer(*many)
        if request.url.host == "r0.example":
            return httpx.Response(404)
        if request.url.host == "r1.example":
            return httpx.Response(403)
        return httpx.Response(200, headers=HTML, text="<p>ok</p>")

    events, seen = await run(handler, identifier=Identifier(Kind.USERNAME, "ewhitcombe"))
    assert sorted(r.url.host for r in seen if r.url.host != "searx.example") == [
        f"r{i}.example" for i in range(5)
    ]
    assert [s.location for s in of(events, Skipped)] == ["https://r1.example/p"]
    assert "HTTP 403" in of(events, Skipped)[0].reason
    pages = [d for d in of(events, Document) if d.media_type == "text/html"]
    assert len(pages) == 3  # r2, r3, r4; r0 is gone, r1 refused
    assert len([d for d in of(events, Document) if d.media_type == "text/plain"]) == 20


async def test_a_failing_backend_is_reported_not_asked_again_and_the_others_still_run() -> None:
    env = {"SEARXNG_URL": SEARX, "BRAVE_SEARCH_API_KEY": "bk-1"}
    forbidden = httpx.Response(403, headers=HTML, text="<h1>403 Forbidden</h1>")
    events, _ = await run(lambda r: _web(r, forbidden, brave_answer()), env)
    skipped = of(events, Skipped)
    assert len(skipped) == 3 and len(of(events, Checked)) == 3  # Brave's three answered
    assert all(s.location.startswith(f"{SEARX}/search?q=") for s in skipped)
    reasons = {s.reason for s in skipped}
    assert f"SearXNG: {JSON_OFF}" in reasons or f"SearXNG: not asked: {JSON_OFF}" in reasons
    assert all(JSON_OFF in r for r in reasons)
    # ...and said once in the source's status, after every search was accounted for.
    assert isinstance(events[-1], SourceFailed) and str(events[-1]) == f"SearXNG: {JSON_OFF}"


async def test_a_bad_brave_key_stops_brave_for_the_rest_of_the_scan() -> None:
    bad = httpx.Response(
        422, json={"type": "ErrorResponse", "error": {"code": "SUBSCRIPTION_TOKEN_INVALID"}}
    )
    env = {"BRAVE_SEARCH_API_KEY": "bad"}
    scanner = Search()
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda r: bad)) as client:
        first, _ = await run(lambda r: bad, env, scanner=scanner, client=client)
        later, seen = await run(
            lambda r: bad, env, Identifier(Kind.USERNAME, "ewhitcombe"), scanner, client
        )
    assert any("SUBSCRIPTION_TOKEN_INVALID" in s.reason for s in of(first, Skipped))
    [skipped] = of(later, Skipped)
    assert skipped.reason.startswith("Brave Search: not asked: BRAVE_SEARCH_API_KEY was refused")
    assert seen == []  # the same scan (client) asks a refused key no more


async def test_rate_limited_and_network_errors_are_not_checked_with_the_reason() -> None:
    limited = httpx.Response(
        429,
        headers={"x-ratelimit-reset": "1, 100"},
        json={"type": "ErrorResponse", "error": {"code": "RATE_LIMITED"}},
    )
    events, _ = await run(lambda r: limited, {"BRAVE_SEARCH_API_KEY": "k"})
    assert {s.reason for s in of(events, Skipped)} == {
        "Brave Search: rate limited (HTTP 429 RATE_LIMITED); it resets in 1 seconds"
    }

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    events, _ = await run(down)
    assert {s.reason for s in of(events, Skipped)} == {"SearXNG: error (ConnectError)"}
    assert not of(events, Checked)


async def test_nothing_is_sent_without_a_backend() -> None:
    events, seen = await run(lambda r: httpx.Response(500), env={})
    assert events == [] and seen == []


def test_not_run_without_a_backend_saying_how_to_configure_one() -> None:
    reason = Search().idle_reason(ScanOptions())
    assert reason == (
        "no search backend configured: set SEARXNG_URL (a SearXNG instance with JSON output on), "
        "BRAVE_SEARCH_API_KEY or MOJEEK_API_KEY"
    )
    assert Search().idle_reason(ScanOptions(env={"MOJEEK_API_KEY": "m"})) == ""
    assert Search().idle_reason(ScanOptions(env={"GOOGLE_CSE_KEY": "g"})) == reason  # needs CX


def test_configuration_errors_are_one_line_before_work() -> None:
    assert "GOOGLE_CSE_CX" in Search().check_options(ScanOptions(env={"GOOGLE_CSE_KEY": "g"}))
    problem = Search().check_options(ScanOptions(env={"SEARXNG_URL": "searx.local"}))
    assert (
        problem
        == "SEARXNG_URL 'searx.local': must be a web address starting with http:// or https://"
    )
    assert Search().check_options(ScanOptions(env={"SEARXNG_URL": SEARX})) == ""


def test_planned_lists_every_query_for_each_backend_host() -> None:
    env = {"SEARXNG_URL": "https://searx.example:8443", "BRAVE_SEARCH_API_KEY": "k"}
    planned = Search().planned(NAME, ScanOptions(env=env, area="Wickwar"))
    queries = queries_for(NAME, "Wickwar")
    assert planned == [(q, "searx.example:8443") for q in queries] + [
        (q, "api.search.brave.com") for q in queries
    ]
    assert Search().planned(NAME, ScanOptions(area="Wickwar")) == []


def test_a_snippet_gets_the_search_engines_removal_routes_and_a_page_the_web_ones() -> None:
    snippet = f"https://search.brave.com/search?q=%22Eleanor+Whitcombe%22#{PAGE}"
    finding = Finding(Category.HOME_ADDRESS, Severity.HIGH, "search", snippet, "e", "m", "v")
    assert location_kind(finding) is LocationKind.SEARCH
    assert advice_for(finding)[:2] == ("search-snippet", "search-results-removal")
    page = Finding(Category.HOME_ADDRESS, Severity.HIGH, "search", PAGE, "e", "m", "v")
    assert location_kind(page) is LocationKind.WEB and advice_for(page)[0] == "ask-site-owner"
    # The same shape from another source is an ordinary web address.
    other = Finding(Category.PHONE, Severity.HIGH, "web", snippet, "e", "m", "v")
    assert location_kind(other) is LocationKind.WEB


# -- through the CLI --------------------------------------------------------------------

PROFILE_TOML = """
name = "Eleanor Whitcombe"
area = "Wickwar"
[private]
home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"
[public]
usernames = ["ewhitcombe"]
"""


PROFILE_NAME_ONLY = PROFILE_TOML.replace('usernames = ["ewhitcombe"]', "")


def _profile(tmp_path: Path, text: str = PROFILE_TOML) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(text)
    return path


def scan(profile: Path, out: Path, env: dict[str, str], *extra: str) -> Any:
    """`footprint scan PROFILE --only search`, the format from `out`'s suffix."""
    fmt = out.suffix.lstrip(".")
    args = ["scan", str(profile), "--only", "search", "--quiet", "--format", fmt, "-o", str(out)]
    return CliRunner().invoke(app, [*args, *extra], env=env)


class _Routes(dict):
    """SearXNG at /search, Brave at /res/v1/web/search, and the result pages, on one server
    reached as 127.0.0.1 and as localhost (two hosts: each stays within the client's per-host
    burst, so the test does not wait on politeness). Result URLs name the server's port, known
    only once it listens."""

    base = ""

    @property
    def other(self) -> str:
        return self.base.replace("127.0.0.1", "localhost")

    def get(self, key: str, default: Any = None) -> Any:
        hit = {
            "url": f"{self.base}/planning/P24-0417",
            "title": "P24/0417",
            "content": ADDRESS,
            "engine": "bing",
        }
        page = {"url": f"{self.other}/parish/fete", "title": "Fete", "description": "fete"}
        searx = {"query": "q", "results": [hit], "unresponsive_engines": []}
        brave = {"type": "search", "web": {"results": [page]}}
        routes = {
            "/search": (200, JSON, json.dumps(searx).encode()),
            "/res/v1/web/search": (200, JSON, json.dumps(brave).encode()),
            "/planning/P24-0417": (410, HTML, b"gone"),
            "/parish/fete": (200, HTML, b"<p>Ellie lives at 14 Larkspur Close, Wickwar.</p>"),
        }
        return routes.get(key, default)


def test_a_scan_through_the_cli_against_a_local_searxng_and_brave(tmp_path: Path) -> None:
    routes = _Routes()
    out = tmp_path / "report.json"
    with serve(routes) as (base, seen):
        routes.base = base
        env = {
            "SEARXNG_URL": base,
            "BRAVE_SEARCH_API_KEY": "bk-e2e-secret",
            "FOOTPRINT_SEARCH_BRAVE_URL": f"{routes.other}/res/v1",
        }
        result = scan(_profile(tmp_path, PROFILE_NAME_ONLY), out, env, "--allow-private")
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    [source] = report["sources"]
    assert (source["state"], source["checked"], source["total"]) == ("ok", 6, 6)  # 3 x 2
    searx = [s for s in seen if s.path.startswith("/search?")]
    brave = [s for s in seen if s.path.startswith("/res/v1/web/search?")]
    assert len(searx) == len(brave) == 3
    assert all(s.headers.get("X-Subscription-Token") == "bk-e2e-secret" for s in brave)
    # Each page fetched once, whichever queries found it; a gone page (410) is nothing more.
    paths = [s.path for s in seen]
    assert paths.count("/parish/fete") == paths.count("/planning/P24-0417") == 1
    findings = report["findings"]
    snippet = next(
        f for f in findings if f["location"].startswith("https://www.bing.com/search?q=")
    )
    assert snippet["category"] == "home_address" and snippet["severity"] == "high"
    assert snippet["location"].endswith(f"#{base}/planning/P24-0417")
    assert snippet["advice"][0] == "search-snippet"
    page = next(f for f in findings if f["location"] == f"{routes.other}/parish/fete")
    assert page["category"] == "home_address" and page["advice"][0] == "ask-site-owner"
    assert "bk-e2e-secret" not in out.read_text()


def test_without_a_backend_the_report_says_not_run_and_how_to_configure(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    env = {
        "SEARXNG_URL": "",
        "BRAVE_SEARCH_API_KEY": "",
        "MOJEEK_API_KEY": "",
        "GOOGLE_CSE_KEY": "",
        "GOOGLE_CSE_CX": "",
    }
    result = scan(_profile(tmp_path), out, env)
    text = out.read_text()
    assert "Not checked: search (no search backend configured: set SEARXNG\\_URL" in text
    assert result.exit_code == 3  # nothing at all could be checked: never a clear result
    as_json = tmp_path / "report.json"
    scan(_profile(tmp_path), as_json, env)
    [source] = json.loads(as_json.read_text())["sources"]
    assert (source["state"], source["reason"]) == ("not_run", Search().idle_reason(ScanOptions()))
    listed = CliRunner().invoke(app, ["scanners"], env={**env, "COLUMNS": "250"}).output
    assert "search (not run)" in listed
    assert "not run: no search backend configured: set SEARXNG_URL" in listed
    assert "optional: BRAVE_SEARCH_API_KEY (not set), MOJEEK_API_KEY (not set)" in listed


def test_footprint_plan_lists_every_query_per_backend_host(tmp_path: Path) -> None:
    env = {"SEARXNG_URL": "https://searx.example", "BRAVE_SEARCH_API_KEY": "k", "COLUMNS": "250"}
    result = CliRunner().invoke(app, ["plan", str(_profile(tmp_path)), "--only", "search"], env=env)
    assert result.exit_code == 0, result.output
    for host in ("searx.example", "api.search.brave.com"):
        for query in [*queries_for(NAME, "Wickwar"), '"ewhitcombe"']:
            assert f"{query!r} -> {host}" in result.output
    assert "Larkspur" not in result.output and "GL12" not in result.output


def test_a_bad_searxng_url_is_a_one_line_error_before_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["scan", str(_profile(tmp_path)), "--only", "search"], env={"SEARXNG_URL": "ftp://x"}
    )
    assert result.exit_code == 2
    assert result.output.strip() == (
        "footprint: error: SEARXNG_URL 'ftp://x': must be a web address starting with "
        "http:// or https://"
    )


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_report_says_the_snippet_is_on_the_search_engine(tmp_path: Path, fmt: str) -> None:
    routes = _Routes()
    out = tmp_path / f"report.{fmt}"
    with serve(routes) as (base, _):
        routes.base = base
        env = {"SEARXNG_URL": base, "BRAVE_SEARCH_API_KEY": ""}
        scan(_profile(tmp_path, PROFILE_NAME_ONLY), out, env, "--allow-private")
    text = out.read_text()
    assert "Get the search engine&#39;s copy removed or refreshed" in text or (
        "Get the search engine's copy removed or refreshed" in text
    )
    assert "search result" in text
    assert "Larkspur" not in text  # redacted, snippet and page alike


def test_footprint_plan_says_search_would_not_run_without_a_backend(tmp_path: Path) -> None:
    env = {"SEARXNG_URL": "", "BRAVE_SEARCH_API_KEY": "", "MOJEEK_API_KEY": "", "COLUMNS": "250"}
    result = CliRunner().invoke(app, ["plan", str(_profile(tmp_path)), "--only", "search"], env=env)
    assert result.exit_code == 0, result.output
    assert "search (not run: no search backend configured: set SEARXNG_URL" in result.output
    assert "sends nothing off this machine" in result.output


def test_through_the_cli_a_failing_backend_is_said_in_the_status_and_the_other_runs(
    tmp_path: Path,
) -> None:
    brave = {"type": "search", "web": {"results": []}}
    routes = {
        "/search": (403, HTML, b"<h1>403 Forbidden</h1>"),
        "/res/v1/web/search": (200, JSON, json.dumps(brave).encode()),
    }
    out = tmp_path / "report.json"
    with serve(routes) as (base, _):
        env = {
            "SEARXNG_URL": base,
            "BRAVE_SEARCH_API_KEY": "k-1234",
            "FOOTPRINT_SEARCH_BRAVE_URL": base.replace("127.0.0.1", "localhost") + "/res/v1",
        }
        result = scan(_profile(tmp_path, PROFILE_NAME_ONLY), out, env, "--allow-private")
    [source] = json.loads(out.read_text())["sources"]
    assert (source["state"], source["checked"], source["total"]) == ("partial", 3, 6)
    assert source["reason"].startswith(f"SearXNG: {JSON_OFF}; 3 search requests not checked")
    assert result.exit_code == 0  # half was checked: incomplete only below half
