"""When each attempt may leave: per-host token buckets and in-flight caps, and a global cap.

A request first takes one of its host's few in-flight places, then waits (without holding a
global slot) until its host's bucket has a token, then takes a global slot, and only then
takes the token and is sent. Taking the token at departure keeps per-host spacing even when
requests queued for a slot; waiting for it before the slot keeps slots for hosts that can go.

Global slots go first to hosts with the most requests waiting: a rate-limited host's queue
is the longest chain in a sweep, so it should start at once, not after everyone queued
before it (which would add the whole queue's wait to its chain).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Awaitable, Callable

import httpx

from footprint.net.errors import NetworkDownError


class HostRateLimiter:
    """A token bucket per host, `burst` deep, refilled at `rate` tokens per second."""

    def __init__(
        self,
        rate_for: Callable[[str], tuple[float, int]],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._rate_for = rate_for
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, tuple[float, float]] = {}  # host -> (tokens, updated at)

    # A token due "now" by float arithmetic may come out a hair short of 1.0.
    _WHOLE = 1.0 - 1e-9

    def _balance(self, host: str) -> tuple[float, float, float]:
        """(tokens now, rate, now) for `host`."""
        rate, burst = self._rate_for(host)
        now = self._clock()
        tokens, updated = self._buckets.get(host, (float(burst), now))
        return min(float(burst), tokens + (now - updated) * rate), rate, now

    def wait_time(self, host: str) -> float:
        """Seconds until `host` has a whole token (0 if it has one now); takes nothing."""
        tokens, rate, _ = self._balance(host)
        return 0.0 if tokens >= self._WHOLE else (1.0 - tokens) / rate

    def try_take(self, host: str) -> bool:
        """Take a token for `host` if one is there now."""
        tokens, _, now = self._balance(host)
        if tokens < self._WHOLE:
            return False
        self._buckets[host] = (max(0.0, tokens - 1.0), now)
        return True

    async def ready(self, host: str) -> None:
        """Sleep until `host` has a token (which a sibling request may still take first)."""
        wait = self.wait_time(host)
        if wait > 0:
            await self._sleep(wait)


class PrioritySlots:
    """A counting semaphore whose waiters are served highest priority first, then FIFO.

    A waiter queues under a key (its host) whose priority may rise while it waits. Slots are
    handed to waiters directly on release, so a free slot always means nobody is waiting.
    """

    def __init__(self, limit: int) -> None:
        self._free = limit
        self._heap: list[tuple[int, int, asyncio.Future[None], str]] = []
        self._order = itertools.count()
        self._waiting: dict[str, list[asyncio.Future[None]]] = {}  # not yet handed a slot

    async def acquire(self, key: str, priority: int = 0) -> None:
        if self._free > 0:
            self._free -= 1
            return
        future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append(future)
        self._push(priority, future, key)
        try:
            await future
        except asyncio.CancelledError:
            if future.cancelled():
                self._forget(key, future)
            else:
                self.release()  # handed a slot just as we were cancelled: pass it on
            raise

    def promote(self, key: str, priority: int) -> None:
        """Raise the priority of `key`'s waiters (older, lower entries become stale)."""
        for future in self._waiting.get(key, ()):
            self._push(priority, future, key)

    def release(self) -> None:
        while self._heap:
            _, _, future, key = heapq.heappop(self._heap)
            if not future.done():  # stale duplicates and cancelled waiters are skipped
                self._forget(key, future)
                future.set_result(None)
                return
        self._free += 1

    def _push(self, priority: int, future: asyncio.Future[None], key: str) -> None:
        heapq.heappush(self._heap, (-priority, next(self._order), future, key))

    def _forget(self, key: str, future: asyncio.Future[None]) -> None:
        waiting = self._waiting[key]
        waiting.remove(future)
        if not waiting:
            del self._waiting[key]


class _HostGate:
    __slots__ = ("slots", "users")

    def __init__(self, limit: int) -> None:
        self.slots = asyncio.Semaphore(limit)
        self.users = 0


class ScheduleTransport(httpx.AsyncBaseTransport):
    """Applies the per-host cap, the token bucket and the global cap, in that order; the
    global slot is held until the body has been read below."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        limiter: HostRateLimiter,
        *,
        concurrency: int,
        per_host: int,
        down: Callable[[], str | None] | None = None,
    ) -> None:
        self._inner = inner
        self._limiter = limiter
        # What the network's state is, when it is seen down: a request that would wait for its
        # host's token is then refused at once (the wait would be for nothing).
        self._down = down
        self._slots = PrioritySlots(concurrency)
        self._per_host = per_host
        self._gates: dict[str, _HostGate] = {}

    def _enter(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self._per_host)
        gate.users += 1
        self._slots.promote(host, gate.users)
        return gate

    def _leave(self, host: str, gate: _HostGate) -> None:
        gate.users -= 1
        if gate.users == 0:  # forget idle hosts so the table stays small
            del self._gates[host]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host.lower()
        limiter = self._limiter
        gate = self._enter(host)  # plain calls, not a context manager: this runs per request
        try:
            async with gate.slots:
                while True:
                    why = self._down() if self._down is not None else None
                    if why is not None and limiter.wait_time(host) > 0:
                        raise NetworkDownError(why, request=request)
                    await limiter.ready(host)
                    await self._slots.acquire(host, gate.users)
                    # Rarely false: a sibling to the same host took the token while we queued.
                    if limiter.try_take(host):
                        break
                    self._slots.release()
                try:
                    return await self._inner.handle_async_request(request)
                finally:
                    self._slots.release()
        finally:
            self._leave(host, gate)

    async def aclose(self) -> None:
        await self._inner.aclose()
