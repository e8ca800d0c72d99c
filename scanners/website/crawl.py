"""One site's crawl: breadth-first from a seed, same site only, bounded in pages and depth.

Rules (see sites.py for what counts as the same site):
- a unit of work is one URL on the site: a page, or a document or photo it links to (PDF,
  DOCX, JPEG ... everything extraction reads); each is Checked when answered or Skipped with
  the reason it was not (an error, HTTP 404, 429 ...). Links to types nobody keeps details in
  (stylesheets, scripts, fonts, video, archives) and links off the site are not followed;
- the seed is depth 0, what it links to depth 1, ...; the seed origin's sitemap.xml (and the
  sitemaps robots.txt names, and sitemap indexes, same site only) and the paths robots.txt
  disallows are depth 1 too: robots.txt is read and shown, never obeyed (anyone can read
  what it asks crawlers to skip). A disallowed path is a guess, not a known page: when it
  answers 401, 403, 404 or 410 nobody can read anything there, and it counts as checked;
- within a level pages come before documents and documents before photos, each in the order
  found, so a photo gallery cannot use up the page limit before the pages are read;
- at most `pages` URLs are fetched per site and none deeper than `depth`; URLs found but not
  fetched are units too, reported as one Skipped summary per limit, so a crawl that stopped
  early is partial, never an all-clear;
- redirects are followed one hop at a time while they stay on the site (at most the
  client's max_redirects); a redirect off the site, or to a URL already read, is answered
  without reading further (the page is somebody else's, or already read).

Several seeds on one site (the domain's home page and a URL under it) share one crawl: one
page limit, each URL read once.

Resumed (footprint.resume): a URL Checked in an earlier, interrupted run of the task is not
fetched again. Its `Checked` recorded what the crawl needs to go on as if it had been: the
links it found, the redirect hops it took and whether it was cut at the size limit, and for
the seed the origin's robots.txt and sitemap findings (notes, URLs, disallowed paths). So the
frontier, the limits and the counts are those of an uninterrupted crawl. Seeds on one site
share the record too (which seed's task took a page depends on timing), and each seed's task
ends only when the site's whole crawl has: a task that finished is not run again, so a
sibling cut short would otherwise not know the pages it had taken.
"""

from __future__ import annotations

import asyncio
import json
import posixpath
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from footprint.capture import captured
from footprint.extract import Format, detect_format
from footprint.extract.sniff import EXTENSIONS
from footprint.model import Document
from footprint.resume import TaskUnits, recorded, task_units
from footprint.scanner import Checked, Event, Note, Skipped, Work
from scanners.website.fetch import (
    error_reason,
    media,
    status_reason,
    truncated,
    windowed,
)
from scanners.website.links import page_links
from scanners.website.robots import Robots, literal_paths, parse_robots
from scanners.website.sitemap import parse_sitemap
from scanners.website.sites import absolute, origin, url_site

PAGE, DOCUMENT, PHOTO = 0, 1, 2
_NOTHING_THERE = frozenset({401, 403, 404, 410})
# Linked files nobody keeps readable private details in (page assets, media, archives).
_ASSETS = (
    ".css .js .mjs .map .woff .woff2 .ttf .otf .eot .ico .gif .bmp .svgz .webmanifest",
    ".mp3 .m4a .aac .wav .flac .ogg .opus .mp4 .m4v .mov .avi .mkv .webm .wmv .3gp .swf",
    ".zip .7z .rar .tar .gz .tgz .bz2 .xz .zst .exe .dmg .msi .apk .iso",
)
NOT_FOLLOWED = frozenset(" ".join(_ASSETS).split())


@dataclass(frozen=True)
class Limits:
    pages: int = 200  # URLs fetched per site
    depth: int = 5  # links away from the seed
    links: int = 500  # links taken from one page
    sitemap_entries: int = 1000  # URLs taken from sitemaps, per origin
    sitemaps: int = 10  # sitemap files read per origin (index and children)
    robots_paths: int = 20  # disallowed paths tried
    width: int = 4  # requests in flight per crawl


def kind_of(url: str) -> int | None:
    """PAGE, DOCUMENT or PHOTO by the URL's extension; None for a link not followed."""
    extension = posixpath.splitext(urlsplit(url).path)[1].lower()
    if extension in NOT_FOLLOWED:
        return None
    fmt = EXTENSIONS.get(extension)
    if fmt is Format.IMAGE:
        return PHOTO
    if fmt is None or fmt is Format.HTML:
        return PAGE
    return DOCUMENT


