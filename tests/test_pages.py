"""The pages scanner: each known page (public.urls, --url) read once and matched."""

from __future__ import annotations

import gzip

import httpx

from footprint.kinds import Kind
from footprint.model import Category, Identifier, SourceState
from footprint.net import NetSettings
from footprint.profile import Profile, parse_profile
from footprint.run import ScanRequest, run_scan
from footprint.scanner import Checked, Document, ScanContext, ScanOptions, Skipped, Work
from scanners.pages import Pages

PHONE = "07700 900461"
HTML = {"content-type": "text/html; charset=utf-8"}
PAGE = "https://parish.example/news/fair"


def subject(urls: list[str]) -> Profile:
    return parse_profile(
        {"name": "Eleanor Whitcombe", "private": {"phones": [PHONE]}, "public": {"urls": urls}}
    )


def scan(answer, urls: tuple[str, ...] = (PAGE,), cli_urls: tuple[str, ...] = (), retries: int = 0):
    log: list[str] = []

    def web(request: httpx.Request) -> httpx.Response:
        log.append(str(request.url))
        return answer(request)

    request = ScanRequest(
        subject(list(urls)),
        [Pages()],
        ScanOptions(urls=cli_urls),
        NetSettings(allow_private=True, retries=retries),
    )
    result = run_scan(request, httpx.MockTransport(web))
    (status,) = result.sources
    return result, status, log


def page(text: str, status: int = 200, headers: dict[str, str] | None = None):
    return lambda request: httpx.Response(status, headers=headers or HTML, text=text)


def test_a_known_page_with_a_private_detail_is_found() -> None:
    result, status, log = scan(page(f"<p>Ring Ellie on {PHONE}</p>"))
    (finding,) = result.findings
    assert (finding.category, finding.location, finding.source) == (Category.PHONE, PAGE, "pages")
    assert finding.provenance == (f"url {PAGE}",)
    assert (status.state, status.checked, status.total, status.documents) == (
        SourceState.OK, 1, 1, 1,
    )  # fmt: skip
    assert log == [PAGE]


def test_a_clean_page_is_ok_with_nothing_found() -> None:
    result, status, _ = scan(page("<p>Thanks to all our helpers</p>"))
    assert result.findings == [] and status.state is SourceState.OK


def test_each_url_flag_is_read_beside_the_profiles_urls() -> None:
    other = "https://news.example/story"
    result, status, log = scan(page(f"{PHONE}"), cli_urls=(other,))
    assert sorted(log) == [other, PAGE]
    assert {f.location for f in result.findings} == {PAGE, other}
    assert (status.checked, status.total) == (2, 2)


def test_redirects_are_followed_and_the_final_address_is_the_location() -> None:
    final = "https://www.parish.example/news/fair/"

    def answer(request: httpx.Request) -> httpx.Response:
        if str(request.url) == PAGE:
            return httpx.Response(301, headers={"location": final})
        return httpx.Response(200, headers=HTML, text=PHONE)

    result, status, log = scan(answer)
    assert log == [PAGE, final]
    assert [f.location for f in result.findings] == [final]
    assert status.state is SourceState.OK


def test_error_statuses_are_skipped_with_the_reason() -> None:
    for code, words in ((404, "not found"), (500, "server error"), (403, "forbidden")):
        result, status, _ = scan(page("nope", code))
        assert status.skipped_items == [(PAGE, f"HTTP {code} ({words})")]
        assert status.state is SourceState.FAILED and result.findings == []


def test_rate_limited_page_says_how_long_it_asked_to_wait() -> None:
    _, status, log = scan(page("slow down", 429, {"retry-after": "3600"}), retries=3)
    assert status.skipped_items == [(PAGE, "HTTP 429 (rate limited; it asks to wait 3600 s)")]
    assert log == [PAGE]  # a wait longer than the retry policy allows is not retried


def test_malformed_responses_are_skipped_or_listed_never_fatal() -> None:
    # A body whose encoding cannot be decoded within the size limit is refused.
    brotli = page("x", headers={"content-encoding": "br", **HTML})
    _, status, _ = scan(brotli)
    assert status.skipped_items == [(PAGE, "the response could not be decoded")]
    # A gzip body cut short: what could be decoded is still read and matched.
    body = gzip.compress(f"call {PHONE} soon ".encode() * 20)[:-6]
    cut = lambda request: httpx.Response(  # noqa: E731
        200, headers={"content-encoding": "gzip", **HTML}, content=body
    )
    result, status, _ = scan(cut)
    assert [f.category for f in result.findings] == [Category.PHONE]
    # A page that is not what it says: extraction lists it with the reason.
    pdf = page("%PDF-1.4 not really", headers={"content-type": "application/pdf"})
    _, status, _ = scan(pdf)
    assert [loc for loc, _ in status.skipped_items] == [PAGE]  # extraction says why


def test_a_connection_error_is_a_skipped_page() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    _, status, _ = scan(refuse)
    assert status.skipped_items == [(PAGE, "could not connect")]
    assert status.state is SourceState.FAILED


async def test_pages_other_scanners_found_are_not_fetched_again() -> None:
    log: list[str] = []

    def web(request: httpx.Request) -> httpx.Response:
        log.append(str(request.url))
        return httpx.Response(200, headers=HTML, text="x")

    async with httpx.AsyncClient(transport=httpx.MockTransport(web)) as client:
        ctx = ScanContext(client, ScanOptions())
        parent = Identifier(Kind.USERNAME, "ewhitcombe")
        found = Identifier(Kind.URL, "https://x.example/ewhitcombe", parent, "accounts")
        assert [e async for e in Pages().scan(ctx, found)] == []
        assert [e async for e in Pages().scan(ctx, Identifier(Kind.SITE, PAGE))] == []
        seed = Identifier(Kind.URL, PAGE)
        events = [e async for e in Pages().scan(ctx, seed)]
    assert log == [PAGE]
    assert isinstance(events[0], Work) and isinstance(events[1], Document)
    assert events[1].parent is seed and events[2] == Checked(PAGE)
    assert not any(isinstance(e, Skipped) for e in events)


def test_plan_lists_each_seed_page_and_its_host() -> None:
    scanner = Pages()
    assert scanner.planned(Identifier(Kind.URL, PAGE), ScanOptions()) == [(PAGE, "parish.example")]
    found = Identifier(Kind.URL, PAGE, Identifier(Kind.USERNAME, "x"), "accounts")
    assert scanner.planned(found, ScanOptions()) == []
