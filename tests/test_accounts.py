"""The accounts scanner: requests it sends, events it yields (httpx.MockTransport, no network)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from site_entries import site_entry as entry

from footprint.kinds import Kind
from footprint.model import Category, Document, Finding, Identifier, Severity
from footprint.scanner import Checked, Event, ScanContext, ScanOptions, Skipped, Work
from scanners.accounts import Accounts
from scanners.accounts.sites import bundled_sites

Handler = Callable[[httpx.Request], httpx.Response]
USER = Identifier(Kind.USERNAME, "jo.smith")


def sites_file(tmp_path: Path, *sites: dict[str, Any]) -> Path:
    path = tmp_path / "sites.json"
    doc = {"license": ["L"], "authors": ["A"], "categories": ["social"], "sites": list(sites)}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


async def run(
    tmp_path: Path, handler: Handler, *sites: dict[str, Any], user: Identifier = USER
) -> tuple[list[Event], list[httpx.Request]]:
    """Content events (coverage events, Work and Checked, are tested on their own)."""
    events, seen = await run_all(tmp_path, handler, *sites, user=user)
    return [e for e in events if not isinstance(e, Work | Checked)], seen


async def run_all(
    tmp_path: Path, handler: Handler, *sites: dict[str, Any], user: Identifier = USER
) -> tuple[list[Event], list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return handler(request)

    options = ScanOptions(sites_file=sites_file(tmp_path, *sites))
    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
        events = [e async for e in Accounts().scan(ScanContext(client, options), user)]
    return events, seen


def of(events: list[Event], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


async def test_existing_account_yields_finding_url_and_profile_document(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.com":
            return httpx.Response(200, json={"id": 1, "note": "profile-of jo.smith"})
        page = "<html>Jo Smith, 12 Acacia Avenue</html>".encode("iso-8859-1")
        return httpx.Response(
            200, content=page, headers={"content-type": "text/html; charset=ISO-8859-1"}
        )

    events, seen = await run(
        tmp_path,
        handler,
        entry(
            "Example",
            "https://api.example.com/users/{account}",
            uri_pretty="https://www.example.com/@{account}",
        ),
    )
    (finding,) = of(events, Finding)
    assert finding.category is Category.ACCOUNT and finding.severity is Severity.LOW
    assert finding.source == "accounts"
    assert finding.location == "https://www.example.com/@jo.smith"
    assert finding.evidence == "Account 'jo.smith' exists on Example"
    assert finding.value == "jo.smith" and finding.matched == "public.usernames"
    assert finding.provenance == ("username jo.smith", "accounts (Example)")
    (url,) = of(events, Identifier)
    assert url == Identifier(Kind.URL, "https://www.example.com/@jo.smith", USER, "accounts")
    (doc,) = of(events, Document)
    assert doc.location == url.value and doc.parent == url
    assert doc.content.decode("iso-8859-1") == "<html>Jo Smith, 12 Acacia Avenue</html>"
    assert (doc.media_type, doc.charset) == ("text/html", "iso-8859-1")
    assert [str(r.url) for r in seen] == [
        "https://api.example.com/users/jo.smith",
        "https://www.example.com/@jo.smith",
    ]
    assert of(events, Skipped) == []


async def test_profile_page_is_the_check_response_when_there_is_no_pretty_url(
    tmp_path: Path,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>profile-of jo</html>")

    events, seen = await run(tmp_path, handler, entry("Example", "https://example.com/{account}"))
    assert len(seen) == 1  # no second fetch of the same page
    (doc,) = of(events, Document)
    assert doc.content == b"<html>profile-of jo</html>"
    assert doc.media_type == "text/plain" and doc.charset == "utf-8"


async def test_coverage_counts_each_answered_site_once(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.example":
            return httpx.Response(200, text="profile-of jo.smith")
        if request.url.host == "b.example":
            return httpx.Response(404, text="sorry, no such user")
        return httpx.Response(403, text="blocked")

    events, _ = await run_all(
        tmp_path,
        handler,
        entry("A", "https://a.example/{account}"),
        entry("B", "https://b.example/{account}"),
        entry("C", "https://c.example/{account}"),
    )
    assert events[0] == Work(3, "site")
    # Found and missing are answers; the blocked site is a Skipped, never a Checked.
    checked = {e.location for e in of(events, Checked)}
    assert checked == {"https://a.example/jo.smith", "https://b.example/jo.smith"}
    assert [e.location for e in of(events, Skipped)] == ["https://c.example/jo.smith"]


async def test_missing_account_yields_nothing(tmp_path: Path) -> None:
    events, seen = await run(
        tmp_path,
        lambda r: httpx.Response(404, text="sorry, no such user"),
        entry("Example", "https://example.com/{account}"),
    )
    assert events == [] and len(seen) == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [(403, "Attention Required! | Cloudflare"), (200, "<html>new layout</html>"), (429, "")],
)
async def test_unrecognised_answer_is_reported_as_unknown(
    tmp_path: Path, status: int, body: str
) -> None:
    events, _ = await run(
        tmp_path,
        lambda r: httpx.Response(status, text=body),
        entry("Example", "https://example.com/{account}"),
    )
    assert events == [
        Skipped(
            "https://example.com/jo.smith",
            f"Example: unknown (HTTP {status}; "
            "neither the exists nor the missing signature matched)",
        )
    ]


async def test_one_failing_site_does_not_stop_the_others(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "down.example.com":
            raise httpx.ConnectError("refused", request=request)
        if request.url.host == "odd.example.com":
            raise RuntimeError("transport bug")
        return httpx.Response(200, text="profile-of jo")

    events, _ = await run(
        tmp_path,
        handler,
        entry("Down", "https://down.example.com/{account}"),
        entry("Odd", "https://odd.example.com/{account}"),
        entry("Up", "https://up.example.com/{account}"),
    )
    assert sorted(of(events, Skipped), key=lambda s: s.location) == [
        Skipped("https://down.example.com/jo.smith", "Down: error (ConnectError)"),
        Skipped("https://odd.example.com/jo.smith", "Odd: error (RuntimeError)"),
    ]
    assert [f.location for f in of(events, Finding)] == ["https://up.example.com/jo.smith"]


async def test_post_sites_send_body_and_headers(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            taken = json.loads(request.content)["username"] == "josmith"
            return httpx.Response(200, json={"taken": taken})
        return httpx.Response(200, text="<html>profile</html>")

    events, seen = await run(
        tmp_path,
        handler,
        entry(
            "Chat",
            "https://api.example.com/check",
            uri_pretty="https://example.com/u/{account}",
            post_body='{"username":"{account}"}',
            headers={"Content-Type": "application/json", "X-Requested-With": "fetch"},
            strip_bad_char=".",
            e_string='"taken":true',
            m_code=200,
            m_string='"taken":false',
        ),
    )
    check, profile = seen
    assert check.method == "POST" and check.content == b'{"username":"josmith"}'
    assert check.headers["content-type"] == "application/json"
    assert check.headers["x-requested-with"] == "fetch"
    # The profile lives on another host: the API's headers are not sent there.
    assert profile.method == "GET" and str(profile.url) == "https://example.com/u/josmith"
    assert "x-requested-with" not in profile.headers
    assert [f.location for f in of(events, Finding)] == ["https://example.com/u/josmith"]


async def test_post_site_without_a_profile_url_gives_only_the_finding(tmp_path: Path) -> None:
    events, seen = await run(
        tmp_path,
        lambda r: httpx.Response(200, text='{"available":false}'),
        entry(
            "Api",
            "https://api.example.com/check",
            post_body="name={account}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            e_string='"available":false',
        ),
    )
    assert len(seen) == 1
    assert [type(e) for e in events] == [Finding]


async def test_check_does_not_follow_redirects_but_profile_fetch_does(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/athletes/jo.smith":
            return httpx.Response(
                301, text="moved to /athletes/123", headers={"location": "/athletes/123"}
            )
        return httpx.Response(200, text="<html>athlete 123</html>")

    events, seen = await run(
        tmp_path,
        handler,
        entry("Run", "https://example.com/athletes/{account}", e_code=301, e_string="/athletes/"),
    )
    assert [str(r.url) for r in seen] == [
        "https://example.com/athletes/jo.smith",  # check: 301 is the exists answer
        "https://example.com/athletes/jo.smith",  # profile fetch, redirect followed
        "https://example.com/athletes/123",
    ]
    (doc,) = of(events, Document)
    assert doc.content == b"<html>athlete 123</html>"
    assert doc.location == "https://example.com/athletes/jo.smith"


async def test_same_host_profile_fetch_keeps_site_headers_but_not_content_type(
    tmp_path: Path,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/"):
            return httpx.Response(200, text='{"id": 1}')
        return httpx.Response(200, text="<html>hi</html>")

    _, seen = await run(
        tmp_path,
        handler,
        entry(
            "Gh",
            "https://example.com/api/{account}",
            uri_pretty="https://example.com/{account}",
            headers={"User-Agent": "Site-Specific/1.0", "Content-Type": "application/json"},
            e_string='"id":',
        ),
    )
    check, profile = seen
    assert check.headers["user-agent"] == "Site-Specific/1.0"
    assert profile.headers["user-agent"] == "Site-Specific/1.0"
    assert "content-type" not in profile.headers


async def test_profile_page_errors_are_reported_but_the_finding_stands(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.com":
            return httpx.Response(200, text="profile-of")
        return httpx.Response(503, text="down")

    events, _ = await run(
        tmp_path,
        handler,
        entry("S", "https://api.example.com/{account}", uri_pretty="https://example.com/{account}"),
    )
    assert len(of(events, Finding)) == 1
    assert of(events, Document) == []
    assert of(events, Skipped) == [
        Skipped("https://example.com/jo.smith", "S: profile page answered HTTP 503")
    ]


async def test_invalid_sites_are_skipped_and_usernames_quoted(tmp_path: Path) -> None:
    events, seen = await run(
        tmp_path,
        lambda r: httpx.Response(404, text="no such user"),
        entry("Broken", "https://broken.example.com/{account}", valid=False),
        entry("Ok", "https://ok.example.com/u/{account}"),
        user=Identifier(Kind.USERNAME, "jo smith/x"),
    )
    assert events == []
    assert [r.url.raw_path for r in seen] == [b"/u/jo%20smith%2Fx"]


def test_planned_lists_each_host_the_username_goes_to(tmp_path: Path) -> None:
    path = sites_file(
        tmp_path,
        entry("A", "https://api.a.example/{account}", uri_pretty="https://a.example/{account}"),
        entry("B", "https://{account}.b.example/", strip_bad_char="."),
        entry("C", "https://a.example/other/{account}"),
        entry("Off", "https://off.example/{account}", valid=False),
    )
    pairs = Accounts().planned(USER, ScanOptions(sites_file=path))
    assert pairs == [
        ("jo.smith", "api.a.example"),
        ("jo.smith", "a.example"),
        ("josmith", "josmith.b.example"),
    ]
    assert Accounts().planned(Identifier(Kind.EMAIL, "a@example.com"), ScanOptions()) == []
    assert Accounts().planned(None, ScanOptions()) == []


def test_planned_defaults_to_the_bundled_list() -> None:
    pairs = Accounts().planned(Identifier(Kind.USERNAME, "jo"), ScanOptions())
    hosts = {host for _, host in pairs}
    assert "www.strava.com" in hosts and "api.github.com" in hosts and "github.com" in hosts
    assert len(hosts) >= len(bundled_sites().valid_sites()) - 5  # a few sites share a host


async def test_bad_sites_file_fails_the_scan_with_the_loader_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"sites": [{"name": "X"}]}', encoding="utf-8")
    ctx_options = ScanOptions(sites_file=bad)
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(500))) as c:
        with pytest.raises(ValueError, match="site 'X': uri_check"):
            [e async for e in Accounts().scan(ScanContext(c, ctx_options), USER)]