@dataclass(frozen=True)
class _Result:
    events: list[Event]
    links: list[str] = field(default_factory=list)
    record: dict | None = None  # the earlier run's record of the URL, when answered from it


class SiteCrawl:
    """The state one site's seeds share within one scan."""

    def __init__(self, site: str, limits: Limits) -> None:
        self.site = site
        self.limits = limits
        self.seen: set[str] = set()
        self.fetched = 0
        self.truncated = 0
        self.over_limit: dict[str, None] = {}
        self.too_deep: dict[str, None] = {}
        self.reported: set[str] = set()
        self._discovered: set[str] = set()  # origins whose robots.txt and sitemaps were read
        self._guesses: set[str] = set()  # URLs tried because robots.txt disallows them
        self._tasks: list[TaskUnits] = []  # the units of each seed's task (for a resume)
        self._active = 0  # seeds' crawls not yet done
        self._idle = asyncio.Event()

    # -- the crawl --------------------------------------------------------------------------

    async def crawl(self, client: httpx.AsyncClient, seed: str) -> AsyncIterator[Event]:
        """Every event of a breadth-first crawl from `seed` (a normalised URL on the site).
        It ends when every crawl of the site has (see the module docstring on resuming)."""
        if seed in self.seen:
            return  # another seed's crawl reached it: its links are being read already
        units = task_units()
        if units is not None:
            self._tasks.append(units)
        self._active += 1
        self._idle.clear()
        try:
            async for event in self._breadth_first(client, seed):
                yield event
        finally:
            self._active -= 1
            if not self._active:
                self._idle.set()
        await self._idle.wait()
        for event in self._unfetched(seed):
            yield event

    async def _breadth_first(self, client: httpx.AsyncClient, seed: str) -> AsyncIterator[Event]:
        frontier = [seed]
        for depth in range(self.limits.depth + 1):
            batch = self._take(frontier)
            if not batch:
                break
            yield Work(len(batch), "page")
            results: dict[int, _Result] = {}
            work = [(i, url, depth == 0) for i, url in enumerate(batch)]

            async def fetch(item: tuple[int, str, bool]) -> tuple[int, _Result]:
                return item[0], await self._read(client, item[1], seed=item[2])

            held: Checked | None = None  # the seed's, until its origin's robots and sitemaps
            async for index, result in windowed(work, fetch, self.limits.width):
                results[index] = result
                events = result.events
                if depth == 0 and events and isinstance(events[-1], Checked):
                    events, held = events[:-1], events[-1]
                for event in events:
                    yield event
            frontier = [link for i in range(len(batch)) for link in results[i].links]
            if depth == 0:
                record = results[0].record
                # null: another seed on the origin read them (its own record holds them)
                if record is not None and "discovery" in record:
                    found = record["discovery"]
                    if found is not None:
                        self._rediscover(seed, found)
                else:
                    found = await self._discover(client, seed)
                for text in found["notes"] if found else ():
                    yield Note(text)
                frontier.extend(found["urls"] if found else ())
                if held is not None:
                    if record is None:  # recorded with the seed, for a resume
                        data = {**(json.loads(held.data) if held.data else {}), "discovery": found}
                        held = Checked(held.location, json.dumps(data, separators=(",", ":")))
                    yield held
        else:
            self._note_too_deep(frontier)

    def _take(self, frontier: Iterable[str]) -> list[str]:
        """The level's URLs to fetch now, pages first; the rest beyond the limit."""
        fresh: dict[str, int] = {}
        for url in frontier:
            kind = kind_of(url)
            if kind is not None and url not in self.seen and url_site(url) == self.site:
                fresh.setdefault(url, kind)
        batch = []
        for url, _ in sorted(fresh.items(), key=lambda item: item[1]):
            if self.fetched >= self.limits.pages:
                self.over_limit.setdefault(url, None)
                continue
            self.seen.add(url)
            self.fetched += 1
            batch.append(url)
        return batch

    def _note_too_deep(self, frontier: Iterable[str]) -> None:
        for url in frontier:
            if kind_of(url) is not None and url not in self.seen and url_site(url) == self.site:
                self.too_deep.setdefault(url, None)

    def _unfetched(self, seed: str) -> list[Event]:
        """Units for the URLs found but not fetched (not yet reported), one summary each."""
        events: list[Event] = []
        where = origin(seed) + "/"
        for found, why in (
            (self.over_limit, f"the limit is {self.limits.pages} pages per site"),
            (self.too_deep, f"more than {self.limits.depth} links from {seed}"),
        ):
            missed = [u for u in found if u not in self.seen and u not in self.reported]
            if not missed:
                continue
            self.reported.update(missed)
            count = len(missed)
            noun = "page" if count == 1 else "pages"
            events.append(Work(count, "page"))
            events.append(Skipped(where, f"{count} more {noun} found but not crawled: {why}"))
        if self.truncated:
            many = self.truncated != 1
            events.append(
                Note(
                    f"{self.truncated} {'pages were' if many else 'page was'} larger than the "
                    "size limit: only the start of each was read"
                )
            )
            self.truncated = 0
        return events

    async def _read(self, client: httpx.AsyncClient, url: str, *, seed: bool) -> _Result:
        before = recorded(url, self._tasks)
        if before is not None:  # read by an earlier run: go on from its record
            return self._reread(url, before, seed=seed)
        hops: list[str] = []
        try:
            got = await self._get(client, url, follow_seen=False, hops=hops)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # one page's failure never stops the crawl
            return _Result([Skipped(url, error_reason(exc))])
        if isinstance(got, str):
            if seed and got:  # the site itself lives elsewhere: say so, never crawl it
                reason = (
                    f"redirects to another site ({got}), not crawled: add that address to "
                    "public.urls in the profile to crawl it"
                )
                return _Result([Skipped(url, reason)])
            # a link off the site, or to a page already read
            return _Result([Checked(url, _record(hops))])
        response, final = got
        if not 200 <= response.status_code < 300:
            if url in self._guesses and response.status_code in _NOTHING_THERE:
                return _Result([Checked(url, _record(hops))])
            return _Result([Skipped(url, status_reason(response))])
        media_type, charset = media(response)
        document = Document(
            final, response.content, media_type, charset, capture=captured(response)
        )
        cut = truncated(response)
        if cut:
            self.truncated += 1
        links: list[str] = []
        if detect_format(document) is Format.HTML:
            links = page_links(response.content, final, charset, self.limits.links)
        return _Result([document, Checked(url, _record(hops, links, cut))], links)

    def _reread(self, url: str, data: str, *, seed: bool) -> _Result:
        """A URL an earlier run read, from its record: what it added to the crawl's state
        (redirect hops taken, the size-limit count) is added again, and its links returned.
        Another seed's page, reached first by this seed's crawl, brings its origin's robots.txt
        and sitemap findings too (that seed's crawl stops there: its page was taken)."""
        record = json.loads(data) if data else {}
        self.seen.update(record.get("hops", ()))
        self.truncated += bool(record.get("truncated"))
        events: list[Event] = []
        links = list(record.get("links", ()))
        found = record.get("discovery")
        if not seed and found and origin(url) not in self._discovered:
            self._rediscover(url, found)
            events = [Note(text) for text in found["notes"]]
            links += found["urls"]
        return _Result([*events, Checked(url)], links, record)

    async def _get(
        self,
        client: httpx.AsyncClient,
        url: str,
        *,
        follow_seen: bool,
        hops: list[str] | None = None,
    ) -> tuple[httpx.Response, str] | str:
        """The response for `url` after same-site redirects, with its final URL; else the
        host a redirect left the site for, or "" when (unless `follow_seen`) it reached a URL
        already taken. The URLs it marks taken are appended to `hops`."""
        for _ in range(client.max_redirects + 1):
            response = await client.get(url, follow_redirects=False)
            location = response.headers.get("location") if response.is_redirect else None
            if location is None:
                return response, url
            target = absolute(location, url)
            if target is None or url_site(target) != self.site:
                return urlsplit(target).netloc if target else "an address that is not a web page"
            if target in self.seen and not follow_seen:
                return ""
            if not follow_seen:
                self.seen.add(target)
                if hops is not None:
                    hops.append(target)
            url = target
        raise httpx.TooManyRedirects(f"more than {client.max_redirects} redirects")

    # -- robots.txt and sitemaps ------------------------------------------------------------

    async def _discover(self, client: httpx.AsyncClient, seed: str) -> dict | None:
        """robots.txt and sitemaps of the seed's origin, once per origin (None when another
        seed on it read them): {"notes": texts, "urls": to crawl, "guesses": disallowed
        paths among them}, a record that _rediscover can replay."""
        where = origin(seed)
        if where in self._discovered:
            return None  # another seed on the same origin already read them
        self._discovered.add(where)
        notes: list[Event | str] = []
        robots = await self._robots(client, where, notes)
        guesses: list[str] = []
        for path in literal_paths(robots, self.limits.robots_paths):
            url = absolute(path, where + "/")
            if url is not None:
                self._guesses.add(url)
                guesses.append(url)
                notes.append(url)
        listed = (absolute(s, where + "/") for s in robots.sitemaps)
        named = [s for s in listed if s is not None and url_site(s) == self.site]
        notes.extend(await self._sitemaps(client, named, where + "/sitemap.xml"))
        return {
            "notes": [n.text for n in notes if isinstance(n, Note)],
            "urls": [u for u in notes if isinstance(u, str)],
            "guesses": guesses,
        }

    def _rediscover(self, seed: str, found: dict) -> None:
        """An earlier run's robots.txt and sitemap record of the seed's origin, taken as read."""
        self._discovered.add(origin(seed))
        self._guesses.update(found.get("guesses", ()))

    async def _robots(
        self, client: httpx.AsyncClient, where: str, out: list[Event | str]
    ) -> Robots:
        url = where + "/robots.txt"
        try:
            got = await self._get(client, url, follow_seen=True)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            out.append(Note(f"robots.txt could not be read ({error_reason(exc)})"))
            return Robots()
        if isinstance(got, str) or got[0].status_code in (404, 410):
            return Robots()
        response = got[0]
        if not 200 <= response.status_code < 300:
            out.append(Note(f"robots.txt could not be read ({status_reason(response)})"))
            return Robots()
        robots = parse_robots(response.content)
        if robots.disallowed:
            shown = ", ".join(robots.disallowed[:5])
            more = len(robots.disallowed) - 5
            if more > 0:
                shown += f" and {more} more"
            out.append(
                Note(
                    f"robots.txt asks crawlers to skip {shown}; those pages were checked "
                    "anyway, since anyone can read them"
                )
            )
        else:
            out.append(Note("robots.txt read: it asks crawlers to skip nothing"))
        return robots

    async def _sitemaps(
        self, client: httpx.AsyncClient, named: list[str], default: str
    ) -> list[Event | str]:
        """URLs listed in the sitemaps robots.txt names and the default one (following
        sitemap indexes), bounded, and a Note saying what was read. A missing default
        sitemap is normal and goes unmentioned; a named one that fails is noted."""
        queue = [*named, default] if default not in named else list(named)
        queued = set(queue)
        out: list[Event | str] = []
        urls: dict[str, None] = {}
        read: list[str] = []
        for url in queue:  # grows as sitemap indexes add their sitemaps
            if len(read) >= self.limits.sitemaps:
                break
            expected = url != default
            try:
                got = await self._get(client, url, follow_seen=True)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                out.append(Note(f"{url} could not be read ({error_reason(exc)})"))
                continue
            if isinstance(got, str):
                continue
            response = got[0]
            if not 200 <= response.status_code < 300:
                if expected or response.status_code not in (404, 410):
                    out.append(Note(f"{url} could not be read ({status_reason(response)})"))
                continue
            room = max(self.limits.sitemap_entries - len(urls), self.limits.sitemaps)
            sitemap = parse_sitemap(response.content, room)
            if sitemap is None:
                if expected or "xml" in (media(response)[0] or ""):
                    out.append(Note(f"{url} is not a sitemap that could be read"))
                continue
            read.append(url)
            for loc in sitemap.locations:
                target = absolute(loc, url)
                if target is None or url_site(target) != self.site:
                    continue
                if sitemap.index:
                    if target not in queued:
                        queued.add(target)
                        queue.append(target)
                elif len(urls) < self.limits.sitemap_entries:
                    urls.setdefault(target, None)
        if read:
            names = ", ".join(urlsplit(u).path for u in read[:3])
            count = len(urls)
            out.append(Note(f"sitemap read ({names}): {count} address{'es' * (count != 1)}"))
        out.extend(urls)
        return out


def _record(hops: list[str], links: list[str] | None = None, cut: bool = False) -> str:
    """A Checked URL's record for a resume (SiteCrawl._reread): "" when there is nothing."""
    data: dict[str, object] = {}
    if hops:
        data["hops"] = hops
    if links:
        data["links"] = links
    if cut:
        data["truncated"] = 1
    return json.dumps(data, separators=(",", ":")) if data else ""
