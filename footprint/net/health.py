"""Noticing that the network is down, so a scan stops trying every site and says so.

Connection failures (refused, unreachable, DNS, connect timeout) in a row, across several
different hosts, with no response of any kind in between, mean the machine is offline or
firewalled rather than that one site is gone. Once tripped, requests fail at once with
`NetworkDownError` (no retries), except one probe every `probe_every` seconds: if a probe
gets any response, the network is back and requests flow again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import httpx

from footprint.net.errors import NetworkDownError

CONNECTION_FAILURES = (httpx.ConnectError, httpx.ConnectTimeout)


class NetworkHealth:
    def __init__(
        self,
        threshold: int = 8,
        min_hosts: int = 3,
        probe_every: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold, self.min_hosts, self.probe_every = threshold, min_hosts, probe_every
        self._clock = clock
        self._streak = 0
        self._hosts: set[str] = set()
        self._down_at: float | None = None
        self._went_down: asyncio.Event | None = None  # created inside the running loop
        self._last_probe = 0.0
        self.tripped = False  # ever went down during this client's life (for the report)
        self.failures = 0  # connection failures in the streak that tripped it

    @property
    def down(self) -> bool:
        return self._down_at is not None

    def allow(self) -> bool:
        if self._down_at is None:
            return True
        now = self._clock()
        if now - self._last_probe >= self.probe_every:
            self._last_probe = now
            return True
        return False

    def failure(self, host: str) -> None:
        self._streak += 1
        self._hosts.add(host)
        if (
            self._down_at is None
            and self._streak >= self.threshold
            and len(self._hosts) >= self.min_hosts
        ):
            self._down_at = self._last_probe = self._clock()
            self.tripped = True
            self.failures = self._streak
            self.went_down().set()

    def went_down(self) -> asyncio.Event:
        """Set while the network is down: attempts already in flight give up on it."""
        if self._went_down is None:
            self._went_down = asyncio.Event()
        return self._went_down

    def success(self) -> None:
        self._streak = 0
        self._hosts.clear()
        self._down_at = None
        if self._went_down is not None:
            self._went_down.clear()

    def describe(self) -> str:
        return (
            f"the network looks unreachable: {self.failures} connections in a row failed "
            "across different hosts"
        )


class HealthTransport(httpx.AsyncBaseTransport):
    """Records each attempt's outcome in `health`; fails fast while the network is down,
    and abandons attempts still in flight (a slow DNS timeout) when it goes down."""

    def __init__(self, inner: httpx.AsyncBaseTransport, health: NetworkHealth) -> None:
        self._inner = inner
        self._health = health

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._health.allow():
            raise NetworkDownError(self._health.describe(), request=request)
        attempt = asyncio.ensure_future(self._inner.handle_async_request(request))
        down = asyncio.ensure_future(self._health.went_down().wait())
        try:
            await asyncio.wait({attempt, down}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            down.cancel()
            if not attempt.done():
                attempt.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await attempt
        if attempt.cancelled():  # the network went down while this attempt was in flight
            raise NetworkDownError(self._health.describe(), request=request)
        try:
            response = attempt.result()
        except CONNECTION_FAILURES:
            self._health.failure(request.url.host)
            raise
        self._health.success()
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
