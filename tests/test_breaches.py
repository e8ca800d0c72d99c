"""The breaches scanner (Have I Been Pwned v3) against its documented answers: found, not found,
a refused key, rate limits, malformed bodies, bounds, what `plan` lists with and without
consent, and the whole CLI against a local server. No test touches the internet."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

import httpx
import pytest
from cli_errors import one_line_error
from typer.testing import CliRunner

from footprint.cli import app
from footprint.consent import CONSENTED_VIA, consented_checks
from footprint.engine import Engine, ScanResult
from footprint.kinds import Kind
from footprint.model import Category, Finding, Identifier, Severity, SourceState, SourceStatus
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.privacy import PrivateForms
from footprint.profile import Profile, parse_profile
from footprint.run import ScanRequest, net_settings
from footprint.scanner import Checked, Event, ScanContext, ScanOptions, Skipped, Work
from footprint.seeds import scan_seeds
from reports import build_report, render
from scanners.breaches import MAX_BREACHES, MAX_CLASSES, MAX_TEXT, Breaches, parse_breaches

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hibp"
FULL = (FIXTURES / "breachedaccount_full_from_schema.json").read_bytes()
TRUNCATED = (FIXTURES / "breachedaccount_truncated.json").read_bytes()
BAD_KEY = (FIXTURES / "error_401_invalid_key.json").read_bytes()
RATE_LIMITED = (FIXTURES / "error_429_rate_limited.json").read_bytes()

KEY = "0123456789abcdef0123456789abcdef"  # fake, shaped like a real key
ENV = {"HIBP_API_KEY": KEY}
PUBLIC_EMAIL = "eleanor@whitcombeforwickwar.example"
PRIVATE_EMAIL = "ellie.whitcombe77@example.net"
PUBLIC = Identifier(Kind.EMAIL, PUBLIC_EMAIL)
PROFILE = {
    "name": "Eleanor Whitcombe",
    "private": {"emails": [PRIVATE_EMAIL], "phones": ["07700 900461"]},
    "public": {"emails": [PUBLIC_EMAIL]},
}
Handler = Callable[[httpx.Request], httpx.Response]


def profile(**changes: Any) -> Profile:
    return parse_profile({**PROFILE, **changes})


def answer(status: int, body: bytes = b"", **headers: str) -> httpx.Response:
    return httpx.Response(
        status, content=body, headers={"content-type": "application/json", **headers}
    )


async def run(
    handler: Handler, identifier: Identifier = PUBLIC
) -> tuple[list[Event], list[httpx.Request]]:
    """The scanner alone, over a plain mock client."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    shared = ScanContext(
        httpx.AsyncClient(transport=httpx.MockTransport(record)), ScanOptions(env=ENV)
    )
    scanner = Breaches()
    async with shared.client:
        events = [e async for e in scanner.scan(scanner.context(shared), identifier)]
    return events, seen


