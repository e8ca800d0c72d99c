"""Gravatar profiles of the candidate's public emails (Gravatar REST API v3).

Gravatar looks a profile up by the SHA-256 hash of the trimmed, lower-cased address
(docs.gravatar.com/rest/api-data-specifications): that hash, never the address, is what is
sent, and `footprint plan` shows it with the address it stands for. Only public emails reach
this scanner (it consumes Kind.EMAIL, which the engine's gate keeps public), and the wire
guard refuses any request holding a private email or its hash.

The profile is handed to the matcher as it came (JSON): the name, location, description,
job, links and any public contact details are matched like any page. Its page on
gravatar.com, its links and verified accounts go back to the engine as URL identifiers, and
the usernames of verified accounts (read from their URLs with the accounts scanner's site
list) as USERNAME identifiers.

Answers (api.gravatar.com/v3/openapi): 200 a profile; 404 no profile (checked: nothing
there); 429 rate limited (without a key 100 profile requests an hour, 1000 with
GRAVATAR_API_KEY, docs.gravatar.com/rest-api): not checked, with when the limit resets; 401 or
403 with GRAVATAR_API_KEY: the key was refused, and the source fails saying so; anything else
not checked, with the status. A 429 is not retried: an hourly limit does not
clear in seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Document, Identifier, url_key
from footprint.net.retry import EXPECTED_STATUS, parse_retry_after
from footprint.scanner import (
    Checked,
    Event,
    ScanContext,
    Scanner,
    ScanOptions,
    Send,
    Skipped,
    SourceFailed,
    Work,
)
from scanners.accounts.sites import bundled_sites

API = "https://api.gravatar.com/v3"
KEY = "GRAVATAR_API_KEY"
MAX_LINKS = 20  # links and verified accounts fed back per profile
# Verified-account URLs Gravatar may still write under an old host of a site in the list.
_OLD_HOSTS = {"twitter.com": "x.com", "www.twitter.com": "x.com", "mobile.twitter.com": "x.com"}


def email_hash(email: str) -> str:
    """Gravatar's profile identifier: SHA-256 hex of the trimmed, lower-cased address."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


