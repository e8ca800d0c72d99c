"""Username presence across WhatsMyName-format site lists.

An existing account is a fact, not content, so it becomes a Finding; its profile page is then
fetched and handed on as a Document (so the matcher can spot private details on it) together
with a URL identifier that other scanners may follow.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

import httpx

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Category, Document, Finding, Identifier, Severity
from footprint.resume import recorded
from footprint.scanner import (
    Checked,
    Event,
    ScanContext,
    Scanner,
    ScanOptions,
    Send,
    Skipped,
    Work,
)
from scanners.accounts.links import http_links
from scanners.accounts.sites import (
    Presence,
    Site,
    SiteList,
    SitesError,
    bundled_sites,
    classify,
    load_sites,
)


@dataclass(frozen=True)
class Check:
    """Outcome of one site check."""

    presence: Presence
    url: str
    status: int
    response: httpx.Response


def site_list(options: ScanOptions) -> SiteList:
    """The user's WMN-format file when given, else the project's curated list."""
    if options.sites_file is not None:
        return load_sites(options.sites_file)
    return bundled_sites()


async def check_site(client: httpx.AsyncClient, site: Site, username: str) -> Check:
    """One WMN check. Redirects are not followed: some sites answer an account with 3xx."""
    url = site.check_url(username)
    body = site.body(username)
    response = await client.request(
        site.method,
        url,
        content=body.encode("utf-8") if body is not None else None,
        headers=dict(site.headers),
        follow_redirects=False,
        extensions={"footprint_expected_status": (site.e_code, site.m_code)},
    )
    presence = classify(site, response.status_code, response.text)
    return Check(presence, url, response.status_code, response)


def proof(check: Check) -> Document:
    """The site check's response as a Document: the evidence an account exists."""
    media_type, charset = _media(check.response)
    response = check.response
    return Document(check.url, response.content, media_type, charset, capture=captured(response))


def _media(response: httpx.Response) -> tuple[str | None, str | None]:
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower() or None
    return media_type, response.charset_encoding


class Accounts(Scanner):
    name = "accounts"
    description = (
        "Checks which sites have an account with each public username "
        "(WhatsMyName-format site list), then reads each profile page found."
    )
    consumes = frozenset({Kind.USERNAME})
    produces = frozenset({Kind.URL, Kind.USERNAME})
    # Keep the count in step with scanners/accounts/data/sites.json (a test checks it).
    sends: ClassVar[tuple[Send, ...]] = (
        Send(Kind.USERNAME, "each site in the site list (57 sites, or the --sites file)"),
    )

    def check_options(self, options: ScanOptions) -> str:
        if options.sites_file is None:
            return ""
        try:
            load_sites(options.sites_file)
        except SitesError as exc:
            return str(exc)
        return ""

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """Every (username as sent, host) pair, check and profile hosts alike."""
        if identifier is None or identifier.kind is not Kind.USERNAME:
            return []
        pairs: list[tuple[str, str]] = []
        for site in site_list(options).valid_sites():
            value = site.clean(identifier.value)
            for host in site.hosts(identifier.value):
                if (value, host) not in pairs:
                    pairs.append((value, host))
        return pairs

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None:
            return
        sites = site_list(ctx.options).valid_sites()
        yield Work(len(sites), "site")
        tasks = [asyncio.ensure_future(self._one(ctx, site, identifier, sites)) for site in sites]
        try:
            for next_done in asyncio.as_completed(tasks):
                for event in await next_done:
                    yield event
        finally:
            for task in tasks:
                task.cancel()

    async def _one(
        self, ctx: ScanContext, site: Site, identifier: Identifier, sites: tuple[Site, ...]
    ) -> list[Event]:
        username = identifier.value
        before = recorded(site.check_url(username))
        if before is not None:
            # An interrupted run checked it: its findings are kept and what it found is
            # offered again (footprint.resume), so it is not asked again; a profile page it
            # could not read is still said.
            unread = json.loads(before).get("skipped", ()) if before else ()
            return [
                *(Skipped(where, why) for where, why in unread),
                Checked(site.check_url(username)),
            ]
        try:
            check = await check_site(ctx.client, site, username)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # one site's failure never sinks the sweep
            return [Skipped(site.check_url(username), f"{site.name}: error ({type(exc).__name__})")]
        if check.presence is Presence.MISSING:
            return [Checked(check.url)]
        if check.presence is Presence.UNKNOWN:
            reason = (
                f"{site.name}: unknown (HTTP {check.status}; "
                "neither the exists nor the missing signature matched)"
            )
            return [Skipped(check.url, reason)]
        found = await self._profile(ctx, site, identifier, check)
        unread = [[e.location, e.reason] for e in found if isinstance(e, Skipped)]
        data = json.dumps({"skipped": unread}, separators=(",", ":")) if unread else ""
        # Checked last: a unit is recorded as done only once all it found is handled.
        return [
            self._finding(site, identifier, proof(check)),
            *found,
            *linked_usernames(found, sites, identifier),
            Checked(check.url, data),
        ]

    def _finding(self, site: Site, identifier: Identifier, proof: Document) -> Finding:
        username = identifier.value
        return Finding(
            category=Category.ACCOUNT,
            severity=Severity.LOW,
            source=self.name,
            location=site.pretty_url(username),
            evidence=f"Account '{username}' exists on {site.name}",
            matched="public.usernames",
            value=username,
            provenance=(*identifier.chain(), f"{self.name} ({site.name})"),
            proof=proof,  # the check response that proved it, for the evidence record
        )

    async def _profile(
        self, ctx: ScanContext, site: Site, identifier: Identifier, check: Check
    ) -> list[Event]:
        """The profile page as a Document plus a URL identifier; [] when there is no page."""
        username = identifier.value
        if site.post_body is not None and site.uri_pretty is None:
            return []  # only an API endpoint to point at; nothing a person would read
        url = site.pretty_url(username)
        response = check.response
        reusable = site.uri_pretty is None and 200 <= check.status < 300
        if not reusable:
            try:
                response = await ctx.client.get(
                    url, headers=self._profile_headers(site, check.url, url), follow_redirects=True
                )
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                return [Skipped(url, f"{site.name}: profile page not read ({type(exc).__name__})")]
            if not 200 <= response.status_code < 300:
                return [
                    Skipped(url, f"{site.name}: profile page answered HTTP {response.status_code}")
                ]
        page = Identifier(Kind.URL, url, parent=identifier, via=self.name)
        media_type, charset = _media(response)
        document = Document(
            url, response.content, media_type, charset, parent=page, capture=captured(response)
        )
        return [page, document]

    @staticmethod
    def _profile_headers(site: Site, check_url: str, url: str) -> dict[str, str]:
        # Site headers (User-Agent, cookies) were written for the check host only.
        if urlsplit(check_url).hostname != urlsplit(url).hostname:
            return {}
        return {k: v for k, v in site.headers if k.lower() not in {"content-type", "host"}}


def linked_usernames(
    events: list[Event], sites: tuple[Site, ...], identifier: Identifier, limit: int = 10
) -> list[Identifier]:
    """Other usernames a profile page links to (e.g. a link-in-bio page listing accounts)."""
    documents = [e for e in events if isinstance(e, Document)]
    if not documents:
        return []
    page = documents[0]
    seen = {identifier.value.lower()}
    found: list[Identifier] = []
    for url in http_links(page.content):
        for site in sites:
            username = site.username_in(url)
            if username and username.lower() not in seen:
                seen.add(username.lower())
                found.append(Identifier(Kind.USERNAME, username, page.parent, "accounts"))
                break
        if len(found) >= limit:
            break
    return found
