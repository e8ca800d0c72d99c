"""The engine: isolation of failing sources, recursion with provenance, skips and time limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from footprint.engine import Engine, depth
from footprint.kinds import Kind
from footprint.model import Category, Document, Identifier, SourceState
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile
from footprint.scanner import (
    Checked,
    Event,
    Note,
    ScanContext,
    Scanner,
    ScanOptions,
    Send,
    Skipped,
    Work,
)

PHONE = "07700 900461"

PAGES = {
    "https://social.example/ewhitcombe": (
        '<html><body><h1>Ellie</h1><a href="https://ellie-bakes.example/">my blog</a></body></html>'
    ),
    "https://ellie-bakes.example/": f"<html><body>Order cakes: {PHONE}</body></html>",
}


def web(request: httpx.Request) -> httpx.Response:
    body = PAGES.get(str(request.url))
    if body is None:
        return httpx.Response(404, text="not found")
    return httpx.Response(200, text=body, headers={"content-type": "text/html; charset=utf-8"})


class Profiles(Scanner):
    """Looks a username up and reports links on the profile page as new URLs."""

    name = "profiles"
    description = "test: username -> profile page"
    consumes = frozenset({Kind.USERNAME})
    produces = frozenset({Kind.URL})
    sends = (Send(Kind.USERNAME, "social.example"),)

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        url = f"https://social.example/{identifier.value}"
        response = await ctx.client.get(url)
        yield Document(url, response.content, "text/html", parent=identifier)
        if response.status_code == 200:
            yield Identifier(Kind.URL, "https://ellie-bakes.example/", identifier, "profiles")


class Pages(Scanner):
    name = "pages"
    description = "test: fetch a URL"
    consumes = frozenset({Kind.URL})
    sends = (Send(Kind.URL, "the URL's host"),)
    calls: list[str]

    def __init__(self) -> None:
        self.calls = []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        self.calls.append(identifier.value)
        response = await ctx.client.get(identifier.value)
        yield Document(identifier.value, response.content, "text/html", parent=identifier)
        # Re-announcing a known identifier must not schedule it again.
        yield Identifier(Kind.URL, identifier.value.upper(), identifier, "pages")


class Broken(Scanner):
    name = "broken"
    description = "test: yields one document then crashes"
    consumes = frozenset({Kind.USERNAME})

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield Document("broken://page", f"call {PHONE}".encode(), "text/plain")
        raise RuntimeError("site changed its layout")


class NeedsKey(Scanner):
    name = "needs_key"
    description = "test: needs an API key"
    consumes = frozenset({Kind.NAME})
    needs = ("EXAMPLE_API_KEY",)

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        raise AssertionError("must not run without its key")
        yield  # pragma: no cover


class Slow(Scanner):
    name = "slow"
    description = "test: never finishes"
    network = False

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield Document("notes.txt", f"phone {PHONE}".encode(), "text/plain")
        yield Skipped("big.bin", "too large")
        await asyncio.sleep(3600)


@pytest.fixture
def subject() -> Profile:
    from footprint.profile import parse_profile

    return parse_profile(
        {
            "name": "Eleanor Whitcombe",
            "private": {"phones": [PHONE]},
            "public": {"usernames": ["ewhitcombe"]},
        }
    )


async def scan(subject: Profile, scanners: list[Scanner], offline: bool = False, **kw):
    counter = RequestCounter()
    settings = NetSettings(allow_private=True, offline=offline)
    async with build_client(settings, httpx.MockTransport(web), counter) as client:
        ctx = ScanContext(client, ScanOptions(offline=offline))
        engine = Engine(subject, scanners, ctx, counter, max_depth=kw.pop("max_depth", 2))
        return await engine.run(subject.seeds(), **kw)


async def test_recursion_records_provenance_chain(subject: Profile) -> None:
    result = await scan(subject, [Profiles(), Pages()])
    phone = [f for f in result.findings if f.category is Category.PHONE]
    assert [f.location for f in phone] == ["https://ellie-bakes.example/"]
    assert phone[0].source == "pages"
    assert phone[0].provenance == (
        "username ewhitcombe",
        "profiles",
        "url https://ellie-bakes.example/",
    )
    status = {s.name: s for s in result.sources}
    assert status["profiles"].requests == 1 and status["pages"].requests == 1
    assert status["pages"].documents == 1


async def test_seen_set_schedules_each_identifier_once(subject: Profile) -> None:
    pages = Pages()
    await scan(subject, [Profiles(), pages])
    assert pages.calls == ["https://ellie-bakes.example/"]


async def test_depth_limit_stops_recursion(subject: Profile) -> None:
    pages = Pages()
    result = await scan(subject, [Profiles(), pages], max_depth=0)
    assert pages.calls == []
    assert not [f for f in result.findings if f.category is Category.PHONE]


async def test_failing_scanner_is_isolated_and_keeps_its_findings(subject: Profile) -> None:
    result = await scan(subject, [Broken(), Profiles(), Pages()])
    status = {s.name: s for s in result.sources}
    # It read one document before crashing: partly checked, with the error as the reason.
    assert status["broken"].state is SourceState.PARTIAL
    assert "site changed its layout" in status["broken"].reason
    assert status["profiles"].state is SourceState.OK
    locations = {f.location for f in result.findings}
    assert {"broken://page", "https://ellie-bakes.example/"} <= locations
    # A document yielded without its own parent hangs off the identifier being scanned.
    broken = next(f for f in result.findings if f.location == "broken://page")
    assert broken.provenance == ("username ewhitcombe", "broken://page")


async def test_missing_key_and_offline_are_skips_not_failures(subject: Profile) -> None:
    result = await scan(subject, [NeedsKey(), Profiles()], offline=True)
    status = {s.name: s for s in result.sources}
    assert status["needs_key"].state is SourceState.SKIPPED
    assert "EXAMPLE_API_KEY" in status["needs_key"].reason
    assert status["profiles"].state is SourceState.SKIPPED
    assert "offline" in status["profiles"].reason
    assert status["profiles"].requests == 0


async def test_time_limit_returns_partial_result(subject: Profile) -> None:
    result = await scan(subject, [Slow()], timeout=0.5)
    assert result.interrupted
    status = {s.name: s for s in result.sources}
    assert status["slow"].state is SourceState.PARTIAL  # one document read before the limit
    assert "time limit" in status["slow"].reason
    assert status["slow"].skipped_items == [("big.bin", "too large")]
    assert [f.location for f in result.findings] == ["notes.txt"]


async def test_unreadable_document_becomes_a_skipped_item(subject: Profile) -> None:
    class Corrupt(Scanner):
        name = "corrupt"
        description = "test: a broken PDF"
        network = False

        async def scan(self, ctx: ScanContext, identifier: Identifier | None):
            yield Document("letter.pdf", b"%PDF-1.4\n1 0 obj", "application/pdf")

    result = await scan(subject, [Corrupt()])
    status = {s.name: s for s in result.sources}
    # Its only document could not be read: nothing was checked, which is a failure.
    assert status["corrupt"].state is SourceState.FAILED
    assert status["corrupt"].documents == 0
    assert [loc for loc, _ in status["corrupt"].skipped_items] == ["letter.pdf"]


def test_depth_counts_scanner_hops() -> None:
    seed = Identifier(Kind.USERNAME, "a")
    child = Identifier(Kind.URL, "https://x.example/", seed, "profiles")
    assert (depth(seed), depth(child), depth(Identifier(Kind.NAME, "n", child, "p"))) == (0, 1, 2)


async def test_notes_reach_the_source_status_once_each_and_bounded(subject: Profile) -> None:
    from footprint.engine import MAX_NOTES

    class Noting(Scanner):
        name = "noting"
        description = "test: notes how it checked"
        network = False

        async def scan(self, ctx: ScanContext, identifier: Identifier | None):
            yield Work(1, "page")
            yield Note("robots.txt asks crawlers to skip /drafts/")
            yield Note("robots.txt asks crawlers to skip /drafts/")
            for i in range(MAX_NOTES * 2):
                yield Note(f"note {i}")
            yield Checked("https://a.example/")

    result = await scan(subject, [Noting()])
    (status,) = result.sources
    assert status.state is SourceState.OK
    assert result.findings == []  # a note is never a finding
    assert status.notes[0] == "robots.txt asks crawlers to skip /drafts/"
    assert len(status.notes) == MAX_NOTES
    assert status.reason.startswith("robots.txt asks crawlers to skip /drafts/; note 0")
