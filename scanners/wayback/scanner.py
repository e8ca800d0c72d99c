"""Archived copies of the public domains and pages in the Internet Archive's Wayback Machine.

For each domain or page: ask the CDX index which copies exist (scanners/wayback/cdx.py),
read the newest few distinct copies of each page raw (`id_`), and hand each over as a
Document located at its capture URL. The matcher judges them like any page.

So that the report can say "removed from the site, still archived" (reports/archived.py),
the live page of every archived address is fetched too, and always *before* its copies: a
live page that answers is a Document at its own address, one that is gone (404, 410) is
nothing, one that cannot be read is a Skipped item (then no "removed" claim is made). A page
whose copies one lookup reads is left to it by every other lookup (a domain and its home page).

Bounds: 3 copies per page, 10 per lookup, 20 per scan, 10 page lookups per scan; what the
bounds leave out is listed as not read. The archive's host gets a polite request rate
(`endpoint_rate`).

Resumed (footprint.resume): a lookup cut short does not ask the index again when it had
answered (its `Checked` recorded the copies chosen and how many were left out), and neither
a live page nor a copy read before is fetched again. A lookup that finished is not run again,
but what it took of the bounds and the pages it read are taken again (`replayed`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import ClassVar
from urllib.parse import urlsplit

import httpx

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Document, Identifier
from footprint.resume import TaskOutcome, read_before, recorded
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
from scanners.wayback import cdx

WAYBACK = "https://web.archive.org"
PER_PAGE = 3
PER_LOOKUP = 10
PER_SCAN = 20
PAGE_LOOKUPS = 10
GONE = (404, 410)
# The CDX search has a hard limit of 24 requests a minute and the Internet Archive asks
# clients to stay at 80% of it (edgi-govdata-archiving/wayback, _client.py and its v0.5.1
# release notes); copies and searches share one host, so the whole host gets that rate, with
# a burst small enough that no minute can hold more than 3 + 0.32 * 60 = 22 requests.
ARCHIVE_RATE = (0.8 * 24 / 60, 3)


def _media(response: httpx.Response, fallback: str) -> tuple[str | None, str | None]:
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower() or fallback or None
    return media_type, response.charset_encoding


def _why(exc: Exception) -> str:
    return type(exc).__name__


class Wayback(Scanner):
    name = "wayback"
    description = (
        "Reads archived copies of the public domains and pages in the Internet Archive's "
        "Wayback Machine, and says when a detail removed from a site is still archived."
    )
    consumes = frozenset({Kind.DOMAIN, Kind.URL})
    unit = "archive lookup"
    endpoint = WAYBACK
    endpoint_rate = ARCHIVE_RATE
    sends: ClassVar[tuple[Send, ...]] = (
        Send(Kind.DOMAIN, "web.archive.org (its archived pages and copies of them)"),
        Send(Kind.URL, "web.archive.org (archived copies of the page)"),
    )

    shares_state = True  # the bounds per scan, and the pages one lookup leaves to another

    def __init__(self) -> None:
        self._copies_left = PER_SCAN
        self._pages_left = PAGE_LOOKUPS
        self._claimed: set[str] = set()  # index page keys whose copies a lookup reads

    def replayed(self, identifier: Identifier | None, outcome: TaskOutcome) -> None:
        """A lookup an earlier run finished: what it took of the bounds, and the pages it
        read, are taken again, so the lookups that run now leave them as they did."""
        if identifier is None:
            return
        where = f"{identifier.value.strip()} (Wayback Machine)"
        asked = outcome.units or any(
            location == where and not reason.startswith("not looked up")
            for location, reason in outcome.skipped
        )
        if identifier.kind is not Kind.DOMAIN and asked:
            self._pages_left -= 1
        for _, data in outcome.units:
            self._take(_choice(data)[0])

    def _take(self, pages: list[list[cdx.Capture]]) -> None:
        for page in pages:
            self._claimed.add(page[0].urlkey)
            self._copies_left -= len(page)

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        if identifier is None or identifier.kind not in self.consumes:
            return []
        archive = urlsplit(self.endpoint_for(options.env)[0]).netloc
        value = identifier.value
        if identifier.kind is Kind.DOMAIN:
            return [
                (value, f"{archive} (the Internet Archive: its archived pages of the domain and "
                        "its subdomains, then copies of them)"),
                (value, f"{value} and its subdomains (live pages of archived addresses, to "
                        "see whether they still show what the archive does)"),
            ]  # fmt: skip
        if _is_archive(value, archive):
            return []
        host = urlsplit(value).netloc
        return [
            (value, f"{archive} (the Internet Archive: archived copies of the page)"),
            (value, f"{host} (the live page, to compare with its archived copies)"),
        ]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None:
            return
        value = identifier.value.strip()
        domain = identifier.kind is Kind.DOMAIN
        where = f"{value} (Wayback Machine)"
        yield Work(1, "archive lookup")
        if not domain:
            if _is_archive(value, urlsplit(ctx.endpoint).netloc):
                yield Checked(value)  # already an archived copy: nothing older to find
                return
            if self._pages_left <= 0:
                reason = f"not looked up: at most {PAGE_LOOKUPS} pages are looked up per scan"
                yield Skipped(where, reason)
                return
            self._pages_left -= 1
        before = recorded(value)
        if before is not None:  # the index answered an earlier run: its choice holds
            pages, left_out, empty = _choice(before)
            yield Checked(value)
        else:
            try:
                captures = await self._index(ctx, value, domain)
            except _LookupError as exc:
                yield Skipped(where, str(exc))
                return
            fresh = [c for c in captures if c.urlkey not in self._claimed]
            limit = max(0, min(PER_LOOKUP, self._copies_left))
            pages, left_out = cdx.choose(fresh, PER_PAGE, limit)
            empty = not captures
            yield Checked(value, _record(pages, left_out, empty))
        if empty:
            if domain:  # worth saying of the candidate's own site, noise for every page
                yield Note(f"no archived copies of {value} in the Wayback Machine")
            return
        self._take(pages)
        if left_out:
            yield Skipped(
                where,
                f"{left_out} more archived {'copy' if left_out == 1 else 'copies'} not read "
                f"(footprint reads at most {PER_PAGE} per page, {PER_LOOKUP} per lookup and "
                f"{PER_SCAN} per scan)",
            )
        for page in pages:
            async for event in self._page(ctx, page):
                yield event

    async def _index(self, ctx: ScanContext, value: str, domain: bool) -> list[cdx.Capture]:
        url, params = cdx.query(ctx.endpoint, value, domain)
        try:
            response = await ctx.client.get(url, params=params)
        except httpx.HTTPError as exc:
            raise _LookupError(f"Wayback Machine index not reached ({_why(exc)})") from None
        status = response.status_code
        if status == 403:
            raise _LookupError(
                "the Wayback Machine refuses to list this site (HTTP 403: blocked or excluded)"
            )
        if status == 429:
            raise _LookupError("the Wayback Machine rate-limited the lookup (HTTP 429)")
        if status != 200:
            raise _LookupError(f"the Wayback Machine index answered HTTP {status}")
        try:
            return cdx.parse(response.content)
        except cdx.CdxError as exc:
            raise _LookupError(
                f"the Wayback Machine index sent a malformed answer ({exc})"
            ) from None

    async def _page(self, ctx: ScanContext, page: list[cdx.Capture]) -> AsyncIterator[Event]:
        """The live page first (see the module docstring), then its archived copies."""
        live = page[0].original
        if read_before(live):
            yield Document(live, b"")  # read by an earlier run: counted, not fetched again
        else:
            async for event in self._live(ctx, live):
                yield event
        for capture in page:
            url = capture.url(ctx.endpoint)
            if read_before(url):
                yield Document(url, b"")
                continue
            try:
                response = await ctx.client.get(url)
            except httpx.HTTPError as exc:
                yield Skipped(url, f"archived copy not read ({_why(exc)})")
                continue
            if response.status_code == 200:
                media_type, charset = _media(response, capture.mimetype)
                yield Document(
                    url, response.content, media_type, charset, capture=captured(response)
                )
            elif response.status_code == 429:
                yield Skipped(url, "archived copy not read: the Wayback Machine rate-limited it")
            else:
                yield Skipped(url, f"archived copy not read (HTTP {response.status_code})")

    async def _live(self, ctx: ScanContext, live: str) -> AsyncIterator[Event]:
        try:
            response = await ctx.client.get(live)
        except httpx.HTTPError as exc:
            yield Skipped(live, f"live page not read ({_why(exc)}): {_UNKNOWN}")
        else:
            if response.status_code == 200:
                media_type, charset = _media(response, "")
                yield Document(
                    live, response.content, media_type, charset, capture=captured(response)
                )
            elif response.status_code not in GONE:
                yield Skipped(live, f"live page answered HTTP {response.status_code}: {_UNKNOWN}")


_UNKNOWN = "whether it still shows what its archived copies show is not known"


class _LookupError(Exception):
    """The index could not be read; str() is the reason for the report."""


def _is_archive(url: str, archive_host: str) -> bool:
    host = urlsplit(url).netloc.lower()
    return host in (archive_host.lower(), "web.archive.org", "archive.org")


def _record(pages: list[list[cdx.Capture]], left_out: int, empty: bool) -> str:
    """A lookup's choice, for a resume: the copies to read (per page), how many were left out,
    whether the index had none at all."""
    chosen = [[[c.urlkey, c.timestamp, c.original, c.mimetype, c.digest] for c in page]
              for page in pages]  # fmt: skip
    data = {"pages": chosen, "left_out": left_out, "empty": empty}
    return json.dumps(data, separators=(",", ":"))


def _choice(data: str) -> tuple[list[list[cdx.Capture]], int, bool]:
    record = json.loads(data) if data else {}
    pages = [[cdx.Capture(*row) for row in page] for page in record.get("pages", ())]
    return pages, int(record.get("left_out", 0)), bool(record.get("empty", False))
