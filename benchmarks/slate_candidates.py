"""Generated slates for the benchmarks: fictional candidates, nobody's real details.

Names are combinations of common first names and surnames with a number, phones are Ofcom's
drama numbers (07700 900001 to 07700 900999, never allocated), addresses are in a made-up
street of a made-up town with a postcode of the unused GL99 district, and every username is
unique to its candidate.

    python benchmarks/slate_candidates.py 300 > slate.csv
"""

from __future__ import annotations

import csv
import io
import sys

FIRST = ("Ada", "Ben", "Cara", "Dev", "Ella", "Finn", "Gwen", "Hari", "Isla", "Jon")
LAST = ("Ashdown", "Brook", "Calloway", "Dunmore", "Evershed", "Fairleigh", "Gorse", "Hollins")
COLUMNS = ("id", "name", "area", "home_address", "phones", "date_of_birth", "family", "usernames")


def candidate(n: int) -> dict[str, str]:
    first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
    return {
        "id": f"c{n:04d}",
        "name": f"{first} {last} {n}",
        "area": "Wickwar",
        "home_address": f"{n % 90 + 1} Larkspur Close, Wickwar, GL99 {n % 9 + 1}QX",
        "phones": f"07700 900{n % 999 + 1:03d}",  # 900000 is the template's example
        "date_of_birth": f"19{60 + n % 40}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        "family": f"Sam {last} {n}",
        "usernames": f"{first.lower()}{last.lower()}{n}",
    }


def slate_csv(count: int) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for n in range(count):
        writer.writerow(candidate(n))
    return out.getvalue()


if __name__ == "__main__":
    sys.stdout.write(slate_csv(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
