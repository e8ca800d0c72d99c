"""Web search for the candidate, through every configured search backend.

Each query (scanners/search/queries.py: the name with the area, aliases, public identifiers)
goes to each backend that is on; one query on one backend is a unit of work (a "search
request"), checked when it answered with results (or none), not checked (with the reason)
otherwise.

Two things are matched for each result:
- the result itself as the search engine shows it (title, snippet and address): a snippet
  showing the home address is an exposure on the search engine, even when the page has
  changed or cannot be read. Its location is the engine's public results page for the query
  with the result's address after '#' ("https://search.brave.com/search?q=...#https://page"),
  which the report recognises and advises on with the engine's removal routes. Its evidence
  record keeps the search answer it came in, as sent (an API key in the request URL masked);
- the result's page, fetched for the first MAX_PAGES results of each answer (a page gone, 404
  or 410, has nothing left to read; a page that could not be read is listed as not read).

Results are de-duplicated across backends and queries for the whole scan: a page is fetched
once, and one engine's copy of one result is matched once. A backend that fails in a way
every further query would (a refused key, JSON output off, a used-up quota) is not asked
again in this scan; its remaining searches are listed as not checked, the reason is given in
the source's status, and the other backends still run. No backend configured: the source is
not run, saying how to configure one.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

import httpx

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Capture, Document, Identifier, url_key
from footprint.net.errors import PrivateDetailError
from footprint.scanner import (
    Checked,
    Endpoint,
    Event,
    ScanContext,
    Scanner,
    ScanOptions,
    Send,
    Skipped,
    SourceFailed,
    Work,
)
from scanners.search.backend import Backend, BackendError, Result
from scanners.search.brave import Brave
from scanners.search.google import Google
from scanners.search.mojeek import Mojeek
from scanners.search.queries import queries_for
from scanners.search.searxng import SearXNG

BACKENDS: tuple[Backend, ...] = (SearXNG(), Brave(), Mojeek(), Google())
MAX_PAGES = 5  # result pages read per answer (the top results)
NO_BACKEND = (
    "no search backend configured: set SEARXNG_URL (a SearXNG instance with JSON output on), "
    "BRAVE_SEARCH_API_KEY or MOJEEK_API_KEY"
)
_HOSTS = "each configured search backend (your SEARXNG_URL, Brave, Mojeek, Google)"


@dataclass
class _Run:
    """What one scan has done so far (one shared client per scan)."""

    pages: set[str] = field(default_factory=set)  # url_key of pages fetched or being fetched
    snippets: set[tuple[str, str]] = field(default_factory=set)  # (engine, url_key) matched
    dead: dict[str, str] = field(default_factory=dict)  # backend name -> why not asked again


class Search(Scanner):
    name = "search"
    description = (
        "Searches the web for the candidate's name (with the area), aliases and public "
        "identifiers through the configured backends (SearXNG, Brave Search, Mojeek, Google "
        "Programmable Search); matches each result's title, snippet and address, and reads "
        "the top results' pages."
    )
    consumes = frozenset({Kind.NAME, Kind.USERNAME, Kind.EMAIL, Kind.PHONE})
    produces = frozenset()
    sends: ClassVar[tuple[Send, ...]] = tuple(
        Send(kind, _HOSTS) for kind in (Kind.NAME, Kind.USERNAME, Kind.EMAIL, Kind.PHONE)
    )
    # Each backend is on when its key (or URL) is set; none is required.
    wants = ("BRAVE_SEARCH_API_KEY", "MOJEEK_API_KEY", "GOOGLE_CSE_KEY", "GOOGLE_CSE_CX")
    endpoints = tuple(Endpoint(b.name, b.default, b.variable, b.rate) for b in BACKENDS)
    unit = "search request"

    def __init__(self) -> None:
        self._runs: weakref.WeakKeyDictionary[httpx.AsyncClient, _Run] = weakref.WeakKeyDictionary()

    def backends(self, bases: Mapping[str, str], secrets: Mapping[str, str]) -> list[Backend]:
        """The backends that are on, given each one's base URL and the keys set."""
        return [b for b in BACKENDS if b.enabled(bases.get(b.name, ""), secrets)]

    def _configured(self, env: Mapping[str, str]) -> list[tuple[Backend, str]]:
        bases = {name: url for name, (url, _) in self.endpoints_for(env).items()}
        return [(b, bases[b.name]) for b in self.backends(bases, env)]

    def check_options(self, options: ScanOptions) -> str:
        env = options.env
        if bool(env.get("GOOGLE_CSE_KEY")) != bool(env.get("GOOGLE_CSE_CX")):
            return (
                "GOOGLE_CSE_KEY and GOOGLE_CSE_CX: Google Programmable Search needs both "
                "(the API key and the search engine id)"
            )
        for backend in BACKENDS:
            value = (env.get(backend.variable) or "").strip()
            if value and not _base_ok(value):
                return (
                    f"{backend.variable} {value!r}: must be a web address starting with "
                    "http:// or https://"
                )
        return ""

    def idle_reason(self, options: ScanOptions) -> str:
        return "" if self._configured(options.env) else NO_BACKEND

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """Every query exactly as sent, to the host of each configured backend."""
        if identifier is None:
            return []
        queries = queries_for(identifier, options.area)
        return [
            (query, urlsplit(base).netloc)
            for backend, base in self._configured(options.env)
            for query in queries
        ]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None:
            return
        on = self.backends(ctx.endpoints, ctx.secrets)
        queries = queries_for(identifier, ctx.options.area)
        if not on or not queries:
            return
        run = self._runs.setdefault(ctx.client, _Run())
        yield Work(len(on) * len(queries), "search request")
        tasks = [
            asyncio.ensure_future(self._search(ctx, run, backend, query))
            for query in queries
            for backend in on
        ]
        try:
            for next_done in asyncio.as_completed(tasks):
                for event in await next_done:
                    yield event
        finally:
            for task in tasks:
                task.cancel()
        # Every search is accounted for above; a backend that failed for good is also said in
        # the source's status (once, however many identifiers met it), the others having run.
        dead = [f"{b.label}: {run.dead[b.name]}" for b in on if b.name in run.dead]
        if dead:
            raise SourceFailed("; ".join(dead))

    async def _search(
        self, ctx: ScanContext, run: _Run, backend: Backend, query: str
    ) -> list[Event]:
        base = ctx.endpoints[backend.name]
        _, where = backend.results_page(base, query)
        if backend.name in run.dead:
            return [Skipped(where, f"{backend.label}: not asked: {run.dead[backend.name]}")]
        try:
            response = await ctx.client.get(
                backend.url(base, query, ctx.secrets), headers=backend.headers(ctx.secrets)
            )
        except asyncio.CancelledError:
            raise
        except PrivateDetailError:
            return [Skipped(where, f"{backend.label}: not sent: the query holds a private detail")]
        except Exception as exc:  # one backend's failure never stops the others
            return [Skipped(where, f"{backend.label}: error ({type(exc).__name__})")]
        try:
            results = backend.parse(response)
        except BackendError as exc:
            if exc.fatal:
                run.dead.setdefault(backend.name, exc.reason)
            return [Skipped(where, f"{backend.label}: {exc.reason}")]
        events: list[Event] = [Checked(where)]
        # A snippet's evidence is the search answer it was shown in, as sent (its key masked).
        capture = captured(response, body_type="application/json", secrets=ctx.secrets.values())
        for result in results:
            events.extend(self._snippet(run, backend, base, query, result, capture))
        fresh = []
        for result in results[:MAX_PAGES]:
            key = url_key(result.url)
            if key not in run.pages:
                run.pages.add(key)
                fresh.append(result.url)
        for page in await asyncio.gather(*(_read_page(ctx.client, url) for url in fresh)):
            events.extend(page)
        return events

    @staticmethod
    def _snippet(
        run: _Run, backend: Backend, base: str, query: str, result: Result, capture: Capture
    ) -> list[Event]:
        """The result as the engine shows it, once per engine and result address."""
        engine, page = backend.results_page(base, query, result.engine)
        seen = (engine, url_key(result.url))
        if seen in run.snippets:
            return []
        run.snippets.add(seen)
        shown = "\n".join(part for part in (result.title, result.snippet, result.url) if part)
        shown_at = f"{page}#{result.url}"
        return [Document(shown_at, shown.encode("utf-8"), "text/plain", "utf-8", capture=capture)]


async def _read_page(client: httpx.AsyncClient, url: str) -> list[Event]:
    try:
        response = await client.get(url)
    except asyncio.CancelledError:
        raise
    except PrivateDetailError:
        return [Skipped(url, "search result page not read: its address holds a private detail")]
    except Exception as exc:
        return [Skipped(url, f"search result page not read ({type(exc).__name__})")]
    if response.status_code in (404, 410):
        return []  # gone: nothing left to read (the engine's snippet is matched on its own)
    if not 200 <= response.status_code < 300:
        return [Skipped(url, f"search result page not read (HTTP {response.status_code})")]
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower() or None
    charset = response.charset_encoding
    return [Document(url, response.content, media_type, charset, capture=captured(response))]


def _base_ok(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
