"""UK people-search and directory sites (192.com, ukphonebook.com, the BT Phone Book).

For each public name (Kind.NAME) and each site of data/sites.toml, one unit of work: the
site's search URL for the name and the profile's public `area` (ScanOptions.area; never a
private detail, and the wire guard refuses one anyway) is fetched and the results page read:

- the site's `listed` pattern is on it: the page goes to the matcher as a Document (it
  judges: age guides, partial postcodes, other occupants that are family) and the unit is
  answered;
- its `no_results` pattern is on it: not listed (Checked), but only when the site's format is
  confirmed; for an unconfirmed site the unit is Skipped "format unconfirmed: could not tell
  whether you are listed", never "not listed";
- anything else (403 blocked, 429 rate limited, another status, a captcha or changed page):
  Skipped with the reason.

Testing: FOOTPRINT_PEOPLE_SEARCH_URL, when set, replaces every site's scheme and host with
that base, keeping the site's host as the first path segment: https://www.192.com/people/...
becomes <base>/www.192.com/people/... (one local server can answer for every site).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import ClassVar
from urllib.parse import urlsplit

import httpx

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Document, Identifier
from footprint.net.retry import EXPECTED_STATUS
from footprint.scanner import Checked, Event, ScanContext, Scanner, ScanOptions, Send, Skipped, Work
from scanners.people_search.sites import Site, bundled_sites

UNCONFIRMED = "format unconfirmed: could not tell whether you are listed"


def site_url(site: Site, name: str, town: str, base: str = "") -> str:
    """The URL asked for `name` in `town` on `site`, under `base` when one is set."""
    url = site.search_url(name, town)
    if not base:
        return url
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{base.rstrip('/')}/{parts.netloc}{parts.path}{query}"


class PeopleSearch(Scanner):
    name = "people_search"
    description = (
        "Searches UK people-search and directory sites (192.com, ukphonebook.com, the BT "
        "Phone Book) for each public name in the profile's public area, and reads any listing."
    )
    consumes = frozenset({Kind.NAME})
    sends: ClassVar[tuple[Send, ...]] = tuple(
        Send(Kind.NAME, f"{s.host} (with the public area)") for s in bundled_sites()
    )
    unit = "lookup"

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """Each site's search URL for the name, exactly as sent, with its host."""
        if identifier is None or identifier.kind is not Kind.NAME:
            return []
        base = self.endpoint_for(options.env)[0]
        found = []
        for site in bundled_sites():
            url = site_url(site, identifier.value, options.area, base)
            found.append((url, urlsplit(url).netloc))
        return found

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None or identifier.kind is not Kind.NAME:
            return
        sites = bundled_sites()
        yield Work(len(sites), "lookup")
        for site in sites:
            url = site_url(site, identifier.value, ctx.options.area, ctx.endpoint)
            try:
                response = await ctx.client.get(url, extensions={EXPECTED_STATUS: (403, 429)})
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # reported as not checked, never fatal
                yield Skipped(url, f"{site.name}: error ({type(exc).__name__})")
                continue
            for event in answer(site, identifier, url, response):
                yield event


def answer(site: Site, identifier: Identifier, url: str, response: httpx.Response) -> list[Event]:
    """The events for one search (see the module docstring for each case)."""
    status = response.status_code
    if status == 403:
        return [Skipped(url, f"{site.name}: blocked (HTTP 403); search it by hand")]
    if status == 429:
        return [Skipped(url, f"{site.name}: rate limited (HTTP 429); try again later")]
    if status != 200:
        return [Skipped(url, f"{site.name} answered HTTP {status}")]
    text = response.text
    if site.listed.search(text):
        media = response.headers.get("content-type", "").split(";")[0].strip() or None
        document = Document(
            url, response.content, media, response.charset_encoding, identifier, captured(response)
        )
        return [Checked(url), document]
    if site.no_results.search(text):
        return [Skipped(url, f"{site.name}: {UNCONFIRMED}")] if site.unconfirmed else [Checked(url)]
    return [
        Skipped(
            url,
            f"{site.name}: the page was neither a listing nor 'no results' "
            "(blocked, a captcha or a changed format)",
        )
    ]
