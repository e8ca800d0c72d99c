"""When each attempt may leave: per-host token buckets and in-flight caps, and a global cap.

A request first takes one of its host's few in-flight places, then waits (without holding a
global slot) until its host's bucket has a token, then takes a global slot, and only then
takes the token and is sent. Taking the token at departure keeps per-host spacing even when
requests queued for a slot; waiting for it before the slot keeps slots for hosts that can go.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx


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
    ) -> None:
        self._inner = inner
        self._limiter = limiter
        self._slots = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._gates: dict[str, _HostGate] = {}

    @asynccontextmanager
    async def _host_place(self, host: str) -> AsyncIterator[None]:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self._per_host)
        gate.users += 1
        try:
            async with gate.slots:
                yield
        finally:
            gate.users -= 1
            if gate.users == 0:  # forget idle hosts so the table stays small
                del self._gates[host]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host.lower()
        limiter = self._limiter
        async with self._host_place(host):
            while True:
                await limiter.ready(host)
                await self._slots.acquire()
                # Rarely false: a sibling to the same host took the token while we queued.
                if limiter.try_take(host):
                    break
                self._slots.release()
            try:
                return await self._inner.handle_async_request(request)
            finally:
                self._slots.release()

    async def aclose(self) -> None:
        await self._inner.aclose()
