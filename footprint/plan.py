"""`footprint plan`: exactly what each enabled scanner would send off this machine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from footprint.model import Category, Identifier
from footprint.privacy import PrivateForms
from footprint.profile import Profile
from footprint.scanner import Scanner, ScanOptions
from footprint.seeds import scan_seeds


@dataclass(frozen=True)
class PlannedSend:
    scanner: str
    kind: str
    value: str
    host: str


def withheld(
    profile: Profile, options: ScanOptions | None = None
) -> list[tuple[Identifier, Category]]:
    """Public identifiers of the profile (and --url pages) that hold a private detail: never
    searched, as the engine's gate would refuse them (a username that is a child's name)."""
    forms = PrivateForms(profile)
    seeds = scan_seeds(profile, options or ScanOptions())
    found = ((seed, forms.find(seed.value)) for seed in seeds)
    return [(seed, category) for seed, category in found if category is not None]


def plan(profile: Profile, scanners: Iterable[Scanner], options: ScanOptions) -> list[PlannedSend]:
    """Sends for the profile's public seeds, less those that hold a private detail (the same
    check the engine and the wire guard make), so nothing private can appear here."""
    sends: dict[PlannedSend, None] = {}  # each once: a domain's home page may be a public URL
    refused = {seed.key for seed, _ in withheld(profile, options)}
    seeds = [seed for seed in scan_seeds(profile, options) if seed.key not in refused]
    for scanner in scanners:
        if options.offline and scanner.network:
            continue
        for seed in seeds:
            if seed.kind not in scanner.consumes:
                continue
            for value, host in scanner.planned(seed, options):
                sends.setdefault(PlannedSend(scanner.name, seed.kind.value, value, host), None)
    return list(sends)
