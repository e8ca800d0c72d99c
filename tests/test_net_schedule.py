"""When attempts depart: per-host spacing must hold at the moment a request is sent, even when
requests had to queue for scarce global slots, and waiting for a token must not hold a slot."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable

import httpx
import pytest

from footprint.net import NetSettings, build_client


class VirtualTime:
    """A discrete-event clock: `sleep` parks the caller until `run` advances time to it."""

    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + max(0.0, seconds), next(self._seq), future))
        await future

    async def run(self, work: Awaitable[object]) -> None:
        task = asyncio.ensure_future(work)
        while not task.done():
            for _ in range(200):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if task.done():
                break
            assert self._timers, "deadlock: nothing runnable and nobody sleeping"
            when, _, future = heapq.heappop(self._timers)
            self.now = max(self.now, when)
            future.set_result(None)
        task.result()


def departures_client(
    settings: NetSettings, vt: VirtualTime, log: list[tuple[str, float]], latency: float
) -> httpx.AsyncClient:
    async def handler(request: httpx.Request) -> httpx.Response:
        log.append((request.url.host, vt.now))
        await vt.sleep(latency)
        return httpx.Response(200)

    transport = httpx.MockTransport(handler)
    return build_client(settings, transport, sleep=vt.sleep, clock=vt.clock)


def most_in_window(times: list[float], window: float) -> int:
    """The most departures inside any closed interval `window` seconds long."""
    times = sorted(times)
    return max(
        sum(1 for t in times[i:] if t <= start + window + 1e-9) for i, start in enumerate(times)
    )


async def test_spacing_holds_at_departure_when_global_slots_are_scarce() -> None:
    # Two global slots, each held for a second by slow hosts, while eight requests to one
    # host queue behind them: they must still leave at most rate*w + burst per window w.
    settings = NetSettings(concurrency=2, per_host_rate=2.0, per_host_burst=1, retries=0)
    vt = VirtualTime()
    log: list[tuple[str, float]] = []
    async with departures_client(settings, vt, log, latency=1.0) as client:
        urls = [f"https://slow{i}.example.org/" for i in range(6)]
        urls += [f"https://busy.example.org/{i}" for i in range(8)]
        await vt.run(asyncio.gather(*(client.get(u) for u in urls)))
    busy = [t for host, t in log if host == "busy.example.org"]
    assert len(busy) == 8
    for window in (0.0, 0.5, 1.0, 2.0):
        assert most_in_window(busy, window) <= 1 + 2.0 * window, (window, busy)
    # ...and never more than two requests in flight overall.
    assert most_in_window([t for _, t in log], 0.999) <= 2


async def test_waiting_for_a_token_does_not_hold_a_global_slot() -> None:
    settings = NetSettings(concurrency=1, per_host_rate=1.0, per_host_burst=1, retries=0)
    vt = VirtualTime()
    log: list[tuple[str, float]] = []
    async with departures_client(settings, vt, log, latency=0.1) as client:
        urls = ["https://a.example.org/1", "https://a.example.org/2", "https://b.example.org/"]
        await vt.run(asyncio.gather(*(client.get(u) for u in urls)))
    # a/2 has no token until t=1; b, queued behind it, goes as soon as a/1 frees the slot.
    assert log == [
        ("a.example.org", pytest.approx(0.0)),
        ("b.example.org", pytest.approx(0.1)),
        ("a.example.org", pytest.approx(1.0)),
    ]


async def test_per_host_in_flight_cap_leaves_slots_to_other_hosts() -> None:
    settings = NetSettings(
        concurrency=8, per_host_concurrency=2, per_host_rate=1000.0, per_host_burst=1000
    )
    vt = VirtualTime()
    log: list[tuple[str, float]] = []
    async with departures_client(settings, vt, log, latency=1.0) as client:
        urls = [f"https://one.example.org/{i}" for i in range(6)] + ["https://two.example.org/"]
        await vt.run(asyncio.gather(*(client.get(u) for u in urls)))
    one = sorted(t for host, t in log if host == "one.example.org")
    assert one == pytest.approx([0.0, 0.0, 1.0, 1.0, 2.0, 2.0])
    assert ("two.example.org", pytest.approx(0.0)) in log


async def test_tokens_go_in_arrival_order_at_the_configured_rate() -> None:
    # Two from the burst, then one token every 0.25 s, whatever the number of waiters.
    settings = NetSettings(per_host_rate=4.0, per_host_burst=2, per_host_concurrency=6)
    vt = VirtualTime()
    log: list[tuple[str, float]] = []
    async with departures_client(settings, vt, log, latency=0.0) as client:
        urls = [f"https://a.example.org/{i}" for i in range(6)]
        await vt.run(asyncio.gather(*(client.get(u) for u in urls)))
    assert [t for _, t in log] == pytest.approx([0.0, 0.0, 0.25, 0.5, 0.75, 1.0])


async def test_slots_go_first_to_the_host_with_the_longest_queue() -> None:
    # One slot; four one-off hosts queue before a host with four requests. Serving the long
    # queue first lets its chain start at once (a per-host limit would otherwise stretch it).
    # With two places per host, the next request of the host is queued when a slot frees.
    settings = NetSettings(
        concurrency=1, per_host_concurrency=2, per_host_rate=1000.0, per_host_burst=1000
    )
    vt = VirtualTime()
    log: list[tuple[str, float]] = []
    async with departures_client(settings, vt, log, latency=1.0) as client:
        urls = [f"https://once{i}.example.org/" for i in range(4)]
        urls += [f"https://busy.example.org/{i}" for i in range(4)]
        await vt.run(asyncio.gather(*(client.get(u) for u in urls)))
    order = [host for host, _ in log]
    assert order[0] == "once0.example.org"  # it found the slot free
    assert order[1:5] == ["busy.example.org"] * 4
    assert sorted(order[5:]) == [f"once{i}.example.org" for i in (1, 2, 3)]


async def test_a_cancelled_waiter_does_not_leak_its_slot() -> None:
    settings = NetSettings(concurrency=1, per_host_rate=1000.0, per_host_burst=1000)
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/hold":
            await release.wait()
        return httpx.Response(200)

    async with build_client(settings, httpx.MockTransport(handler)) as client:
        holder = asyncio.create_task(client.get("https://a.example.org/hold"))
        await asyncio.sleep(0.01)
        waiter = asyncio.create_task(client.get("https://b.example.org/"))
        await asyncio.sleep(0.01)
        waiter.cancel()
        release.set()
        assert (await holder).status_code == 200
        with pytest.raises(asyncio.CancelledError):
            await waiter
        # The one slot is free again: both of these complete.
        done = await asyncio.wait_for(
            asyncio.gather(
                client.get("https://c.example.org/"), client.get("https://d.example.org/")
            ),
            timeout=2,
        )
    assert [r.status_code for r in done] == [200, 200]
