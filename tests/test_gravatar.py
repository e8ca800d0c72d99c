"""The gravatar scanner: what it sends (a hash, never the address), what it yields for each
answer, its bounds, its plan, and a scan through the CLI against a server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import hashlib
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
from footprint.scanner import (
    Checked,
    Event,
    ScanContext,
    ScanOptions,
    Skipped,
    SourceFailed,
    Work,
)
from scanners.gravatar import Gravatar, email_hash, retry_when

FIXTURES = Path(__file__).parent / "fixtures" / "gravatar"
EMAIL = Identifier(Kind.EMAIL, " Eleanor@WhitcombeForWickwar.example ")
HASH = hashlib.sha256(b"eleanor@whitcombeforwickwar.example").hexdigest()
JSON = {"content-type": "application/json"}
Handler = Callable[[httpx.Request], httpx.Response]


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def profile(**changes: Any) -> bytes:
    base = fixture("profile_public_unauthenticated.mcp-server-gravatar-fixture.json")
    return json.dumps({**base, **changes}).encode()


async def run(handler: Handler, secrets: dict[str, str] | None = None) -> tuple[list[Event], list]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
        ctx = ScanContext(client, ScanOptions(), secrets or {}, "https://api.gravatar.com/v3")
        events = [e async for e in Gravatar().scan(ctx, EMAIL)]
    return events, seen


def of(events: list[Event], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


def test_the_identifier_is_the_sha256_of_the_trimmed_lower_cased_address() -> None:
    assert email_hash(EMAIL.value) == HASH
    # Gravatar's own worked example (docs.gravatar.com/rest/api-data-specifications).
    assert email_hash("MyEmailAddress@example.com ") == (
        "84059b07d4be67b806386c0aad8070a23f18836bbaae342275dc0a83414c32ee"
    )


async def test_a_profile_is_matched_and_its_links_and_accounts_fed_back() -> None:
    events, seen = await run(lambda r: httpx.Response(200, headers=JSON, content=profile()))
    [request] = seen
    assert str(request.url) == f"https://api.gravatar.com/v3/profiles/{HASH}"
    assert "whitcombe" not in str(request.url).lower()  # the hash, never the address
    assert "authorization" not in request.headers
    assert of(events, Work) == [Work(1, "email")] and len(of(events, Checked)) == 1
    [doc] = of(events, Document)
    assert doc.location == "https://gravatar.com/testuser"
    assert doc.media_type == "application/json" and b"Test City" in doc.content
    urls = [i.value for i in of(events, Identifier) if i.kind is Kind.URL]
    assert urls == [
        "https://gravatar.com/testuser",  # the profile page itself, first
        "https://github.com/testuser",
        "https://testuser.wordpress.com",
        "https://stackoverflow.com/users/12345/test-user",
        "https://testuser.link/bluesky",
    ]
    assert doc.parent is not None and doc.parent.value == "https://gravatar.com/testuser"
    usernames = [i.value for i in of(events, Identifier) if i.kind is Kind.USERNAME]
    assert usernames == ["testuser"]  # github.com/testuser and testuser.wordpress.com: one


async def test_the_optional_key_is_sent_as_a_bearer_token() -> None:
    full = (FIXTURES / "profile_full_authenticated.gravatar-sdk-ios-fixture.json").read_bytes()
    events, seen = await run(
        lambda r: httpx.Response(200, headers=JSON, content=full), {"GRAVATAR_API_KEY": "gk-1"}
    )
    assert seen[0].headers["authorization"] == "Bearer gk-1"
    assert b"1800123-1234" in of(events, Document)[0].content  # contact_info reaches the matcher
    # The fixture's profile_url is gravatar.com: the document is the profile page.
    assert of(events, Document)[0].location == "https://gravatar.com/notreal"


async def test_old_twitter_urls_of_verified_accounts_give_the_username() -> None:
    accounts = [{"service_type": "twitter", "url": "https://twitter.com/ewhitcombe"}]
    events, _ = await run(
        lambda r: httpx.Response(200, headers=JSON, content=profile(verified_accounts=accounts))
    )
    assert [i.value for i in of(events, Identifier) if i.kind is Kind.USERNAME] == ["ewhitcombe"]


async def test_no_profile_is_checked_and_yields_nothing_else() -> None:
    events, _ = await run(lambda r: httpx.Response(404, text="Profile not found"))
    assert events == [Work(1, "email"), Checked(f"https://api.gravatar.com/v3/profiles/{HASH}")]


@pytest.mark.parametrize(
    "body", [b"<html>oops</html>", b'["not", "a", "profile"]', b"[" * 100_000, b""]
)
async def test_a_malformed_answer_is_not_checked(body: bytes) -> None:
    events, _ = await run(lambda r: httpx.Response(200, headers=JSON, content=body))
    [skipped] = of(events, Skipped)
    assert "not a profile" in skipped.reason
    assert not of(events, Checked) and not of(events, Document)


async def test_error_statuses_are_not_checked_with_the_status() -> None:
    events, _ = await run(lambda r: httpx.Response(500))
    assert of(events, Skipped)[0].reason == "Gravatar answered HTTP 500"
    events, _ = await run(lambda r: httpx.Response(403))
    assert of(events, Skipped)[0].reason == "Gravatar refused the request (HTTP 403)"
    events, _ = await run(lambda r: (_ for _ in ()).throw(httpx.ConnectError("down")))
    assert of(events, Skipped)[0].reason == "Gravatar: error (ConnectError)"


async def test_rate_limited_is_not_checked_says_when_to_retry_and_is_not_retried() -> None:
    reset = int(dt.datetime(2030, 1, 2, 14, 5, tzinfo=dt.UTC).timestamp())
    body = (FIXTURES / "error_429_rate_limit_exceeded.openapi-example.json").read_bytes()
    headers = {**JSON, "x-ratelimit-limit": "100", "x-ratelimit-reset": str(reset)}
    events, seen = await run(lambda r: httpx.Response(429, headers=headers, content=body))
    [skipped] = of(events, Skipped)
    assert "rate limited (HTTP 429: 100 profile requests an hour without a key" in skipped.reason
    assert "GRAVATAR_API_KEY raises it to 1000" in skipped.reason
    assert skipped.reason.endswith("try again after 02 January 2030, 14:05 UTC")
    assert seen[0].extensions["footprint_expected_status"] == (429,)  # no retry in seconds


async def test_a_refused_key_fails_the_source_saying_so() -> None:
    with pytest.raises(SourceFailed, match=r"^GRAVATAR_API_KEY was refused \(401\)$"):
        await run(lambda r: httpx.Response(401), {"GRAVATAR_API_KEY": "bad"})


def test_retry_hint_reads_the_reset_time_or_retry_after() -> None:
    now = dt.datetime(2030, 1, 2, 13, 0, tzinfo=dt.UTC)
    reset = str(int(dt.datetime(2030, 1, 2, 14, 5, tzinfo=dt.UTC).timestamp()))
    assert retry_when(httpx.Response(429, headers={"x-ratelimit-reset": reset}), now) == (
        "after 14:05 UTC"
    )
    assert retry_when(httpx.Response(429, headers={"retry-after": "600"}), now) == (
        "after 13:10 UTC"
    )
    assert retry_when(httpx.Response(429, headers={"x-ratelimit-reset": "99999999999999"}), now)
    assert retry_when(httpx.Response(429), now) == "later"


async def test_links_and_accounts_fed_back_are_bounded() -> None:
    links = [{"label": str(i), "url": f"https://site{i}.example/"} for i in range(500)]
    junk = [{"url": "javascript:alert(1)"}, {"url": 5}, "not an object", {"url": "ftp://x/"}]
    events, _ = await run(
        lambda r: httpx.Response(200, headers=JSON, content=profile(links=junk + links))
    )
    urls = [i.value for i in of(events, Identifier) if i.kind is Kind.URL]
    assert len(urls) <= 21  # the profile page and at most 20 links
    assert all(u.startswith("https://") for u in urls)


async def test_a_profile_url_off_gravatar_is_not_taken_for_the_profile_page() -> None:
    events, _ = await run(
        lambda r: httpx.Response(
            200, headers=JSON, content=profile(profile_url="https://evil.example/x", links=[])
        )
    )
    [doc] = of(events, Document)
    assert doc.location == f"https://api.gravatar.com/v3/profiles/{HASH}"


def test_plan_shows_the_hash_and_the_address_it_stands_for() -> None:
    planned = Gravatar().planned(EMAIL, ScanOptions())
    assert planned == [
        (f"sha256(eleanor@whitcombeforwickwar.example) = {HASH}", "api.gravatar.com")
    ]
    env = {"FOOTPRINT_GRAVATAR_URL": "http://127.0.0.1:8080/v3"}
    assert Gravatar().planned(EMAIL, ScanOptions(env=env))[0][1] == "127.0.0.1:8080"
    assert Gravatar().planned(Identifier(Kind.NAME, "Eleanor"), ScanOptions()) == []


PROFILE_TOML = """
name = "Eleanor Whitcombe"
area = "Wickwar"
[private]
home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"
emails = ["ellie.whitcombe77@example.net"]
[public]
emails = ["eleanor@whitcombeforwickwar.example"]
"""


def test_footprint_plan_lists_the_hash_sent_to_gravatar(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(PROFILE_TOML)
    result = CliRunner().invoke(
        app, ["plan", str(path), "--only", "gravatar"], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    assert f"sha256(eleanor@whitcombeforwickwar.example) = {HASH}" in result.output
    assert "-> api.gravatar.com" in result.output
    private = hashlib.sha256(b"ellie.whitcombe77@example.net").hexdigest()
    assert private not in result.output and "ellie.whitcombe77" not in result.output


def test_a_scan_through_the_cli_against_a_local_server(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(PROFILE_TOML)
    body = profile(location="Larkspur Close, Wickwar", profile_url="https://gravatar.com/ew")
    routes = {f"/v3/profiles/{HASH}": (200, JSON, body)}
    out = tmp_path / "report.json"
    with serve(routes) as (base, seen):
        result = CliRunner().invoke(
            app,
            [
                *("scan", str(path), "--only", "gravatar", "--allow-private", "--quiet"),
                *("--format", "json", "-o", str(out)),
            ],
            env={"FOOTPRINT_GRAVATAR_URL": f"{base}/v3", "GRAVATAR_API_KEY": ""},
        )
    assert result.exit_code == 0, result.output
    assert [s.path for s in seen] == [f"/v3/profiles/{HASH}"]  # the private email: never
    report = json.loads(out.read_text())
    [source] = report["sources"]
    assert (source["name"], source["state"], source["checked"], source["total"]) == (
        "gravatar",
        "ok",
        1,
        1,
    )
    [finding] = report["findings"]
    assert finding["category"] == "home_address" and finding["source"] == "gravatar"
    assert finding["location"] == "https://gravatar.com/ew"
    assert "account-remove-details" in finding["advice"]
