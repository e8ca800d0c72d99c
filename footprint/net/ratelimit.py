"""Per-host token buckets shared by every scanner using one client."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx


class HostRateLimiter:
    """A token bucket per host, `burst` deep, refilled at `rate` tokens per second.

    Tokens are reserved on arrival (the balance may go negative) and the caller sleeps
    until its token is due, so waiters are served in arrival order without a lock. A
    cancelled waiter forfeits its token, which only errs on the polite side.
    """

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

    def reserve(self, host: str) -> float:
        """Take a token for `host`; return how long to wait before using it."""
        rate, burst = self._rate_for(host)
        now = self._clock()
        tokens, updated = self._buckets.get(host, (float(burst), now))
        tokens = min(float(burst), tokens + (now - updated) * rate) - 1.0
        self._buckets[host] = (tokens, now)
        return 0.0 if tokens >= 0 else -tokens / rate

    async def acquire(self, host: str) -> None:
        wait = self.reserve(host)
        if wait > 0:
            await self._sleep(wait)


class RateLimitTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: HostRateLimiter) -> None:
        self._inner = inner
        self._limiter = limiter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._limiter.acquire(request.url.host.lower())
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class ConcurrencyTransport(httpx.AsyncBaseTransport):
    """Caps requests in flight; a slot is held until the body has been read below."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limit: int) -> None:
        self._inner = inner
        self._slots = asyncio.Semaphore(limit)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self._slots:
            return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
