"""The candidate's own sites, crawled: pages, documents and photos on the same domain.

Seeds are Kind.SITE identifiers (https://DOMAIN/ for each public domain, and each public URL);
pages other scanners found (Kind.URL) are never crawled. Every page, PDF, DOCX and photo is
handed to the engine as a Document with the response's media type and charset, so the matcher
reads its text, its metadata (PDF author and creator, DOCX core properties) and its EXIF
(GPS, owner, camera serial); a home address in the site's election imprint is the matcher's
to judge (footprint/matcher/imprint.py). crawl.py states the crawl's rules and limits;
sites.py what counts as the same site (www. and other subdomains of the same registrable
domain do).

No endpoint: every request goes to the candidate's own site, so there is nothing for
FOOTPRINT_WEBSITE_URL to point elsewhere (a test site on 127.0.0.1 is given as a public URL,
with --allow-private).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import ClassVar
from weakref import WeakKeyDictionary

import httpx

from footprint.kinds import Kind
from footprint.model import Identifier
from footprint.net.ssrf import parse_ip_literal
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions, Send, Skipped
from scanners.website.crawl import Limits, SiteCrawl
from scanners.website.sites import absolute, url_site


class Website(Scanner):
    name = "website"
    description = (
        "Crawls the candidate's own sites (same domain only, up to 200 pages each), reading "
        "every page, PDF, DOCX and photo, with their metadata; shows what robots.txt asks."
    )
    consumes = frozenset({Kind.SITE})
    sends: ClassVar[tuple[Send, ...]] = (
        Send(Kind.SITE, "the site's own domain only (its pages, robots.txt and sitemap.xml)"),
    )
    unit = "page"
    max_pages: int = 200
    max_depth: int = 5

    def __init__(self) -> None:
        # One crawl per site per scan (the client is the scan's): seeds on one site share it.
        self._crawls: WeakKeyDictionary[httpx.AsyncClient, dict[str, SiteCrawl]] = (
            WeakKeyDictionary()
        )

    def limits(self) -> Limits:
        return Limits(pages=self.max_pages, depth=self.max_depth)

    def endpoint_for(self, env: Mapping[str, str]) -> tuple[str, str]:
        """No endpoint, whatever the environment says: the candidate's own URLs are fetched."""
        return "", "none"

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """The seed URL, to its host and every other host of the same site."""
        if identifier is None or identifier.kind is not Kind.SITE:
            return []
        seed = absolute(identifier.value)
        site = url_site(seed) if seed else None
        if seed is None or site is None:
            return []
        where = site if ":" in site or parse_ip_literal(site) else f"{site} and its subdomains"
        return [(seed, f"{where} (the pages it links to, robots.txt, sitemap.xml)")]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None or identifier.kind is not Kind.SITE:
            return
        seed = absolute(identifier.value)
        site = url_site(seed) if seed else None
        if seed is None or site is None:
            yield Skipped(identifier.value, "not a web address that can be crawled")
            return
        crawls = self._crawls.setdefault(ctx.client, {})
        crawl = crawls.get(site)
        if crawl is None:
            crawl = crawls[site] = SiteCrawl(site, self.limits())
        async for event in crawl.crawl(ctx.client, seed):
            yield event
