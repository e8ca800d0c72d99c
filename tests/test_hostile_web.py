"""The hostile-web and fault suite: real scans against a misbehaving server on 127.0.0.1.

Each fault is served beside a good page (and a local file, another source): the scan ends
within its limits, the bad page is listed with a clear reason, the good page and the file
still give their findings, and memory stays bounded. Limits are set small here (timeouts,
body caps) so the suite stays fast; README "Hostile input: faults tried" lists each fault,
the limit that holds with its default value, and the test that proves it.
"""

from __future__ import annotations

import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hostile_server import (
    PUBLIC_ADDRESS,
    Log,
    PublicNames,
    answer,
    dribble,
    endless,
    html,
    in_turn,
    raw,
    redirect,
    reset,
    serve,
    wait_until,
)

from footprint.engine import MAX_CALLS_PER_SOURCE
from footprint.model import Category, SourceState, SourceStatus
from footprint.net import NetSettings
from footprint.net.pool import network_transport
from footprint.net.sockets import HIGH_WATER
from footprint.profile import parse_profile
from footprint.run import ScanRequest, run_scan
from footprint.scanner import ScanOptions
from scanners.local_files import LocalFiles
from scanners.pages import Pages

PHONE = "07700 900461"
EMAIL = "ellie.whitcombe77@example.net"
GOOD = f"<p>Ring Ellie on {PHONE}</p>"
# Small limits so faults show in a second; the per-host rate is lifted (one host serves all).
FAST = {
    "retries": 0,
    "request_timeout": 1.0,
    "backoff_base": 0.01,
    "backoff_max": 0.1,
    "per_host_rate": 500.0,
    "per_host_burst": 100,
    "per_host_concurrency": 8,
}


@dataclass
class Scan:
    pages: SourceStatus
    files: SourceStatus
    found: set[tuple[str, str]]  # (category, path on the server, or "file")
    seconds: float  # wall time
    peak: int  # bytes, traced in this process (with trace=True)


def subject():
    return parse_profile(
        {"name": "Eleanor Whitcombe", "private": {"phones": [PHONE], "emails": [EMAIL]}}
    )


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    """Set at the end of a test: slow replies stop dribbling."""
    event = threading.Event()
    yield event
    event.set()


