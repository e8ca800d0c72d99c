"""A local fake web emulating every site of a WhatsMyName-format list (tests and benchmarks).

Each site answers like the list says the real one does: its `known` usernames get `e_code`
with a body containing `e_string`; anyone else gets `m_code` with `m_string`. Requests must use
the site's method, headers and exact POST body (with `strip_bad_char` applied), otherwise the
emulator answers 400 so a wrong request can never pass as a right one.

The emulator reads the raw JSON on purpose (not scanners.accounts.sites), so the code under
test is not also the oracle.

Clients reach it in one of two ways:
  * `FakeWebBackend`, an httpcore network backend for `build_client(network_backend=...)`:
    the client's own pools, SSRF guard and TLS logic run unchanged, only every socket is
    opened to 127.0.0.1 and "TLS" is a one-line marker telling the server the scheme;
  * `FakeWebTransport`, which sends every request to 127.0.0.1 unchanged except for the
    connection target: the Host header and path stay as built, and the original scheme
    travels in an X-Fakeweb-Scheme header.
`GET /__fakeweb_stats__` (any host; `?reset=1` to start afresh) answers what was served.

Run standalone for benchmarks:
    python benchmarks/fakeweb.py --sites tests/fixtures/whatsmyname/wmn-data.json \
        --latency-ms 50 --host-limit 5
It prints "PORT <n>" once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpcore
import httpx

SCHEME_HEADER = "x-fakeweb-scheme"
ACCOUNT = "{account}"
TLS_MARKER = b"FAKEWEB-TLS\r\n"  # sent by FakeWebBackend where a TLS handshake would be
STATS_PATH = "/__fakeweb_stats__"


def strip_chars(username: str, chars: str) -> str:
    return "".join(c for c in username if c not in chars)


def _with_path(url: str) -> str:
    """'https://host' and 'https://host?q' name the path '/', as an HTTP request line does."""
    scheme, _, rest = url.partition("://")
    cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    if rest[cut : cut + 1] != "/":
        rest = rest[:cut] + "/" + rest[cut:]
    return f"{scheme}://{rest}"


def _host(url: str) -> str:
    """Lower-case host of a URL or template; "" when the host itself holds {account}."""
    rest = url.partition("://")[2]
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].lower()
    return "" if ACCOUNT in host else host


def _template_regex(template: str) -> re.Pattern[str]:
    """A URL template as a regex over the percent-decoded URL, one group per {account}."""
    template = template.split("#", 1)[0]  # fragments never reach a server
    parts = [re.escape(unquote(p)) for p in _with_path(template).split(ACCOUNT)]
    return re.compile("(.+?)".join(parts), re.DOTALL)


@dataclass
class EmulatedSite:
    raw: dict[str, Any]
    check: re.Pattern[str] = field(init=False)
    pretty: re.Pattern[str] | None = field(init=False)
    body: re.Pattern[str] | None = field(init=False)
    known: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.check = _template_regex(self.raw["uri_check"])
        pretty = self.raw.get("uri_pretty")
        self.pretty = _template_regex(pretty) if pretty else None
        post_body = self.raw.get("post_body")
        self.body = None
        if post_body:  # bodies are compared exactly, not percent-decoded
            parts = [re.escape(p) for p in post_body.split(ACCOUNT)]
            self.body = re.compile("(.+?)".join(parts), re.DOTALL)
        strip = self.raw.get("strip_bad_char", "")
        self.known = {strip_chars(k, strip) for k in self.raw["known"]}

    @property
    def method(self) -> str:
        return "POST" if self.body is not None else "GET"

    def username(self, url: str, body: str) -> str | None:
        """The username this request asks about, or None if it is not a check of this site."""
        found = self.check.fullmatch(url)
        if found is None:
            return None
        values = set(found.groups())
        if self.body is not None:
            in_body = self.body.fullmatch(body)
            if in_body is None:
                return None
            values |= set(in_body.groups())
        return values.pop() if len(values) == 1 else None

    def headers_ok(self, headers: dict[str, str]) -> bool:
        wanted = self.raw.get("headers") or {}
        return all(headers.get(k.lower()) == v for k, v in wanted.items())


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    headers: tuple[tuple[str, str], ...] = ()


class World:
    """Maps a request to the reply the emulated site would give."""

    def __init__(self, sites: list[dict[str, Any]]) -> None:
        self.sites = [EmulatedSite(s) for s in sites if s.get("valid", True)]
        # Candidates by literal host; templates with {account} in the host go under "".
        self.by_host: dict[str, list[EmulatedSite]] = {}
        self.pretty_by_host: dict[str, list[EmulatedSite]] = {}
        for site in self.sites:
            self.by_host.setdefault(_host(site.raw["uri_check"]), []).append(site)
            if site.raw.get("uri_pretty"):
                self.pretty_by_host.setdefault(_host(site.raw["uri_pretty"]), []).append(site)

    def _candidates(self, index: dict[str, list[EmulatedSite]], url: str) -> list[EmulatedSite]:
        return index.get(_host(url), []) + index.get("", [])

    @classmethod
    def from_file(cls, path: Path | str) -> World:
        return cls(json.loads(Path(path).read_text(encoding="utf-8"))["sites"])

    def reply(self, method: str, url: str, headers: dict[str, str], body: str) -> Reply:
        url = unquote(url)
        checks: list[tuple[EmulatedSite, str]] = []
        for site in self._candidates(self.by_host, url):
            if site.method != method:
                continue
            name = site.username(url, body)
            if name is not None:
                checks.append((site, name))
        if checks:
            # The tightest template match (shortest captured username) is the site asked.
            checks.sort(key=lambda pair: len(pair[1]))
            return self._check_reply(checks, headers)
        if method == "GET":
            for site in self._candidates(self.pretty_by_host, url):
                found = site.pretty.fullmatch(url) if site.pretty else None
                if found and found.group(1) in site.known:
                    page = f"<html><head><title>{found.group(1)}</title></head><body>profile</body>"
                    return Reply(200, page, (("content-type", "text/html; charset=utf-8"),))
        return Reply(404, "<html>no such page on the fake web</html>")

    @staticmethod
    def _check_reply(checks: list[tuple[EmulatedSite, str]], headers: dict[str, str]) -> Reply:
        # Several entries can share one URL (WordPress.com public/private/deleted): the site
        # that knows the username answers; otherwise they all say "missing".
        for site, name in checks:
            if name in site.known:
                if not site.headers_ok(headers):
                    return Reply(400, "wrong or missing site headers")
                raw = site.raw
                extra = (
                    (("location", "/__followed_a_redirect__"),) if raw["e_code"] // 100 == 3 else ()
                )
                return Reply(raw["e_code"], f"<html>{raw['e_string']}</html>", extra)
        first = checks[0][0].raw
        if not checks[0][0].headers_ok(headers):
            return Reply(400, "wrong or missing site headers")
        m_strings = "".join(
            s.raw["m_string"] for s, _ in checks if s.raw["m_code"] == first["m_code"]
        )
        extra = (("location", "/__followed_a_redirect__"),) if first["m_code"] // 100 == 3 else ()
        return Reply(first["m_code"], f"<html>{m_strings}</html>", extra)


class HostLimiter:
    """More than `limit` requests per host within one second -> 429 with Retry-After: 1."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.windows: dict[str, tuple[int, int]] = {}
        self.rejected = 0

    def allow(self, host: str) -> bool:
        if self.limit is None:
            return True
        second = int(time.monotonic())
        start, count = self.windows.get(host, (second, 0))
        if start != second:
            start, count = second, 0
        self.windows[host] = (start, count + 1)
        if count + 1 > self.limit:
            self.rejected += 1
            return False
        return True


