"""Retries: which failures are retried, backoff with full jitter, Retry-After."""

from __future__ import annotations

import email.utils
import random

import httpx
import pytest

from footprint.net import NetSettings, RequestCounter, build_client
from footprint.net.retry import RetryPolicy, RetryTransport, parse_retry_after


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class MaxRandom(random.Random):
    """Always picks the top of the jitter range, exposing the backoff ceiling."""

    def uniform(self, a: float, b: float) -> float:
        return b


def scripted(*steps: int | Exception) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A mock answering with the given statuses / raising the given errors, in order."""
    seen: list[httpx.Request] = []
    remaining = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = remaining.pop(0)
        if isinstance(step, Exception):
            raise step
        return httpx.Response(step, text=f"status {step}")

    return httpx.MockTransport(handler), seen


def client(transport, sleep, **settings) -> httpx.AsyncClient:
    base = {"per_host_rate": 1000.0, "per_host_burst": 1000, **settings}
    return build_client(NetSettings(**base), transport, sleep=sleep, rng=MaxRandom())


async def test_503_then_success_is_retried() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(503, 200)
    async with client(transport, sleep) as c:
        response = await c.get("https://example.org/")
    assert response.status_code == 200
    assert len(seen) == 2
    assert sleep.calls == [0.5]  # backoff_base * 2**0, top of the jitter range


async def test_429_retry_after_seconds_is_honoured() -> None:
    sleep = FakeSleep()
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return httpx.Response(429, headers={"Retry-After": "7"})
        return httpx.Response(200)

    async with client(httpx.MockTransport(handler), sleep) as c:
        assert (await c.get("https://example.org/")).status_code == 200
    assert sleep.calls == [7.0]


async def test_retry_after_http_date_is_honoured() -> None:
    now = 1_800_000_000.0
    date = email.utils.formatdate(now + 12, usegmt=True)
    assert parse_retry_after(date, now) == pytest.approx(12.0)
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now) == 0.0


async def test_retry_after_beyond_backoff_max_is_not_retried_early() -> None:
    sleep = FakeSleep()
    transport, _ = scripted(429, 200)  # no Retry-After: plain backoff
    async with client(transport, sleep) as c:
        assert (await c.get("https://example.org/")).status_code == 200
    assert sleep.calls == [0.5]

    sleep = FakeSleep()
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(429, headers={"Retry-After": "3600"})

    async with client(httpx.MockTransport(handler), sleep, backoff_max=20.0) as c:
        assert (await c.get("https://example.org/")).status_code == 429
    # The server asked for an hour: give up now rather than come back after 20 s.
    assert sleep.calls == [] and calls == 1


async def test_exhausted_retries_return_last_response() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(500, 502, 504, 503)
    async with client(transport, sleep, retries=3) as c:
        response = await c.get("https://example.org/")
    assert response.status_code == 503
    assert response.text == "status 503"
    assert len(seen) == 4
    assert sleep.calls == [0.5, 1.0, 2.0]  # ceiling doubles each attempt


async def test_connect_error_retried_then_raised() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(*(httpx.ConnectError(f"refused {i}") for i in range(3)))
    async with client(transport, sleep, retries=2) as c:
        with pytest.raises(httpx.ConnectError, match="refused 2"):
            await c.get("https://example.org/")
    assert len(seen) == 3 and len(sleep.calls) == 2


async def test_timeout_retried_then_succeeds() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(httpx.ReadTimeout("slow"), 200)
    async with client(transport, sleep) as c:
        assert (await c.get("https://example.org/")).status_code == 200
    assert len(seen) == 2


async def test_non_retryable_status_is_returned_at_once() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(404)
    async with client(transport, sleep) as c:
        assert (await c.get("https://example.org/")).status_code == 404
    assert len(seen) == 1 and sleep.calls == []


async def test_post_is_not_retried_after_it_may_have_been_processed() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(500, 200)
    async with client(transport, sleep) as c:
        assert (await c.post("https://example.org/form", data={"q": "x"})).status_code == 500
    assert len(seen) == 1

    transport, seen = scripted(httpx.ReadTimeout("slow"), 200)
    async with client(transport, sleep) as c:
        with pytest.raises(httpx.ReadTimeout):
            await c.post("https://example.org/form", data={"q": "x"})
    assert len(seen) == 1


async def test_post_retried_on_503_and_connect_error_with_same_body() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(httpx.ConnectError("down"), 503, 200)
    async with client(transport, sleep) as c:
        response = await c.post("https://example.org/form", data={"q": "jane"})
    assert response.status_code == 200
    assert [r.content for r in seen] == [b"q=jane"] * 3


async def test_backoff_grows_and_stays_within_full_jitter_range() -> None:
    policy = RetryPolicy(retries=8, backoff_base=0.5, backoff_max=20.0)
    rng = random.Random(1234)
    transport = RetryTransport(httpx.MockTransport(lambda r: httpx.Response(200)), policy, rng=rng)
    ceilings = [min(20.0, 0.5 * 2**n) for n in range(8)]
    assert ceilings == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0]
    for attempt, ceiling in enumerate(ceilings):
        samples = [transport.backoff(attempt) for _ in range(200)]
        assert all(0.0 <= s <= ceiling for s in samples)
        # Full jitter spreads over the whole range, not just near the ceiling.
        assert min(samples) < ceiling * 0.1 and max(samples) > ceiling * 0.9


async def test_each_retry_is_counted_as_an_attempt() -> None:
    sleep = FakeSleep()
    counter = RequestCounter()
    transport, _ = scripted(502, 502, 200)
    base = {"per_host_rate": 1000.0, "per_host_burst": 1000}
    async with build_client(NetSettings(**base), transport, counter, sleep=sleep) as c:
        await c.get("https://example.org/")
    assert counter.total == 3


async def test_expected_status_is_an_answer_not_a_failure() -> None:
    # A site that says "no such user" with HTTP 500 must not be asked four times.
    sleep = FakeSleep()
    transport, seen = scripted(500, 200)
    async with client(transport, sleep) as c:
        response = await c.get(
            "https://example.org/u/nobody", extensions={"footprint_expected_status": (200, 500)}
        )
    assert response.status_code == 500
    assert len(seen) == 1 and sleep.calls == []


async def test_expected_status_opt_out_is_per_status() -> None:
    # Listing 500 does not stop a 503 (or a 429) from being retried.
    sleep = FakeSleep()
    transport, seen = scripted(503, 429, 500)
    async with client(transport, sleep) as c:
        response = await c.get(
            "https://example.org/", extensions={"footprint_expected_status": [500]}
        )
    assert response.status_code == 500
    assert len(seen) == 3 and len(sleep.calls) == 2


async def test_account_check_answered_with_its_missing_status_is_asked_once() -> None:
    from scanners.accounts import check_site
    from scanners.accounts.sites import Presence, Site

    site = Site(
        name="Example Forum",
        uri_check="https://forum.example.org/u/{account}",
        e_code=200,
        e_string="Profile of",
        m_code=500,
        m_string="no such member",
        known=("alice",),
        cat="social",
    )
    sleep = FakeSleep()
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if len(seen) == 1:
            return httpx.Response(500, text="<p>no such member</p>")
        return httpx.Response(200, text="Profile of nobody")  # what a retry would have got

    async with client(httpx.MockTransport(handler), sleep) as c:
        check = await check_site(c, site, "nobody")
    assert seen == ["https://forum.example.org/u/nobody"] and sleep.calls == []
    assert check.presence is Presence.MISSING