def scan(
    tmp_path: Path,
    base: str,
    paths: list[str],
    timeout: float = 20,
    transport: httpx.AsyncBaseTransport | None = None,
    trace: bool = False,
    **net,
) -> Scan:
    """`pages` on each path of the server, `local_files` on a file holding the email."""
    note = tmp_path / "notes.txt"
    if not note.exists():
        note.write_text(f"write to {EMAIL}\n")
    files = LocalFiles()
    files.max_bytes = 1 << 20  # it asks for this much up front: keep it out of the peak
    request = ScanRequest(
        subject(),
        [Pages(), files],
        ScanOptions(paths=(note,), urls=tuple(p if "://" in p else base + p for p in paths)),
        NetSettings(**{"allow_private": True, **FAST, **net}),
        timeout=timeout,
    )
    if trace:  # only where memory is asserted: tracing doubles the time of a scan
        tracemalloc.start()
    started = time.monotonic()
    try:
        result = run_scan(request, transport)
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
    finally:
        tracemalloc.stop()
    by_name = {s.name: s for s in result.sources}
    found = {
        (f.category.value, f.location.removeprefix(base) if f.source == "pages" else "file")
        for f in result.findings
    }
    return Scan(by_name["pages"], by_name["local_files"], found, seconds, peak)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Traced peak of the same scan with nothing hostile in it, plus 4 MB of slack."""
    with serve({"/good": html(GOOD)}) as (base, _):
        return scan(tmp_path_factory.mktemp("baseline"), base, ["/good"], trace=True).peak + (
            4 << 20
        )


def assert_others_complete(result: Scan, good: str = "/good") -> None:
    """The good page and the local file gave their findings, whatever the bad page did."""
    assert (Category.PHONE.value, good) in result.found
    assert (Category.EMAIL.value, "file") in result.found
    assert result.files.state is SourceState.OK


def reasons(status: SourceStatus) -> dict[str, str]:
    return {location.rsplit("/", 1)[-1]: why for location, why in status.skipped_items}


# -- slow and endless answers ---------------------------------------------------------------


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"


@pytest.mark.parametrize("where", ["headers", "body"])
def test_slowloris_is_cut_off_by_the_response_deadline(
    tmp_path: Path, stop: threading.Event, where: str
) -> None:
    # One byte every 50 ms: each read is well within the 1 s read timeout, yet the answer
    # would take 100 s (body) or minutes (an endless header); only a whole-answer deadline
    # stops it.
    raw = HEAD[:20] + b"X-Pad: " + b"a" * 10_000 if where == "headers" else HEAD + b"x" * 100_000
    routes = {"/slow": dribble(raw, 0.05, stop), "/good": html(GOOD)}
    with serve(routes) as (base, _):
        result = scan(tmp_path, base, ["/slow", "/good"], response_deadline=0.6)
    assert result.seconds < 6
    assert reasons(result.pages) == {"slow": "timed out: the answer took longer than 0.6 s"}
    assert result.pages.state is SourceState.PARTIAL
    assert_others_complete(result)


def test_a_slow_answer_is_not_asked_for_again(tmp_path: Path, stop: threading.Event) -> None:
    routes = {"/slow": dribble(HEAD + b"x" * 100_000, 0.05, stop), "/good": html(GOOD)}
    with serve(routes) as (base, log):
        result = scan(tmp_path, base, ["/slow", "/good"], response_deadline=0.5, retries=3)
    assert log.count("/slow") == 1  # a retry would cost the whole deadline again
    assert result.seconds < 5
    assert_others_complete(result)


# -- bodies too big: endless, gzip and brotli bombs -------------------------------------------

CAP = 256 * 1024


def zeros_gzip(size: int) -> bytes:
    """`size` bytes of "0" as one gzip member: about a thousandth of that on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return zeros_gzip(64 << 20)  # 64 MB of zeros in about 64 KB


def test_an_endless_body_is_cut_at_the_cap(tmp_path: Path, baseline: int) -> None:
    log = Log()
    routes = {"/endless": endless(log, "/endless"), "/good": html(GOOD)}
    with serve(routes) as (base, _):
        result = scan(tmp_path, base, ["/endless", "/good"], trace=True, max_body_bytes=CAP)
        assert wait_until(lambda: "/endless" in log.sent)
    assert log.sent["/endless"] < 64 * CAP  # the client hung up long before the end
    assert result.seconds < 10 and result.peak < baseline + 16 * CAP
    # Read up to the cap and checked, and the report says only the start was read.
    assert result.pages.state is SourceState.OK and result.pages.checked == 2
    assert result.pages.notes == [
        f"{base}/endless is larger than the size limit: its first 256 KB were read"
    ]
    assert_others_complete(result)


def test_a_gzip_bomb_is_decoded_only_up_to_the_cap(
    tmp_path: Path, gzip_bomb: bytes, baseline: int
) -> None:
    bomb = answer(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip_bomb)
    with serve({"/bomb": bomb, "/good": html(GOOD)}) as (base, _):
        result = scan(tmp_path, base, ["/bomb", "/good"], trace=True, max_body_bytes=CAP)
    assert result.peak < baseline + 16 * CAP  # 64 MB decoded would be far past this
    assert result.pages.notes == [
        f"{base}/bomb is larger than the size limit: its first 256 KB were read"
    ]
    assert_others_complete(result)


