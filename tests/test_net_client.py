"""The client factory: headers, timeouts, offline mode, per-source counting."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from footprint import __version__
from footprint.net import (
    NetSettings,
    OfflineError,
    RequestCounter,
    build_client,
    current_source,
)


def fast(**kwargs) -> NetSettings:
    return NetSettings(per_host_rate=1000.0, per_host_burst=1000, **kwargs)


async def test_user_agent_and_timeouts_are_set() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    settings = fast(request_timeout=7.5)
    async with build_client(settings, httpx.MockTransport(handler)) as client:
        await client.get("https://example.org/")
        assert client.timeout.connect == 7.5 and client.timeout.read == 7.5
        assert client.follow_redirects is True
        assert client.max_redirects == settings.max_redirects
    ua = seen[0].headers["user-agent"]
    assert ua == f"footprint/{__version__} (+https://github.com/footprint-uk/footprint; " \
        "online health check for election candidates)"  # fmt: skip


async def test_custom_user_agent() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["user-agent"])
        return httpx.Response(200)

    async with build_client(fast(user_agent="bench/1"), httpx.MockTransport(handler)) as c:
        await c.get("https://example.org/")
    assert seen == ["bench/1"]


async def test_offline_mode_never_reaches_the_transport() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(200)

    counter = RequestCounter()
    client = build_client(fast(offline=True), httpx.MockTransport(handler), counter)
    async with client:
        for method in ("GET", "POST", "HEAD"):
            with pytest.raises(OfflineError):
                await client.request(method, "https://example.org/")
        with pytest.raises(httpx.TransportError):  # scanners can catch the usual base class
            await client.get("https://example.org/again")
    assert calls == 0
    assert counter.total == 0


async def test_counter_counts_per_current_source() -> None:
    counter = RequestCounter()
    transport = httpx.MockTransport(lambda r: httpx.Response(200))

    async def scanner(name: str, requests: int, client: httpx.AsyncClient) -> None:
        current_source.set(name)  # what the engine does in each scanner task
        for i in range(requests):
            await client.get(f"https://{name}.example.org/{i}")

    async with build_client(fast(), transport, counter) as client:
        await asyncio.gather(
            asyncio.create_task(scanner("companies_house", 3, client)),
            asyncio.create_task(scanner("web_search", 2, client)),
        )
        await client.get("https://example.org/")  # no source set here
    assert counter.counts == {"companies_house": 3, "web_search": 2, "-": 1}
    assert counter.total == 6


async def test_redirect_hops_are_counted_and_followed() -> None:
    counter = RequestCounter()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "/new"})
        return httpx.Response(200, text="moved here")

    async with build_client(fast(), httpx.MockTransport(handler), counter) as client:
        response = await client.get("https://example.org/old")
    assert response.text == "moved here"
    assert str(response.url) == "https://example.org/new"
    assert counter.total == 2