def of(events: list[Event], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


class FakeTime:
    """A clock that moves only when the client sleeps (retry waits, rate-limit waits)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def scan(
    handler: Handler,
    subject: Profile | None = None,
    consent: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> tuple[ScanResult, FakeTime, list[httpx.Request]]:
    """Through the engine and the client as `footprint scan` builds them (rates, retries,
    wire guard, consent), on a fake clock."""
    subject = subject or profile()
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    options = ScanOptions(env=env or ENV, consent=consent)
    request = ScanRequest(subject, [Breaches()], options, NetSettings())
    fake, counter = FakeTime(), RequestCounter()
    async with build_client(
        net_settings(request),
        httpx.MockTransport(record),
        counter,
        private=PrivateForms(subject).find,
        consented=consented_checks(subject, request.scanners, options),
        sleep=fake.sleep,
        clock=fake.clock,
    ) as client:
        engine = Engine(subject, request.scanners, ScanContext(client, options), counter)
        result = await engine.run(scan_seeds(subject, options), timeout=10)
    return result, fake, seen


# -- found -------------------------------------------------------------------------------------


async def test_found_breaches_are_findings_with_names_dates_and_data_classes() -> None:
    events, seen = await run(lambda r: answer(200, FULL))
    (request,) = seen
    assert (
        request.url.raw_path
        == b"/api/v3/breachedaccount/eleanor%40whitcombeforwickwar.example?truncateResponse=false"
    )
    assert request.url.host == "haveibeenpwned.com"
    assert request.headers["hibp-api-key"] == KEY
    assert of(events, Work) == [Work(1, "email")] and of(events, Checked) == [Checked(PUBLIC_EMAIL)]
    adobe, stealer = of(events, Finding)
    assert adobe.category is Category.BREACH and adobe.source == "breaches"
    assert adobe.location == "https://haveibeenpwned.com/Breach/Adobe"
    assert adobe.evidence == (
        f"{PUBLIC_EMAIL} is in the Adobe breach (2013-10-04). "
        "Exposed: Email addresses, Password hints, Passwords, Usernames"
    )
    assert adobe.evidence[slice(*adobe.span)] == PUBLIC_EMAIL
    assert adobe.severity is Severity.HIGH and "passwords" in adobe.note
    assert (adobe.matched, adobe.value) == ("public.emails", PUBLIC_EMAIL)
    assert adobe.provenance == (f"email {PUBLIC_EMAIL}", "breaches (Have I Been Pwned)")
    assert stealer.location == "https://haveibeenpwned.com/Breach/AlienStealerLogs"
    assert "ALIEN TXTBASE Stealer Logs breach (2025-02-15)" in stealer.evidence
    assert "stealer logs" in stealer.note


async def test_the_shared_client_sends_its_user_agent() -> None:
    result, _, seen = await scan(lambda r: answer(404))
    assert seen[0].headers["user-agent"].startswith("footprint/")
    assert status(result).state is SourceState.OK


def test_severity_follows_the_data_exposed() -> None:
    def one(**fields: Any) -> Severity:
        from scanners.breaches import severity

        (breach,) = parse_breaches(json.dumps([{"Name": "X", **fields}]).encode()) or []
        return severity(breach)

    assert one(DataClasses=["Email addresses", "Passwords"]) is Severity.HIGH
    assert one(DataClasses=["Email addresses", "Security questions and answers"]) is Severity.HIGH
    assert one(DataClasses=["Email addresses", "Names"]) is Severity.MEDIUM
    assert one(DataClasses=["Email addresses"], IsSpamList=True) is Severity.LOW
    assert one(DataClasses=["Email addresses"], IsFabricated=True) is Severity.LOW


async def test_a_truncated_answer_is_read_by_name() -> None:
    events, _ = await run(lambda r: answer(200, TRUNCATED))
    findings = of(events, Finding)
    assert [f.location.rsplit("/", 1)[1] for f in findings] == [
        "Dropbox", "Apollo", "db8151dd", "Gravatar", "DemandScience",
    ]  # fmt: skip
    assert "(date not given). Exposed: not listed" in findings[0].evidence
    assert findings[0].severity is Severity.MEDIUM


def test_optional_fields_may_be_missing_or_null() -> None:
    body = [{"Name": "A b", "Title": None, "BreachDate": "someday", "DataClasses": None}]
    (breach,) = parse_breaches(json.dumps(body).encode()) or []
    assert (breach.title, breach.date, breach.data_classes) == ("A b", "", ())


# -- not found, refused key, other errors ------------------------------------------------------


async def test_not_found_404_is_checked_with_no_finding() -> None:
    events, _ = await run(lambda r: answer(404))
    assert of(events, Finding) == [] and of(events, Skipped) == []
    assert of(events, Checked) == [Checked(PUBLIC_EMAIL)]


async def test_a_refused_key_401_fails_the_source_with_one_clear_reason() -> None:
    result, _, seen = await scan(lambda r: answer(401, BAD_KEY))
    breaches = status(result)
    assert breaches.state is SourceState.FAILED
    assert breaches.reason.startswith("HIBP_API_KEY was refused (401)")
    assert KEY not in breaches.reason and len(seen) == 1  # a 401 is not retried
    assert result.findings == []


async def test_another_error_status_is_an_unchecked_address() -> None:
    result, _, _ = await scan(lambda r: answer(403, b"no user agent"))
    assert status(result).state is SourceState.FAILED
    assert status(result).skipped_items == [(PUBLIC_EMAIL, "Have I Been Pwned answered HTTP 403")]


async def test_a_network_error_is_an_unchecked_address() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    events, _ = await run(down)
    (skipped,) = of(events, Skipped)
    assert skipped.reason == "Have I Been Pwned could not be asked: ReadTimeout: timed out"
    assert of(events, Checked) == []


# -- rate limits -------------------------------------------------------------------------------


async def test_429_waits_the_retry_after_then_reads_the_answer() -> None:
    answers = iter([answer(429, RATE_LIMITED, **{"retry-after": "2"}), answer(200, FULL)])
    result, fake, seen = await scan(lambda r: next(answers))
    assert len(seen) == 2 and 2.0 in fake.slept
    assert status(result).state is SourceState.OK
    assert len(result.findings) == 2


async def test_429_asking_for_longer_than_we_wait_leaves_the_address_unchecked() -> None:
    result, fake, seen = await scan(lambda r: answer(429, RATE_LIMITED, **{"retry-after": "3600"}))
    assert len(seen) == 1 and 3600.0 not in fake.slept  # not retried early, not waited for
    breaches = status(result)
    assert breaches.state is SourceState.FAILED
    reason = "Have I Been Pwned's rate limit for this key was reached (429)"
    assert breaches.skipped_items == [(PUBLIC_EMAIL, f"{reason}; it asked to wait 3600 s")]


async def test_requests_keep_to_the_smallest_subscriptions_rate() -> None:
    two = profile(public={"emails": [PUBLIC_EMAIL, "agent@whitcombeforwickwar.example"]})
    request = ScanRequest(two, [Breaches()], ScanOptions(env=ENV), NetSettings())
    assert net_settings(request).rate_for("haveibeenpwned.com") == (10 / 60, 1)
    result, fake, seen = await scan(lambda r: answer(404), two)
    assert len(seen) == 2 and status(result).checked == 2
    # 10 a minute, no burst: the second request waited six seconds for its turn.
    assert fake.slept == [pytest.approx(6.0)]


# -- malformed answers and bounds --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Service Unavailable</html>",
        b'{"Name": "Adobe"}',  # an object, not the array
        b'[{"Title": "no name"}]',
        b'[{"Name": ""}]',
        b"[1, 2]",
        b"[" * 200_000,  # nesting deeper than any parser's stack
        b"\xff\xfe\x00garbage",
    ],
)
async def test_a_malformed_answer_is_never_an_all_clear(body: bytes) -> None:
    events, _ = await run(lambda r: answer(200, body))
    assert of(events, Finding) == [] and of(events, Checked) == []
    (skipped,) = of(events, Skipped)
    assert skipped.reason == "Have I Been Pwned's answer was not the documented breach list"


async def test_results_are_bounded_and_the_rest_is_said() -> None:
    many = [
        {"Name": f"B{i}", "Title": "T" * 5000, "DataClasses": [f"c{j}" for j in range(100)]}
        for i in range(MAX_BREACHES + 7)
    ]
    events, _ = await run(lambda r: answer(200, json.dumps(many).encode()))
    findings = of(events, Finding)
    assert len(findings) == MAX_BREACHES and of(events, Checked) == [Checked(PUBLIC_EMAIL)]
    (skipped,) = of(events, Skipped)
    assert skipped.reason == f"7 more breaches not listed: at most {MAX_BREACHES} per address"
    assert f"the {'T' * MAX_TEXT} breach" in findings[0].evidence
    assert findings[0].evidence.endswith(f"c{MAX_CLASSES - 1}")


# -- plan, consent and redaction ---------------------------------------------------------------


def test_planned_sends_go_to_the_endpoints_host() -> None:
    scanner = Breaches()
    assert scanner.planned(PUBLIC, ScanOptions()) == [(PUBLIC_EMAIL, "haveibeenpwned.com")]
    moved = ScanOptions(env={"FOOTPRINT_BREACHES_URL": "http://127.0.0.1:9/api/v3"})
    assert scanner.planned(PUBLIC, moved) == [(PUBLIC_EMAIL, "127.0.0.1")]
    assert scanner.planned(Identifier(Kind.USERNAME, "x"), ScanOptions()) == []


async def test_without_consent_the_private_email_is_never_sent() -> None:
    result, _, seen = await scan(lambda r: answer(404))
    assert len(seen) == 1 and all("ellie" not in str(r.url).lower() for r in seen)
    assert status(result).checked == 1


async def test_with_consent_the_private_email_is_checked_and_redacted_everywhere() -> None:
    subject = profile(public={})
    result, _, seen = await scan(lambda r: answer(200, FULL), subject, consent=("breaches",))
    assert [r.url.raw_path.split(b"?")[0] for r in seen] == [
        b"/api/v3/breachedaccount/" + quote(PRIVATE_EMAIL, safe="").encode()
    ]
    adobe = next(f for f in result.findings if f.location.endswith("/Adobe"))
    assert adobe.matched == "private.emails" and adobe.provenance[0] == CONSENTED_VIA
    assert PRIVATE_EMAIL not in adobe.location
    report = build_report(subject, result.findings, result.sources)
    for fmt in ("html", "json", "md"):
        text = render(report, fmt)
        assert "ellie.whitcombe77" not in text.lower(), fmt
        assert "breach" in text and "Adobe" in text
    assert "e•••@example.net" in render(report, "md")


def test_two_emails_in_one_breach_are_two_findings() -> None:
    def found(email: str) -> Finding:
        page = "https://haveibeenpwned.com/Breach/Adobe"
        return Finding(Category.BREACH, Severity.HIGH, "breaches", page, "", "public.emails", email)

    one, two = found("a@x.example"), found("b@x.example")
    assert one.key != two.key
    assert len(build_report(profile(), [one, two], []).findings) == 2


def status(result: ScanResult) -> SourceStatus:
    (breaches,) = result.sources
    return breaches


# -- the command line, end to end against a local server ---------------------------------------

runner = CliRunner()


def account(email: str) -> str:
    return f"/api/v3/breachedaccount/{quote(email, safe='')}?truncateResponse=false"


class HIBP(BaseHTTPRequestHandler):
    """Answers like HIBP: the full fixture for the public email, 404 for anything else."""

    log: ClassVar[list[tuple[str, str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        HIBP.log.append(
            (self.path, self.headers.get("hibp-api-key", ""), self.headers.get("user-agent", ""))
        )
        known = {account(PUBLIC_EMAIL), account(PRIVATE_EMAIL)}
        body = FULL if self.path in known else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def hibp(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str, str]]]:
    HIBP.log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), HIBP)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv(
        "FOOTPRINT_BREACHES_URL", f"http://127.0.0.1:{httpd.server_address[1]}/api/v3"
    )
    monkeypatch.setenv("HIBP_API_KEY", KEY)
    try:
        yield HIBP.log
    finally:
        httpd.shutdown()
        httpd.server_close()


def write_profile(tmp_path: Path, public: bool = True) -> Path:
    path = tmp_path / "me.toml"
    lines = ['name = "Eleanor Whitcombe"', "[private]", f'emails = ["{PRIVATE_EMAIL}"]']
    if public:
        lines += ["[public]", f'emails = ["{PUBLIC_EMAIL}"]']
    path.write_text("\n".join(lines) + "\n")
    return path


def test_cli_scan_finds_breaches_for_the_public_email(tmp_path: Path, hibp: list) -> None:
    out = tmp_path / "report.json"
    args = ["scan", str(write_profile(tmp_path)), "--only", "breaches", "--allow-private",
            "--format", "json", "-o", str(out), "--quiet"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ((path, key, agent),) = hibp
    assert path.startswith("/api/v3/breachedaccount/eleanor%40") and key == KEY
    assert agent.startswith("footprint/")
    report = json.loads(out.read_text())
    breaches = [f for f in report["findings"] if f["category"] == "breach"]
    assert {f["location"] for f in breaches} == {
        "https://haveibeenpwned.com/Breach/Adobe",
        "https://haveibeenpwned.com/Breach/AlienStealerLogs",
    }
    assert breaches[0]["advice"][0] == "breach-change-password"
    assert KEY not in out.read_text()


def test_cli_scan_sends_the_private_email_only_with_consent(tmp_path: Path, hibp: list) -> None:
    me = write_profile(tmp_path, public=False)
    out = tmp_path / "report.json"
    args = ["scan", str(me), "--only", "breaches", "--allow-private", "--format", "json",
            "-o", str(out), "--quiet"]  # fmt: skip
    without = runner.invoke(app, args)
    assert without.exit_code == 3, without.output  # nothing to search by: incomplete, said so
    assert hibp == []
    given = runner.invoke(app, [*args, "--consent", "breaches"])
    assert given.exit_code == 0, given.output
    assert [p for p, _, _ in hibp] == [
        f"/api/v3/breachedaccount/{quote(PRIVATE_EMAIL, safe='')}?truncateResponse=false"
    ]
    text = out.read_text()
    assert "ellie.whitcombe77" not in text and '"category": "breach"' in text


def test_cli_plan_lists_the_private_email_only_with_consent(tmp_path: Path) -> None:
    me = str(write_profile(tmp_path))
    without = runner.invoke(app, ["plan", me, "--only", "breaches"])
    assert without.exit_code == 0, without.output
    assert f"email '{PUBLIC_EMAIL}' -> haveibeenpwned.com" in without.output
    assert PRIVATE_EMAIL not in without.output
    assert "your private emails: not sent; add --consent breaches" in without.output
    assert "none of the sends above is private" in " ".join(without.output.split())
    given = runner.invoke(app, ["plan", me, "--only", "breaches", "--consent", "breaches"])
    assert given.exit_code == 0, given.output
    said = " ".join(given.output.split())  # the terminal wraps long lines
    line = f"email '{PRIVATE_EMAIL}' -> haveibeenpwned.com PRIVATE, sent with your consent"
    assert line in said
    assert "except those marked PRIVATE above" in said


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nope", "--consent 'nope': no such scanner (known: "),
        ("accounts", "--consent 'accounts': this scanner sends no private detail"),
    ],
)
@pytest.mark.parametrize("command", ["scan", "plan"])
def test_cli_consent_names_a_scanner_that_asks(
    tmp_path: Path, command: str, name: str, message: str
) -> None:
    result = runner.invoke(app, [command, str(write_profile(tmp_path)), "--consent", name])
    line = one_line_error(result)
    assert message in line
    if name == "accounts":
        assert "scanners that ask for it: breaches" in line


def test_without_a_key_the_source_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HIBP_API_KEY", raising=False)
    out = tmp_path / "report.json"
    args = ["scan", str(write_profile(tmp_path)), "--only", "breaches", "--format", "json",
            "-o", str(out), "--quiet"]  # fmt: skip
    runner.invoke(app, args)
    (source,) = json.loads(out.read_text())["sources"]
    assert (source["state"], source["reason"]) == ("skipped", "needs HIBP_API_KEY")