def test_codings_that_cannot_be_bounded_are_refused(tmp_path: Path) -> None:
    # Whatever the body (here the start of a brotli bomb), it is never decoded: httpx would
    # decode brotli after the size cap, unbounded.
    codings = {"br": "br", "stacked": "gzip, br", "zstd": "zstd", "unknown": "x-unknown"}
    routes: dict = {
        f"/{name}": answer(200, {"Content-Type": "text/html", "Content-Encoding": value}, b"\x8b")
        for name, value in codings.items()
    }
    with serve({**routes, "/good": html(GOOD)}) as (base, _):
        result = scan(tmp_path, base, [*routes, "/good"])
    assert reasons(result.pages) == dict.fromkeys(codings, "the response could not be decoded")
    assert result.pages.state is SourceState.PARTIAL
    assert_others_complete(result)


def test_a_body_that_is_not_the_gzip_it_claims_is_listed(tmp_path: Path) -> None:
    lie = answer(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, GOOD.encode())
    with serve({"/lie": lie, "/good": html(GOOD)}) as (base, _):
        result = scan(tmp_path, base, ["/lie", "/good"])
    assert reasons(result.pages) == {"lie": "the response could not be decoded"}
    assert_others_complete(result)


# -- redirects, rate limits, flapping servers, broken connections ----------------------------


def test_a_redirect_loop_stops_at_the_redirect_limit(tmp_path: Path) -> None:
    routes = {"/loop": redirect("/loop2"), "/loop2": redirect("/loop"), "/good": html(GOOD)}
    with serve(routes) as (base, log):
        result = scan(tmp_path, base, ["/loop", "/good"], max_redirects=5)
    assert reasons(result.pages) == {"loop": "too many redirects"}
    assert log.count("/loop") + log.count("/loop2") == 6  # the first request and 5 redirects
    assert_others_complete(result)


def test_a_429_storm_with_long_retry_after_is_not_waited_out(tmp_path: Path) -> None:
    storm = answer(429, {"Retry-After": "86400", "Content-Type": "text/plain"}, b"slow down")
    paths = [f"/busy{i}" for i in range(20)]
    routes = {**{p: storm for p in paths}, "/good": html(GOOD)}
    with serve(routes) as (base, log):
        result = scan(tmp_path, base, [*paths, "/good"], retries=3, backoff_max=20)
    assert result.seconds < 10  # not a day per page, nor 20 s of backoff each
    assert all(log.count(p) == 1 for p in paths)  # a wait beyond backoff_max: not retried
    assert set(reasons(result.pages).values()) == {
        "HTTP 429 (rate limited; it asks to wait 86400 s)"
    }
    assert (result.pages.checked, result.pages.total) == (1, 21)
    assert result.pages.state is SourceState.PARTIAL
    assert_others_complete(result)


def test_a_flapping_server_is_retried_until_it_answers(tmp_path: Path) -> None:
    error = answer(500, {"Content-Type": "text/plain"}, b"oops")
    unavailable = answer(503, {"Retry-After": "0"}, b"")
    gateway = answer(502, {"Content-Type": "text/plain"}, b"bad gateway")
    routes = {
        "/flap": in_turn([error, unavailable, error, html(GOOD)]),
        "/down": gateway,
        "/good": html(GOOD),
    }
    with serve(routes) as (base, log):
        result = scan(tmp_path, base, ["/flap", "/down", "/good"], retries=3)
    assert (Category.PHONE.value, "/flap") in result.found  # the fourth try answered
    assert log.count("/flap") == 4 and log.count("/down") == 4
    assert reasons(result.pages) == {"down": "HTTP 502 (bad gateway)"}
    assert result.seconds < 10
    assert_others_complete(result)


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # before the status line
        b"HTTP/1.1 200 OK\r\nContent-Ty",  # inside the headers
        b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<p>half a page",  # inside the body
    ],
    ids=["before-status", "in-headers", "in-body"],
)
def test_a_reset_connection_is_retried_then_listed(tmp_path: Path, sent: bytes) -> None:
    with serve({"/reset": reset(sent), "/good": html(GOOD)}) as (base, log):
        result = scan(tmp_path, base, ["/reset", "/good"], retries=2)
    assert reasons(result.pages) == {"reset": "the connection was broken off"}
    assert log.count("/reset") == 3
    assert result.pages.state is SourceState.PARTIAL
    assert_others_complete(result)


