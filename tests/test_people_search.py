"""The people_search scanner: its site list's schema, each answer of a results page, the
plan, and one scan through the CLI against a local server."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from local_server import serve
from typer.testing import CliRunner

from footprint.cli import app
from footprint.kinds import Kind
from footprint.model import Document, Identifier
from footprint.scanner import Checked, Event, ScanContext, ScanOptions, Skipped, Work
from scanners.people_search import UNCONFIRMED, PeopleSearch, site_url
from scanners.people_search.sites import BUNDLED, Site, SitesError, bundled_sites, load_sites

NAME = Identifier(Kind.NAME, "Eleanor Whitcombe")
HTML = {"content-type": "text/html; charset=utf-8"}
LISTING = b"<h1>1 result</h1><p>Eleanor Whitcombe, age guide 45-49, Wickwar, GL12</p>"
NONE = b"<p>No results found for Eleanor Whitcombe.</p>"
Handler = Callable[[httpx.Request], httpx.Response]


def a_site(**changes: Any) -> Site:
    base = bundled_sites()[0]
    return Site(**{**base.__dict__, **changes})


async def run(handler: Handler, sites: tuple[Site, ...], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("scanners.people_search.bundled_sites", lambda: sites)
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
        ctx = ScanContext(client, ScanOptions(area="Wickwar"))
        events: list[Event] = [e async for e in PeopleSearch().scan(ctx, NAME)]
    return events, seen


def of(events: list[Event], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


# ---------------------------------------------------------------- the site list's schema


def test_the_bundled_site_list_is_valid_and_sourced() -> None:
    sites = load_sites(BUNDLED)
    assert {s.host for s in sites} >= {"www.192.com", "www.ukphonebook.com", "thephonebook.bt.com"}
    for site in sites:
        assert "{name}" in site.search and site.source and site.checked <= dt.date(2026, 12, 1)
        assert site.optout.startswith("https://") and site.optout_steps
        assert not site.unconfirmed or site.note  # an unconfirmed format says what is known


ENTRY = """
[[site]]
name = "Example"
host = "people.example"
search = "https://people.example/s?n={name}&t={town}"
listed = 'age guide'
no_results = 'no results'
optout = "https://people.example/optout"
optout_steps = "Use the form."
source = "https://people.example/help"
checked = 2026-12-01
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("search", '"https://people.example/s?t={town}"'), "search must hold {name}"),
        (("search", '"https://people.example/s?n={name}&x={dob}"'), "search must hold {name}"),
        (("search", '"http://people.example/s?n={name}"'), "https:// address on people.example"),
        (("search", '"https://elsewhere.example/s?n={name}"'), "https:// address on"),
        (("listed", "'(unclosed'"), "listed is not a regular expression"),
        (("optout", '"mailto:x@people.example"'), "optout must be an https:// address"),
        (("source", '"ftp://people.example/"'), "source must be one or more https://"),
        (("checked", '"yesterday"'), "checked must be a date"),
        (("unconfirmed", "true"), "an unconfirmed site needs a note"),
        (("name", '""'), "name is required"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_site_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    key, value = change
    lines = [ln for ln in ENTRY.splitlines() if not ln.startswith(f"{key} =")]
    path = tmp_path / "sites.toml"
    path.write_text("\n".join([*lines, f"{key} = {value}"]) + "\n")
    with pytest.raises(SitesError, match=message.replace("{", r"\{").replace("}", r"\}")) as exc:
        load_sites(path)
    assert str(exc.value).startswith("sites.toml: site[0]")


def test_a_good_entry_loads_and_encodes_name_and_town(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(ENTRY)
    [site] = load_sites(path)
    assert site.search_url("Eleanor Whitcombe", "Chipping Sodbury & Yate") == (
        "https://people.example/s?n=Eleanor+Whitcombe&t=Chipping+Sodbury+%26+Yate"
    )


# ---------------------------------------------------------------- answers


async def test_a_listing_goes_to_the_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    site = a_site(unconfirmed=False)
    events, seen = await run(
        lambda r: httpx.Response(200, headers=HTML, content=LISTING), (site,), monkeypatch
    )
    [request] = seen
    assert str(request.url) == site.search_url("Eleanor Whitcombe", "Wickwar")
    assert "Wickwar" in str(request.url) and "Eleanor+Whitcombe" in str(request.url)
    assert of(events, Work) == [Work(1, "lookup")] and len(of(events, Checked)) == 1
    [doc] = of(events, Document)
    assert doc.content == LISTING and doc.media_type == "text/html" and doc.parent == NAME


async def test_no_results_on_a_confirmed_site_is_not_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events, _ = await run(
        lambda r: httpx.Response(200, headers=HTML, content=NONE),
        (a_site(unconfirmed=False),),
        monkeypatch,
    )
    assert len(of(events, Checked)) == 1 and not of(events, Document) + of(events, Skipped)


async def test_no_results_on_an_unconfirmed_site_is_never_not_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events, _ = await run(
        lambda r: httpx.Response(200, headers=HTML, content=NONE),
        (a_site(unconfirmed=True, note="n"),),
        monkeypatch,
    )
    assert not of(events, Checked)
    [skipped] = of(events, Skipped)
    assert skipped.reason.endswith(UNCONFIRMED) and "not listed" not in skipped.reason


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (403, b"Forbidden", "blocked (HTTP 403)"),
        (429, b"Too many", "rate limited (HTTP 429)"),
        (500, b"oops", "answered HTTP 500"),
        (200, b"<p>Please complete the captcha</p>", "neither a listing nor 'no results'"),
    ],
)
async def test_a_page_not_understood_is_skipped_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, status: int, body: bytes, reason: str
) -> None:
    headers = {**HTML, "retry-after": "3600"} if status == 429 else HTML
    events, seen = await run(
        lambda r: httpx.Response(status, headers=headers, content=body),
        (a_site(unconfirmed=False),),
        monkeypatch,
    )
    assert len(seen) == 1  # a block or rate limit is not hammered
    [skipped] = of(events, Skipped)
    assert reason in skipped.reason and not of(events, Checked) + of(events, Document)


