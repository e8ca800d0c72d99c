"""The slate's wire guard: CPU per request against every candidate's private details.

Run: python benchmarks/bench_slate_guard.py [--candidates 1 100 500] [--requests 3000]

Builds N generated candidates (address, phone, email, date of birth, two family members, home
coordinates each), then checks distinct URLs plus the four header lines every request carries,
as the wire guard does, as one candidate of the slate; every URL is new to the guard. Prints
the guard's build time and its CPU per request, beside one profile's own check
(`PrivateForms.find`, what a single scan runs).
Figures are the best of three runs in CPU time of this one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from footprint.privacy import PrivateForms  # noqa: E402
from footprint.profile import Profile, parse_profile  # noqa: E402
from footprint.scanner import ScanOptions  # noqa: E402
from footprint.slate.guard import SlateGuard, current_candidate  # noqa: E402

HEADERS = (
    "user-agent: footprint/0.1 (+https://example.org/footprint; online health check)",
    "accept-encoding: gzip, deflate",
    "host: www.example.com",
    "accept: */*",
)


def candidate(i: int) -> Profile:
    return parse_profile(
        {
            "name": f"Person Number{i} Smith",
            "private": {
                "home_address": f"{i + 1} Larkspur Close, Wickwar, GL12 {i % 9}QX",
                "phones": [f"07700 9{i + 10:05d}"],
                "emails": [f"person.number{i}@mail.example"],
                "date_of_birth": dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                "family": [f"Partner{i} Smith", f"Child Jones{i}"],
                "home_coordinates": [51.5 + i / 1000, -2.4],
            },
            "public": {"usernames": [f"pnum{i}"]},
        }
    )


def per_request(
    check: Callable[[str], object], urls: list[str], reset: Callable[[], None] = lambda: None
) -> float:
    best = float("inf")
    for _ in range(3):
        reset()
        start = time.process_time()
        for url in urls:
            check(url)
            for header in HEADERS:
                check(header)
        best = min(best, (time.process_time() - start) / len(urls))
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, nargs="+", default=[1, 100, 500])
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    for n in args.candidates:
        slate = {f"c{i}": candidate(i) for i in range(n)}
        start = time.process_time()
        guard = SlateGuard(slate, [], ScanOptions())
        build = time.process_time() - start
        urls = [
            f"https://site{j}.example/user/pnum{j % n}?ref={j * 7919}" for j in range(args.requests)
        ]
        current_candidate.set("c0")
        # Each URL is new to the guard every run (header lines are remembered, as in a scan).
        slate_ms = per_request(guard.find, urls, guard._hit_cache.clear)
        single_ms = per_request(PrivateForms(slate["c0"]).find, urls)
        print(
            f"{n:>5} candidates: guard built in {build:.2f} s; {slate_ms:.3f} ms CPU a request "
            f"(one profile's own check: {single_ms:.3f} ms)"
        )


if __name__ == "__main__":
    main()
