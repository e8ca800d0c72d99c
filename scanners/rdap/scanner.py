"""Registration data of each public domain through RDAP (RFC 9083; servers from RFC 9224).

For each domain: find the registry's RDAP server in IANA's bootstrap file (cached for a day),
ask it for the domain, and follow a thin registry's "related" link to the registrar once when
the registry itself holds no contacts (.com). The registrant, administrative and technical
contacts that survive redaction are handed to the matcher as a plain-text Document located at
the RDAP URL, whose evidence record keeps the JSON answer as the server sent it. When every
contact is redacted or a privacy service stands in, that good outcome is a Note on the
source's status, never a finding.

FOOTPRINT_RDAP_URL replaces the bootstrap file: a URL ending in ".json" is read as a
bootstrap file; anything else is taken as an RDAP server's base URL, asked for every domain
(`<base>/domain/<name>`), which is how tests and private mirrors point the scanner elsewhere.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import ClassVar
from urllib.parse import urlsplit

import httpx

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Capture, Document, Identifier
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
from scanners.rdap.bootstrap import (
    IANA_DNS_BOOTSTRAP,
    Bootstrap,
    BootstrapError,
    ascii_domain,
    cached,
    load_bootstrap,
)
from scanners.rdap.contacts import contact_text, contacts, protection, related_link

RDAP_TYPES = "application/rdap+json, application/json;q=0.9"
NOT_FOUND = (404, 400)  # PIR answers 400 for a name it does not hold (a subdomain)


class RdapError(Exception):
    """One domain's lookup failed; str() is the one-line reason for the report."""


def is_bootstrap_url(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(".json")


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


class Rdap(Scanner):
    name = "rdap"
    description = (
        "Looks up who each public domain is registered to (RDAP, the successor of WHOIS) "
        "and checks the registrant, admin and technical contacts for private details."
    )
    consumes = frozenset({Kind.DOMAIN})
    unit = "domain"
    endpoint = IANA_DNS_BOOTSTRAP
    sends: ClassVar[tuple[Send, ...]] = (
        Send(
            Kind.DOMAIN,
            "the registry's RDAP server for the domain's top-level domain (found in IANA's "
            "bootstrap file from data.iana.org, which is not sent the domain)",
        ),
    )

    def __init__(self) -> None:
        self._bootstrap: asyncio.Future[Bootstrap] | None = None  # one download per scan

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        if identifier is None or identifier.kind is not Kind.DOMAIN:
            return []
        endpoint, origin = self.endpoint_for(options.env)
        if not is_bootstrap_url(endpoint):
            return [(identifier.value, f"{host_of(endpoint)} (the RDAP server set by {origin})")]
        tld = ascii_domain(identifier.value).rpartition(".")[2]
        boot = cached(options.cache_dir, endpoint, max_age=None)
        base = boot.base_for(identifier.value) if boot else None
        related = "; and the registrar's RDAP server if the registry names one"
        if base is None:
            where = (
                f"the .{tld} registry's RDAP server (looked up in the bootstrap file from "
                f"{host_of(endpoint)}, which is not sent the domain{related})"
            )
        else:
            where = (
                f"{host_of(base)} (the .{tld} registry's RDAP server, from the bootstrap file "
                f"from {host_of(endpoint)}, which is not sent the domain{related})"
            )
        return [(identifier.value, where)]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None:
            return
        domain = identifier.value.strip().rstrip(".").lower()
        yield Work(1, "domain")
        try:
            events = await self._lookup(ctx, domain)
        except RdapError as exc:
            yield Skipped(domain, str(exc))
            return
        for event in events:
            yield event

    async def _lookup(self, ctx: ScanContext, domain: str) -> list[Event]:
        url = await self._domain_url(ctx, domain)
        asked = await _ask(ctx.client, url)
        if asked is None:
            return [Checked(domain), Note(f"{domain} has no registration record at {host_of(url)}")]
        answer, capture = asked
        found = contacts(answer)
        related = related_link(answer)
        if not found and related:
            url, asked = related, await _ask(ctx.client, related, registrar=True)
            found = []
            if asked is not None:
                answer, capture = asked
                found = contacts(answer)
        events: list[Event] = []
        if any(not c.protected for c in found):
            text = contact_text(domain, host_of(url), found)
            # The evidence is the answer the contacts were read from, as the server sent it.
            events.append(
                Document(url, text.encode("utf-8"), "text/plain", "utf-8", capture=capture)
            )
        elif found:
            how = protection(found)
            events.append(Note(f"registration details of {domain} are protected ({how})"))
        else:
            events.append(Note(f"no registrant contact details are published for {domain}"))
        return [*events, Checked(domain)]

    async def _domain_url(self, ctx: ScanContext, domain: str) -> str:
        name = ascii_domain(domain)
        if not is_bootstrap_url(ctx.endpoint):
            return f"{ctx.endpoint.rstrip('/')}/domain/{name}"
        try:
            bootstrap = await self._shared_bootstrap(ctx)
        except BootstrapError as exc:
            raise RdapError(str(exc)) from None
        base = bootstrap.base_for(name)
        if base is None:
            tld = name.rpartition(".")[2]
            raise RdapError(f"no RDAP server for .{tld} in the bootstrap file ({ctx.endpoint})")
        return f"{base}domain/{name}"

    async def _shared_bootstrap(self, ctx: ScanContext) -> Bootstrap:
        """Domains looked up together wait for one download."""
        stale = self._bootstrap is not None and self._bootstrap.get_loop() is not (
            asyncio.get_running_loop()
        )
        if self._bootstrap is None or stale:
            self._bootstrap = asyncio.ensure_future(
                load_bootstrap(ctx.client, ctx.endpoint, ctx.options.cache_dir)
            )
        return await asyncio.shield(self._bootstrap)


async def _ask(
    client: httpx.AsyncClient, url: str, registrar: bool = False
) -> tuple[object, Capture] | None:
    """The parsed domain answer with its capture; None when the server holds no such domain."""
    who = "the registrar's RDAP server" if registrar else "the RDAP server"
    try:
        response = await client.get(url, headers={"Accept": RDAP_TYPES})
    except httpx.HTTPError as exc:
        raise RdapError(f"{who} {host_of(url)} not reached ({type(exc).__name__})") from None
    status = response.status_code
    if status in NOT_FOUND:
        return None
    if status == 429:
        wait = response.headers.get("retry-after")
        after = f", asked to wait {wait} s" if wait and wait.strip().isdigit() else ""
        raise RdapError(f"{who} {host_of(url)} rate-limited the lookup (HTTP 429{after})")
    if status != 200:
        raise RdapError(f"{who} {host_of(url)} answered HTTP {status}")
    try:
        answer = json.loads(response.content)
    except (ValueError, RecursionError):
        raise RdapError(f"{who} {host_of(url)} sent a malformed answer (not JSON)") from None
    if not isinstance(answer, dict) or answer.get("objectClassName") not in ("domain", None):
        raise RdapError(f"{who} {host_of(url)} sent a malformed answer (not a domain object)")
    if "errorCode" in answer and "ldhName" not in answer:
        raise RdapError(f"{who} {host_of(url)} answered with an error ({answer.get('errorCode')})")
    return answer, captured(response, body_type="application/json")
