"""--resume inside a Wayback lookup: the index is not asked again once it answered, and no
live page or archived copy read before is fetched again; findings and counts are an
uninterrupted lookup's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from test_wayback_scanner import ARCHIVE, CDX, PLAIN_PAGE, SITE, rows, site

from footprint.engine import Engine, ScanResult
from footprint.kinds import Kind
from footprint.model import Identifier
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile, parse_profile
from footprint.scanner import ScanContext, ScanOptions
from footprint.store import Store, StoreObserver
from footprint.store.store import INTERRUPTED
from scanners.wayback import Wayback

PAGES = [f"http://{SITE}/{name}.html" for name in ("a", "b", "c")]
COPIES = [f"{ARCHIVE}/web/2022030110150{i}id_/{page}" for i, page in enumerate(PAGES)]
HELD = COPIES[0]  # the oldest copy: read last


@pytest.fixture
def subject() -> Profile:
    return parse_profile({"name": "Eleanor Whitcombe", "private": {"phones": ["07700 900461"]}})


def _engine(
    client: httpx.AsyncClient,
    counter: RequestCounter,
    store: Store,
    scan_id: int,
    subject: Profile,
    resume: bool,
) -> Engine:
    """The Wayback scanner's engine, recording to `store` (and resuming from it)."""
    return Engine(
        subject,
        [Wayback()],
        ScanContext(client, ScanOptions()),
        counter,
        observer=StoreObserver(store, scan_id, "s"),
        resume=store.resumable(scan_id) if resume else None,
    )


async def _run(
    store: Store, scan_id: int, subject: Profile, *, hold: bool, resume: bool
) -> tuple[ScanResult, list[str]]:
    asked: list[str] = []
    reached = asyncio.Event()
    answers = {COPIES[2]: "<p>Ring 07700 900461</p>", COPIES[1]: PLAIN_PAGE, HELD: PLAIN_PAGE}
    answers.update({page: PLAIN_PAGE for page in PAGES})  # every live page still answers
    index = rows(*((url.split("/")[4][:-3], page, f"D{i}") for i, (url, page) in
                   enumerate(zip(COPIES, PAGES, strict=True))))  # fmt: skip
    answer = site({SITE: index}, answers)

    async def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if hold and str(request.url) == HELD:
            reached.set()
            await asyncio.sleep(3600)  # cut short while this copy is asked
        return answer(request)

    counter = RequestCounter()
    settings = NetSettings(per_host_rate=1000, per_host_burst=100)
    async with build_client(settings, httpx.MockTransport(handler), counter) as client:
        engine = _engine(client, counter, store, scan_id, subject, resume)
        task = asyncio.create_task(engine.run([Identifier(Kind.DOMAIN, SITE)]))
        if not hold:
            return await task, asked
        await asyncio.wait_for(reached.wait(), 5)
        await asyncio.sleep(0.2)  # what was answered is handled
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return engine.result(interrupted=True), asked


async def test_a_cut_short_lookup_fetches_only_what_it_had_not_read(
    tmp_path: Path, subject: Profile
) -> None:
    store = Store.open(tmp_path / "h.db")
    scan_id = store.begin_scan("s", subject, {})
    first, before = await _run(store, scan_id, subject, hold=True, resume=False)
    store.finish_scan(scan_id, "s", first.findings, first.sources, INTERRUPTED)
    assert before[0].startswith(CDX) and before[-1] == HELD
    store.reopen(scan_id)
    second, again = await _run(store, scan_id, subject, hold=False, resume=True)
    store.close()
    with Store.open(tmp_path / "whole.db") as whole_store:
        whole, _ = await _run(whole_store, whole_store.begin_scan("s", subject, {}), subject,
                              hold=False, resume=False)  # fmt: skip

    assert again == [HELD]  # not the index, not the live pages, not the copies read before
    assert {(f.category, f.location) for f in second.findings} == {
        (f.category, f.location) for f in whole.findings
    } and any(f.location == COPIES[2] for f in second.findings)
    (lookup,), (full,) = second.sources, whole.sources
    assert (lookup.state, lookup.checked, lookup.total, lookup.documents) == (
        full.state, full.checked, full.total, full.documents,
    )  # fmt: skip
    assert (lookup.checked, lookup.total, lookup.documents) == (1, 1, 6)
    assert lookup.skipped_items == full.skipped_items == []


HOME = f"http://{SITE}/"
HOME_COPIES = [f"{ARCHIVE}/web/2021010100000{i}id_/{HOME}" for i in (1, 2)]


async def _two_lookups(
    store: Store, scan_id: int, subject: Profile, *, hold: bool, resume: bool
) -> tuple[ScanResult, list[str]]:
    """The domain's lookup and its home page's: the domain's reads the home page's copies,
    and the home page's lookup, whose index answer is held, leaves them to it."""
    asked: list[str] = []
    held = asyncio.Event()
    home_rows = [(u.split("/")[4][:-3], HOME, f"H{i}") for i, u in enumerate(HOME_COPIES)]
    index = {SITE: rows(*home_rows, ("20220301101500", PAGES[0], "D0")), HOME: rows(*home_rows)}
    copies = {url: "<p>Ring 07700 900461</p>" for url in HOME_COPIES}
    answer = site(index, {**copies, COPIES[0]: PLAIN_PAGE, HOME: PLAIN_PAGE, PAGES[0]: PLAIN_PAGE})

    async def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if hold and str(request.url).startswith(CDX) and request.url.params["url"] == HOME:
            held.set()
            await asyncio.sleep(3600)
        return answer(request)

    counter = RequestCounter()
    settings = NetSettings(per_host_rate=1000, per_host_burst=100)
    async with build_client(settings, httpx.MockTransport(handler), counter) as client:
        engine = _engine(client, counter, store, scan_id, subject, resume)
        seeds = [Identifier(Kind.DOMAIN, SITE), Identifier(Kind.URL, HOME, via="profile")]
        task = asyncio.create_task(engine.run(seeds))
        if not hold:
            return await task, asked
        await asyncio.wait_for(held.wait(), 5)
        deadline = asyncio.get_running_loop().time() + 5
        while not store.tasks(scan_id) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)  # until the domain's lookup has finished
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return engine.result(interrupted=True), asked


async def test_a_finished_lookup_still_keeps_its_pages_from_the_others(
    tmp_path: Path, subject: Profile
) -> None:
    store = Store.open(tmp_path / "h.db")
    scan_id = store.begin_scan("s", subject, {})
    first, before = await _two_lookups(store, scan_id, subject, hold=True, resume=False)
    store.finish_scan(scan_id, "s", first.findings, first.sources, INTERRUPTED)
    assert set(HOME_COPIES) <= set(before)
    store.reopen(scan_id)
    second, again = await _two_lookups(store, scan_id, subject, hold=False, resume=True)
    store.close()
    with Store.open(tmp_path / "whole.db") as other:
        whole, _ = await _two_lookups(other, other.begin_scan("s", subject, {}), subject,
                                      hold=False, resume=False)  # fmt: skip
    # The home page's lookup runs again (its index never answered), and leaves the home
    # page's copies to the domain's lookup, which read them before: none is read again.
    assert len(again) == 1 and again[0].startswith(CDX)
    assert {(f.category, f.location) for f in second.findings} == {
        (f.category, f.location) for f in whole.findings
    }
    (lookup,), (full,) = second.sources, whole.sources
    assert (lookup.checked, lookup.total, lookup.documents, lookup.skipped_items) == (
        full.checked, full.total, full.documents, full.skipped_items,
    )  # fmt: skip
    assert (lookup.checked, lookup.documents) == (2, 5)
