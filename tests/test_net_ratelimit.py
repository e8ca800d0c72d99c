"""Per-host token buckets and the global in-flight cap.

Concurrent waiters are tested in test_net_schedule.py with a discrete-event clock: tokens are
now taken at departure, so a fake sleep that does not move the clock can no longer stand in
for time passing (the old test here recorded reservation-on-arrival waits).
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from footprint.net import NetSettings, build_client


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def recording_client(settings: NetSettings, fake: FakeTime, log: list[tuple[str, float]]):
    def handler(request: httpx.Request) -> httpx.Response:
        log.append((request.url.host, fake.now))
        return httpx.Response(200)

    return build_client(settings, httpx.MockTransport(handler), sleep=fake.sleep, clock=fake.clock)


async def test_per_host_requests_are_spaced_after_the_burst() -> None:
    fake = FakeTime()
    log: list[tuple[str, float]] = []
    settings = NetSettings(per_host_rate=2.0, per_host_burst=2)
    async with recording_client(settings, fake, log) as client:
        for _ in range(5):
            await client.get("https://a.example.org/")
    times = [t for _, t in log]
    assert times == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.5])


async def test_hosts_have_separate_buckets() -> None:
    fake = FakeTime()
    log: list[tuple[str, float]] = []
    settings = NetSettings(per_host_rate=1.0, per_host_burst=1)
    async with recording_client(settings, fake, log) as client:
        await client.get("https://a.example.org/")
        await client.get("https://b.example.org/")  # no wait: a different host
        await client.get("https://a.example.org/")  # waits one second
    assert log == [("a.example.org", 0.0), ("b.example.org", 0.0), ("a.example.org", 1.0)]


async def test_bucket_refills_up_to_burst_only() -> None:
    fake = FakeTime()
    log: list[tuple[str, float]] = []
    settings = NetSettings(per_host_rate=1.0, per_host_burst=2)
    async with recording_client(settings, fake, log) as client:
        await client.get("https://a.example.org/")
        fake.now = 100.0  # a long idle period refills to 2, not 100
        for _ in range(3):
            await client.get("https://a.example.org/")
    assert [t for _, t in log] == pytest.approx([0.0, 100.0, 100.0, 101.0])


async def test_host_override_applies_to_subdomains() -> None:
    settings = NetSettings(
        per_host_rate=2.0, per_host_burst=4, host_rates=(("example.com", 0.2, 1),)
    )
    assert settings.rate_for("api.example.com") == (0.2, 1)
    assert settings.rate_for("EXAMPLE.COM.") == (0.2, 1)
    assert settings.rate_for("notexample.com") == (2.0, 4)

    fake = FakeTime()
    log: list[tuple[str, float]] = []
    async with recording_client(settings, fake, log) as client:
        await client.get("https://api.example.com/")
        await client.get("https://api.example.com/")
    assert [t for _, t in log] == pytest.approx([0.0, 5.0])


async def test_global_concurrency_cap_is_honoured() -> None:
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200)

    settings = NetSettings(concurrency=3, per_host_rate=1000.0, per_host_burst=1000)
    async with build_client(settings, httpx.MockTransport(handler)) as client:
        hosts = [f"https://h{i % 5}.example.org/{i}" for i in range(20)]
        responses = await asyncio.gather(*(client.get(url) for url in hosts))
    assert all(r.status_code == 200 for r in responses)
    assert peak == 3


def test_invalid_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        NetSettings(concurrency=0)
    with pytest.raises(ValueError):
        NetSettings(per_host_rate=0)
    with pytest.raises(ValueError):
        NetSettings(host_rates=(("example.com", 1.0, 0),))


def test_the_global_limit_is_sized_for_this_machine_and_kept_under_the_descriptor_limit() -> None:
    from footprint.net.settings import in_flight_limit

    assert 100 <= NetSettings().concurrency <= 500  # hundreds: it guards sockets, not sites
    assert in_flight_limit(256, soft_limit=1024) == 256  # Linux's usual soft limit
    assert in_flight_limit(256, soft_limit=256) == 96  # macOS's: half of what is left
    assert in_flight_limit(256, soft_limit=40) == 1  # never zero
    assert in_flight_limit(256) <= 256


async def test_a_low_descriptor_limit_lowers_requests_in_flight(monkeypatch) -> None:
    from footprint.net import settings as settings_module

    monkeypatch.setattr(settings_module.resource, "getrlimit", lambda _: (70, 4096))
    in_flight = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200)

    settings = NetSettings(per_host_rate=1000.0, per_host_burst=1000)
    async with build_client(settings, httpx.MockTransport(handler)) as client:
        urls = [f"https://h{i}.example.org/" for i in range(12)]
        await asyncio.gather(*(client.get(url) for url in urls))
    assert peak == 3  # (70 - 64) // 2, whatever the setting says
