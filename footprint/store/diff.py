"""What changed between two scans of one subject, finding by finding (by stable identity).

Each finding of either scan is, in the later scan:
- new: found in the later scan, not in the earlier one;
- still present: found in both;
- resolved: found in the earlier scan only, and the later scan really looked again: its
  source finished "ok" there, and it read the same location again (a page, a file), or
  finished a check of the same value (an account's username, a breach's email);
- not re-checked: found in the earlier scan only, and the later scan cannot say it is gone:
  its source failed, was partial, skipped or not run (a site check that answered UNKNOWN
  leaves the accounts source partial), or the place was not looked at again. Never
  "resolved": an exposure nobody checked is not an all-clear.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from footprint.model import Severity
from footprint.store.db import StoreError
from footprint.store.identity import normal_location, normal_value
from footprint.store.store import ScanRow, Store

NEW = "new"
STILL = "still present"
RESOLVED = "resolved"
NOT_RECHECKED = "not re-checked"
STATES = (NEW, STILL, RESOLVED, NOT_RECHECKED)


@dataclass(frozen=True)
class Change:
    state: str
    identity: str
    category: str
    severity: str
    source: str
    location: str
    matched: str  # the profile item's path, never its value


@dataclass(frozen=True)
class ScanDiff:
    before: ScanRow
    after: ScanRow
    changes: tuple[Change, ...]

    def of(self, state: str) -> list[Change]:
        return [c for c in self.changes if c.state == state]


def _change(state: str, row: sqlite3.Row) -> Change:
    keys = ("identity", "category", "severity", "source", "location", "matched")
    return Change(state, *(row[k] for k in keys))


def diff_scans(store: Store, first: int, second: int) -> ScanDiff:
    """The diff from scan `first` to scan `second` (of the same subject; StoreError if not)."""
    before, after = store.scan(first), store.scan(second)
    if before.subject_id != after.subject_id:
        raise StoreError(
            f"scans {first} and {second} are of different subjects "
            f"({before.subject_id!r}, {after.subject_id!r})"
        )
    old = {r["identity"]: r for r in store.findings(first)}
    new = {r["identity"]: r for r in store.findings(second)}
    ok = {name for name, r in store.sources(second).items() if r["state"] == "ok"}
    read: dict[str, set[str]] = defaultdict(set)
    for r in store.documents(second):
        read[r["source"]].add(normal_location(r["location"]))
    checked: dict[str, set[str]] = defaultdict(set)
    for r in store.tasks(second):
        if r["value"] is not None:
            checked[r["source"]].add(normal_value(r["value"]))
    changes = [_change(STILL if i in old else NEW, r) for i, r in new.items()]
    for identity, r in old.items():
        if identity in new:
            continue
        looked = normal_location(r["location"]) in read[r["source"]] or (
            normal_value(r["value"]) in checked[r["source"]]
        )
        changes.append(_change(RESOLVED if r["source"] in ok and looked else NOT_RECHECKED, r))
    changes.sort(key=lambda c: (STATES.index(c.state), Severity(c.severity).rank, c.location))
    return ScanDiff(before, after, tuple(changes))


def latest_pairs(store: Store) -> list[tuple[int, int]]:
    """For each subject with two scans or more: its two latest scans (earlier, later)."""
    by_subject: dict[str, list[int]] = defaultdict(list)
    for row in store.scans():
        by_subject[row.subject_id].append(row.id)
    return [(ids[-2], ids[-1]) for ids in by_subject.values() if len(ids) >= 2]
