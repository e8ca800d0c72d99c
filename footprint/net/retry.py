"""Retries with exponential backoff and full jitter, honouring Retry-After.

Each attempt goes back through the layers below (rate limiter, concurrency cap, counter),
so a retry is as polite as a first try. Methods that are not idempotent (POST, PATCH) are
retried only when the server cannot have acted on the request: connection failures, 429
and 503. An answer that overran the response deadline (a slowloris) is not retried.

A caller for whom some status is a meaningful answer (a site that says "no such user" with
500) lists it in `request.extensions["footprint_expected_status"]`; such a response is
returned at once.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from footprint.net.errors import SlowResponseError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_SAFE_STATUSES = frozenset({429, 503})  # request refused before processing
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_TRANSIENT = (httpx.TimeoutException, httpx.ReadError, httpx.RemoteProtocolError)
EXPECTED_STATUS = "footprint_expected_status"


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 20.0


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an HTTP-date is always GMT
        return None
    return max(0.0, when.timestamp() - now)


class RetryTransport(httpx.AsyncBaseTransport):
    """Retries transient failures; after the last attempt returns the last response or
    raises the last exception. A Retry-After longer than `backoff_max` is honoured by not
    retrying at all (the response is returned) rather than by retrying early."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._now = now

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform over [0, min(max, base * 2**attempt)]."""
        ceiling = min(self._policy.backoff_max, self._policy.backoff_base * 2**attempt)
        return self._rng.uniform(0.0, ceiling)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()  # buffer the body so it can be sent again
        idempotent = request.method.upper() in _IDEMPOTENT
        retry_statuses = RETRY_STATUSES if idempotent else _SAFE_STATUSES
        expected = request.extensions.get(EXPECTED_STATUS)
        if expected:
            retry_statuses = retry_statuses.difference(expected)
        attempt = 0
        while True:
            last = attempt >= self._policy.retries
            try:
                response = await self._inner.handle_async_request(request)
            except SlowResponseError:
                raise  # asking again would cost the whole deadline again
            except _NEVER_SENT:
                if last:
                    raise
                delay = self.backoff(attempt)
            except _TRANSIENT:
                if last or not idempotent:
                    raise
                delay = self.backoff(attempt)
            else:
                if last or response.status_code not in retry_statuses:
                    return response
                delay = self._delay_for(response, attempt)
                if delay is None:
                    return response
                await response.aclose()
            attempt += 1
            await self._sleep(delay)

    def _delay_for(self, response: httpx.Response, attempt: int) -> float | None:
        wait = parse_retry_after(response.headers.get("retry-after"), self._now())
        if wait is None:
            return self.backoff(attempt)
        if wait > self._policy.backoff_max:
            return None  # the server wants a longer pause than we will make
        return wait

    async def aclose(self) -> None:
        await self._inner.aclose()
