"""Building the one `httpx.AsyncClient` every scanner shares.

Layers, outermost first (httpx sends every redirect hop through all of them):

    SSRFGuardTransport   refuse bad schemes / local hosts, per hop, before anything else
    RetryTransport       backoff + jitter; each attempt re-enters the layers below
    RateLimitTransport   per-host token bucket, so retries are rate limited too
    ConcurrencyTransport global in-flight cap (held until the body is read)
    CountingTransport    counts attempts actually sent, per current_source
    BodyCapTransport     reads the body with a size cap (and bounded gzip/deflate)
    inner                the real network (with GuardedBackend) or a fixture transport
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable

import httpcore
import httpx

from footprint.net.bodycap import BodyCapTransport
from footprint.net.counting import CountingTransport, RequestCounter
from footprint.net.guard import GuardedBackend, Resolver, SSRFGuardTransport, system_resolve
from footprint.net.offline import OfflineTransport
from footprint.net.ratelimit import ConcurrencyTransport, HostRateLimiter, RateLimitTransport
from footprint.net.retry import RetryPolicy, RetryTransport
from footprint.net.settings import NetSettings

# We decode these ourselves with a size bound; brotli/zstd would bypass that.
ACCEPT_ENCODING = "gzip, deflate"


def network_transport(
    settings: NetSettings, resolver: Resolver = system_resolve
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections are checked by `GuardedBackend`
    (unless `allow_private`)."""
    transport = httpx.AsyncHTTPTransport(
        limits=httpx.Limits(
            max_connections=settings.concurrency,
            max_keepalive_connections=min(settings.concurrency, 20),
        ),
    )
    if not settings.allow_private:
        # httpx does not expose the backend; swap in an identical pool that uses ours.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),  # honours SSL_CERT_FILE like httpx
            max_connections=settings.concurrency,
            max_keepalive_connections=min(settings.concurrency, 20),
            network_backend=GuardedBackend(resolver),
        )
    return transport


def build_client(
    settings: NetSettings,
    transport: httpx.AsyncBaseTransport | None = None,
    counter: RequestCounter | None = None,
    *,
    resolver: Resolver | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> httpx.AsyncClient:
    """The shared client. `transport` replaces the network (tests, recorded fixtures);
    `resolver`, `sleep`, `clock` and `rng` are injectable for tests.

    Host names are resolved and checked at connect time for the default transport. For a
    custom `transport` only literal addresses and local names are checked, unless a
    `resolver` is given, since such a transport decides itself where requests go.
    """
    stack: httpx.AsyncBaseTransport
    if settings.offline:
        stack = OfflineTransport()
    else:
        if transport is None:
            transport = network_transport(settings, resolver or system_resolve)
            guard_resolver = None  # the backend checks every connection
        else:
            guard_resolver = resolver
        stack = BodyCapTransport(transport, settings.max_body_bytes)
        if counter is not None:
            stack = CountingTransport(stack, counter)
        stack = ConcurrencyTransport(stack, settings.concurrency)
        limiter = HostRateLimiter(settings.rate_for, clock=clock, sleep=sleep)
        stack = RateLimitTransport(stack, limiter)
        policy = RetryPolicy(settings.retries, settings.backoff_base, settings.backoff_max)
        stack = RetryTransport(stack, policy, sleep=sleep, rng=rng)
        stack = SSRFGuardTransport(
            stack, allow_private=settings.allow_private, resolver=guard_resolver
        )
    return httpx.AsyncClient(
        transport=stack,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(settings.request_timeout),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        trust_env=False,  # no env proxies or netrc: requests go only where the policy says
    )