@dataclass
class Stats:
    requests: int = 0
    by_host: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    limited: dict[str, int] = field(default_factory=dict)  # 429s by host
    peak_in_flight: dict[str, int] = field(default_factory=dict)  # most at once, by host
    last_answer: dict[str, float] = field(default_factory=dict)  # s after the reset, by host
    started: float = field(default_factory=time.monotonic)

    def as_json(self) -> str:
        return json.dumps(self.__dict__)


class FakeWebServer:
    """Minimal HTTP/1.1 server (keep-alive, Content-Length bodies) on 127.0.0.1."""

    def __init__(self, world: World, latency: float = 0.0, host_limit: int | None = None) -> None:
        self.world = world
        self.latency = latency
        self.limiter = HostLimiter(host_limit)
        self.stats = Stats()
        self.in_flight: dict[str, int] = {}
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        scheme = "http"
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                if line == TLS_MARKER:
                    scheme = "https"
                    continue
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    key, _, value = raw.decode("latin-1").partition(":")
                    headers[key.strip().lower()] = value.strip()
                size = int(headers.get("content-length", "0"))
                body = (await reader.readexactly(size)).decode("utf-8") if size else ""
                headers.setdefault(SCHEME_HEADER, scheme)
                if target.partition("?")[0] == STATS_PATH:
                    reply = self._stats(target.endswith("?reset=1"))
                else:
                    reply = await self._reply(method, target, headers, body)
                    self.stats.statuses[reply.status] = self.stats.statuses.get(reply.status, 0) + 1
                writer.write(_encode(reply))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()

    async def _reply(self, method: str, target: str, headers: dict[str, str], body: str) -> Reply:
        host = headers.get("host", "")
        self.stats.requests += 1
        self.stats.by_host[host] = self.stats.by_host.get(host, 0) + 1
        now = self.in_flight[host] = self.in_flight.get(host, 0) + 1
        peaks = self.stats.peak_in_flight
        peaks[host] = max(peaks.get(host, 0), now)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
        finally:
            self.in_flight[host] -= 1  # before the answer is written: no false overlap
            self.stats.last_answer[host] = time.monotonic() - self.stats.started
        if not self.limiter.allow(host):
            self.stats.limited[host] = self.stats.limited.get(host, 0) + 1
            return Reply(429, "slow down", (("retry-after", "1"),))
        if target == "/__followed_a_redirect__":
            return Reply(200, "the client followed a redirect it should not have followed")
        scheme = headers[SCHEME_HEADER]
        return self.world.reply(method, f"{scheme}://{host}{target}", headers, body)

    def _stats(self, reset: bool) -> Reply:
        reply = Reply(200, self.stats.as_json(), (("content-type", "application/json"),))
        if reset:
            self.stats = Stats()
        return reply


