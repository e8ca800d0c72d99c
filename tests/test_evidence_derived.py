"""Evidence records of findings from API answers and people-search pages, through the store:
each keeps the HTTP status, the address after a redirect and the body exactly as the (local)
server sent it, also when the document matched was text derived from it (RDAP JSON rendered
as text, one Companies House record, a search result's snippet); the export's hashes verify
against those bytes; nothing of the captured body reaches a report."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import FIXTURES
from local_server import serve
from rdap_answers import fixture, registered_to
from test_store_evidence import unzip, verify
from typer.testing import CliRunner

from footprint.cli import app
from footprint.kinds import Kind
from footprint.model import Document, Identifier
from footprint.scanner import ScanContext, ScanOptions
from footprint.store import Store
from scanners.people_search.sites import bundled_sites
from scanners.rdap import Rdap

runner = CliRunner()
JSON = {"Content-Type": "application/json"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
MARKER = "MARKER-ONLY-IN-THE-ANSWER"  # in the body as sent, never in the text matched
PROFILE = """name = "Eleanor Whitcombe"
area = "Wickwar"
[private]
home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"
date_of_birth = 1977-09-03
phones = ["07700 900461"]
"""
DOMAIN = "whitcombeforwickwar.example"


def moved(to: str) -> tuple[int, Mapping[str, str], bytes]:
    return (302, {"Location": to}, b"")


def scan(
    tmp_path: Path, only: str, env: dict[str, str], *extra: str, fmt: str = "json", code: int = 0
) -> Path:
    """`footprint scan --only ONLY` into a history database; the report's path."""
    (tmp_path / "me.toml").write_text(PROFILE + "".join(extra))
    report = tmp_path / f"r.{fmt}"
    result = runner.invoke(
        app,
        ["scan", str(tmp_path / "me.toml"), "--only", only, "--allow-private", "--quiet",
         "--db", str(tmp_path / "h.db"), "--format", fmt, "-o", str(report)],
        env=env,
    )  # fmt: skip
    assert result.exit_code == code, result.output
    return report


def proof(tmp_path: Path, category: str) -> Any:
    """The evidence row of the scan's first finding of `category`."""
    with Store.open(tmp_path / "h.db") as store:
        rows = {r["id"]: r for r in store.evidence(1)}
        found = [f for f in store.findings(1) if f["category"] == category]
        assert found, f"no {category} finding"
        return rows[found[0]["evidence_id"]]


def exported(tmp_path: Path) -> tuple[list[dict], dict[str, bytes]]:
    """The scan's evidence zip, its hashes verified; (manifest rows, files)."""
    out = tmp_path / "e.zip"
    done = runner.invoke(app, ["evidence", "export", "1", str(out), "--db", str(tmp_path / "h.db")])
    assert done.exit_code == 0, done.output
    rows, table, files = unzip(out)
    verify(rows, table, files)
    return rows, files


def assert_is_the_body_sent(tmp_path: Path, ev: Any, sent: bytes, media_type: str) -> None:
    assert ev["sha256"] == hashlib.sha256(sent).hexdigest() and ev["size"] == len(sent)
    assert bytes(ev["body"]) == sent and ev["media_type"] == media_type
    rows, files = exported(tmp_path)
    row = next(r for r in rows if r["file"] and r["body_sha256"] == ev["sha256"])
    assert files[row["file"]] == sent and row["sha256"] == hashlib.sha256(sent).hexdigest()
    assert row["file"].endswith(".json" if media_type == "application/json" else ".html")


# -- RDAP: contacts rendered as text from the JSON answer ----------------------------------------


def rdap_answer() -> bytes:
    answer = registered_to(DOMAIN)
    answer["port43"] = f"{MARKER}.example"  # not a contact: never in the text matched
    return json.dumps(answer, indent=1).encode()


