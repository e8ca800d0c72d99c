"""The companies_house scanner against Companies House's documented answers (recorded samples
in tests/fixtures/companies_house/, with the fictional candidate written into copies): found,
a namesake, a refused key, the rate limit, malformed answers, bounds, the plan, and the CLI
against a local server. No test touches the internet."""

from __future__ import annotations

import copy
import datetime
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from footprint.cli import app
from footprint.extract import extract
from footprint.kinds import Kind
from footprint.matcher import Matcher
from footprint.model import Category, Document, Identifier
from footprint.profile import parse_profile
from footprint.scanner import Checked, Event, ScanContext, ScanOptions, Skipped, SourceFailed, Work
from scanners.companies_house import MAX_OFFICERS, PER_PAGE, REGISTER, CompaniesHouse

CH = FIXTURES / "companies_house"
KEY = "fake-ch-key"
ENV = {"COMPANIES_HOUSE_API_KEY": KEY}
NAME = Identifier(Kind.NAME, "Eleanor Whitcombe")
PROFILE = parse_profile(
    {
        "name": "Eleanor Whitcombe",
        "private": {
            "home_address": "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX",
            "date_of_birth": datetime.date(1977, 9, 3),
        },
    }
)
SUBJECT_ID = "zzWhitcombeEleanorJane00001"
NAMESAKE_ID = "zzFictionalOfficerId0000999"
HOME = {"premises": "14", "address_line_1": "Larkspur Close", "locality": "Wickwar",
        "postal_code": "GL12 8QX"}  # fmt: skip
ELSEWHERE = {"address_line_1": "Station Road", "locality": "Yate", "postal_code": "BS37 4AB"}
Handler = Callable[[httpx.Request], httpx.Response]


def load(name: str) -> Any:
    return json.loads((CH / name).read_text())


def search_page(*people: tuple[str, dict[str, int], dict[str, str]]) -> dict[str, Any]:
    data = load("search_officers_recent.json")
    template = data["items"][0]
    data["items"] = []
    for officer_id, dob, address in people:
        item = copy.deepcopy(template)
        item.update(title="Eleanor WHITCOMBE", date_of_birth=dob, address=address,
                    description="Total number of appointments 1")  # fmt: skip
        item["links"]["self"] = f"/officers/{officer_id}/appointments"
        data["items"].append(item)
    data["total_results"] = len(people)
    return data


def appointments(dob: dict[str, int], address: dict[str, str]) -> dict[str, Any]:
    data = load("officer_appointments_recent.json")
    data.update(name="Eleanor WHITCOMBE", date_of_birth=dob)
    data["items"][0].update(name="Eleanor WHITCOMBE", address=address)
    return data


SUBJECT = (SUBJECT_ID, {"month": 9, "year": 1977}, ELSEWHERE)
NAMESAKE = (NAMESAKE_ID, {"month": 9, "year": 1962}, ELSEWHERE)
ANSWERS = {
    SUBJECT_ID: appointments({"month": 9, "year": 1977}, HOME),
    NAMESAKE_ID: appointments({"month": 9, "year": 1962}, ELSEWHERE),
}


def answer(status: int, body: object = b"", **headers: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers={"content-type": "application/json",
                                                              **headers})  # fmt: skip


def register(search: dict[str, Any]) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/search/officers":
            return answer(200, search)
        officer = request.url.path.split("/")[2]
        return answer(200, ANSWERS[officer]) if officer in ANSWERS else answer(404)

    return handle


