"""Benchmark: the client's CPU per request through the full policy stack, and where it goes.

    python benchmarks/bench_client.py                     # 3000 requests, each to a new host
    python benchmarks/bench_client.py --hosts 8           # keep-alive: 8 hosts, connections reused
    python benchmarks/bench_client.py --profile           # + cProfile's top entries (full stack)
    python benchmarks/bench_client.py --in-process        # no sockets: the layers' own CPU

Requests go through `footprint.net.build_client` with its own network transport (sharded pools,
SSRF guard at connect time) to the fake web (benchmarks/fakeweb.py, a separate process, so its
CPU is not counted), exactly as in bench_accounts.py: a stub resolver gives every name a public
address and a network backend opens each socket to 127.0.0.1. The client runs with the wire
guard built from examples/candidate.toml, a request counter and the default NetSettings except
that the per-host limits are lifted (rate, burst and in-flight), so the figure is CPU, not
politeness waits; the layers still run.

CPU per request is user + system CPU time / requests for this process only (the fake web is
another process); the system part (the kernel's TCP work: a connection per new host) is shown
too. Rows, each measured over the same requests:
  * asyncio protocol alone  connect, GET, read the answer, close: no HTTP library (the floor);
  * socket backend alone    the same round trip through footprint/net/sockets.py;
  * httpcore alone          httpcore's connection pool, no httpx;
  * httpx, bare transport   httpx.AsyncClient over the sharded, guarded pools, no policy layers;
  * full stack              build_client as scanners get it;
  * full stack minus X      build_client's stack rebuilt without layer X (what X costs).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import dataclasses
import gc
import io
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpcore
import httpx

sys.path.insert(0, str(Path(__file__).parent))
import fakeweb  # benchmarks/ is not a package

from footprint.net import NetSettings, RequestCounter, build_client
from footprint.net import client as client_module
from footprint.net.pool import network_transport
from footprint.net.sockets import AsyncioBackend
from footprint.privacy import PrivateForms
from footprint.profile import load_profile

ROOT = Path(__file__).parents[1]
WMN = ROOT / "tests" / "fixtures" / "whatsmyname" / "wmn-data.json"
PROFILE = ROOT / "examples" / "candidate.toml"  # the wire guard checks its private details
LAYERS = (
    "WireGuardTransport",
    "SSRFGuardTransport",
    "RetryTransport",
    "ScheduleTransport",
    "HealthTransport",
    "CountingTransport",
    "BodyCapTransport",
)

Send = Callable[[str], Awaitable[int]]


async def public_looking(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]


def bench_settings(concurrency: int | None) -> NetSettings:
    settings = dataclasses.replace(
        NetSettings(), per_host_rate=1e9, per_host_burst=10**9, per_host_concurrency=10**6
    )
    if concurrency is not None:
        settings = dataclasses.replace(settings, concurrency=concurrency)
    return settings


def urls(count: int, hosts: int) -> list[str]:
    return [f"https://site{i % hosts}.bench.example/users/u{i}?q=1" for i in range(count)]


def cpu_times() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


async def drive(send: Send, targets: list[str], in_flight: int) -> tuple[float, float, float]:
    """(wall, user CPU, system CPU) seconds to send every target with `in_flight` workers."""
    queue = iter(targets)

    async def worker() -> None:
        for url in queue:
            status = await send(url)
            assert status == 404, status  # the fake web's answer to an unknown site

    wall0, (user0, sys0) = time.perf_counter(), cpu_times()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    user1, sys1 = cpu_times()
    return time.perf_counter() - wall0, user1 - user0, sys1 - sys0


def stack_without(skip: str) -> Callable[[], None]:
    """Patch build_client's module so the layer `skip` passes requests straight through;
    returns the undo."""
    original = getattr(client_module, skip)

    def passthrough(inner: httpx.AsyncBaseTransport, *args: object, **kwargs: object):
        return inner

    setattr(client_module, skip, passthrough)
    return lambda: setattr(client_module, skip, original)


class Instant(httpx.AsyncBaseTransport):
    """--in-process: the fake web's answer to an unknown site, at once, without a socket."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = b"<html>no such page on the fake web</html>"
        headers = {"content-type": "text/html; charset=utf-8", "content-length": str(len(body))}
        return httpx.Response(404, headers=headers, stream=httpx.ByteStream(body))


async def run_full(
    port: int | None, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float, float]:
    client = build_client(
        settings,
        Instant() if port is None else None,
        counter=RequestCounter(),
        private=PrivateForms(load_profile(PROFILE)).find,
        resolver=public_looking,  # with Instant, checked by the SSRF layer instead
        network_backend=None if port is None else fakeweb.FakeWebBackend(port),
    )
    async with client:

        async def send(url: str) -> int:
            return (await client.get(url)).status_code

        return await drive(send, targets, in_flight)


async def run_bare_httpx(
    port: int | None, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float, float]:
    transport: httpx.AsyncBaseTransport = (
        Instant()
        if port is None
        else network_transport(settings, public_looking, fakeweb.FakeWebBackend(port))
    )
    async with httpx.AsyncClient(transport=transport, trust_env=False) as client:

        async def send(url: str) -> int:
            return (await client.get(url)).status_code

        return await drive(send, targets, in_flight)


async def run_httpcore(
    port: int | None, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float, float]:
    pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),  # else each connection loads the CA bundle
        max_connections=settings.concurrency,
        max_keepalive_connections=20,
        network_backend=fakeweb.FakeWebBackend(port or 0),
    )
    async with pool:

        async def send(url: str) -> int:
            response = await pool.request("GET", url, headers={"User-Agent": "bench"})
            return response.status

        return await drive(send, targets, in_flight)


