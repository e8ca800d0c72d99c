"""Benchmark: the accounts sweep over every WhatsMyName site, against a local fake web.

    python benchmarks/bench_accounts.py                       # 50 ms latency, NetSettings()
    python benchmarks/bench_accounts.py --latency-ms 200 --retries 0 --pool-shards 1
    python benchmarks/bench_accounts.py --latency-ms 200 --no-random      # one username only
    python benchmarks/bench_accounts.py --osint-python /tmp/osint-venv/bin/python   # + rivals

The fake web (benchmarks/fakeweb.py, a separate process) emulates all 715 valid sites of
tests/fixtures/whatsmyname/wmn-data.json with a fixed latency per response and answers 429
(Retry-After: 1) to more than --host-limit requests per host within one second. The scanner
runs unchanged through footprint.net.build_client with its own network transport (sharded
pools, SSRF guard at connect); only the sockets are opened to the fake web, by a network
backend, after a stub resolver has given every name a public address. Client settings are
NetSettings() unless overridden on the command line (the header line says which).

Lower bound (printed, with the ratio wall / bound). No schedule can beat any of:
  * slots:  ceil(N / C) * L      N attempts, C requests in flight at most, each >= L seconds;
  * hosts:  max over hosts h of max(max(0, n_h - b) / r + L, ceil(n_h / k) * L)
            a token bucket (rate r, burst b) starts the k-th request to a host no earlier
            than (k - b) / r, and that request then takes L; at most k per host in flight;
  * chains: D * L                D = most requests one site check makes in sequence
            (check, then profile page, redirect hops, retries), each waiting for the last.
CPU time is not in the bound; it is printed separately because on a small machine the client's
CPU per request (mostly httpx/httpcore) can exceed L / C and then dominates.

Rivals: sherlock (pip sherlock-project) and maigret, if importable by --osint-python, run on
the same fake web with the WMN entries converted to their formats. Only GET sites with a fixed
host are converted (they cannot carry a username in the Host header or a form POST body), and
footprint is timed on that same subset for the comparison. Their update checks are bypassed by
calling their search functions directly; every tool is timed from first request to last answer.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import math
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).parent))
import fakeweb  # benchmarks/ is not a package

from footprint.kinds import Kind
from footprint.model import Finding, Identifier
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.scanner import ScanContext, ScanOptions, Skipped
from scanners.accounts import Accounts

ROOT = Path(__file__).parents[1]
WMN = ROOT / "tests" / "fixtures" / "whatsmyname" / "wmn-data.json"


class TaskTally(RequestCounter):
    """Also counts attempts per asyncio task (one task per site check): the client's
    counting layer calls `add` in the task that sends."""

    def __init__(self) -> None:
        super().__init__()
        self.tasks: Counter[int] = Counter()

    def add(self, source: str | None = None) -> None:
        super().add(source)
        self.tasks[id(asyncio.current_task())] += 1


async def public_looking(host: str, port: int) -> list[str]:
    """Every name "resolves" to one public address, so the SSRF guard lets it through; the
    fake-web backend then dials 127.0.0.1 whatever address it is handed."""
    return ["93.184.215.14"]


@dataclass
class Run:
    wall: float
    cpu: float
    attempts: int
    found: dict[str, set[str]]
    unknown: int
    tasks: Counter[int]
    hosts: Counter[str]
    statuses: Counter[int]
    limited: Counter[str]  # 429s by host
    peak_in_flight: Counter[str]  # most requests at once, by host, as the fake web saw them
    last_answer: dict[str, float]  # when the fake web last answered each host (s)


async def sweep(port: int, settings: NetSettings, sites: Path, usernames: list[str]) -> Run:
    """The accounts scanner through build_client's own network transport (sharded, guarded
    pools); only the sockets are opened to the fake web."""
    counter = TaskTally()
    found: dict[str, set[str]] = {u: set() for u in usernames}
    unknown = 0
    fakeweb.fetch_stats(port, reset=True)
    backend = fakeweb.FakeWebBackend(port)
    client = build_client(
        settings, counter=counter, resolver=public_looking, network_backend=backend
    )
    async with client:
        ctx = ScanContext(client, ScanOptions(sites_file=sites))

        async def one(username: str) -> None:
            nonlocal unknown
            async for event in Accounts().scan(ctx, Identifier(Kind.USERNAME, username)):
                if isinstance(event, Finding):
                    found[username].add(event.evidence.rsplit(" exists on ", 1)[1])
                elif isinstance(event, Skipped):
                    unknown += 1

        wall0, cpu0 = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one(u) for u in usernames))
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    served = fakeweb.fetch_stats(port)
    assert served["requests"] == counter.total, (served["requests"], counter.total)
    return Run(
        wall,
        cpu,
        counter.total,
        found,
        unknown,
        counter.tasks,
        Counter(served["by_host"]),
        Counter({int(k): v for k, v in served["statuses"].items()}),
        Counter(served["limited"]),
        Counter(served["peak_in_flight"]),
        served["last_answer"],
    )


def lower_bound(run: Run, settings: NetSettings, latency: float) -> tuple[float, dict[str, float]]:
    slots = math.ceil(run.attempts / settings.concurrency) * latency
    hosts = 0.0
    for host, count in run.hosts.items():
        rate, burst = settings.rate_for(host)
        paced = max(0.0, (count - burst) / rate) + latency
        capped = math.ceil(count / settings.per_host_concurrency) * latency
        hosts = max(hosts, paced, capped)
    chains = max(run.tasks.values(), default=0) * latency
    parts = {"slots": slots, "hosts": hosts, "chains": chains}
    return max(parts.values()), parts


def report(label: str, run: Run, settings: NetSettings, latency: float) -> float:
    """Print the run's figures; returns its lower bound."""
    bound, parts = lower_bound(run, settings, latency)
    busiest = run.hosts.most_common(1)[0]
    print(f"\n== {label}")
    print(
        f"  wall {run.wall:.2f} s | {run.attempts} requests | {run.attempts / run.wall:.0f} req/s"
        f" | CPU {run.cpu:.2f} s ({1000 * run.cpu / run.attempts:.1f} ms/request)"
    )
    print(
        f"  found {sum(len(v) for v in run.found.values())} accounts, {run.unknown} unknown;"
        f" statuses {dict(sorted(run.statuses.items()))}; 429s by host {dict(run.limited)}"
    )
    (crowded, peak), *_ = run.peak_in_flight.most_common(1) or [("-", 0)]
    over = peak > settings.per_host_concurrency or run.limited
    print(
        f"  per-host limits {'EXCEEDED' if over else 'held'}: {sum(run.limited.values())} 429s,"
        f" at most {peak} in flight to one host ({crowded}; limit"
        f" {settings.per_host_concurrency})"
    )
    others = max((t for h, t in run.last_answer.items() if h != busiest[0]), default=0.0)
    print(f"  every host but the busiest ({busiest[0]}) was answered within {others:.2f} s")
    print(
        f"  lower bound {bound:.2f} s = max(slots {parts['slots']:.2f}, hosts {parts['hosts']:.2f}"
        f" [busiest {busiest[0]}: {busiest[1]}], chains {parts['chains']:.2f})"
        f" -> ratio {run.wall / bound:.2f}"
    )
    return bound