# -- redirects to private addresses, DNS failures (the SSRF guard on) ------------------------

# Every spelling of loopback a resolver or browser accepts, and names that resolve to it.
PRIVATE_TARGETS = {
    "decimal": ("http://2130706433:{port}/secret", "a loopback address"),
    "octal": ("http://0177.0.0.1:{port}/secret", "not a valid web address"),
    "hex": ("http://0x7f000001:{port}/secret", "a loopback address"),
    "hex dotted": ("http://0x7f.1:{port}/secret", "a loopback address"),
    "short": ("http://127.1:{port}/secret", "a loopback address"),
    "dotted": ("http://127.0.0.1:{port}/secret", "a loopback address"),
    "mapped IPv6": ("http://[::ffff:127.0.0.1]:{port}/secret", "embedding 127.0.0.1"),
    "IPv6 loopback": ("http://[::1]:{port}/secret", "a loopback address"),
    "localhost": ("http://localhost:{port}/secret", "a local host name"),
    "name to loopback": ("http://loopback.hostile.example:{port}/secret", "a loopback address"),
    "name to LAN": ("http://lan.hostile.example:{port}/secret", "a private address"),
    "private literal": ("http://10.0.0.1:{port}/secret", "a private address"),
    "metadata service": ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
}
NAMES = {
    "hostile.example": PUBLIC_ADDRESS,
    "loopback.hostile.example": "127.0.0.1",
    "lan.hostile.example": "192.168.1.10",
}


def guarded_scan(tmp_path: Path, routes: dict, paths: list[str], **net) -> tuple[Scan, Log]:
    """`scan` with allow_private off: the server is reached only as hostile.example."""
    with serve(routes) as (local, log):
        port = int(local.rsplit(":", 1)[1])
        names = PublicNames(port, NAMES)
        settings = NetSettings(**{**FAST, **net})
        transport = network_transport(settings, names.resolve, names.backend())
        result = scan(tmp_path, f"http://hostile.example:{port}", paths, transport=transport)
    return result, log


def to_the_server(target: str):
    """A redirect to `target` on the test server's own port: it would answer if reached."""
    return lambda handler: redirect(target.format(port=handler.server.server_port))(handler)


def test_a_redirect_to_a_private_address_is_refused_in_every_spelling(tmp_path: Path) -> None:
    spellings = {f"/{i}": target for i, (target, _) in enumerate(PRIVATE_TARGETS.values())}
    routes = {path: to_the_server(target) for path, target in spellings.items()}
    routes |= {"/good": html(GOOD), "/secret": html(GOOD)}
    result, log = guarded_scan(tmp_path, routes, [*spellings, "/good"])
    assert log.count("/secret") == 0  # never reached, whichever way it was spelt
    got = reasons(result.pages)
    for i, (spelling, (_, why)) in enumerate(PRIVATE_TARGETS.items()):
        assert got[str(i)].startswith("not requested") and why in got[str(i)], (spelling, got)
    assert result.pages.checked == 1
    assert_others_complete(result)


def test_a_private_address_given_directly_is_refused(tmp_path: Path) -> None:
    with serve({"/secret": html(GOOD)}) as (local, log):
        result = scan(tmp_path, local, ["/secret"], allow_private=False)
    assert reasons(result.pages) == {"secret": "not requested: a loopback address"}
    assert log.paths == [] and result.pages.state is SourceState.FAILED


def test_a_name_that_does_not_resolve_is_listed(tmp_path: Path) -> None:
    routes = {"/go": redirect("http://nowhere.hostile.example/page"), "/good": html(GOOD)}
    pages = ["/go", "http://gone.hostile.example/", "/good"]
    result, log = guarded_scan(tmp_path, routes, pages, retries=1)
    assert reasons(result.pages) == {"go": "could not connect", "": "could not connect"}
    assert log.count("/page") == 0 and result.seconds < 5
    assert result.pages.state is SourceState.PARTIAL
    assert_others_complete(result)


