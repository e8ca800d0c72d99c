"""--resume inside the web scanners' tasks: a site crawl cut short fetches again only what it
had not read, goes on from the links the pages it read had, and ends with the findings and
counts of an uninterrupted crawl; finished pages tasks are not fetched again."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from crawl_web import CrawlWeb, crawl_web

from footprint.engine import Engine, ScanResult
from footprint.kinds import Kind
from footprint.model import Identifier, SourceStatus
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile, parse_profile
from footprint.resume import TaskUnits, UnitRecord, units_done
from footprint.scanner import Checked, Note, ScanContext, Scanner, ScanOptions
from footprint.store import Store, StoreObserver
from footprint.store.store import INTERRUPTED
from scanners.pages import Pages
from scanners.website import Website
from scanners.website.crawl import Limits, SiteCrawl


@pytest.fixture
def subject() -> Profile:
    private = {"phones": ["07700 900461"]}
    return parse_profile({"name": "Eleanor Whitcombe", "private": private})


async def _run(
    web: CrawlWeb,
    scanner: Scanner,
    seeds: list[Identifier],
    store: Store,
    scan_id: int,
    subject: Profile,
    *,
    cut_after: int = 0,
    recorded: tuple[str, int] = ("units", 0),
    resume: bool = False,
) -> ScanResult:
    """One run; with `cut_after`, cancelled once `cut_after` requests in all were asked (the
    held page among them) and `recorded` = (table, rows) were written (what they answered
    was handled)."""
    counter = RequestCounter()
    settings = NetSettings(allow_private=True, per_host_rate=1000, per_host_burst=100)
    async with build_client(settings, None, counter) as client:
        engine = Engine(
            subject,
            [scanner],
            ScanContext(client, ScanOptions()),
            counter,
            observer=StoreObserver(store, scan_id, "s"),
            resume=store.resumable(scan_id) if resume else None,
        )
        task = asyncio.create_task(engine.run(seeds))
        if not cut_after:
            return await task
        deadline = time.monotonic() + 5
        table, rows = recorded
        while time.monotonic() < deadline and (
            len(web.hits) < cut_after
            or store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] < rows
        ):
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return engine.result(interrupted=True)


def _counts(status: SourceStatus) -> tuple[object, ...]:
    return (
        status.state,
        status.checked,
        status.total,
        status.unit,
        status.documents,
        sorted(status.skipped_items),
        sorted(status.notes),
    )


def _found(result: ScanResult) -> set[tuple[str, str, str]]:
    return {(f.category.value, f.location, f.matched) for f in result.findings}


async def _uninterrupted(
    tmp_path: Path, scanner: Scanner, seeds: list[Identifier], subject: Profile, web: CrawlWeb
) -> ScanResult:
    web.release()
    with Store.open(tmp_path / "whole.db") as store:
        scan_id = store.begin_scan("s", subject, {})
        return await _run(web, scanner, seeds, store, scan_id, subject)


@dataclass
class CutAndResumed:
    before: list[str]  # what the cut-short run asked
    again: list[str]  # what the resumed run asked
    resumed: ScanResult
    whole: ScanResult  # an uninterrupted run's


async def _cut_and_resume(
    tmp_path: Path,
    web: CrawlWeb,
    make: Callable[[], Scanner],
    seeds: list[Identifier],
    subject: Profile,
    *,
    cut_after: int,
    recorded: tuple[str, int],
) -> CutAndResumed:
    """A run cut short as `_run` says, resumed from its history, then an uninterrupted one."""
    store = Store.open(tmp_path / "h.db")
    scan_id = store.begin_scan("s", subject, {})
    first = await _run(
        web, make(), seeds, store, scan_id, subject, cut_after=cut_after, recorded=recorded
    )
    store.finish_scan(scan_id, "s", first.findings, first.sources, INTERRUPTED)
    before = list(web.hits)
    web.release()
    web.hits.clear()
    store.reopen(scan_id)
    resumed = await _run(web, make(), seeds, store, scan_id, subject, resume=True)
    again = list(web.hits)
    store.close()
    whole = await _uninterrupted(tmp_path, make(), seeds, subject, web)
    return CutAndResumed(before, again, resumed, whole)


async def test_a_cut_short_crawl_fetches_again_only_what_it_had_not_read(
    tmp_path: Path, subject: Profile
) -> None:
    with crawl_web() as web:
        seeds = [Identifier(Kind.SITE, web.base + "/")]
        # The seed, robots.txt, sitemap.xml, then level 1: /a, /b, /c (held), /private/, /s.
        run = await _cut_and_resume(
            tmp_path, web, Website, seeds, subject, cut_after=8, recorded=("units", 5)
        )
    before, again, second, whole = run.before, run.again, run.resumed, run.whole
    assert "/c" in before and "/a/1" not in before  # cut inside level 1

    # Nothing answered before is asked again (robots.txt and the sitemap neither); the held
    # page, never answered, is; the links of the pages read before are followed now.
    assert set(before) & set(again) == {"/c"}
    assert {"/a/1", "/b/1", "/c/1"} <= set(again)
    reads = Counter(before + again)
    reads["/c"] -= 1  # its first request was never answered
    assert set(reads.values()) == {1}
    # The findings (those written before included) and the counts are an uninterrupted run's.
    assert _found(second) == _found(whole)
    assert ("phone", web.base + "/a/1", "private.phones[0]") in _found(second)
    (crawl,), (full,) = second.sources, whole.sources
    assert _counts(crawl) == _counts(full)
    assert (crawl.checked, crawl.total, crawl.documents) == (9, 9, 8)


async def test_a_resumed_crawl_keeps_its_limits(tmp_path: Path, subject: Profile) -> None:
    # The pages read before the cut still count against the page limit, and the links they
    # found are still too many for it.
    def small() -> Website:
        crawl = Website()
        crawl.max_pages = 6
        return crawl

    with crawl_web() as web:
        seeds = [Identifier(Kind.SITE, web.base + "/")]
        run = await _cut_and_resume(
            tmp_path, web, small, seeds, subject, cut_after=8, recorded=("units", 5)
        )
    second, whole = run.resumed, run.whole
    assert run.again == ["/c"]  # the limit's last page; no other was asked again
    (crawl,), (full,) = second.sources, whole.sources
    assert _counts(crawl) == _counts(full)
    assert (crawl.checked, crawl.total) == (6, 9)
    assert ("/", "3 more pages found but not crawled: the limit is 6 pages per site") in [
        (where.removeprefix(web.base), why) for where, why in crawl.skipped_items
    ]


async def test_finished_pages_are_not_fetched_again(tmp_path: Path, subject: Profile) -> None:
    # Each --url is a task of its own: those answered before the cut are not asked again.
    with crawl_web() as web:
        seeds = [
            Identifier(Kind.URL, web.base + path, via="profile") for path in ("/a", "/c", "/a/1")
        ]
        run = await _cut_and_resume(
            tmp_path, web, Pages, seeds, subject, cut_after=3, recorded=("tasks", 2)
        )
    second, whole = run.resumed, run.whole
    assert run.again == ["/c"]
    assert _found(second) == _found(whole)
    assert _counts(second.sources[0]) == _counts(whole.sources[0])


# Two seeds on one site: the home page, which links /b, and /b itself (a URL in the profile).
TWO_SEEDS = {
    "/": '<a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a>',
    "/a": "<p>Call 07700 900461 any time</p>",
    "/b": '<a href="/b/1">1</a> <a href="/b/2">2</a>',
    "/b/1": "<p>Nothing here</p>",
    "/b/2": "<p>Ring 07700 900461</p>",
    "/c": "<p>Still nothing</p>",
}


async def test_seeds_on_one_site_resume_together(tmp_path: Path, subject: Profile) -> None:
    # /b's crawl is done before the cut, while the home page's waits for /c: had /b's task
    # finished then, it would not run again and the resumed home page crawl, not knowing
    # /b was read, would read it and its pages again.
    with crawl_web(TWO_SEEDS) as web:
        seeds = [Identifier(Kind.SITE, web.base + path) for path in ("/", "/b")]
        # /, /b, robots.txt and sitemap.xml (both 404), /a, /c (held), /b/1, /b/2
        run = await _cut_and_resume(
            tmp_path, web, Website, seeds, subject, cut_after=8, recorded=("units", 5)
        )
    second, whole = run.resumed, run.whole
    assert {"/b/1", "/b/2", "/c"} <= set(run.before)
    assert run.again == ["/c"]
    assert _found(second) == _found(whole)
    (crawl,), (full,) = second.sources, whole.sources
    assert _counts(crawl) == _counts(full)
    assert (crawl.checked, crawl.total, crawl.documents) == (6, 6, 6)


async def test_a_sibling_seed_reached_first_brings_its_robots_and_sitemap_record() -> None:
    # Resumed, the home page's crawl reaches /b, the other seed, before /b's own crawl took
    # it: /b is answered from its task's record, and so are the origin's robots.txt and
    # sitemap findings it holds (that crawl stops, its page taken), so /s is still crawled.
    site = "https://whitcombe.example"
    found = {"notes": ["robots.txt read: it asks crawlers to skip nothing"],
             "urls": [f"{site}/s"], "guesses": []}  # fmt: skip
    home = UnitRecord(json.dumps({"links": [f"{site}/b"], "discovery": None}), 1)
    other = TaskUnits({f"{site}/b": UnitRecord(json.dumps({"discovery": found}), 1)})
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return httpx.Response(200, text="<p>a page</p>", headers={"content-type": "text/html"})

    crawl = SiteCrawl("whitcombe.example", Limits())
    crawl._tasks.append(other)
    units_done(TaskUnits({f"{site}/": home}))
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        events = [e async for e in crawl.crawl(client, f"{site}/")]
    assert asked == ["/s"]
    assert Note(found["notes"][0]) in events
    checked = [e.location for e in events if isinstance(e, Checked)]
    assert checked == [f"{site}/", f"{site}/b", f"{site}/s"]
