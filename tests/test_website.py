"""The website scanner: a bounded, same-site crawl whose every page and file reaches the matcher."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from PIL import Image

import footprint.run as run_module
from footprint.kinds import Kind
from footprint.model import Category, Identifier, Severity, SourceState
from footprint.net import NetSettings, build_client
from footprint.profile import Profile, parse_profile
from footprint.run import ScanRequest, run_scan
from footprint.scanner import Checked, ScanOptions, Skipped, Work
from reports.advice import advice_for
from scanners.website import Website
from scanners.website.crawl import Limits, kind_of
from scanners.website.links import page_links
from scanners.website.robots import MAX_RULES, literal_paths, parse_robots
from scanners.website.sitemap import parse_sitemap
from scanners.website.sites import _extractor, absolute, site_of

FIXTURES = Path(__file__).parent / "fixtures" / "website"
SITE = "https://whitcombe.example"
PHONE = "07700 900461"
HTML = {"content-type": "text/html; charset=utf-8"}

Answer = tuple[int, dict[str, str], bytes | str]


def subject(**public: list[str]) -> Profile:
    return parse_profile(
        {
            "name": "Eleanor Whitcombe",
            "area": "Wickwar",
            "private": {
                "home_address": "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX",
                "phones": [PHONE],
                "emails": ["ellie.whitcombe77@example.net"],
                "home_coordinates": [51.6001, -2.3987],
            },
            "public": {"domains": ["whitcombe.example"], **public},
        }
    )


def html(body: str) -> Answer:
    return 200, HTML, f"<!doctype html><html><body>{body}</body></html>"


class Web:
    """A fake web: URL -> answer (or a callable), every request logged."""

    def __init__(self, pages: dict[str, Answer | Callable[[httpx.Request], httpx.Response]]):
        self.pages = pages
        self.log: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.log.append(url)
        answer = self.pages.get(url)
        if answer is None:
            return httpx.Response(404, text="not found")
        if callable(answer):
            return answer(request)
        status, headers, body = answer
        content = body.encode() if isinstance(body, str) else body
        return httpx.Response(status, headers=headers, content=content)


def scan(web: Web, profile: Profile | None = None, scanner: Website | None = None, **net):
    request = ScanRequest(
        profile or subject(),
        [scanner or Website()],
        ScanOptions(),
        # Polite rates are tested in test_net_ratelimit; here they would only slow the crawl.
        NetSettings(
            allow_private=True,
            retries=net.pop("retries", 0),
            per_host_rate=1000.0,
            per_host_burst=100,
            **net,
        ),
    )
    result = run_scan(request, httpx.MockTransport(web))
    (status,) = result.sources
    return result, status


def jpeg_with_gps(lat: float, lon: float) -> bytes:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)

    def dms(value: float) -> tuple[float, float, float]:
        value = abs(value)
        degrees, minutes = int(value), int((value - int(value)) * 60)
        return (float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4))

    gps[1], gps[2], gps[3], gps[4] = "N", dms(lat), "W", dms(lon)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


# --- found / not found ---------------------------------------------------------------------


def test_crawl_finds_details_on_linked_pages_documents_and_photos() -> None:
    web = Web(
        {
            f"{SITE}/": html('<a href="/about">About</a> <a href="news/">News</a>'),
            f"{SITE}/about": html(f"Call me on {PHONE}"),
            f"{SITE}/news/": html('<img src="/p/garden.jpg"> <a href="/a.txt">notes</a>'),
            f"{SITE}/p/garden.jpg": (200, {"content-type": "image/jpeg"},
                                     jpeg_with_gps(51.6001, -2.3987)),
            f"{SITE}/a.txt": (200, {"content-type": "text/plain"}, "ellie.whitcombe77@example.net"),
        }
    )  # fmt: skip
    result, status = scan(web)
    found = {(f.category, f.location) for f in result.findings}
    assert found == {
        (Category.PHONE, f"{SITE}/about"),
        (Category.GEOLOCATION, f"{SITE}/p/garden.jpg"),
        (Category.EMAIL, f"{SITE}/a.txt"),
    }
    assert status.state is SourceState.OK
    assert (status.checked, status.total, status.documents) == (5, 5, 5)
    phone = next(f for f in result.findings if f.category is Category.PHONE)
    assert phone.source == "website"
    assert phone.provenance == (f"site {SITE}/", f"{SITE}/about")


def test_a_clean_site_is_ok_with_nothing_found() -> None:
    web = Web({f"{SITE}/": html('<a href="/b">b</a>'), f"{SITE}/b": html("Vote Whitcombe")})
    result, status = scan(web)
    assert result.findings == []
    assert (status.state, status.checked, status.total) == (SourceState.OK, 2, 2)


def test_home_address_in_the_sites_imprint_is_high_with_the_imprint_route() -> None:
    footer = "Promoted by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX."
    result, _ = scan(Web({f"{SITE}/": html(f"<footer>{footer}</footer>")}))
    (finding,) = result.findings
    assert finding.category is Category.HOME_ADDRESS and finding.severity is Severity.HIGH
    assert "imprint" in finding.note
    assert advice_for(finding)[0] == "imprint-address"


# --- the same site only --------------------------------------------------------------------


def test_subdomains_are_the_same_site_and_other_sites_are_never_requested() -> None:
    web = Web(
        {
            f"{SITE}/": html(
                '<a href="https://www.whitcombe.example/w">w</a>'
                '<a href="https://shop.whitcombe.example/s">s</a>'
                '<a href="https://whitcombe-fan.example/x">x</a>'
                '<a href="https://facebook.com/whitcombe">f</a>'
                '<a href="mailto:e@whitcombe.example">m</a>'
            ),
            "https://www.whitcombe.example/w": html("w"),
            "https://shop.whitcombe.example/s": html("s"),
        }
    )
    _, status = scan(web)
    hosts = {httpx.URL(u).host for u in web.log}
    assert hosts == {"whitcombe.example", "www.whitcombe.example", "shop.whitcombe.example"}
    assert (status.checked, status.total) == (3, 3)


def test_a_redirect_off_the_site_is_not_followed() -> None:
    web = Web(
        {
            f"{SITE}/": html('<a href="/donate">Donate</a> <a href="/old">old</a>'),
            f"{SITE}/donate": (302, {"location": "https://payments.example/pay"}, b""),
            f"{SITE}/old": (301, {"location": "https://www.whitcombe.example/new"}, b""),
            "https://www.whitcombe.example/new": html(f"New page {PHONE}"),
        }
    )
    result, status = scan(web)
    assert not any("payments.example" in u for u in web.log)
    assert [f.location for f in result.findings] == ["https://www.whitcombe.example/new"]
    assert status.state is SourceState.OK and (status.checked, status.total) == (3, 3)


def test_a_seed_that_redirects_to_another_site_is_reported_not_crawled() -> None:
    web = Web({f"{SITE}/": (301, {"location": "https://www.facebook.com/whitcombe"}, b"")})
    _, status = scan(web)
    assert not any("facebook" in u for u in web.log)
    assert status.state is SourceState.FAILED
    ((location, reason),) = status.skipped_items
    assert location == f"{SITE}/" and "www.facebook.com" in reason and "public.urls" in reason


def test_a_redirect_loop_is_a_skipped_page() -> None:
    web = Web(
        {
            f"{SITE}/": html('<a href="/a">a</a>'),
            f"{SITE}/a": (302, {"location": "/b"}, b""),
            f"{SITE}/b": (302, {"location": "/c"}, b""),
            f"{SITE}/c": (302, {"location": "/a?again"}, b""),
            f"{SITE}/a?again": (302, {"location": "/b?again"}, b""),
            f"{SITE}/b?again": (302, {"location": "/c?again"}, b""),
            f"{SITE}/c?again": (302, {"location": "/a?x"}, b""),
        }
    )
    _, status = scan(web, max_redirects=3)
    assert status.skipped_items == [(f"{SITE}/a", "too many redirects")]
    assert len(web.log) <= 1 + 4 + 2  # home, 1 + 3 hops, robots.txt and sitemap.xml


def test_two_seeds_on_one_site_share_one_crawl() -> None:
    web = Web(
        {
            f"{SITE}/": html('<a href="/about">a</a>'),
            f"{SITE}/about": html('<a href="/">home</a>'),
            "https://www.whitcombe.example/": html(
                '<a href="https://whitcombe.example/about">a</a>'
            ),
        }
    )
    profile = subject(urls=["https://www.whitcombe.example/"])
    _, status = scan(web, profile)
    assert sorted(u for u in web.log if "robots" not in u and "sitemap" not in u) == [
        f"{SITE}/",
        f"{SITE}/about",
        "https://www.whitcombe.example/",
    ]
    assert (status.checked, status.total) == (3, 3)


# --- robots.txt and sitemaps ---------------------------------------------------------------


def test_robots_txt_is_shown_and_disallowed_pages_are_still_read() -> None:
    web = Web(
        {
            f"{SITE}/": html('<a href="/drafts/rota">rota</a>'),
            f"{SITE}/robots.txt": (200, {"content-type": "text/plain"},
                                   "User-agent: *\nDisallow: /drafts/\nDisallow: /private/"),
            f"{SITE}/drafts/rota": html(f"Ring me: {PHONE}"),
            f"{SITE}/private/": html('<a href="/private/list">list</a>'),
            f"{SITE}/private/list": html("nothing here"),
        }
    )  # fmt: skip
    result, status = scan(web)
    assert [f.location for f in result.findings] == [f"{SITE}/drafts/rota"]
    # The disallowed paths themselves are tried too: that is where a site hides things.
    assert f"{SITE}/private/list" in web.log
    (note,) = [n for n in status.notes if "robots.txt" in n]
    assert "/drafts/, /private/" in note and "checked anyway" in note
    assert note in status.reason and status.state is SourceState.OK


def test_sitemap_pages_nobody_links_to_are_read() -> None:
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{SITE}/orphan</loc></url><url><loc>https://elsewhere.example/x</loc></url>"
        "</urlset>"
    )
    web = Web(
        {
            f"{SITE}/": html("home"),
            f"{SITE}/sitemap.xml": (200, {"content-type": "application/xml"}, sitemap),
            f"{SITE}/orphan": html(f"{PHONE}"),
        }
    )
    result, status = scan(web)
    assert [f.location for f in result.findings] == [f"{SITE}/orphan"]
    assert not any("elsewhere" in u for u in web.log)
    assert "sitemap read (/sitemap.xml): 1 address" in status.reason


def test_sitemaps_named_by_robots_and_indexes_are_followed() -> None:
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{SITE}/maps/pages.xml</loc></sitemap></sitemapindex>"
    )
    pages = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{SITE}/deep</loc></url></urlset>'
    web = Web(
        {
            f"{SITE}/": html("home"),
            f"{SITE}/robots.txt": (200, {}, f"Sitemap: {SITE}/maps/index.xml\n"),
            f"{SITE}/maps/index.xml": (200, {"content-type": "text/xml"}, index),
            f"{SITE}/maps/pages.xml": (200, {"content-type": "text/xml"}, pages),
            f"{SITE}/deep": html(PHONE),
        }
    )  # fmt: skip
    result, status = scan(web)
    assert [f.location for f in result.findings] == [f"{SITE}/deep"]
    assert "robots.txt read: it asks crawlers to skip nothing" in status.notes


def test_malformed_robots_and_sitemap_are_noted_never_fatal() -> None:
    web = Web(
        {
            f"{SITE}/": html("home"),
            f"{SITE}/robots.txt": (200, {}, b"\xff\xfe garbage: \x00\nSitemap: /s.xml\nDisallow"),
            f"{SITE}/s.xml": (200, {"content-type": "application/xml"}, "<urlset><url><loc>"),
            f"{SITE}/sitemap.xml": (200, HTML, "<html>soft 404</html>"),
        }
    )
    _, status = scan(web)
    assert status.state is SourceState.OK and (status.checked, status.total) == (1, 1)
    assert f"{SITE}/s.xml is not a sitemap that could be read" in status.notes
    # A missing or soft-404 default sitemap is normal and not worth a note.
    assert not any("/sitemap.xml" in n for n in status.notes)


def test_robots_txt_parsing_follows_rfc_9309() -> None:
    simple = parse_robots((FIXTURES / "robots-rfc9309-simple.txt").read_bytes())
    assert simple.disallowed == ("*.gif$", "/example/")  # the * group: footprint is not named
    assert literal_paths(simple, 10) == ["/example/"]
    barbot = parse_robots((FIXTURES / "robots-rfc9309-simple.txt").read_bytes(), "BarBot")
    assert barbot.disallowed == ("/example/page.html",)
    groups = (FIXTURES / "robots-google-line-syntax-groups.txt").read_bytes()
    assert parse_robots(groups).disallowed == ()  # no group for footprint, no * group
    # FooBot's two groups combine; the rule before any user-agent line belongs to none.
    assert parse_robots(groups, "FooBot").disallowed == ("/",)
    ours = parse_robots(b"User-agent: *\nDisallow: /a/\n\nUser-agent: Footprint\nDisallow: /b/\n")
    assert ours.disallowed == ("/b/",)  # a group naming footprint beats the * group
    assert literal_paths(parse_robots(b"User-agent: *\nDisallow: /\nDisallow: /x$\n"), 5) == ["/x"]


def test_sitemap_parsing_follows_sitemaps_org() -> None:
    sitemap = parse_sitemap((FIXTURES / "sitemap-sitemaps-org.xml").read_bytes(), 100)
    assert sitemap is not None and not sitemap.index
    assert sitemap.locations[1] == "http://www.example.com/catalog?item=12&desc=vacation_hawaii"
    assert len(sitemap.locations) == 5
    index = parse_sitemap((FIXTURES / "sitemap-index-sitemaps-org.xml").read_bytes(), 100)
    assert index is not None and index.index
    assert index.locations == (
        "http://www.example.com/sitemap1.xml.gz",
        "http://www.example.com/sitemap2.xml.gz",
    )
    assert parse_sitemap(b"\x1f\x8b\x08 gzip bytes", 10) is None
    bomb = (
        b'<!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<urlset><url><loc>&b;</loc></url></urlset>"
    )
    parsed = parse_sitemap(bomb, 10)
    assert parsed is None or parsed.locations == ()  # entities are never expanded


# --- errors and rate limits ----------------------------------------------------------------


def test_error_pages_are_skipped_with_their_status() -> None:
    web = Web(
        {
            f"{SITE}/": html('<a href="/gone">g</a><a href="/boom">b</a><a href="/ok">ok</a>'),
            f"{SITE}/boom": (500, HTML, "oops"),
            f"{SITE}/ok": html("fine"),
        }
    )
    _, status = scan(web)
    assert status.state is SourceState.PARTIAL and (status.checked, status.total) == (2, 4)
    assert sorted(status.skipped_items) == [
        (f"{SITE}/boom", "HTTP 500 (server error)"),
        (f"{SITE}/gone", "HTTP 404 (not found)"),
    ]
    assert "2 pages not checked" in status.reason


def test_rate_limited_page_is_retried_then_read(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([httpx.Response(429, headers={"retry-after": "1"}), None])

    def limited(request: httpx.Request) -> httpx.Response:
        return next(answers) or httpx.Response(200, headers=HTML, text=f"{PHONE}")

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    def client(*args: object, **kw: object) -> httpx.AsyncClient:
        return build_client(*args, sleep=sleep, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module, "build_client", client)
    web = Web({f"{SITE}/": html('<a href="/busy">b</a>'), f"{SITE}/busy": limited})
    result, status = scan(web, retries=3)
    assert 1.0 in slept  # Retry-After honoured
    assert [f.location for f in result.findings] == [f"{SITE}/busy"]
    assert status.state is SourceState.OK


def test_a_long_retry_after_is_a_skipped_page_with_the_wait() -> None:
    web = Web(
        {
            f"{SITE}/": html('<a href="/events/">events</a>'),
            f"{SITE}/events/": (429, {"retry-after": "3600"}, "slow down"),
        }
    )
    _, status = scan(web, retries=3)
    assert status.skipped_items == [
        (f"{SITE}/events/", "HTTP 429 (rate limited; it asks to wait 3600 s)")
    ]
    assert web.log.count(f"{SITE}/events/") == 1  # longer than we wait: not retried


def test_connection_errors_are_skipped_pages() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    web = Web({f"{SITE}/": html('<a href="/x">x</a>'), f"{SITE}/x": refuse})
    _, status = scan(web)
    assert status.skipped_items == [(f"{SITE}/x", "could not connect")]


def test_a_link_holding_a_private_detail_is_never_requested() -> None:
    web = Web({f"{SITE}/": html('<a href="/call-07700900461">call</a>')})
    _, status = scan(web)
    assert not any("07700900461" in u for u in web.log)
    ((_, reason),) = status.skipped_items
    assert "private details" in reason
    assert status.refused == 1


def test_an_unreachable_site_fails_and_says_why() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route", request=request)

    web = Web({f"{SITE}/": down, f"{SITE}/robots.txt": down, f"{SITE}/sitemap.xml": down})
    _, status = scan(web)
    assert status.state is SourceState.FAILED
    assert status.skipped_items == [(f"{SITE}/", "could not connect")]
    assert "robots.txt could not be read (could not connect)" in status.notes


# --- bounds --------------------------------------------------------------------------------


def test_page_limit_reports_what_was_not_crawled() -> None:
    links = "".join(f'<a href="/p{i}">{i}</a>' for i in range(10))
    pages = {f"{SITE}/": html(links), **{f"{SITE}/p{i}": html("x") for i in range(10)}}
    scanner = Website()
    scanner.max_pages = 4
    _, status = scan(Web(pages), scanner=scanner)
    assert (status.checked, status.total) == (4, 11)
    assert status.state is SourceState.PARTIAL
    assert status.skipped_items == [
        (f"{SITE}/", "7 more pages found but not crawled: the limit is 4 pages per site")
    ]


def test_depth_limit_reports_what_was_not_crawled() -> None:
    pages = {f"{SITE}/": html('<a href="/1">1</a>')}
    for i in range(1, 5):
        pages[f"{SITE}/{i}"] = html(f'<a href="/{i + 1}">next</a>')
    scanner = Website()
    scanner.max_depth = 2
    web = Web(pages)
    _, status = scan(web, scanner=scanner)
    assert f"{SITE}/3" not in web.log
    assert (status.checked, status.total) == (3, 4)
    assert status.skipped_items == [
        (f"{SITE}/", f"1 more page found but not crawled: more than 2 links from {SITE}/")
    ]


def test_pages_come_before_photos_within_a_level() -> None:
    links = "".join(f'<img src="/i{i}.jpg">' for i in range(5)) + '<a href="/page">p</a>'
    pages = {f"{SITE}/": html(links), f"{SITE}/page": html(PHONE)}
    scanner = Website()
    scanner.max_pages = 2
    result, _ = scan(Web(pages), scanner=scanner)
    assert [f.location for f in result.findings] == [f"{SITE}/page"]


def test_links_per_page_are_bounded_and_asset_links_not_followed() -> None:
    links = "".join(f'<a href="/p{i}">x</a>' for i in range(800))
    assert len(page_links(links.encode(), f"{SITE}/", limit=500)) == 500
    assert kind_of(f"{SITE}/site.css") is None and kind_of(f"{SITE}/video.mp4") is None
    assert kind_of(f"{SITE}/leaflet.PDF") == 1 and kind_of(f"{SITE}/p.jpeg") == 2
    assert kind_of(f"{SITE}/posts/version-2.0") == 0 and kind_of(f"{SITE}/a.php") == 0


@pytest.mark.parametrize(
    "hostile",
    [
        b"<a href=" * 150_000,
        b"<a href=x>" * 100_000,
        b"<a " * 350_000,
        b'<a href="' + b"x" * 1_000_000,
        b"<img " + b'src="a" ' * 120_000,
        b"<" * 1_000_000,
    ],
    ids=["hrefs", "links", "open-tags", "unterminated-value", "one-huge-tag", "angles"],
)
def test_link_extraction_is_linear_on_hostile_pages(hostile: bytes) -> None:
    started = time.process_time()
    page_links(hostile, f"{SITE}/")
    assert time.process_time() - started < 2.0


# --- links and sites -----------------------------------------------------------------------


def test_links_cover_the_tags_that_lead_to_pages_documents_and_photos() -> None:
    page = b"""<html><head><base href="/sub/"><link rel="stylesheet" href="s.css">
    <link rel="alternate" href="/feed.xml"></head><body>
    <a href="a">A</a><A HREF='/b#top'>B</A><a href=/c?x=1&amp;y=2>C</a><a href="mailto:x@y.z">m</a>
    <a href="javascript:void(0)">j</a><area href="/map"><iframe src="/embed"></iframe>
    <img src="/small.jpg" data-src="/big.jpg"><a data-href="/not-a-link">n</a>
    <!-- <a href="/old-draft">old</a> --></body></html>"""
    assert page_links(page, f"{SITE}/") == [
        f"{SITE}/feed.xml",
        f"{SITE}/sub/a",
        f"{SITE}/b",
        f"{SITE}/c?x=1&y=2",
        f"{SITE}/map",
        f"{SITE}/embed",
        f"{SITE}/small.jpg",
        f"{SITE}/big.jpg",
        f"{SITE}/old-draft",
    ]
    utf16 = '<a href="/é">e</a>'.encode("utf-16")
    assert page_links(utf16, f"{SITE}/") == [f"{SITE}/%C3%A9"]


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("whitcombeforwickwar.example", "whitcombeforwickwar.example"),
        ("WWW.Whitcombeforwickwar.Example.", "whitcombeforwickwar.example"),
        ("www.wickwar.gov.uk", "wickwar.gov.uk"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("eleanor.github.io", "eleanor.github.io"),  # a private suffix: her own site
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("localhost", "localhost"),
    ],
)
def test_site_is_the_registrable_domain(host: str, site: str) -> None:
    assert site_of(host) == site


def test_the_suffix_list_is_the_bundled_snapshot_never_fetched() -> None:
    extractor = _extractor()
    assert extractor.suffix_list_urls == ()
    assert extractor._cache.enabled is False  # nothing written to disk either


def test_absolute_urls_are_normalised() -> None:
    assert (
        absolute("HTTPS://WWW.Example.ORG:443/A/../B?q=1#frag") == "https://www.example.org/B?q=1"
    )
    assert absolute(" /x\n/y ", f"{SITE}/a/") == f"{SITE}/x/y"
    assert absolute("ftp://example.org/") is None and absolute("") is None


# --- the scanner's contract ----------------------------------------------------------------


async def test_only_site_seeds_are_crawled() -> None:
    web = Web({f"{SITE}/": html("x")})
    async with httpx.AsyncClient(transport=httpx.MockTransport(web)) as client:
        from footprint.scanner import ScanContext

        ctx = ScanContext(client, ScanOptions())
        events = [e async for e in Website().scan(ctx, Identifier(Kind.URL, f"{SITE}/"))]
        assert events == [] and web.log == []
        events = [e async for e in Website().scan(ctx, Identifier(Kind.SITE, f"{SITE}/"))]
    assert isinstance(events[0], Work) and Checked(f"{SITE}/") in events
    assert not any(isinstance(e, Skipped) for e in events)


def test_plan_names_the_seed_and_its_site() -> None:
    scanner = Website()
    seed = Identifier(Kind.SITE, "https://www.whitcombe.example/")
    assert scanner.planned(seed, ScanOptions()) == [
        (
            "https://www.whitcombe.example/",
            "whitcombe.example and its subdomains (the pages it links to, robots.txt, sitemap.xml)",
        )
    ]
    assert scanner.planned(Identifier(Kind.URL, f"{SITE}/"), ScanOptions()) == []


class SmallLimits(Website):
    def limits(self) -> Limits:
        return Limits(pages=6, depth=5, sitemap_entries=3, sitemaps=2, robots_paths=2)


def test_robots_paths_and_sitemaps_are_bounded() -> None:
    disallows = "".join(f"Disallow: /hidden{i}/\n" for i in range(30))
    index = "".join(f"<sitemap><loc>{SITE}/map{i}.xml</loc></sitemap>" for i in range(20))
    urls = "".join(f"<url><loc>{SITE}/listed{i}</loc></url>" for i in range(50))
    pages: dict = {
        f"{SITE}/": html("home"),
        f"{SITE}/robots.txt": (200, {}, f"User-agent: *\n{disallows}Sitemap: {SITE}/index.xml"),
        f"{SITE}/index.xml": (200, {"content-type": "application/xml"},
                              f"<sitemapindex>{index}</sitemapindex>"),
    }  # fmt: skip
    for i in range(20):
        pages[f"{SITE}/map{i}.xml"] = (200, {"content-type": "application/xml"},
                                       f"<urlset>{urls}</urlset>")  # fmt: skip
    pages.update({f"{SITE}/listed{i}": html("listed") for i in range(50)})
    web = Web(pages)
    _, status = scan(web, scanner=SmallLimits())
    assert [u for u in web.log if "hidden" in u] == [f"{SITE}/hidden0/", f"{SITE}/hidden1/"]
    assert [u for u in web.log if "/map" in u] == [f"{SITE}/map0.xml"]  # index + 1 = 2 read
    assert sorted(u for u in web.log if "listed" in u) == [f"{SITE}/listed{i}" for i in range(3)]
    # The two disallowed paths answer 404: guesses, so nothing is missing there.
    assert (status.state, status.checked, status.total) == (SourceState.OK, 6, 6)


def test_a_huge_robots_txt_is_read_only_in_part() -> None:
    started = time.process_time()
    robots = parse_robots(b"User-agent: *\n" + b"Disallow: /x\n" * 500_000)
    assert time.process_time() - started < 2.0
    assert 0 < len(robots.disallowed) <= MAX_RULES


def test_a_page_over_the_size_limit_is_read_in_part_and_noted() -> None:
    big = html(f"{PHONE} " + "filler " * 2000)
    result, status = scan(Web({f"{SITE}/": big}), max_body_bytes=1000)
    assert [f.category for f in result.findings] == [Category.PHONE]  # its start was read
    assert "1 page was larger than the size limit: only the start of each was read" in (
        status.notes
    )
    assert status.state is SourceState.OK
