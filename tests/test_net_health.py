"""A network that is plainly down is noticed: no retrying every site, and the scan says so."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from footprint.net import NetSettings, build_client
from footprint.net.errors import NetworkDownError
from footprint.net.health import NetworkHealth


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_trips_only_after_failures_in_a_row_across_several_hosts() -> None:
    health = NetworkHealth(threshold=4, min_hosts=3)
    for _ in range(10):
        health.failure("one-dead-site.example")  # one site gone is not the network
    assert not health.down
    health.failure("b.example")
    assert not health.down  # two hosts
    health.failure("c.example")
    assert health.down and health.tripped


def test_any_response_resets_the_streak() -> None:
    health = NetworkHealth(threshold=3, min_hosts=3)
    health.failure("a.example")
    health.failure("b.example")
    health.success()
    health.failure("c.example")
    assert not health.down


def test_probes_once_per_interval_and_recovers() -> None:
    clock = Clock()
    health = NetworkHealth(threshold=2, min_hosts=2, probe_every=10.0, clock=clock)
    health.failure("a.example")
    health.failure("b.example")
    assert health.down
    assert not health.allow()
    clock.now = 10.0
    assert health.allow()  # one probe ...
    assert not health.allow()  # ... and only one
    health.success()
    assert health.allow() and not health.down
    assert health.tripped  # the report still says it happened


async def test_client_stops_trying_once_the_network_is_down() -> None:
    attempts: list[str] = []

    def unreachable(request: httpx.Request) -> httpx.Response:
        attempts.append(request.url.host)
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    health = NetworkHealth(threshold=4, min_hosts=3)
    settings = NetSettings(retries=3, backoff_base=0.001, per_host_rate=1000, per_host_burst=100)
    async with build_client(settings, httpx.MockTransport(unreachable), health=health) as client:
        errors = []
        for i in range(50):
            try:
                await client.get(f"https://site{i}.example/")
            except httpx.TransportError as exc:
                errors.append(exc)
    # site0 and site1 were tried four times each (one dead site is not the network); the
    # first try of a third host tripped it: none of the other 47 sites was tried at all.
    assert attempts == ["site0.example"] * 4 + ["site1.example"] * 4 + ["site2.example"]
    assert len(errors) == 50
    assert all(isinstance(e, NetworkDownError) for e in errors[3:])
    assert "network looks unreachable" in str(errors[-1])


async def test_attempts_in_flight_are_abandoned_when_the_network_goes_down() -> None:
    class Hanging(httpx.AsyncBaseTransport):
        """Two hosts hang (a resolver timing out); the others fail at once."""

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.host.startswith("slow"):
                await asyncio.sleep(30)
            raise httpx.ConnectError("unreachable", request=request)

    health = NetworkHealth(threshold=3, min_hosts=3)
    settings = NetSettings(retries=0, per_host_rate=1000, per_host_burst=100)
    async with build_client(settings, Hanging(), health=health) as client:
        slow = [asyncio.create_task(client.get(f"https://slow{i}.example/")) for i in range(2)]
        await asyncio.sleep(0.05)
        for i in range(3):
            with pytest.raises(httpx.ConnectError):
                await client.get(f"https://fast{i}.example/")
        done = await asyncio.wait_for(asyncio.gather(*slow, return_exceptions=True), timeout=2)
    assert all(isinstance(e, NetworkDownError) for e in done)


async def test_a_cancelled_attempt_stays_cancelled_when_the_network_goes_down_too() -> None:
    """Abandoning in-flight attempts must not swallow another cancellation (Ctrl-C, the time
    limit) that arrives at the same moment: that one still propagates."""
    hanging = asyncio.Event()

    class Hanging(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.host.startswith("slow"):
                hanging.set()
                await asyncio.sleep(30)
            raise httpx.ConnectError("unreachable", request=request)

    health = NetworkHealth(threshold=3, min_hosts=3)
    settings = NetSettings(retries=0, per_host_rate=1000, per_host_burst=100)
    async with build_client(settings, Hanging(), health=health) as client:
        slow = asyncio.create_task(client.get("https://slow.example/"))
        await hanging.wait()
        slow.cancel()  # the caller gives up ...
        for i in range(3):  # ... and in the same instant the network is seen down
            health.failure(f"fast{i}.example")
        with pytest.raises(asyncio.CancelledError):
            await slow
    assert health.down


async def test_waits_for_a_token_or_a_backoff_end_when_the_network_goes_down() -> None:
    """A request waiting out its host's rate (or a retry's backoff) when the network is seen
    down fails then, not seconds later: a scan without a network ended 3 s late waiting for
    the Wayback Machine's next token."""

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("unreachable", request=request)

    health = NetworkHealth(threshold=3, min_hosts=3)
    slow_host = NetSettings(
        retries=3, backoff_base=20.0, backoff_max=20.0, host_rates=(("archive.example", 0.05, 1),)
    )
    async with build_client(slow_host, httpx.MockTransport(unreachable), health=health) as client:
        waiting = [
            asyncio.create_task(client.get("https://archive.example/a")),  # then backs off
            asyncio.create_task(client.get("https://archive.example/b")),  # waits 20 s for a token
        ]
        await asyncio.sleep(0.05)
        loop = asyncio.get_running_loop()
        started = loop.time()
        for i in range(3):  # other hosts' connections fail: the network is seen down
            health.failure(f"site{i}.example")
        done = await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), 2)
        assert loop.time() - started < 2
    assert all(isinstance(e, NetworkDownError) for e in done), done


async def test_a_pause_lasts_its_time_while_the_network_is_up() -> None:
    health = NetworkHealth()
    loop = asyncio.get_running_loop()
    started = loop.time()
    await health.pause(0.05)
    assert loop.time() - started >= 0.045