class Gravatar(Scanner):
    name = "gravatar"
    description = (
        "Looks up the Gravatar profile of each public email (sending the SHA-256 hash of the "
        "address, not the address) and reads its name, location, links, contact details and "
        "verified accounts."
    )
    consumes = frozenset({Kind.EMAIL})
    produces = frozenset({Kind.URL, Kind.USERNAME})
    sends: ClassVar[tuple[Send, ...]] = (
        Send(Kind.EMAIL, "api.gravatar.com (the SHA-256 hash of the address, not the address)"),
    )
    wants = (KEY,)  # optional: raises the limit from 100 to 1000 profile requests an hour
    endpoint = API
    unit = "email"

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """The hash exactly as sent, with the address it is the hash of."""
        if identifier is None or identifier.kind is not Kind.EMAIL:
            return []
        host = urlsplit(self.endpoint_for(options.env)[0]).netloc
        address = identifier.value.strip().lower()
        return [(f"sha256({address}) = {email_hash(identifier.value)}", host)]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None or identifier.kind is not Kind.EMAIL:
            return
        url = f"{ctx.endpoint}/profiles/{email_hash(identifier.value)}"
        yield Work(1, "email")
        headers = {"Accept": "application/json"}
        key = ctx.secrets.get(KEY)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        try:
            response = await ctx.client.get(
                url, headers=headers, extensions={EXPECTED_STATUS: (429,)}
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # reported as not checked, never fatal
            yield Skipped(url, f"Gravatar: error ({type(exc).__name__})")
            return
        for event in answer(identifier, url, response, keyed=bool(key)):
            yield event


def answer(
    identifier: Identifier, url: str, response: httpx.Response, *, keyed: bool
) -> list[Event]:
    """The events for one profile answer (see the module docstring for each status)."""
    status = response.status_code
    if status == 404:
        return [Checked(url)]  # no Gravatar profile for this address
    if status == 429:
        return [Skipped(url, rate_limited(response, keyed))]
    if status in (401, 403):
        if keyed:  # every email would be refused the same way: the source fails, saying why
            raise SourceFailed(f"{KEY} was refused ({status})")
        return [Skipped(url, f"Gravatar refused the request (HTTP {status})")]
    if status != 200:
        return [Skipped(url, f"Gravatar answered HTTP {status}")]
    try:
        profile = json.loads(response.content)
    except (ValueError, RecursionError):
        profile = None
    if not isinstance(profile, dict):
        return [Skipped(url, "Gravatar: the answer was not a profile (not a JSON object)")]
    events: list[Event] = [Checked(url)]
    page_url = profile_page(profile)
    page = Identifier(Kind.URL, page_url, identifier, "gravatar") if page_url else None
    if page is not None:
        events.append(page)
    events.append(
        Document(
            page_url or url,
            response.content,
            "application/json",
            response.charset_encoding,
            parent=page,
            capture=captured(response),
        )
    )
    parent = page or identifier
    known = {url_key(page_url)} if page_url else set()
    for link in profile_links(profile):
        if url_key(link) not in known:
            known.add(url_key(link))
            events.append(Identifier(Kind.URL, link, parent, "gravatar"))
    events.extend(
        Identifier(Kind.USERNAME, u, parent, "gravatar") for u in account_usernames(profile)
    )
    return events


def rate_limited(response: httpx.Response, keyed: bool) -> str:
    """'Gravatar: rate limited (HTTP 429...); try again after 14:05 UTC'."""
    limit = (
        "1000 profile requests an hour with the key"
        if keyed
        else ("100 profile requests an hour without a key; GRAVATAR_API_KEY raises it to 1000")
    )
    return f"Gravatar: rate limited (HTTP 429: {limit}); try again {retry_when(response)}"


def retry_when(response: httpx.Response, now: dt.datetime | None = None) -> str:
    """When the limit resets: X-RateLimit-Reset (a Unix time), else Retry-After, else 'later'."""
    now = now or dt.datetime.now(dt.UTC)
    reset = (response.headers.get("x-ratelimit-reset") or "").strip()
    when: dt.datetime | None = None
    if reset.isdigit() and len(reset) <= 12:
        when = dt.datetime.fromtimestamp(int(reset), dt.UTC)
    else:
        wait = parse_retry_after(response.headers.get("retry-after"), now.timestamp())
        if wait is not None and wait < 10 * 365 * 86400:
            when = now + dt.timedelta(seconds=wait)
    if when is None or when <= now:
        return "later"
    return (
        f"after {when:%H:%M} UTC"
        if when - now < dt.timedelta(hours=20)
        else (f"after {when:%d %B %Y, %H:%M} UTC")
    )


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value[:MAX_LINKS] if isinstance(item, dict))


def _web_url(value: Any) -> str:
    """`value` when it is an absolute http(s) URL with a host, else ''."""
    if not isinstance(value, str) or len(value) > 2048:
        return ""
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return text


def profile_page(profile: dict[str, Any]) -> str:
    """The profile's own page on gravatar.com, or '' (a page elsewhere is not the profile)."""
    page = _web_url(profile.get("profile_url"))
    host = (urlsplit(page).hostname or "").lower() if page else ""
    return page if host == "gravatar.com" or host.endswith(".gravatar.com") else ""


def profile_links(profile: dict[str, Any]) -> list[str]:
    """The profile's links and verified accounts' pages, in order, at most MAX_LINKS."""
    found: dict[str, str] = {}
    for field in ("links", "verified_accounts"):
        for item in _objects(profile.get(field)):
            link = _web_url(item.get("url"))
            if link:
                found.setdefault(url_key(link), link)
    return list(found.values())[:MAX_LINKS]


def account_usernames(profile: dict[str, Any]) -> list[str]:
    """Usernames of verified accounts, when their URL is a profile page of a listed site."""
    sites = bundled_sites().valid_sites()
    found: dict[str, str] = {}
    for item in _objects(profile.get("verified_accounts")):
        link = _web_url(item.get("url"))
        if not link:
            continue
        parts = urlsplit(link)
        host = (parts.hostname or "").lower()
        if host in _OLD_HOSTS:
            link = parts._replace(netloc=_OLD_HOSTS[host]).geturl()
        for site in sites:
            username = site.username_in(link)
            if username:
                found.setdefault(username.lower(), username)
                break
    return list(found.values())