# -- rivals -------------------------------------------------------------------------------


def comparable(raw_sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """GET sites with a fixed host: the ones every tool can be pointed at the fake web."""
    keep = []
    for site in raw_sites:
        if site.get("valid", True) is False or "post_body" in site:
            continue
        if "{account}" in urlsplit(site["uri_check"]).netloc:
            continue
        if any(c in site["uri_check"] for c in "[]*+"):
            continue  # maigret turns URLs into regexes and fails on these
        keep.append(site)
    return keep


def local(url: str, port: int) -> tuple[str, dict[str, str]]:
    """The fake-web URL plus the headers that name the real site."""
    parts = urlsplit(url)
    path = parts.path or "/"
    return (
        urlunsplit(("http", f"127.0.0.1:{port}", path, parts.query, "")),
        {"Host": parts.netloc, fakeweb.SCHEME_HEADER: parts.scheme},
    )


def to_sherlock(sites: list[dict[str, Any]], port: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for s in sites:
        url, headers = local(s["uri_check"].replace("{account}", "{}"), port)
        entry: dict[str, Any] = {
            "url": url,
            "urlMain": url,
            "username_claimed": s["known"][0],
            "headers": {**s.get("headers", {}), **headers},
        }
        if s["m_string"]:
            entry.update(errorType="message", errorMsg=s["m_string"])
        else:
            entry.update(errorType="status_code", errorCode=s["m_code"])
        data[s["name"]] = entry
    return data


def to_maigret(sites: list[dict[str, Any]], port: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for s in sites:
        url, headers = local(s["uri_check"].replace("{account}", "{username}"), port)
        entry: dict[str, Any] = {
            "url": url,
            "urlMain": url,
            "usernameClaimed": s["known"][0],
            "usernameUnclaimed": "noonewouldeverusethis7",
            "headers": {**s.get("headers", {}), **headers},
            "tags": [],
        }
        if s["m_string"]:
            entry.update(checkType="message", absenceStrs=[s["m_string"]])
            if s["e_string"]:
                entry["presenseStrs"] = [s["e_string"]]
        else:
            entry.update(checkType="status_code")
        out[s["name"]] = entry
    return {"sites": out, "engines": {}, "tags": []}


SHERLOCK_DRIVER = """
import copy, json, resource, sys, time
from sherlock_project.sherlock import sherlock
from sherlock_project.notify import QueryNotify
from sherlock_project.result import QueryStatus
data = json.load(open(sys.argv[1]))
found = {}
t = time.perf_counter()
for name in sys.argv[2:]:
    res = sherlock(name, copy.deepcopy(data), QueryNotify(), timeout=30)
    found[name] = sorted(k for k, v in res.items() if v["status"].status is QueryStatus.CLAIMED)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "rss_kb": rss, "found": found}))
"""

MAIGRET_DRIVER = """
import asyncio, json, logging, resource, sys, time
from maigret.checking import maigret
from maigret.result import MaigretCheckStatus
from maigret.sites import MaigretDatabase
db = MaigretDatabase().load_from_path(sys.argv[1])
sites = db.ranked_sites_dict(disabled=False)
logger = logging.getLogger("maigret-bench")
logger.setLevel(logging.CRITICAL)
found = {}
t = time.perf_counter()
for name in sys.argv[2:]:
    res = asyncio.run(maigret(name, sites, logger, timeout=30, no_progressbar=True))
    claimed = MaigretCheckStatus.CLAIMED
    found[name] = sorted(k for k, v in res.items() if v["status"].status is claimed)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "rss_kb": rss, "found": found}))
"""


def run_rival(python: str, driver: str, data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sites.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        done = subprocess.run(
            [python, "-c", driver, str(path), *names],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith('{"wall"')]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(" | ".join(tail))
    return json.loads(lines[-1])


def has_module(python: str, module: str) -> bool:
    probe = subprocess.run([python, "-c", f"import {module}"], capture_output=True, check=False)
    return probe.returncode == 0


async def compare(args: argparse.Namespace, settings: NetSettings, names: list[str]) -> None:
    raw = json.loads(WMN.read_text(encoding="utf-8"))
    subset = comparable(raw["sites"])
    print(f"\n== comparison on {len(subset)} GET sites with a fixed host, usernames {names}")
    with tempfile.TemporaryDirectory() as tmp:
        subset_file = Path(tmp) / "subset.json"
        subset_file.write_text(json.dumps({**raw, "sites": subset}), encoding="utf-8")
        with fakeweb.running(WMN, args.latency_ms, args.host_limit) as web:
            ours = await sweep(web.port, settings, subset_file, names)
            rivals = {}
            for tool, module, driver, convert in (
                ("sherlock", "sherlock_project", SHERLOCK_DRIVER, to_sherlock),
                ("maigret", "maigret", MAIGRET_DRIVER, to_maigret),
            ):
                if not has_module(args.osint_python, module):
                    print(f"  {tool}: not importable by {args.osint_python}; skipped")
                    continue
                try:
                    rivals[tool] = run_rival(
                        args.osint_python, driver, convert(subset, web.port), names
                    )
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    print(f"  {tool}: failed ({exc}); skipped")
    report("footprint on the comparison subset", ours, settings, args.latency_ms / 1000)
    expected = {
        n: {s["name"] for s in subset if n in s["known"]} for n in names
    }  # strip_bad_char never changes these usernames
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = [("footprint", ours.wall, rss, {n: sorted(v) for n, v in ours.found.items()})]
    rows += [(t, r["wall"], r["rss_kb"], r["found"]) for t, r in rivals.items()]
    print(
        f"\n  {'tool':<10} {'wall s':>7} {'vs ours':>8} {'peak RSS MB':>12}  found (right / wrong)"
    )
    for tool, wall, rss_kb, found in rows:
        right = sum(len(set(found[n]) & expected[n]) for n in names)
        wrong = sum(len(set(found[n]) - expected[n]) for n in names)
        print(
            f"  {tool:<10} {wall:7.2f} {wall / ours.wall:8.2f} {rss_kb / 1024:12.0f}"
            f"  {right} / {wrong} (of {sum(len(v) for v in expected.values())})"
        )


SETTING_OPTIONS = {  # command-line option -> NetSettings field; unset means the default
    "concurrency": "concurrency",
    "per_host_concurrency": "per_host_concurrency",
    "rate": "per_host_rate",
    "burst": "per_host_burst",
    "retries": "retries",
    "pool_shards": "pool_shards",
}


def client_settings(args: argparse.Namespace) -> NetSettings:
    overrides = {
        field: getattr(args, option)
        for option, field in SETTING_OPTIONS.items()
        if getattr(args, option) is not None
    }
    return dataclasses.replace(NetSettings(), **overrides)


def own_hosts(source: Path, target: Path) -> Path:
    """A copy of the list in which a site whose literal host another site already uses gets a
    host of its own ("s12.web.archive.org"): the issue's "a host per site" fake web."""
    raw = json.loads(source.read_text(encoding="utf-8"))
    seen: set[str] = set()
    for i, site in enumerate(raw["sites"]):
        parts = urlsplit(site.get("uri_check", ""))
        host = parts.netloc.lower()
        if not host or "{account}" in host:
            continue
        if host in seen:
            fresh = f"s{i}.{host}"
            for key in ("uri_check", "uri_pretty"):
                if isinstance(site.get(key), str):
                    site[key] = site[key].replace(parts.netloc, fresh, 1)
            host = fresh
        seen.add(host)
    target.write_text(json.dumps(raw), encoding="utf-8")
    return target


async def main_async(args: argparse.Namespace) -> None:
    settings = client_settings(args)
    rng = random.Random(args.seed)
    names = list(args.usernames)
    if not args.no_random:
        names.append("zz" + "".join(rng.choices(string.ascii_lowercase, k=10)))
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as tmp:
        sites = own_hosts(WMN, Path(tmp) / "wmn-own-hosts.json") if args.host_per_site else WMN
        with fakeweb.running(sites, args.latency_ms, args.host_limit) as web:
            run = await sweep(web.port, settings, sites, names)
    changed = settings != NetSettings()
    print(
        f"accounts sweep: {len(names)} usernames x 715 WMN sites | latency {args.latency_ms:g} ms"
        f" | fake-web limit {args.host_limit}/s per host\n"
        f"client: {'OVERRIDDEN' if changed else 'default'} NetSettings: concurrency"
        f" {settings.concurrency} ({settings.per_host_concurrency} per host),"
        f" {settings.per_host_rate:g}/s per host (burst {settings.per_host_burst}),"
        f" retries {settings.retries}, {settings.pool_shards} connection pools"
    )
    report("full list", run, settings, latency)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"  peak RSS {rss / 1024:.0f} MB (whole benchmark process)")
    if run.limited or max(run.peak_in_flight.values(), default=0) > settings.per_host_concurrency:
        raise SystemExit("the client exceeded a per-host limit")
    if args.osint_python:
        await compare(args, settings, names)
    else:
        print("\n(no --osint-python given: sherlock/maigret comparison skipped)")


def main() -> None:
    parser = argparse.ArgumentParser(description="accounts sweep benchmark")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--host-limit", type=int, default=6, help="fake web: req/s per host")
    for option in SETTING_OPTIONS:
        parser.add_argument(
            "--" + option.replace("_", "-"),
            type=float if option == "rate" else int,
            default=None,
            help="override the NetSettings default",
        )
    parser.add_argument("--usernames", nargs="*", default=["john"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-random",
        action="store_true",
        help="leave out the random never-registered username (a single-candidate sweep)",
    )
    parser.add_argument(
        "--host-per-site",
        action="store_true",
        help="give every site a host of its own (the list names some hosts for several sites:"
        " archive.org's 9 set the per-host bound)",
    )
    parser.add_argument(
        "--osint-python",
        default=None,
        help="interpreter with sherlock-project and maigret installed (a separate venv)",
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
