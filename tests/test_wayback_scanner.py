"""The wayback scanner: index lookups, live pages before copies, bounds, and the report's
"removed from the site, still archived"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from footprint.engine import Engine
from footprint.kinds import Kind
from footprint.model import Category, Document, Identifier, SourceState
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile
from footprint.scanner import Checked, Event, Note, ScanContext, ScanOptions, Skipped, Work
from reports import build_report, render
from scanners.wayback import Wayback
from scanners.wayback.scanner import PAGE_LOOKUPS, PER_LOOKUP, PER_PAGE, PER_SCAN

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wayback"
ARCHIVE = "https://web.archive.org"
CDX = f"{ARCHIVE}/cdx/search/cdx"
SITE = "whitcombeforwickwar.example"
OLD = f"http://{SITE}/contact-old.html"
HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest"]
HTML = {"content-type": "text/html; charset=utf-8"}
ADDRESS_PAGE = "<html><body><p>Write to me at 14 Larkspur Close, Wickwar GL12 8QX</p></body></html>"
PLAIN_PAGE = "<html><body><p>Write to the campaign office.</p></body></html>"
Handler = Callable[[httpx.Request], httpx.Response]


def rows(*captures: tuple[str, str, str]) -> bytes:
    """A JSON index answer: (timestamp, original, digest) per row."""
    body = [HEADER]
    for ts, original, digest in captures:
        key = "example,whitcombeforwickwar)/" + original.split("/", 3)[3]
        body.append([key, ts, original, "text/html", "200", digest])
    return json.dumps(body).encode()


def site(
    index: dict[str, bytes | httpx.Response],
    pages: dict[str, str | httpx.Response],
) -> Handler:
    """Index answers by `url` parameter, captures and live pages by URL; 404 otherwise."""

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url.startswith(CDX):
            answer = index.get(request.url.params["url"], b"[]")
            return (
                answer
                if isinstance(answer, httpx.Response)
                else httpx.Response(200, content=answer)
            )
        page = pages.get(url)
        if page is None:
            return httpx.Response(404)
        return (
            page
            if isinstance(page, httpx.Response)
            else httpx.Response(200, text=page, headers=HTML)
        )

    return handler


async def events_for(
    handler: Handler, *identifiers: Identifier, scanner: Wayback | None = None
) -> tuple[list[Event], list[str]]:
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return handler(request)

    scanner = scanner or Wayback()
    events: list[Event] = []
    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
        ctx = ScanContext(client, ScanOptions(), endpoint=ARCHIVE)
        for identifier in identifiers:
            events += [e async for e in scanner.scan(ctx, identifier)]
    return events, seen


DOMAIN = Identifier(Kind.DOMAIN, SITE)


async def test_copies_are_read_raw_after_their_live_page() -> None:
    capture = f"{ARCHIVE}/web/20220301101500id_/{OLD}"
    handler = site({SITE: rows(("20220301101500", OLD, "D1"))}, {capture: ADDRESS_PAGE})
    events, seen = await events_for(handler, DOMAIN)
    assert seen[0].startswith(CDX) and seen[1:] == [OLD, capture]  # live page first
    assert events[:2] == [Work(1, "archive lookup"), Checked(SITE)]
    (document,) = [e for e in events if isinstance(e, Document)]
    assert document.location == capture and document.media_type == "text/html"
    assert b"Larkspur" in document.content
    assert not [e for e in events if isinstance(e, Skipped)]  # a gone live page is no item


async def test_a_recorded_raw_capture_response_is_a_document_of_its_type() -> None:
    recorded = json.loads(
        (FIXTURES / "memento_id__www.zew.de_19970427191925.200.headers.json").read_text()
    )
    framing = {"content-encoding", "transfer-encoding", "connection"}  # of the original transfer
    headers = [
        (k, v) for k, vs in recorded["headers"].items() if k.lower() not in framing for v in vs
    ]
    capture = recorded["request"]["uri"]
    original = capture.split("id_/", 1)[1]
    answer = json.dumps(
        [HEADER, ["de,zew)/", "19970427191925", original, "text/html", "200", "Z"]]
    ).encode()
    page = httpx.Response(200, headers=headers, content=b"<html>ZEW</html>")
    handler = site({original: answer}, {capture: page})
    events, _ = await events_for(handler, Identifier(Kind.URL, original))
    (document,) = [e for e in events if isinstance(e, Document)]
    assert document.location == capture and document.media_type == "text/html"


async def test_live_page_that_answers_is_a_document_at_its_own_address() -> None:
    capture = f"{ARCHIVE}/web/20220301101500id_/{OLD}"
    handler = site(
        {SITE: rows(("20220301101500", OLD, "D1"))}, {capture: ADDRESS_PAGE, OLD: PLAIN_PAGE}
    )
    events, _ = await events_for(handler, DOMAIN)
    assert [e.location for e in events if isinstance(e, Document)] == [OLD, capture]


@pytest.mark.parametrize(
    ("live", "reason"),
    [
        (httpx.Response(500), "live page answered HTTP 500"),
        (httpx.Response(403), "live page answered HTTP 403"),
    ],
)
async def test_live_page_unreadable_is_skipped(live: httpx.Response, reason: str) -> None:
    capture = f"{ARCHIVE}/web/20220301101500id_/{OLD}"
    handler = site({SITE: rows(("20220301101500", OLD, "D1"))}, {capture: ADDRESS_PAGE, OLD: live})
    events, _ = await events_for(handler, DOMAIN)
    (skipped,) = [e for e in events if isinstance(e, Skipped)]
    assert skipped.location == OLD and skipped.reason.startswith(reason)
    assert "not known" in skipped.reason
    assert any(isinstance(e, Document) and e.location == capture for e in events)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            httpx.Response(
                403,
                content=(FIXTURES / "cdx_text_blocked_site.403.txt").read_bytes(),
                headers={"content-type": "text/plain;charset=UTF-8"},
            ),
            "refuses to list this site (HTTP 403: blocked or excluded)",
        ),
        (httpx.Response(429), "rate-limited the lookup (HTTP 429)"),
        (httpx.Response(502), "index answered HTTP 502"),
        (httpx.Response(200, text="<html>Wayback Machine is down</html>"), "malformed answer"),
    ],
)
async def test_index_failures_are_skipped_not_checked(answer: httpx.Response, reason: str) -> None:
    events, seen = await events_for(site({SITE: answer}, {}), DOMAIN)
    assert len(seen) == 1
    assert events[0] == Work(1, "archive lookup")
    (skipped,) = events[1:]
    assert isinstance(skipped, Skipped)
    assert skipped.location == f"{SITE} (Wayback Machine)" and reason in skipped.reason


async def test_a_copy_that_cannot_be_read_is_skipped() -> None:
    capture = f"{ARCHIVE}/web/20220301101500id_/{OLD}"
    handler = site({SITE: rows(("20220301101500", OLD, "D1"))}, {capture: httpx.Response(429)})
    events, _ = await events_for(handler, DOMAIN)
    (skipped,) = [e for e in events if isinstance(e, Skipped)]
    assert skipped.location == capture and "rate-limited" in skipped.reason


async def test_nothing_archived_is_checked_and_said() -> None:
    events, _ = await events_for(site({}, {}), DOMAIN)
    assert events == [
        Work(1, "archive lookup"),
        Checked(SITE),
        Note(f"no archived copies of {SITE} in the Wayback Machine"),
    ]
    page = Identifier(Kind.URL, "https://x.com/ewhitcombe")
    events, _ = await events_for(site({}, {}), page)
    assert events == [Work(1, "archive lookup"), Checked(page.value)]  # no note for each page


def _many(versions: list[tuple[str, str, str]]) -> Handler:
    copies = {f"{ARCHIVE}/web/{ts}id_/{original}": PLAIN_PAGE for ts, original, _ in versions}
    return site({SITE: rows(*versions)}, copies)


def _copies(events: list[Event]) -> list[Document]:
    return [e for e in events if isinstance(e, Document) and "/web/" in e.location]


async def test_copies_per_page_are_bounded_newest_first_and_the_rest_listed() -> None:
    versions = [(f"2022010{d}000000", OLD, f"D{d}") for d in range(1, 6)]  # 5 contents
    versions.append(("20190101000000", f"http://{SITE}/about.html", "A"))
    events, _ = await events_for(_many(versions), DOMAIN)
    copies = _copies(events)
    old = [d.location.split("/")[4][:8] for d in copies if d.location.endswith("old.html")]
    assert old == ["20220105", "20220104", "20220103"] and len(old) == PER_PAGE
    assert len(copies) == PER_PAGE + 1  # the other page still gets its copy
    (left,) = [e for e in events if isinstance(e, Skipped)]
    assert left.location == f"{SITE} (Wayback Machine)"
    assert left.reason == (
        "2 more archived copies not read (footprint reads at most 3 per page, 10 per lookup "
        "and 20 per scan)"
    )


async def test_copies_per_lookup_are_bounded() -> None:
    versions = [(f"2021010100000{n}", f"http://{SITE}/p{n}.html", f"P{n}") for n in range(9)]
    versions += [("20200101000000", f"http://{SITE}/q{n}.html", f"Q{n}") for n in range(3)]
    events, _ = await events_for(_many(versions), DOMAIN)
    assert len(_copies(events)) == PER_LOOKUP
    (left,) = [e for e in events if isinstance(e, Skipped)]
    assert left.reason.startswith("2 more archived copies not read")


async def test_copies_per_scan_are_bounded_across_lookups() -> None:
    index, pages, ids = {}, {}, []
    for n in range(4):
        url = f"https://{SITE}/page{n}.html"
        versions = [(f"2020010{d}000000", url, f"V{n}{d}") for d in range(1, 4)]
        index[url] = rows(*versions)
        pages.update({f"{ARCHIVE}/web/{ts}id_/{url}": PLAIN_PAGE for ts, _, _ in versions})
        ids.append(Identifier(Kind.URL, url))
    scanner = Wayback()
    scanner._copies_left = 7  # as if 13 of PER_SCAN were already read
    events, _ = await events_for(site(index, pages), *ids, scanner=scanner)
    assert len(_copies(events)) == 7 and PER_SCAN == 20
    left = [e for e in events if isinstance(e, Skipped)]
    assert [s.reason.split(" ")[0] for s in left] == ["2", "3"]


async def test_page_lookups_are_bounded() -> None:
    ids = [Identifier(Kind.URL, f"https://social.example/u{n}") for n in range(PAGE_LOOKUPS + 2)]
    events, seen = await events_for(site({}, {}), *ids)
    assert sum(url.startswith(CDX) for url in seen) == PAGE_LOOKUPS
    skipped = [e for e in events if isinstance(e, Skipped)]
    assert [s.location for s in skipped] == [f"{i.value} (Wayback Machine)" for i in ids[-2:]]
    assert skipped[0].reason == "not looked up: at most 10 pages are looked up per scan"


async def test_a_page_read_by_one_lookup_is_not_read_again_by_another() -> None:
    home = f"https://{SITE}/"
    answer = json.dumps(
        [HEADER, ["example,whitcombeforwickwar)/", "20230101000000", home, "text/html", "200", "H"]]
    ).encode()
    capture = f"{ARCHIVE}/web/20230101000000id_/{home}"
    handler = site({SITE: answer, home: answer}, {capture: PLAIN_PAGE})
    _, seen = await events_for(handler, DOMAIN, Identifier(Kind.URL, home))
    assert seen.count(capture) == 1 and seen.count(home) == 1


async def test_an_archive_address_is_not_looked_up_again() -> None:
    copy = Identifier(Kind.URL, f"{ARCHIVE}/web/2020/https://x.example/")
    events, seen = await events_for(site({}, {}), copy)
    assert seen == [] and events == [Work(1, "archive lookup"), Checked(copy.value)]


def test_plan_says_what_goes_to_the_archive_and_to_live_sites() -> None:
    options = ScanOptions()
    assert Wayback().planned(DOMAIN, options) == [
        (
            SITE,
            "web.archive.org (the Internet Archive: its archived pages of the domain and its "
            "subdomains, then copies of them)",
        ),
        (
            SITE,
            f"{SITE} and its subdomains (live pages of archived addresses, to see whether they "
            "still show what the archive does)",
        ),
    ]
    page = Identifier(Kind.URL, "https://www.tiktok.com/@ellie_w77")
    assert Wayback().planned(page, options) == [
        (page.value, "web.archive.org (the Internet Archive: archived copies of the page)"),
        (page.value, "www.tiktok.com (the live page, to compare with its archived copies)"),
    ]
    local = ScanOptions(env={"FOOTPRINT_WAYBACK_URL": "http://127.0.0.1:9"})
    assert Wayback().planned(page, local)[0][1].startswith("127.0.0.1:9 (the Internet Archive")
    assert Wayback().planned(Identifier(Kind.NAME, "Eleanor"), options) == []


def test_a_bad_endpoint_override_is_a_one_line_error() -> None:
    options = ScanOptions(env={"FOOTPRINT_WAYBACK_URL": "web.archive.org"})
    assert "must be a web address" in Wayback().check_options(options)


def test_the_archive_gets_a_polite_rate() -> None:
    host, rate, burst = Wayback().host_rate({})
    assert host == "web.archive.org"
    assert rate * 60 <= 0.8 * 24 + 1e-9 and burst + rate * 60 <= 24  # under the hard limit
    local = Wayback().host_rate({"FOOTPRINT_WAYBACK_URL": "http://127.0.0.1:9"})
    assert local == ("127.0.0.1", rate, burst)  # an override is the archive too


# -- through the engine and the report ------------------------------------------------------


async def report_for(candidate: Profile, handler: Handler):
    counter = RequestCounter()
    async with build_client(
        NetSettings(allow_private=True), httpx.MockTransport(handler), counter
    ) as client:
        engine = Engine(candidate, [Wayback()], ScanContext(client, ScanOptions()), counter)
        result = await engine.run([DOMAIN])
    return build_report(candidate, result.findings, result.sources)


async def test_a_detail_gone_from_the_live_page_is_removed_from_the_site_still_archived(
    candidate: Profile,
) -> None:
    capture = f"{ARCHIVE}/web/20220301101500id_/{OLD}"
    handler = site({SITE: rows(("20220301101500", OLD, "D1"))}, {capture: ADDRESS_PAGE})
    report = await report_for(candidate, handler)
    (finding,) = [f for f in report.findings if f.category is Category.HOME_ADDRESS]
    assert finding.location == capture and finding.source == "wayback"
    assert finding.note.startswith(
        f"Removed from the site, still archived: the live page {OLD} no longer shows this, "
        "but the Internet Archive's copy from 2022-03-01 (this address) does."
    )
    assert finding.advice[0] == "wayback-exclusion"
    (status,) = report.sources
    assert status.state is SourceState.OK
    for fmt in ("html", "md", "json"):
        assert "Removed from the site, still archived" in render(report, fmt)


async def test_a_detail_still_on_the_live_page_is_not_called_removed(candidate: Profile) -> None:
    capture = f"{ARCHIVE}/web/20220301101500id_/{OLD}"
    pages = {capture: ADDRESS_PAGE, OLD: ADDRESS_PAGE.replace("Write", "Still write")}
    report = await report_for(candidate, site({SITE: rows(("20220301101500", OLD, "D1"))}, pages))
    archived = next(f for f in report.findings if f.location == capture)
    live = next(f for f in report.findings if f.location == OLD)
    assert archived.category is live.category is Category.HOME_ADDRESS
    assert "Removed from the site" not in archived.note
    assert archived.advice[0] == "wayback-exclusion"
    assert "wayback-exclusion" not in live.advice


async def test_an_unread_live_page_is_never_called_removed(candidate: Profile) -> None:
    capture = f"{ARCHIVE}/web/20220301101500id_/{OLD}"
    pages = {capture: ADDRESS_PAGE, OLD: httpx.Response(403)}  # a bot block
    report = await report_for(candidate, site({SITE: rows(("20220301101500", OLD, "D1"))}, pages))
    archived = next(f for f in report.findings if f.location == capture)
    assert "Removed from the site" not in archived.note
    (status,) = report.sources
    assert status.state is SourceState.PARTIAL  # the live page was not read
