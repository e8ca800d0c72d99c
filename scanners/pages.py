"""Known pages, read one by one: the profile's public.urls and each --url.

Only those seeds are fetched (Kind.URL identifiers straight from the profile or the command
line); profile pages other scanners found were already read by them and are not fetched
again. Each page is one unit: Checked and handed over as a Document (the response's media type
and charset) when it answers 2xx, Skipped with the reason otherwise. Redirects are followed
within the client's limit, wherever they lead: the user named the page. The Document's
location is the page's final address. A page larger than the client's size limit is read
up to it, and a Note says so (only its start was checked).

No endpoint: each request goes to the page's own host, so FOOTPRINT_PAGES_URL has nothing
to point elsewhere (a test page on 127.0.0.1 is given with --url and --allow-private).

Resumed (footprint.resume): each page is a task of its own, so a page answered before the
cut is not fetched again; only the pages not yet answered are.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import ClassVar
from urllib.parse import urlsplit

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Document, Identifier
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
from scanners.website.fetch import error_reason, media, status_reason, truncated

SEED = "profile"  # Identifier.via of the profile's and the command line's own identifiers


class Pages(Scanner):
    name = "pages"
    description = "Reads each known page (the profile's public.urls and each --url)."
    consumes = frozenset({Kind.URL})
    sends: ClassVar[tuple[Send, ...]] = (Send(Kind.URL, "each page's own host"),)
    unit = "page"

    def endpoint_for(self, env: Mapping[str, str]) -> tuple[str, str]:
        """No endpoint, whatever the environment says: the candidate's own URLs are fetched."""
        return "", "none"

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        if identifier is None or identifier.kind is not Kind.URL or identifier.via != SEED:
            return []
        host = urlsplit(identifier.value.strip()).hostname or ""
        return [(identifier.value, host)] if host else []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None or identifier.kind is not Kind.URL or identifier.via != SEED:
            return  # a page another scanner found: it has read it already
        url = identifier.value.strip()
        yield Work(1, "page")
        try:
            response = await ctx.client.get(url, follow_redirects=True)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a failing page is reported, never fatal
            yield Skipped(url, error_reason(exc))
            return
        if not 200 <= response.status_code < 300:
            yield Skipped(url, status_reason(response))
            return
        media_type, charset = media(response)
        final = str(response.url)
        yield Document(final, response.content, media_type, charset, identifier, captured(response))
        if truncated(response):  # read and checked, but only so far: the report says so
            kept = _size(len(response.content))
            yield Note(f"{final} is larger than the size limit: its first {kept} were read")
        yield Checked(url)


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):.3g} MB"
    return f"{count / 1024:.3g} KB"