async def run(handler: Handler) -> tuple[list[Event], list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    shared = ScanContext(httpx.AsyncClient(transport=httpx.MockTransport(record)),
                         ScanOptions(env=ENV))  # fmt: skip
    scanner = CompaniesHouse()
    async with shared.client:
        events = [e async for e in scanner.scan(scanner.context(shared), NAME)]
    return events, seen


def judged(events: list[Event]) -> list[tuple[str, Category, str]]:
    matcher = Matcher(PROFILE)
    return [
        (e.location, h.category, h.evidence)
        for e in events
        if isinstance(e, Document)
        for h in matcher.match(extract(e))
    ]


def of(events: list[Event], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


async def test_the_subjects_birth_month_and_home_address_are_found_with_the_company() -> None:
    events, seen = await run(register(search_page(SUBJECT, NAMESAKE)))
    first = seen[0]
    assert first.url.path == "/search/officers" and first.url.params["q"] == "Eleanor Whitcombe"
    assert first.headers["authorization"] == "Basic ZmFrZS1jaC1rZXk6"  # "fake-ch-key:"
    paths = [r.url.path for r in seen[1:]]
    assert paths == [f"/officers/{i}/appointments" for i in (SUBJECT_ID, NAMESAKE_ID)]
    found = judged(events)
    company = "https://find-and-update.company-information.service.gov.uk/company/03977902/officers"
    at_company = {(c, "GOOGLE UK LIMITED" in ev or "director" in ev) for loc, c, ev in found
                  if loc == company}  # fmt: skip
    assert at_company == {(Category.DATE_OF_BIRTH, True), (Category.HOME_ADDRESS, True)}
    # the search page shows the subject's month and year too; never the namesake's 1962
    assert all("1962" not in ev for _, _, ev in found)
    assert len(of(events, Checked)) == 3 and of(events, Skipped) == []
    assert sum(w.total for w in of(events, Work)) == 3


async def test_an_officer_read_in_full_is_reported_at_the_company_not_again_at_the_search() -> None:
    events, _ = await run(register(search_page(SUBJECT, NAMESAKE)))
    locations = {loc for loc, _, _ in judged(events)}
    assert locations and all("/company/" in loc for loc in locations)


async def test_an_officer_whose_appointments_failed_is_judged_on_the_search_page() -> None:
    search = search_page(SUBJECT, NAMESAKE)

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/search/officers":
            return answer(200, search)
        return answer(503)

    events, _ = await run(handle)
    found = judged(events)
    assert {c for _, c, _ in found} >= {Category.DATE_OF_BIRTH}
    assert all(loc.startswith(REGISTER + "/search/officers") for loc, _, _ in found)
    assert len(of(events, Skipped)) == 2  # each failed appointments request is said


async def test_a_namesake_with_no_matching_detail_makes_no_finding() -> None:
    events, _ = await run(register(search_page(NAMESAKE)))
    assert of(events, Document) and judged(events) == []


async def test_a_refused_key_fails_the_source() -> None:
    body = (CH / "error_401_invalid_authorization.json").read_bytes()
    with pytest.raises(SourceFailed, match="COMPANIES_HOUSE_API_KEY was refused"):
        await run(lambda r: answer(401, body))


async def test_429_is_a_skipped_request_with_when_to_try_again() -> None:
    events, _ = await run(
        lambda r: answer(429, b"", **{"X-Ratelimit-Remain": "0", "X-Ratelimit-Reset": "1764590000"})
    )
    (skipped,) = of(events, Skipped)
    assert "rate limit" in skipped.reason and "1764590000" in skipped.reason
    assert of(events, Checked) == [] and of(events, Document) == []


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"items": 3}', b"\xff\xfe"])
async def test_a_malformed_answer_is_skipped_never_an_all_clear(body: bytes) -> None:
    events, _ = await run(lambda r: answer(200, body))
    assert len(of(events, Skipped)) == 1 and of(events, Checked) == []


async def test_officers_and_pages_are_bounded_and_the_rest_is_said() -> None:
    people = [(f"zzFictionalOfficerId{n:07d}", {"month": 1, "year": 1950}, ELSEWHERE)
              for n in range(MAX_OFFICERS + 5)]  # fmt: skip
    search = search_page(*people)
    search["total_results"] = 10000

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/search/officers":
            return answer(200, search)
        return answer(200, appointments({"month": 1, "year": 1950}, ELSEWHERE))

    events, seen = await run(handle)
    searches = [r for r in seen if r.url.path == "/search/officers"]
    assert [r.url.params["start_index"] for r in searches] == ["0", str(PER_PAGE)]
    assert len(seen) - len(searches) == MAX_OFFICERS
    reasons = " | ".join(s.reason for s in of(events, Skipped))
    assert "5 more officers' appointments not read" in reasons
    assert "more officers named like this not read" in reasons


def test_plan_lists_each_name_to_the_api_host() -> None:
    scanner = CompaniesHouse()
    alias = Identifier(Kind.NAME, "Ellie Whitcombe")
    options = ScanOptions(env=ENV)
    assert scanner.planned(alias, options) == [
        ("Ellie Whitcombe", "api.company-information.service.gov.uk")]  # fmt: skip
    moved = ScanOptions(env={**ENV, "FOOTPRINT_COMPANIES_HOUSE_URL": "http://127.0.0.1:9"})
    assert scanner.planned(NAME, moved) == [("Eleanor Whitcombe", "127.0.0.1")]
    assert scanner.host_rate(ENV) == ("api.company-information.service.gov.uk", 2.0, 20)


# -- the command line, end to end against a local server ---------------------------------------


class Register(BaseHTTPRequestHandler):
    log: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Register.log.append((self.path, self.headers.get("authorization", "")))
        url = urlsplit(self.path)
        if url.path == "/search/officers" and parse_qs(url.query)["q"] == ["Eleanor Whitcombe"]:
            data: object = search_page(SUBJECT, NAMESAKE)
        else:
            officer = url.path.split("/")[2] if url.path.startswith("/officers/") else ""
            data = ANSWERS.get(officer, {"items": [], "total_results": 0})
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def companies_house(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    Register.log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Register)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv(
        "FOOTPRINT_COMPANIES_HOUSE_URL", f"http://127.0.0.1:{httpd.server_address[1]}"
    )
    monkeypatch.setenv("COMPANIES_HOUSE_API_KEY", KEY)
    try:
        yield Register.log
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_cli_scan_finds_the_officer_record_and_advises(
    tmp_path: Path, companies_house: list
) -> None:
    me = tmp_path / "me.toml"
    me.write_text('name = "Eleanor Whitcombe"\n[private]\n'
                  'home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"\n'
                  'date_of_birth = 1977-09-03\n')  # fmt: skip
    out = tmp_path / "report.json"
    args = ["scan", str(me), "--only", "companies_house", "--allow-private", "--format", "json",
            "-o", str(out), "--quiet"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert companies_house[0][0].startswith("/search/officers?q=Eleanor+Whitcombe")
    report = json.loads(out.read_text())
    found = {(f["category"], f["location"].split("/")[-2]) for f in report["findings"]}
    assert ("date_of_birth", "03977902") in found and ("home_address", "03977902") in found
    advice = {a for f in report["findings"] for a in f["advice"]}
    assert "companies-house-protect" in advice
    assert KEY not in out.read_text() and "Larkspur" not in out.read_text()