# -- what the body claims to be, and what it is ----------------------------------------------

P = PHONE.encode()
BODIES = {
    # Wrong and absent content types: the content decides how it is read.
    "html as octet-stream": ({"Content-Type": "application/octet-stream"}, b"<p>" + P + b"</p>"),
    "html with no type": ({}, b"<html><body><p>Ring " + P + b"</p></body></html>"),
    "json as text/html": ({"Content-Type": "text/html"}, b'{"phone": "' + P + b'"}'),
    "bogus type": ({"Content-Type": "x/y; ;;; charset"}, b"<p>" + P + b"</p>"),
    # Invalid encodings: bad bytes are replaced, the rest is read.
    "invalid utf-8": ({"Content-Type": "text/html; charset=utf-8"}, b"<p>\xc3( \xff\x80 " + P),
    "utf-16 bom over the header": (
        {"Content-Type": "text/html; charset=latin-1"},
        "\ufeff<p>".encode("utf-16-le") + PHONE.encode("utf-16-le"),
    ),
    "unknown charset": ({"Content-Type": "text/html; charset=x-no-such"}, b"<p>" + P),
    "utf-16 claimed, ascii sent": ({"Content-Type": "text/plain; charset=utf-16"}, P + b" "),
    "meta charset lies": ({"Content-Type": "text/html"}, b'<meta charset="utf-7"><p>' + P),
    "nul bytes": ({"Content-Type": "text/html"}, b"<p>\x00\x00" + P + b"\x00</p>"),
    # Enormous single lines.
    "2 MB line": ({"Content-Type": "text/html"}, b"<p>" + b"x" * 2_000_000 + b" " + P),
    "2 MB of one word": ({"Content-Type": "text/plain"}, b"a" * 2_000_000 + b" " + P),
    # 100k-deep nesting.
    "100k deep html": ({"Content-Type": "text/html"}, b"<div>" * 100_000 + b"call " + P),
    "100k deep json": (
        {"Content-Type": "application/json"},
        b"[" * 100_000 + b'"' + P + b'"' + b"]" * 100_000,
    ),
    "100k deep xml": (
        {"Content-Type": "application/xml"},
        b"<a>" * 100_000 + P + b"</a>" * 100_000,
    ),
    # Malformed HTML, JSON, XML.
    "broken html": ({"Content-Type": "text/html"}, b"<p><b><i>" + P + b"</p></td></i><</<>>"),
    "broken json": ({"Content-Type": "application/json"}, b'{"phone": "' + P + b'", "x": [1,'),
    "broken xml": ({"Content-Type": "text/xml"}, b"<?xml version='1.0'?><a><b>" + P + b"</a>"),
    "xml entity bomb": (
        {"Content-Type": "application/xml"},
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(8))
        + b"]><l>&i; "
        + P
        + b"</l>",
    ),
}


def test_bodies_that_lie_or_break_are_still_read(tmp_path: Path) -> None:
    names = {f"/{i}": name for i, name in enumerate(BODIES)}
    routes = {path: answer(200, *BODIES[name]) for path, name in names.items()}
    start = time.process_time()
    with serve({**routes, "/good": html(GOOD)}) as (base, _):
        result = scan(tmp_path, base, [*routes, "/good"])
    # Extraction runs in worker processes (their CPU is not counted here), so wall time too.
    assert time.process_time() - start < 5 and result.seconds < 20
    missed = [
        name for path, name in names.items() if (Category.PHONE.value, path) not in result.found
    ]
    assert missed == [], result.pages
    assert result.pages.state is SourceState.OK and result.pages.skipped_items == []
    assert_others_complete(result)


