"""Fidelity against the real WhatsMyName list: every site, emulated on a local fake web.

benchmarks/fakeweb.py serves, on a real 127.0.0.1 socket, every valid site of
tests/fixtures/whatsmyname/wmn-data.json the way the list says the real site answers (e_code +
e_string for a known username, m_code + m_string otherwise), insisting on the right method,
headers and POST body. The client is the project's real one (footprint.net.build_client) with a
transport that only swaps the connection target, so URL building, quoting, strip_bad_char,
headers, POST bodies, redirect handling and classification all run unchanged.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
import random
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from footprint.kinds import Kind
from footprint.model import Document, Finding, Identifier
from footprint.net import NetSettings, build_client
from footprint.scanner import ScanContext, ScanOptions, Skipped
from scanners.accounts import Accounts, check_site
from scanners.accounts.sites import Presence, Site, SiteList, load_sites

ROOT = Path(__file__).parents[1]
WMN = ROOT / "tests" / "fixtures" / "whatsmyname" / "wmn-data.json"
# HTTP forbids a body with these statuses, so an m_string can never be seen after them.
BODILESS = {204, 304}


def load_fakeweb() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fakeweb", ROOT / "benchmarks" / "fakeweb.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["fakeweb"] = module
    spec.loader.exec_module(module)
    return module


fakeweb = load_fakeweb()


@pytest.fixture(scope="module")
def sites() -> SiteList:
    return load_sites(WMN)


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with fakeweb.running(WMN) as server:
        yield server.port


async def public_looking(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]  # passes the SSRF check; the fake-web backend dials 127.0.0.1


def client(port: int) -> httpx.AsyncClient:
    # Production client down to its sockets (HTTP/1.1 pools, connect-time guard); only the
    # sockets are opened to the fake web. The host rate is raised so the test is quick.
    settings = NetSettings(per_host_rate=1000.0, per_host_burst=1000, concurrency=32, retries=0)
    return build_client(
        settings, resolver=public_looking, network_backend=fakeweb.FakeWebBackend(port)
    )


def unknown_name(site: Site, rng: random.Random) -> str:
    while True:
        name = "zz" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=10))
        if name not in site.known:
            return name


def cannot_be_missing(site: Site) -> bool:
    return (site.m_code in BODILESS or site.m_code < 200) and site.m_string != ""


async def classify_all(port: int, jobs: list[tuple[Site, str]]) -> list[Presence | str]:
    async with client(port) as http:

        async def one(site: Site, name: str) -> Presence | str:
            try:
                return (await check_site(http, site, name)).presence
            except Exception as exc:
                return f"error {type(exc).__name__}: {exc}"

        return await asyncio.gather(*(one(site, name) for site, name in jobs))


async def test_every_site_finds_its_known_accounts(sites: SiteList, port: int) -> None:
    jobs = [(site, name) for site in sites.valid_sites() for name in site.known]
    assert len(jobs) > 1400
    results = await classify_all(port, jobs)
    wrong = [(s.name, n, r) for (s, n), r in zip(jobs, results, strict=True) if r != "exists"]
    assert wrong == []


async def test_every_site_reports_an_unknown_username_missing(sites: SiteList, port: int) -> None:
    rng = random.Random(20261125)
    jobs = [(site, unknown_name(site, rng)) for site in sites.valid_sites()]
    results = await classify_all(port, jobs)
    wrong = [
        (s.name, n, r)
        for (s, n), r in zip(jobs, results, strict=True)
        if r != ("unknown" if cannot_be_missing(s) else "missing")
    ]
    assert wrong == []
    # A WMN entry whose "missing" answer carries a body on a bodiless status (e.g. 304) can
    # only ever read as unknown; there must be very few of those.
    assert sum(cannot_be_missing(s) for s in sites.valid_sites()) <= 3


async def test_strip_bad_char_is_applied_before_sending(sites: SiteList, port: int) -> None:
    jobs = []
    for site in sites.valid_sites():
        for char in site.strip_bad_char:
            name = site.known[0]
            jobs.append((site, name[:1] + char + name[1:]))
    assert len(jobs) >= 20
    results = await classify_all(port, jobs)
    assert all(r == "exists" for r in results), list(zip(jobs, results, strict=True))


async def test_emulator_rejects_wrong_headers_and_bodies(sites: SiteList, port: int) -> None:
    # Guards the fidelity tests: a client dropping headers or mangling bodies must fail.
    posts = [s for s in sites.valid_sites() if s.post_body is not None]
    assert len(posts) >= 20
    no_headers = [(dataclasses.replace(s, headers=()), s.known[0]) for s in posts]
    bad_body = [(dataclasses.replace(s, post_body=s.post_body + " "), s.known[0]) for s in posts]
    as_get = [(dataclasses.replace(s, post_body=None), s.known[0]) for s in posts]
    results = await classify_all(port, no_headers + bad_body + as_get)
    assert "exists" not in results


async def test_redirect_answers_are_read_without_following(sites: SiteList, port: int) -> None:
    redirecting = [s for s in sites.valid_sites() if 300 <= s.e_code < 400]
    assert redirecting
    async with client(port) as http:
        for site in redirecting:
            followed = await http.get(site.check_url(site.known[0]), follow_redirects=True)
            assert "followed a redirect" in followed.text  # the trap is there...
            check = await check_site(http, site, site.known[0])
            assert check.presence is Presence.EXISTS  # ...and the scanner does not walk into it


async def test_full_scan_over_the_real_list(sites: SiteList, port: int) -> None:
    username = "john"
    expected = {
        s.name
        for s in sites.valid_sites()
        if username in {k.translate(str.maketrans("", "", s.strip_bad_char)) for k in s.known}
    }
    assert len(expected) >= 20
    options = ScanOptions(sites_file=WMN)
    async with client(port) as http:
        ctx = ScanContext(http, options)
        events = [e async for e in Accounts().scan(ctx, Identifier(Kind.USERNAME, username))]
    findings = [e for e in events if isinstance(e, Finding)]
    found = {f.evidence.removeprefix(f"Account '{username}' exists on ") for f in findings}
    assert found == expected
    by_name = {s.name: s for s in sites.valid_sites()}
    assert {f.location for f in findings} == {by_name[n].pretty_url(username) for n in found}
    skipped = [e for e in events if isinstance(e, Skipped)]
    assert [s.reason.split(":")[0] for s in skipped] == [
        s.name for s in sites.valid_sites() if cannot_be_missing(s)
    ]
    # Every found account with a readable profile page comes back as a document + URL.
    documents = [e for e in events if isinstance(e, Document)]
    urls = [e for e in events if isinstance(e, Identifier)]
    with_page = [n for n in found if not (by_name[n].post_body and not by_name[n].uri_pretty)]
    assert len(documents) == len(urls) == len(with_page)
    assert {d.location for d in documents} == {u.value for u in urls}
    assert all(d.content for d in documents)
