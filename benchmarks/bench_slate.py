"""Benchmark: the sweep at scale. A slate of generated candidates against the local fake web,
then the same slate killed mid-run (SIGKILL) and carried on with --resume.

    python benchmarks/bench_slate.py                          # 100 candidates x 100 sites
    python benchmarks/bench_slate.py --candidates 500 --sites 715 --kill-after 120

Candidates are fictional (benchmarks/slate_candidates.py: Ofcom drama numbers 07700 900xxx,
a made-up street); each has a unique username, which the fake web (benchmarks/fakeweb.py, its
own process) knows on every tenth site, so the sweep finds accounts. The slate runs as the
real command, `footprint slate --only accounts --db ...`, in a child process with the
client's own transport (pools, SSRF guard, rate limits, retries, body cap) unchanged: only
the sockets go to the fake web, after a stub resolver has given every name a public address
(as benchmarks/bench_accounts.py does). Client settings are NetSettings() (per host: 2
requests in flight, 2 a second, burst 4).

Printed:
  * wall time of the clean run against the politeness lower bound, the larger of
      hosts: max over hosts h of max(max(0, n_h - b) / r + L, ceil(n_h / k) * L)
      slots: ceil(N / C) * L
    (n_h requests to host h over the whole slate, rate r, burst b, k in flight per host,
    N requests in all, C in flight at most, L the fake web's latency); goal within 1.2x;
  * peak RSS of the slate process (ru_maxrss, itself and its worker processes); goal < 400 MB;
  * requests per candidate;
  * the kill and resume: every candidate has one finished scan in the database, findings
    (by stable identity) equal to the clean run's, and the resumed run sent requests only
    for candidates that had not finished (the requests each finished candidate's scan records
    are unchanged, and the fake web served exactly what the unfinished ones record).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import fakeweb  # benchmarks/ is not a package
import slate_candidates

ROOT = Path(__file__).parents[1]
WMN = ROOT / "tests" / "fixtures" / "whatsmyname" / "wmn-data.json"
KNOWN_EVERY = 10  # a candidate's username exists on one site in ten


def write_inputs(folder: Path, candidates: int, sites: int) -> tuple[Path, Path]:
    """The slate CSV and the site list (the first `sites` valid sites of the fixture, each
    knowing the usernames of one candidate in ten)."""
    rows = [slate_candidates.candidate(n) for n in range(candidates)]
    slate = folder / "slate.csv"
    slate.write_text(slate_candidates.slate_csv(candidates), encoding="utf-8")
    data = json.loads(WMN.read_text(encoding="utf-8"))
    chosen = [s for s in data["sites"] if s.get("valid", True)][:sites]
    for i, site in enumerate(chosen):
        site["known"] = [
            r["usernames"] for n, r in enumerate(rows) if (n + i) % KNOWN_EVERY == 0
        ] or [rows[0]["usernames"]]
    data["sites"] = chosen
    listing = folder / "sites.json"
    listing.write_text(json.dumps(data), encoding="utf-8")
    return slate, listing


# -- the slate process ------------------------------------------------------------------------


async def _public_looking(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]


def child(port: int, argv: list[str]) -> None:
    """Run `footprint slate ARGV` with every socket opened to the fake web on `port`."""
    import footprint.slate.run as slate_run
    from footprint.cli import app

    real = slate_run.build_client

    def to_fake_web(*args: Any, **kwargs: Any) -> Any:
        kwargs.update(resolver=_public_looking, network_backend=fakeweb.FakeWebBackend(port))
        return real(*args, **kwargs)

    slate_run.build_client = to_fake_web  # type: ignore[assignment]
    started = time.perf_counter()
    code = 0
    try:
        app(["slate", *argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "wall": time.perf_counter() - started,
        "cpu": me.ru_utime + me.ru_stime,
        "rss_mb": me.ru_maxrss / 1024,
        "children_rss_mb": kids.ru_maxrss / 1024,
        "code": code,
    }
    print("BENCH " + json.dumps(figures), file=sys.stderr, flush=True)
    sys.exit(code)


def slate_command(port: int, folder: Path, db: Path, *extra: str) -> list[str]:
    return [
        sys.executable, __file__, "--child", str(port), "--",
        str(folder / "slate.csv"), "--sites", str(folder / "sites.json"), "--only", "accounts",
        "--db", str(db), "-o", str(folder / f"out-{db.stem}"), "--quiet", *extra,
    ]  # fmt: skip


def figures_of(stderr: str) -> dict[str, Any]:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("BENCH ")]
    if not lines:
        raise SystemExit(f"the slate process printed no figures:\n{stderr[-2000:]}")
    return json.loads(lines[-1][6:])


# -- the database -----------------------------------------------------------------------------


def scans(db: Path) -> dict[str, tuple[int, str]]:
    """candidate -> (scan id, state)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT subject_id, id, state FROM scans ORDER BY id").fetchall()
    return {cid: (sid, state) for cid, sid, state in rows}


def recorded_requests(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT s.subject_id, COALESCE(SUM(r.requests), 0) FROM scans s"
            " LEFT JOIN sources r ON r.scan_id = s.id GROUP BY s.id"
        ).fetchall()
    return dict(rows)


def identities(db: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT s.subject_id, f.identity FROM findings f JOIN scans s ON s.id = f.scan_id"
        )
        for cid, identity in rows:
            found.setdefault(cid, set()).add(identity)
    return found


# -- the bound --------------------------------------------------------------------------------