def test_garbage_instead_of_http_is_listed(tmp_path: Path) -> None:
    ok = b"HTTP/1.1 200 OK\r\n"
    bad = "the answer was not valid HTTP"
    cut = "the connection was broken off"
    faults = {
        "/garbage": (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", bad),  # not HTTP at all
        "/header": (ok + b"X: " + b"a" * 200_000 + b"\r\n\r\n" + P, bad),  # over 100 KB
        "/negative": (ok + b"Content-Length: -5\r\n\r\nhello", bad),
        "/two-lengths": (ok + b"Content-Length: 5\r\nContent-Length: 9\r\n\r\nhello", bad),
        "/nul": (ok + b"X-A: a\x00b\r\nContent-Length: 3\r\n\r\nabc", bad),
        "/huge-chunk": (ok + b"Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n" + P, cut),
        "/short": (ok + b"Content-Length: 500\r\n\r\n" + P, cut),  # then the server hangs up
        "/no-status": (P, bad),  # a page without its status line
        "/odd-status": (b"HTTP/1.1 999 Weird\r\nContent-Length: 3\r\n\r\nabc", "HTTP 999"),
    }
    routes = {path: raw(data) for path, (data, _) in faults.items()}
    with serve({**routes, "/good": html(GOOD)}) as (base, _):
        result = scan(tmp_path, base, [*routes, "/good"])
    assert reasons(result.pages) == {path[1:]: why for path, (_, why) in faults.items()}
    assert_others_complete(result)


def test_a_body_that_is_not_the_type_it_claims_is_listed_with_the_reason(tmp_path: Path) -> None:
    routes = {
        "/photo": answer(200, {"Content-Type": "image/png"}, b"Ring " + P),
        "/leaflet": answer(200, {"Content-Type": "application/pdf"}, b"<p>" + P),
        "/good": html(GOOD),
    }
    with serve(routes) as (base, _):
        result = scan(tmp_path, base, ["/photo", "/leaflet", "/good"])
    why = reasons(result.pages)
    assert why["photo"] == "unreadable image (cannot identify image file)"  # no object address
    assert why["leaflet"] == "not a PDF file (no %PDF header)"
    assert result.pages.state is SourceState.PARTIAL
    assert_others_complete(result)


# -- the own-site crawl: traps, hostile robots.txt and sitemaps ------------------------------


def trap(handler) -> None:
    """Every page links to 30 new pages one level deeper: a crawl that never ends by itself."""
    here = handler.path.rstrip("/")
    links = "".join(f'<a href="{here}/{n}">{n}</a>' for n in range(30))
    html(f"<p>{links}</p>")(handler)


def hostile_site(base: str, stop: threading.Event) -> dict:
    loc = f"<url><loc>{base}/contact</loc></url>"
    entity = b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(8))
    return {
        "/": html(
            '<a href="/trap">t</a><a href="/slow">s</a><a href="/busy">b</a>'
            '<a href="/loop">l</a><a href="javascript:alert(1)">j</a>'
            '<a href="http://2130706433/">d</a><a href="http://[::1]/">v</a>'
        ),
        "/trap*": trap,
        "/slow": dribble(HEAD + b"x" * 100_000, 0.05, stop),
        "/busy": answer(429, {"Retry-After": "3600"}, b""),
        "/loop": redirect("/loop/"),
        "/loop/": redirect("/loop"),
        "/contact": html(GOOD),  # only the sitemap names it
        "/robots.txt": answer(
            200,
            {"Content-Type": "text/plain"},
            b"Sitemap: /deep.xml\nSitemap: /bomb.xml\nSitemap: /self.xml\nSitemap: /list.xml\n"
            + b"User-agent: *\nDisallow: /drafts/\nDisallow: /"
            + b"a" * 3_000_000  # one enormous line, past the size limit
            + b"\n",
        ),
        "/deep.xml": answer(
            200,
            {"Content-Type": "application/xml"},
            b"<urlset>" + b"<url>" * 100_000 + loc.encode() + b"</url>" * 100_000 + b"</urlset>",
        ),
        "/bomb.xml": answer(
            200,
            {"Content-Type": "application/xml"},
            b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">'
            + entity
            + b"]><urlset><url><loc>"
            + base.encode()
            + b"/&i;</loc></url></urlset>",
        ),
        "/self.xml": answer(  # an index that lists itself
            200,
            {"Content-Type": "application/xml"},
            f"<sitemapindex><sitemap><loc>{base}/self.xml</loc></sitemap></sitemapindex>".encode(),
        ),
        "/list.xml": answer(
            200,
            {"Content-Type": "application/xml"},
            (
                "<urlset>"
                + loc
                + "".join(f"<url><loc>{base}/trap/s{n}</loc></url>" for n in range(3000))
                + "</urlset>"
            ).encode(),
        ),
    }


