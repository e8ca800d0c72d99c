"""--resume inside a task: a username sweep cut short asks only the sites it had not checked,
keeps what the others found, and offers their discoveries again."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from site_entries import site_entry

from footprint.engine import Engine, ScanResult
from footprint.kinds import Kind
from footprint.model import Category, Identifier, SourceState
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile, parse_profile
from footprint.scanner import Checked, Event, ScanContext, Scanner, ScanOptions
from footprint.store import Store, StoreObserver
from footprint.store.store import INTERRUPTED
from scanners.accounts import Accounts

SITES = ["alpha", "beta", "gamma", "slow", "delta"]  # delta: an account, its page unreadable


class Follow(Scanner):
    """Notes each profile URL the sweep discovers (on resume too)."""

    name = "follow"
    description = "test"
    network = False
    consumes = frozenset({Kind.URL})
    calls: ClassVar[list[str]] = []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        Follow.calls.append(identifier.value)
        yield Checked(identifier.value)


@pytest.fixture
def subject() -> Profile:
    private, public = {"phones": ["07700 900461"]}, {"usernames": ["josmith"]}
    return parse_profile({"name": "Jo Smith", "private": private, "public": public})


def sites_file(tmp_path: Path) -> Path:
    sites = [site_entry(n, f"https://{n}.example/u/{{account}}") for n in SITES]
    sites[-1]["uri_pretty"] = "https://delta.example/p/{account}"
    doc = {"license": ["L"], "authors": ["A"], "categories": ["social"], "sites": sites}
    path = tmp_path / "sites.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


async def _run(
    tmp_path: Path, store: Store, scan_id: int, subject: Profile, *, hang: bool, resume: bool
) -> tuple[ScanResult, list[str]]:
    asked: list[str] = []
    answered = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        asked.append(host)
        if host == "slow.example" and hang:
            await asyncio.sleep(3600)  # interrupted while this one is asked
        if host == "delta.example":
            if request.url.path.startswith("/p/"):
                return httpx.Response(403)
            return httpx.Response(200, text="profile-of josmith")
        if host in ("alpha.example", "slow.example"):
            # a link to an account named after the phone: withheld, never offered
            link = '<a href="https://beta.example/u/07700900461">me</a>'
            return httpx.Response(200, text=f"profile-of josmith, call 07700 900461 {link}")
        if len(asked) >= 3:
            answered.set()
        return httpx.Response(404, text="no such user")

    counter = RequestCounter()
    settings = NetSettings(allow_private=True, per_host_rate=1000, per_host_burst=100)
    async with build_client(settings, httpx.MockTransport(handler), counter) as client:
        ctx = ScanContext(client, ScanOptions(sites_file=sites_file(tmp_path)))
        engine = Engine(
            subject,
            [Accounts(), Follow()],
            ctx,
            counter,
            observer=StoreObserver(store, scan_id, "s"),
            resume=store.resumable(scan_id) if resume else None,
        )
        seeds = [Identifier(Kind.USERNAME, "josmith")]
        task = asyncio.create_task(engine.run(seeds))
        if hang:
            await asyncio.wait_for(answered.wait(), 5)
            await asyncio.sleep(0.2)  # the three quick sites' events are handled
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return engine.result(interrupted=True), asked
        return await task, asked


async def test_a_cut_short_sweep_asks_only_the_sites_it_had_not_checked(
    tmp_path: Path, subject: Profile
) -> None:
    Follow.calls = []
    store = Store.open(tmp_path / "h.db")
    scan_id = store.begin_scan("s", subject, {})
    first, asked = await _run(tmp_path, store, scan_id, subject, hang=True, resume=False)
    store.finish_scan(scan_id, "s", first.findings, first.sources, INTERRUPTED)
    assert "slow.example" in asked
    assert Follow.calls == ["https://alpha.example/u/josmith"]

    Follow.calls = []
    store.reopen(scan_id)
    second, asked = await _run(tmp_path, store, scan_id, subject, hang=False, resume=True)
    assert set(asked) == {"slow.example"}  # the others were checked: not asked again
    accounts = {s.name: s for s in second.sources}["accounts"]
    assert (accounts.checked, accounts.total) == (5, 5)
    assert accounts.withheld == 2  # alpha's link (counted from the record) and slow's
    # delta's account was found before the cut, its profile page not read: still said
    assert accounts.skipped_items == [
        ("https://delta.example/p/josmith", "delta: profile page answered HTTP 403")
    ]
    # alpha's profile page, read before the cut, still counts as read (as it would have
    # uninterrupted), and slow's too.
    assert accounts.documents == 2
    # alpha's account and phone (found before) and slow's (found now) are all there ...
    found = {(f.category, f.location.split("/")[2]) for f in second.findings}
    assert {(Category.ACCOUNT, "alpha.example"), (Category.ACCOUNT, "slow.example")} <= found
    assert {(Category.PHONE, "alpha.example"), (Category.PHONE, "slow.example")} <= found
    # ... and alpha's profile URL, found before the cut, was offered again: its task had
    # finished, so it counts without being run again; slow's is new.
    assert Follow.calls == ["https://slow.example/u/josmith"]
    follow = {s.name: s for s in second.sources}["follow"]
    assert (follow.state, follow.checked) == (SourceState.OK, 2)
    # A finished task's progress rows are gone: its outcome holds it all.
    assert store.conn.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0
    store.close()