def test_rdap_evidence_is_the_json_answer_after_the_redirect(tmp_path: Path) -> None:
    body = rdap_answer()
    routes = {
        f"/domain/{DOMAIN}": moved(f"/rdap/v1/domain/{DOMAIN}"),
        f"/rdap/v1/domain/{DOMAIN}": (200, {"Content-Type": "application/rdap+json"}, body),
    }
    with serve(routes) as (base, _):
        report = scan(tmp_path, "rdap", {"FOOTPRINT_RDAP_URL": base},
                      f'[public]\ndomains = ["{DOMAIN}"]\n')  # fmt: skip
    ev = proof(tmp_path, "phone")
    assert (ev["url"], ev["final_url"], ev["status"]) == (
        f"{base}/domain/{DOMAIN}", f"{base}/rdap/v1/domain/{DOMAIN}", 200,
    )  # fmt: skip
    assert ev["location"] == f"{base}/domain/{DOMAIN}"
    assert_is_the_body_sent(tmp_path, ev, body, "application/json")
    assert MARKER not in report.read_text()


async def test_rdap_evidence_of_a_thin_registry_is_the_registrars_answer() -> None:
    registry = f"https://rdap.example-registry.test/domain/{DOMAIN}"
    registrar = "https://rdap.registrar.test/rdap/domain/" + DOMAIN
    thin = fixture("verisign_com_domain_google.com.200.json")
    for link in thin["links"]:
        if link.get("rel") == "related":
            link["href"] = registrar
    sent = {registry: json.dumps(thin).encode(), registrar: rdap_answer()}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=sent[str(request.url)], headers=JSON)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        ctx = ScanContext(client, ScanOptions(), endpoint="https://rdap.example-registry.test")
        events = [e async for e in Rdap().scan(ctx, Identifier(Kind.DOMAIN, DOMAIN))]
    (doc,) = [e for e in events if isinstance(e, Document)]
    assert doc.location == registrar and doc.capture is not None
    assert (doc.capture.url, doc.capture.status) == (registrar, 200)
    assert doc.capture.body == sent[registrar] and doc.capture.media_type == "application/json"
    assert MARKER.encode() not in doc.content  # the text matched is derived, the body is not


@pytest.mark.parametrize("fmt", ["html", "md", "csv"])
def test_a_captured_answer_never_reaches_a_report(tmp_path: Path, fmt: str) -> None:
    routes = {f"/domain/{DOMAIN}": (200, JSON, rdap_answer())}
    with serve(routes) as (base, _):
        report = scan(tmp_path, "rdap", {"FOOTPRINT_RDAP_URL": base},
                      f'[public]\ndomains = ["{DOMAIN}"]\n', fmt=fmt)  # fmt: skip
    assert proof(tmp_path, "phone")["status"] == 200  # the finding is there, with its evidence
    assert MARKER not in report.read_text()


# -- Companies House: one record of an appointments answer, or the search page ----------------


def _load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / "companies_house" / name).read_text())


def officer_search() -> bytes:
    data = _load("search_officers_recent.json")
    item = copy.deepcopy(data["items"][0])
    item.update(title="Eleanor WHITCOMBE", date_of_birth={"month": 9, "year": 1977},
                address={"address_line_1": "Station Road", "locality": "Yate",
                         "postal_code": "BS37 4AB"})  # fmt: skip
    item["links"]["self"] = "/officers/zzWhitcombeEleanorJane00001/appointments"
    data.update(items=[item], total_results=1, etag=MARKER)
    return json.dumps(data).encode()


def officer_appointments() -> bytes:
    data = _load("officer_appointments_recent.json")
    data.update(name="Eleanor WHITCOMBE", date_of_birth={"month": 9, "year": 1977}, etag=MARKER)
    data["items"][0].update(name="Eleanor WHITCOMBE", address={
        "premises": "14", "address_line_1": "Larkspur Close", "locality": "Wickwar",
        "postal_code": "GL12 8QX"})  # fmt: skip
    return json.dumps(data).encode()


