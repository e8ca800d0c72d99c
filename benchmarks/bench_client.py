"""Benchmark: the client's CPU per request through the full policy stack, and where it goes.

    python benchmarks/bench_client.py                     # 3000 requests, each to a new host
    python benchmarks/bench_client.py --hosts 8           # keep-alive: 8 hosts, connections reused
    python benchmarks/bench_client.py --profile           # + cProfile's top entries (full stack)

Requests go through `footprint.net.build_client` with its own network transport (sharded pools,
SSRF guard at connect time) to the fake web (benchmarks/fakeweb.py, a separate process, so its
CPU is not counted), exactly as in bench_accounts.py: a stub resolver gives every name a public
address and a network backend opens each socket to 127.0.0.1. The client runs with the wire
guard built from examples/candidate.toml, a request counter and the default NetSettings except
that the per-host limits are lifted (rate, burst and in-flight), so the figure is CPU, not
politeness waits; the layers still run.

CPU per request is process_time / requests for this process only (the fake web is another
process). Rows, each measured over the same requests:
  * httpcore alone          the connection pool, no httpx (the floor under everything);
  * httpx, bare transport   httpx.AsyncClient over the sharded, guarded pools, no policy layers;
  * full stack              build_client as scanners get it;
  * full stack minus X      build_client's stack rebuilt without layer X (what X costs).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import dataclasses
import io
import pstats
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


async def drive(send: Send, targets: list[str], in_flight: int) -> tuple[float, float]:
    """(wall, CPU) seconds to send every target with `in_flight` workers."""
    queue = iter(targets)

    async def worker() -> None:
        for url in queue:
            status = await send(url)
            assert status == 404, status  # the fake web's answer to an unknown site

    wall0, cpu0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return time.perf_counter() - wall0, time.process_time() - cpu0


def stack_without(skip: str) -> Callable[[], None]:
    """Patch build_client's module so the layer `skip` passes requests straight through;
    returns the undo."""
    original = getattr(client_module, skip)

    def passthrough(inner: httpx.AsyncBaseTransport, *args: object, **kwargs: object):
        return inner

    setattr(client_module, skip, passthrough)
    return lambda: setattr(client_module, skip, original)


async def run_full(
    port: int, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float]:
    client = build_client(
        settings,
        counter=RequestCounter(),
        private=PrivateForms(load_profile(PROFILE)).find,
        resolver=public_looking,
        network_backend=fakeweb.FakeWebBackend(port),
    )
    async with client:

        async def send(url: str) -> int:
            return (await client.get(url)).status_code

        return await drive(send, targets, in_flight)


async def run_bare_httpx(
    port: int, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float]:
    transport = network_transport(settings, public_looking, fakeweb.FakeWebBackend(port))
    async with httpx.AsyncClient(transport=transport, trust_env=False) as client:

        async def send(url: str) -> int:
            return (await client.get(url)).status_code

        return await drive(send, targets, in_flight)


async def run_httpcore(
    port: int, settings: NetSettings, targets: list[str], in_flight: int
) -> tuple[float, float]:
    pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),  # else each connection loads the CA bundle
        max_connections=settings.concurrency,
        max_keepalive_connections=20,
        network_backend=fakeweb.FakeWebBackend(port),
    )
    async with pool:

        async def send(url: str) -> int:
            response = await pool.request("GET", url, headers={"User-Agent": "bench"})
            return response.status

        return await drive(send, targets, in_flight)


RUNNERS = {
    "httpcore alone": run_httpcore,
    "httpx, bare transport": run_bare_httpx,
    "full stack": run_full,
}


async def measure(label: str, port: int, args: argparse.Namespace) -> tuple[float, float]:
    """Median (CPU ms per request, requests per second) over --repeat runs."""
    settings = bench_settings(args.concurrency)
    in_flight = args.in_flight or settings.concurrency
    cpu_ms, rates = [], []
    for run in range(args.repeat):
        targets = urls(args.requests, args.hosts)
        if run == 0:  # warm up imports and caches on a few requests first
            await RUNNERS.get(label, run_full)(port, settings, targets[:50], in_flight)
        undo = stack_without(label.removeprefix("full stack minus ")) if "minus" in label else None
        try:
            wall, cpu = await RUNNERS.get(label, run_full)(port, settings, targets, in_flight)
        finally:
            if undo:
                undo()
        cpu_ms.append(1000 * cpu / len(targets))
        rates.append(len(targets) / wall)
    return statistics.median(cpu_ms), statistics.median(rates)


async def profile_full(port: int, args: argparse.Namespace) -> str:
    settings = bench_settings(args.concurrency)
    targets = urls(args.requests, args.hosts)
    profiler = cProfile.Profile()
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
    if not args.no_layers:
        labels += [f"full stack minus {layer}" for layer in LAYERS]
    print(
        f"client CPU per request: {args.requests} GET requests over {args.hosts} hosts,"
        f" {args.in_flight or settings.concurrency} in flight, global limit"
        f" {settings.concurrency}, per-host limits lifted; median of {args.repeat} runs"
    )
    with fakeweb.running(WMN, 0.0, None) as web:
        full = None
        for label in labels:
            cpu, rate = await measure(label, web.port, args)
            if label == "full stack":
                full = cpu
            extra = f"  (layer costs {full - cpu:+.3f} ms)" if full and "minus" in label else ""
            print(f"  {label:<40} {cpu:6.3f} ms CPU/request  {rate:6.0f} req/s{extra}")
        if args.profile:
            print(await profile_full(web.port, args))


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
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-top", type=int, default=30)
    args = parser.parse_args()
    if args.hosts is None:
        args.hosts = args.requests
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