def test_a_hostile_own_site_is_crawled_within_its_limits(
    tmp_path: Path, stop: threading.Event
) -> None:
    from scanners.website import Website

    website = Website()
    website.max_pages = 40
    routes: dict = {}  # filled once the server's address is known
    with serve(routes) as (base, log):
        routes.update(hostile_site(base, stop))
        profile = parse_profile(
            {
                "name": "Eleanor Whitcombe",
                "private": {"phones": [PHONE]},
                "public": {"urls": [f"{base}/"]},
            }
        )
        request = ScanRequest(
            profile,
            [website],
            ScanOptions(),
            NetSettings(allow_private=True, response_deadline=0.6, max_body_bytes=CAP, **FAST),
            timeout=20,
        )
        started = time.monotonic()
        result = run_scan(request)
        seconds = time.monotonic() - started
    (status,) = result.sources
    assert seconds < 10
    assert [(f.category, f.location) for f in result.findings] == [
        (Category.PHONE, f"{base}/contact")
    ]
    assert len(log.paths) <= 40 + 1 + 10 + 2  # pages, robots.txt, sitemaps, redirect hops
    why = {loc.removeprefix(base): reason for loc, reason in status.skipped_items}
    assert why["/slow"] == "timed out: the answer took longer than 0.6 s"
    assert why["/busy"] == "HTTP 429 (rate limited; it asks to wait 3600 s)"
    assert "the limit is 40 pages per site" in why["/"]
    assert status.state is SourceState.PARTIAL
    notes = " | ".join(status.notes)
    # The enormous robots.txt line is neither shown nor requested; the ordinary rule is.
    assert "robots.txt asks crawlers to skip /drafts/; those pages were checked" in notes
    assert "/drafts/" in log.paths and max(len(n) for n in status.notes) < 500
    assert f"{base}/deep.xml is not a sitemap that could be read" in notes


def test_many_large_pages_are_not_all_held_in_memory_at_once(tmp_path: Path, baseline: int) -> None:
    # 40 pages of 512 KB fetched at once held 27 MB: each waited for an extraction worker
    # with its body in memory. Now at most MAX_CALLS_PER_SOURCE calls hold one (plus a copy
    # on its way to the worker), whatever the number of pages.
    log = Log()
    routes: dict = {f"/big{i}": endless(log, f"/big{i}") for i in range(40)}
    with serve({**routes, "/good": html(GOOD)}) as (base, _):
        result = scan(tmp_path, base, [*routes, "/good"], trace=True, max_body_bytes=2 * CAP)
    assert result.pages.checked == 41
    # Per call: the body, its copy and the cut (3 x the cap), and what its connection buffers
    # (footprint/net/sockets.py: HIGH_WATER, plus one read of asyncio's, up to 256 KB).
    per_call = 3 * 2 * CAP + HIGH_WATER + 256 * 1024
    # And about 100 KB a page that stays held until the scan ends (not a body: 40 pages peak
    # 15-22 MB over the baseline, 100 pages 26-30 MB; before and after issue 15's client
    # changes alike). Every body held at once would be 40 x 3 x 512 KB, far past this.
    per_page = 128 * 1024
    assert result.peak < baseline + MAX_CALLS_PER_SOURCE * per_call + len(routes) * per_page
