"""The network layer against real sockets: a throwaway HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpcore
import httpx
import pytest
from local_server import running

from footprint.net import BlockedAddressError, NetSettings, build_client
from footprint.net.guard import GuardedBackend

BIG = 200 * 1024 * 1024  # what /big offers; the client must take only a sliver
CAP = 1024 * 1024


@dataclass
class ServerLog:
    paths: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    big_bytes_sent: int = 0
    done: threading.Event = field(default_factory=threading.Event)


def make_handler(log: ServerLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep pytest output quiet
            pass

        def do_GET(self) -> None:
            log.paths.append(self.path)
            log.user_agents.append(self.headers.get("User-Agent", ""))
            if self.path == "/big":
                self._big()
            elif self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                body = b"hello from 127.0.0.1"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def _big(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()  # no length: read until close
            chunk = b"\x55" * 65536
            try:
                while log.big_bytes_sent < BIG:
                    self.wfile.write(chunk)
                    log.big_bytes_sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                log.done.set()

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, ServerLog]]:
    log = ServerLog()
    with running(ThreadingHTTPServer(("127.0.0.1", 0), make_handler(log))) as base:
        yield base, log


async def test_default_settings_refuse_the_local_server(server) -> None:
    base, log = server
    async with build_client(NetSettings()) as client:
        with pytest.raises(BlockedAddressError, match="loopback"):
            await client.get(f"{base}/hello")
    assert log.paths == []


async def test_allow_private_reaches_the_local_server_with_our_user_agent(server) -> None:
    base, log = server
    settings = NetSettings(allow_private=True)
    async with build_client(settings) as client:
        response = await client.get(f"{base}/hello")
    assert response.text == "hello from 127.0.0.1"
    assert log.user_agents == [settings.user_agent]
    assert log.user_agents[0].startswith("footprint/")


async def test_name_resolving_to_loopback_is_refused_at_connect(server) -> None:
    base, log = server
    port = base.rsplit(":", 1)[1]

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]  # e.g. a hostile DNS record

    async with build_client(NetSettings(), resolver=resolver) as client:
        with pytest.raises(BlockedAddressError, match=r"resolves to 127\.0\.0\.1"):
            await client.get(f"http://innocent.example.org:{port}/hello")
    assert log.paths == []


async def test_body_cap_stops_a_huge_stream(server) -> None:
    base, log = server
    pulled = 0

    class Tap(httpx.AsyncBaseTransport):
        """Counts the bytes the cap layer actually pulls off the socket."""

        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            stream = response.stream

            async def counted():
                nonlocal pulled
                async for chunk in stream:
                    pulled += len(chunk)
                    yield chunk

            class Stream(httpx.AsyncByteStream):
                def __aiter__(self):
                    return counted()

                async def aclose(self) -> None:
                    await stream.aclose()

            response.stream = Stream()
            return response

        async def aclose(self) -> None:
            await self.inner.aclose()

    settings = NetSettings(allow_private=True, max_body_bytes=CAP)
    async with build_client(settings, transport=Tap()) as client:
        response = await client.get(f"{base}/big")
    assert len(response.content) == CAP
    assert response.extensions["footprint_truncated"] is True
    assert pulled <= CAP + 128 * 1024  # the cap plus at most one socket read
    assert log.done.wait(10)  # the server saw the connection close...
    assert log.big_bytes_sent < 64 * 1024 * 1024  # ...long before its 200 MB were sent


async def test_redirect_loop_stops_at_max_redirects(server) -> None:
    base, log = server
    settings = NetSettings(allow_private=True, max_redirects=3)
    async with build_client(settings) as client:
        with pytest.raises(httpx.TooManyRedirects):
            await client.get(f"{base}/loop")
    assert log.paths == ["/loop"] * 4  # the first request plus three redirects


class RecordingBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.hosts: list[str] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.hosts.append(host)
        raise httpcore.ConnectError("recorded only")


async def test_backend_connects_to_the_checked_address_and_rechecks_each_time() -> None:
    answers = [["93.184.215.14"], ["10.0.0.1"]]  # a rebinding DNS server

    async def resolver(host: str, port: int) -> list[str]:
        return answers.pop(0)

    inner = RecordingBackend()
    backend = GuardedBackend(resolver, inner)
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_tcp("rebind.example.org", 443)
    assert inner.hosts == ["93.184.215.14"]  # pinned to what was checked, not re-resolved
    with pytest.raises(BlockedAddressError, match="private"):
        await backend.connect_tcp("rebind.example.org", 443)
    assert inner.hosts == ["93.184.215.14"]


async def test_dns_failure_is_a_retried_connect_error() -> None:
    lookups: list[str] = []
    sleeps: list[float] = []

    async def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        raise OSError("Name or service not known")

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    settings = NetSettings(retries=2)
    async with build_client(settings, resolver=resolver, sleep=sleep) as client:
        with pytest.raises(httpx.ConnectError, match=r"cannot resolve nowhere\.example\.org"):
            await client.get("https://nowhere.example.org/")
    assert lookups == ["nowhere.example.org"] * 3 and len(sleeps) == 2
