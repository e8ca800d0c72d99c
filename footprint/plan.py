"""`footprint plan`: exactly what each enabled scanner would send off this machine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from footprint.profile import Profile
from footprint.scanner import Scanner, ScanOptions


@dataclass(frozen=True)
class PlannedSend:
    scanner: str
    kind: str
    value: str
    host: str


def plan(profile: Profile, scanners: Iterable[Scanner], options: ScanOptions) -> list[PlannedSend]:
    """Sends for the profile's public seeds. Built only from `Profile.seeds()`, which holds no
    private detail, so nothing private can appear here."""
    sends: list[PlannedSend] = []
    seeds = profile.seeds()
    for scanner in scanners:
        if options.offline and scanner.network:
            continue
        for seed in seeds:
            if seed.kind not in scanner.consumes:
                continue
            for value, host in scanner.planned(seed, options):
                sends.append(PlannedSend(scanner.name, seed.kind.value, value, host))
    return sends
