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
        self._last_probe = 0.0
        # Attempts in flight (the tasks sending them), abandoned at once when it goes down.
        self._in_flight: set[asyncio.Task] = set()
        self._abandoned: set[asyncio.Task] = set()
        self.tripped = False  # ever went down during this client's life (for the report)
        self._went_down: asyncio.Event | None = None  # wakes retries pausing between attempts
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
            self._abandon_in_flight()
            if self._went_down is not None:
                self._went_down.set()

    def success(self) -> None:
        self._streak = 0
        self._hosts.clear()
        self._down_at = None
        if self._went_down is not None and self._went_down.is_set():
            self._went_down = None

    async def pause(self, delay: float) -> None:
        """Sleep `delay` seconds, or less: until the network is seen down. A retry waiting out
        its backoff then tries at once and fails fast, instead of holding its source (and the
        scan) for seconds it cannot use."""
        if self.down or delay <= 0:
            return
        if self._went_down is None:
            self._went_down = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._went_down.wait(), delay)

    def sending(self, task: asyncio.Task) -> None:
        """`task` has an attempt in flight (until `settled`)."""
        self._in_flight.add(task)

    def settled(self, task: asyncio.Task) -> None:
        self._in_flight.discard(task)

    def _abandon_in_flight(self) -> None:
        # Cancelled in place rather than run as a separate task each (two task hops per
        # request otherwise); `abandoned` tells this cancellation from any other.
        for task in self._in_flight:
            if not task.done():
                task.cancel("the network went down")
                self._abandoned.add(task)
        self._in_flight.clear()

    def abandoned(self, task: asyncio.Task) -> bool:
        """Whether `task`, now being cancelled, was cancelled only because the network went
        down (that cancellation is then withdrawn: the attempt fails instead)."""
        if task not in self._abandoned:
            return False
        self._abandoned.discard(task)
        return task.uncancel() == 0  # 0: nobody else (Ctrl-C, a time limit) cancelled it

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
        health = self._health
        if not health.allow():
            raise NetworkDownError(health.describe(), request=request)
        task = asyncio.current_task()
        assert task is not None
        health.sending(task)
        try:
            response = await self._inner.handle_async_request(request)
        except asyncio.CancelledError:
            health.settled(task)
            if health.abandoned(task):  # the network went down while this was in flight
                raise NetworkDownError(health.describe(), request=request) from None
            raise
        except CONNECTION_FAILURES:
            health.settled(task)  # before `failure`, which abandons whatever is in flight
            health.failure(request.url.host)
            raise
        finally:
            health.settled(task)
        health.success()
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