def politeness_bound(by_host: Counter[str], latency: float) -> tuple[float, dict[str, float]]:
    from footprint.net import NetSettings

    settings = NetSettings()
    total = sum(by_host.values())
    hosts = 0.0
    for host, count in by_host.items():
        rate, burst = settings.rate_for(host)
        paced = max(0.0, (count - burst) / rate) + latency
        capped = math.ceil(count / settings.per_host_concurrency) * latency
        hosts = max(hosts, paced, capped)
    slots = math.ceil(total / settings.concurrency) * latency
    parts = {"hosts": hosts, "slots": slots}
    return max(parts.values()), parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--sites", type=int, default=100, help="first N valid sites of the list")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument(
        "--kill-after", type=float, default=None, help="seconds (default: half the clean run)"
    )
    parser.add_argument("--parallel", type=int, default=2, help="candidates at once (slate)")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child is not None:
        child(args.child, [a for a in rest if a != "--"])
        return
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_inputs(folder, args.candidates, args.sites)
        load = os.getloadavg()[0]
        print(
            f"slate of {args.candidates} candidates x {args.sites} sites, latency "
            f"{args.latency_ms:g} ms, --parallel {args.parallel}; {os.cpu_count()} CPUs, "
            f"load average {load:.1f} at the start"
        )
        parallel = ("--parallel", str(args.parallel))
        with fakeweb.running(folder / "sites.json", args.latency_ms) as web:
            # 1. the clean run
            fakeweb.fetch_stats(web.port, reset=True)
            clean_db = folder / "clean.db"
            t0 = time.perf_counter()
            done = subprocess.run(
                slate_command(web.port, folder, clean_db, *parallel),
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            wall = time.perf_counter() - t0
            figures = figures_of(done.stderr)
            served = fakeweb.fetch_stats(web.port, reset=True)
            by_host = Counter(served["by_host"])
            bound, parts = politeness_bound(by_host, latency)
            total = served["requests"]
            clean_found = identities(clean_db)
            print(f"\n== clean run (exit {figures['code']})")
            print(
                f"  wall {wall:.1f} s (process), {figures['wall']:.1f} s (slate command);"
                f" CPU {figures['cpu']:.1f} s ({1000 * figures['cpu'] / max(total, 1):.2f} ms"
                " a request, everything included)"
            )
            print(
                f"  politeness bound {bound:.1f} s = max(hosts {parts['hosts']:.1f},"
                f" slots {parts['slots']:.1f}) [busiest host: {by_host.most_common(1)[0][1]}"
                f" requests] -> ratio {figures['wall'] / bound:.2f} (goal <= 1.2)"
            )
            print(
                f"  peak RSS {figures['rss_mb']:.0f} MB (worker processes:"
                f" {figures['children_rss_mb']:.0f} MB) (goal < 400 MB)"
            )
            print(
                f"  {total} requests, {total / args.candidates:.1f} per candidate;"
                f" statuses {dict(sorted(served['statuses'].items()))};"
                f" {sum(len(v) for v in clean_found.values())} findings"
            )
            assert len(scans(clean_db)) == args.candidates

            # 2. killed mid-run, then --resume
            killed_db = folder / "killed.db"
            after = args.kill_after if args.kill_after is not None else 0.5 * figures["wall"]
            proc = subprocess.Popen(
                slate_command(web.port, folder, killed_db, *parallel),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(after)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            before = scans(killed_db)
            finished = {c for c, (_, state) in before.items() if state not in ("running",)}
            requests_before = recorded_requests(killed_db)
            fakeweb.fetch_stats(web.port, reset=True)
            t0 = time.perf_counter()
            resumed = subprocess.run(
                slate_command(web.port, folder, killed_db, *parallel, "--resume"),
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            resume_wall = time.perf_counter() - t0
            resume_figures = figures_of(resumed.stderr)
            served_again = fakeweb.fetch_stats(web.port)["requests"]
            after_scans = scans(killed_db)
            requests_after = recorded_requests(killed_db)
            print(f"\n== killed after {after:.1f} s (SIGKILL), then --resume")
            print(
                f"  at the kill: {len(finished)} candidates finished, "
                f"{len(before) - len(finished)} cut short, "
                f"{args.candidates - len(before)} not started"
            )
            lost = [c for c in map(str, clean_found) if c not in after_scans]
            unfinished = [c for c, (_, s) in after_scans.items() if s == "running"]
            assert len(after_scans) == args.candidates, "a candidate has no scan"
            assert not unfinished and not lost, (unfinished, lost)
            assert identities(killed_db) == clean_found, "findings differ from the clean run"
            redone = [c for c in finished if requests_after[c] != requests_before[c]]
            assert not redone, f"finished candidates asked again: {redone}"
            for_unfinished = sum(
                requests_after[c] - requests_before.get(c, 0)
                for c in after_scans
                if c not in finished
            )
            assert served_again == for_unfinished, (served_again, for_unfinished)
            print(
                f"  resumed run: exit {resume_figures['code']}, wall {resume_wall:.1f} s,"
                f" {served_again} requests, all for the"
                f" {args.candidates - len(finished)} unfinished candidates"
                f" ({served_again / max(1, args.candidates - len(finished)):.1f} each);"
                " 0 for the finished ones"
            )
            print(
                f"  nothing lost: {len(after_scans)} of {args.candidates} candidates with a"
                " finished scan, findings identical to the clean run's"
                f" ({sum(len(v) for v in clean_found.values())})"
            )


if __name__ == "__main__":
    main()