async def test_a_transport_error_is_skipped_and_the_next_site_still_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "www.192.com":
            raise httpx.ConnectError("refused")
        return httpx.Response(200, headers=HTML, content=LISTING)

    sites = (a_site(), a_site(host="other.example", search="https://other.example/?q={name}"))
    events, seen = await run(handler, sites, monkeypatch)
    assert len(seen) == 2 and "error (ConnectError)" in of(events, Skipped)[0].reason
    assert len(of(events, Document)) == 1


def test_the_override_keeps_each_site_apart() -> None:
    site = bundled_sites()[0]
    url = site_url(site, "Eleanor Whitcombe", "Wickwar", "http://127.0.0.1:9/")
    assert (
        url
        == "http://127.0.0.1:9/www.192.com/people/search/?name=Eleanor+Whitcombe&location=Wickwar"
    )


# ---------------------------------------------------------------- plan and CLI

PROFILE_TOML = """
name = "Eleanor Whitcombe"
area = "Wickwar"
[private]
home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"
family = ["Daniel Whitcombe"]
"""


def test_plan_lists_each_site_search_per_name() -> None:
    planned = PeopleSearch().planned(NAME, ScanOptions(area="Wickwar"))
    assert planned == [
        (s.search_url("Eleanor Whitcombe", "Wickwar"), s.host) for s in bundled_sites()
    ]
    assert PeopleSearch().planned(Identifier(Kind.EMAIL, "a@b.example"), ScanOptions()) == []


def test_footprint_plan_shows_the_searches(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(PROFILE_TOML)
    result = CliRunner().invoke(
        app, ["plan", str(path), "--only", "people_search"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert "name=Eleanor+Whitcombe&location=Wickwar" in result.output
    assert "-> www.192.com" in result.output and "Larkspur" not in result.output


def test_a_scan_through_the_cli_against_a_local_server(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(PROFILE_TOML)
    listing = (
        b"<html><body><h2>Eleanor Whitcombe</h2><p>Age guide: 45-49</p><p>Wickwar, GL12</p>"
        b"<p>Other occupants: Daniel Whitcombe</p></body></html>"
    )
    routes = {}
    for site in bundled_sites():
        parts = httpx.URL(site.search_url("Eleanor Whitcombe", "Wickwar"))
        key = f"/{parts.host}{parts.raw_path.decode()}"
        routes[key] = (200, HTML, listing if "192" in site.host else NONE)
    out = tmp_path / "report.json"
    with serve(routes) as (base, seen):
        result = CliRunner().invoke(
            app,
            [
                *("scan", str(path), "--only", "people_search", "--allow-private", "--quiet"),
                *("--format", "json", "-o", str(out)),
            ],
            env={"FOOTPRINT_PEOPLE_SEARCH_URL": base},
        )
    assert out.exists(), result.output
    assert sorted(s.path for s in seen) == sorted(routes)
    assert not any("Larkspur" in s.path or "8QX" in s.path for s in seen)
    report = json.loads(out.read_text())
    [source] = report["sources"]
    assert (source["state"], source["checked"], source["total"]) == ("partial", 1, 3)
    assert all(s["reason"].endswith(UNCONFIRMED) for s in source["skipped"])
    found = {f["category"] for f in report["findings"] if "www.192.com" in f["location"]}
    assert {"family", "home_address"} <= found


def test_every_site_gets_the_people_finder_opt_out_advice() -> None:
    from reports.advice import load_catalogue

    rules = [r for r in load_catalogue().rules if "people-finder-opt-out" in r.advice]
    for site in bundled_sites():
        assert any(
            site.host == h or site.host.endswith("." + h) for r in rules for h in r.hosts or ()
        ), site.host
