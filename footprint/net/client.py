"""Building the one `httpx.AsyncClient` every scanner shares.

Layers, outermost first (httpx sends every redirect hop through all of them):

    WireGuardTransport   refuse any request carrying a private detail (URL, headers, body)
    SSRFGuardTransport   refuse bad schemes / local hosts, per hop, before anything else
    RetryTransport       backoff + jitter; each attempt re-enters the layers below
    ScheduleTransport    per-host in-flight cap, then global slot, then per-host token
                         taken at departure (held until the body is read)
    HealthTransport      fail fast once connections to many hosts fail in a row (offline)
    CountingTransport    counts attempts actually sent, per current_source
    BodyCapTransport     reads the body with a size cap (and bounded gzip/deflate), the
                         whole answer within a deadline
    inner                the real network (sharded pools, GuardedBackend) or a fixture transport
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping

import httpcore
import httpx

from footprint.net.bodycap import BodyCapTransport
from footprint.net.cookies import Client
from footprint.net.counting import CountingTransport, RequestCounter
from footprint.net.guard import Resolver, SSRFGuardTransport, system_resolve
from footprint.net.health import HealthTransport, NetworkHealth
from footprint.net.offline import OfflineTransport
from footprint.net.pool import network_transport
from footprint.net.ratelimit import HostRateLimiter, ScheduleTransport
from footprint.net.retry import RetryPolicy, RetryTransport
from footprint.net.settings import NetSettings, in_flight_limit
from footprint.net.wire import Check, WireGuardTransport

# We decode these ourselves with a size bound; brotli/zstd would bypass that.
ACCEPT_ENCODING = "gzip, deflate"


def build_client(
    settings: NetSettings,
    transport: httpx.AsyncBaseTransport | None = None,
    counter: RequestCounter | None = None,
    *,
    private: Check | None = None,
    consented: Mapping[str, Check] | None = None,
    health: NetworkHealth | None = None,
    resolver: Resolver | None = None,
    network_backend: httpcore.AsyncNetworkBackend | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> httpx.AsyncClient:
    """The shared client. `private` is the wire guard's check (`PrivateForms.find`): a request
    it recognises a private detail in is refused; a scanner in `consented` (the user's
    `--consent`) is checked with its own check instead (`footprint.consent.consented_checks`).
    `health` notices a network that is down. `transport` replaces the network (tests,
    recorded fixtures); `resolver`, `network_backend` (what opens sockets for the default
    transport), `sleep`, `clock` and `rng` are injectable for tests and benchmarks.

    Host names are resolved and checked at connect time for the default transport. For a
    custom `transport` only literal addresses and local names are checked, unless a
    `resolver` is given, since such a transport decides itself where requests go.
    """
    stack: httpx.AsyncBaseTransport
    if settings.offline:
        stack = OfflineTransport()
    else:
        if transport is None:
            transport = network_transport(settings, resolver or system_resolve, network_backend)
            guard_resolver = None  # the backend checks every connection
        else:
            guard_resolver = resolver
        stack = BodyCapTransport(transport, settings.max_body_bytes, settings.response_deadline)
        if counter is not None:
            stack = CountingTransport(stack, counter)
        # Inside the scheduler, so requests queued before the network was seen down fail fast.
        health = health or NetworkHealth(clock=clock)
        stack = HealthTransport(stack, health)
        # Waits for a host's token and a retry's backoff end early when the network goes down
        # (then fail at once), unless a test's own sleep runs them.
        pause = health.pause if sleep is asyncio.sleep else sleep
        limiter = HostRateLimiter(settings.rate_for, clock=clock, sleep=pause)
        stack = ScheduleTransport(
            stack,
            limiter,
            concurrency=in_flight_limit(settings.concurrency),
            per_host=settings.per_host_concurrency,
            down=lambda: health.describe() if health.down else None,
        )
        policy = RetryPolicy(settings.retries, settings.backoff_base, settings.backoff_max)
        stack = RetryTransport(stack, policy, sleep=pause, rng=rng)
        stack = SSRFGuardTransport(
            stack, allow_private=settings.allow_private, resolver=guard_resolver
        )
    if private is not None:
        stack = WireGuardTransport(stack, private, counter, consented)
    return Client(
        transport=stack,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(settings.request_timeout),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        trust_env=False,  # no env proxies or netrc: requests go only where the policy says
    )