BODILESS = {204, 304}  # plus 1xx: HTTP forbids a body, so clients never see one


def _encode(reply: Reply) -> bytes:
    if reply.status in BODILESS or reply.status < 200:
        return f"HTTP/1.1 {reply.status} X\r\n\r\n".encode("latin-1")
    data = reply.body.encode("utf-8")
    head = [f"HTTP/1.1 {reply.status} X", f"content-length: {len(data)}"]
    names = {k for k, _ in reply.headers}
    if "content-type" not in names:
        head.append("content-type: text/html; charset=utf-8")
    head += [f"{k}: {v}" for k, v in reply.headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data


class FakeWebTransport(httpx.AsyncBaseTransport):
    """Sends each request to the fake web, keeping its Host header, path and body."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.pool = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # A copy, so the response still names the original URL (redirects resolve against it).
        headers = request.headers.copy()
        headers[SCHEME_HEADER] = request.url.scheme
        local = httpx.Request(
            request.method,
            request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port),
            headers=headers,
            stream=request.stream,
            extensions=request.extensions,
        )
        return await self.pool.handle_async_request(local)

    async def aclose(self) -> None:
        await self.pool.aclose()


class _PlainAsTLS(httpcore.AsyncNetworkStream):
    """A loopback stream whose TLS upgrade only tells the server the scheme."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        await self._inner.write(TLS_MARKER, timeout)
        return self

    def get_extra_info(self, info: str) -> Any:
        return None if info == "ssl_object" else self._inner.get_extra_info(info)


class FakeWebBackend(httpcore.AsyncNetworkBackend):
    """Opens every connection, whatever address it was asked for, to the fake web, with the
    client's own sockets (`inner`, by default what build_client uses on the real network)."""

    def __init__(self, port: int, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.port = port
        self._inner = inner or default_backend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp("127.0.0.1", self.port, timeout, local_address)
        return _PlainAsTLS(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def default_backend() -> httpcore.AsyncNetworkBackend:
    try:
        from footprint.net.sockets import AsyncioBackend
    except ImportError:  # footprint from before its own socket backend (before/after runs)
        return httpcore.AnyIOBackend()
    return AsyncioBackend()


def fetch_stats(port: int, reset: bool = False) -> dict[str, Any]:
    """What the fake web has served (since the last reset)."""
    url = f"http://127.0.0.1:{port}{STATS_PATH}" + ("?reset=1" if reset else "")
    return httpx.get(url, trust_env=False).json()


@dataclass
class Running:
    port: int
    served: str = ""  # the server's closing summary line


@contextmanager
def running(
    sites: Path | str, latency_ms: float = 0.0, host_limit: int | None = None
) -> Iterator[Running]:
    """Serve the list from a child process (its own interpreter, so no GIL contention with
    the client under test) for the duration of the block."""
    command = [sys.executable, __file__, "--sites", str(sites), "--latency-ms", str(latency_ms)]
    if host_limit is not None:
        command += ["--host-limit", str(host_limit)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    handle = Running(0)
    try:
        line = child.stdout.readline() if child.stdout else ""
        if not line.startswith("PORT "):
            raise RuntimeError(f"fake web did not start: {line!r}")
        handle.port = int(line.split()[1])
        yield handle
    finally:
        child.send_signal(signal.SIGINT)
        try:
            _, err = child.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            _, err = child.communicate()
        lines = err.strip().splitlines()
        handle.served = lines[-1] if lines else ""


async def _main(args: argparse.Namespace) -> None:
    server = FakeWebServer(World.from_file(args.sites), args.latency_ms / 1000, args.host_limit)
    port = await server.start()
    print(f"PORT {port}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        print(
            f"served {server.stats.requests} requests, {server.limiter.rejected} got 429",
            file=sys.stderr,
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="tests/fixtures/whatsmyname/wmn-data.json")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument(
        "--host-limit",
        type=int,
        default=None,
        help="requests per host per second before answering 429",
    )
    with suppress(KeyboardInterrupt):
        asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