@pytest.mark.parametrize("appointments_read", [True, False])
def test_companies_house_evidence_is_the_api_answer_after_the_redirect(
    tmp_path: Path, appointments_read: bool
) -> None:
    search, appointments = officer_search(), officer_appointments()
    officer = "/officers/zzWhitcombeEleanorJane00001/appointments"
    routes = {
        "/search/officers": moved("/v2/search/officers"),
        "/v2/search/officers": (200, JSON, search),
        officer: moved("/v2" + officer),
        # Appointments not read: the officer is judged on the search page instead.
        "/v2" + officer: (200, JSON, appointments) if appointments_read else (404, JSON, b"{}"),
    }
    with serve(routes) as (base, _):
        env = {"FOOTPRINT_COMPANIES_HOUSE_URL": base, "COMPANIES_HOUSE_API_KEY": "fake-ch-key"}
        report = scan(tmp_path, "companies_house", env)
    ev = proof(tmp_path, "date_of_birth")
    path, sent = (officer, appointments) if appointments_read else ("/search/officers", search)
    assert ev["url"].startswith(f"{base}{path}?") and ev["final_url"] == f"{base}/v2{path}"
    assert ev["status"] == 200
    assert_is_the_body_sent(tmp_path, ev, sent, "application/json")
    assert MARKER not in report.read_text()
    assert "fake-ch-key" not in ev["url"]


# -- people-search sites: the results page itself ---------------------------------------------


def test_people_search_evidence_is_the_listing_page_after_the_redirect(tmp_path: Path) -> None:
    listing = (
        b"<html><body><h2>Eleanor Whitcombe</h2><p>Age guide: 45-49</p>"
        b"<p>14 Larkspur Close, Wickwar, GL12 8QX</p></body></html>"
    )
    none = b"<p>No results found for Eleanor Whitcombe.</p>"
    routes: dict[str, Any] = {"/listing/192": (200, HTML, listing)}
    for site in bundled_sites():
        parts = httpx.URL(site.search_url("Eleanor Whitcombe", "Wickwar"))
        routes[f"/{parts.host}{parts.raw_path.decode()}"] = (
            moved("/listing/192") if site.host == "www.192.com" else (200, HTML, none)
        )
    (asked,) = [path for path, answer in routes.items() if answer[0] == 302]
    with serve(routes) as (base, _):
        # Exit 3: the unconfirmed sites' "no results" is not an answer (not all checked).
        scan(tmp_path, "people_search", {"FOOTPRINT_PEOPLE_SEARCH_URL": base}, code=3)
    ev = proof(tmp_path, "home_address")
    assert (ev["url"], ev["final_url"], ev["status"]) == (
        base + asked, f"{base}/listing/192", 200,
    )  # fmt: skip
    assert_is_the_body_sent(tmp_path, ev, listing, "text/html")


# -- web search: a result's snippet, from the search API's answer ------------------------------


def test_search_snippet_evidence_is_the_api_answer_with_the_key_masked(tmp_path: Path) -> None:
    key = "mk-secret-key-0042"
    routes: dict[str, Any] = {}  # filled once the server's address is known
    with serve(routes) as (base, seen):
        other = base.replace("127.0.0.1", "localhost")  # a second host: no politeness wait
        page = f"{base}/planning/P24-0417"
        answer = json.loads((FIXTURES / "search" / "mojeek_from_schema.json").read_text())
        answer["response"]["head"]["query"] = MARKER
        answer["response"]["results"] = [
            {"url": page, "title": "P24/0417", "desc": "Ellie, 14 Larkspur Close, Wickwar"}
        ]
        sent = json.dumps(answer).encode()
        routes["/search"] = moved(f"{other}/mojeek/search")
        routes["/mojeek/search"] = (200, JSON, sent)
        routes["/planning/P24-0417"] = (410, HTML, b"gone")
        env = {"FOOTPRINT_SEARCH_MOJEEK_URL": base, "MOJEEK_API_KEY": key}
        report = scan(tmp_path, "search", env)
    assert any(key in s.path for s in seen)  # the key was sent, in the query string
    ev = proof(tmp_path, "home_address")
    assert ev["location"].startswith("https://www.mojeek.com/search?q=")
    assert ev["url"].startswith(f"{base}/search?") and ev["final_url"] == f"{other}/mojeek/search"
    assert ev["status"] == 200 and key not in ev["url"] and "api_key=•••" in ev["url"]
    assert_is_the_body_sent(tmp_path, ev, sent, "application/json")
    assert MARKER not in report.read_text() and key not in report.read_text()