def _raw_get(url: str) -> bytes:
    """The request line and Host header of `url`, as the fake web reads them."""
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return b"GET /%s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path.encode(), host.encode())


def _complete(data: bytes) -> bool:
    """Whether `data` holds a whole answer (the fake web always sends Content-Length)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return False
    length = int(data.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
    return len(data) >= end + 4 + length


class _Collect(asyncio.Protocol):
    def __init__(self, done: asyncio.Future[bytes]) -> None:
        self.done, self.data = done, b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.data += data
        if _complete(self.data) and not self.done.done():
            self.done.set_result(self.data)
            self.transport.close()


async def run_protocol(
    port: int | None, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float, float]:
    """The floor: a bare asyncio protocol doing the same round trip (connect, GET, read the
    answer, close), no HTTP library."""
    loop = asyncio.get_running_loop()

    async def send(url: str) -> int:
        done: asyncio.Future[bytes] = loop.create_future()
        transport, _ = await loop.create_connection(lambda: _Collect(done), "127.0.0.1", port)
        transport.write(_raw_get(url))
        return int((await done)[9:12])

    return await drive(send, targets, in_flight)


async def run_backend(
    port: int | None, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float, float]:
    """The socket backend alone (footprint/net/sockets.py), the same round trip."""
    backend = AsyncioBackend()

    async def send(url: str) -> int:
        stream = await backend.connect_tcp("127.0.0.1", port or 0, timeout=10)
        await stream.write(_raw_get(url), 10)
        data = b""
        while not _complete(data):
            data += await stream.read(65536, 10)
        await stream.aclose()
        return int(data[9:12])

    return await drive(send, targets, in_flight)


RUNNERS = {
    "asyncio protocol alone": run_protocol,
    "socket backend alone": run_backend,
    "httpcore alone": run_httpcore,
    "httpx, bare transport": run_bare_httpx,
    "full stack": run_full,
}


async def measure_once(
    label: str, port: int | None, args: argparse.Namespace, warm: bool
) -> tuple[float, float, float]:
    """One run of `label`: (CPU ms per request, of which system ms, requests per s)."""
    settings = bench_settings(args.concurrency)
    in_flight = args.in_flight or settings.concurrency
    targets = urls(args.requests, args.hosts)
    runner = RUNNERS.get(label, run_full)
    undo = stack_without(label.removeprefix("full stack minus ")) if "minus" in label else None
    try:
        if warm:  # imports and caches warmed on a few requests first
            await runner(port, settings, targets[:50], in_flight)
        gc.collect()
        wall, user, system = await runner(port, settings, targets, in_flight)
    finally:
        if undo:
            undo()
    return 1000 * (user + system) / len(targets), 1000 * system / len(targets), len(targets) / wall


async def profile_full(port: int | None, args: argparse.Namespace) -> str:
    settings = bench_settings(args.concurrency)
    targets = urls(args.requests, args.hosts)
    profiler = cProfile.Profile(time.process_time)  # CPU, not waits for the CPU
    profiler.enable()
    await run_full(port, settings, targets, args.in_flight or settings.concurrency)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(args.profile_top)
    stats.sort_stats("cumulative").print_stats(args.profile_top)
    return out.getvalue()


async def main_async(args: argparse.Namespace) -> None:
    settings = bench_settings(args.concurrency)
    labels = [*RUNNERS]
    if args.in_process:
        for needs_sockets in ("asyncio protocol alone", "socket backend alone", "httpcore alone"):
            labels.remove(needs_sockets)
    if not args.no_layers:
        labels += [f"full stack minus {layer}" for layer in LAYERS]
    print(
        f"client CPU per request: {args.requests} GET requests over {args.hosts} hosts,"
        f" {args.in_flight or settings.concurrency} in flight, global limit"
        f" {settings.concurrency}, per-host limits lifted; median of {args.repeat} runs,"
        " taken in turns" + ("; IN PROCESS (no sockets)" if args.in_process else "")
    )
    web = contextlib.nullcontext() if args.in_process else fakeweb.running(WMN, 0.0, None)
    with web as running:
        port = None if running is None else running.port
        # Rows take turns, run by run, so a change in the machine's load falls on all alike.
        runs: dict[str, list[tuple[float, float, float]]] = {label: [] for label in labels}
        for run in range(args.repeat):
            for label in labels:
                runs[label].append(await measure_once(label, port, args, warm=run == 0))
        full = statistics.median(cpu for cpu, _, _ in runs["full stack"])
        for label in labels:
            cpu, system, rate = (
                statistics.median(column) for column in zip(*runs[label], strict=True)
            )
            low = min(cpu for cpu, _, _ in runs[label])
            extra = f"  (layer costs {full - cpu:+.3f} ms)" if "minus" in label else ""
            print(
                f"  {label:<40} {cpu:6.3f} ms CPU/request (least {low:.3f}, system"
                f" {system:.3f})  {rate:6.0f} req/s{extra}"
            )
        if args.profile:
            print(await profile_full(port, args))


def main() -> None:
    parser = argparse.ArgumentParser(description="client CPU per request benchmark")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument(
        "--hosts", type=int, default=None, help="distinct hosts (default: one per request)"
    )
    parser.add_argument("--concurrency", type=int, default=None, help="global in-flight limit")
    parser.add_argument("--in-flight", type=int, default=None, help="default: the global limit")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-layers", action="store_true", help="skip the per-layer rows")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="answer in process, without sockets: the layers' own CPU, steadier figures",
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-top", type=int, default=30)
    args = parser.parse_args()
    if args.hosts is None:
        args.hosts = args.requests
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
