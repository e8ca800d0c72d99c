"""`footprint plan`: exactly what each enabled scanner would send off this machine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from footprint.consent import asks_consent, consented_scanners, private_seeds
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
    private: bool = False  # a private detail, sent only because the user gave --consent


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
    check the engine and the wire guard make), then the private values a scanner the user
    consented to (`--consent`) gets from the engine, marked `private`. Nothing else private
    can appear here. Each send is listed once (a domain's home page may be a public URL too)."""
    sends: dict[PlannedSend, None] = {}
    forms = PrivateForms(profile)
    options = replace(options, area=profile.area or "")  # as the scan sees it (footprint.run)
    refused = {seed.key for seed, _ in withheld(profile, options)}
    seeds = [seed for seed in scan_seeds(profile, options) if seed.key not in refused]
    chosen = [s for s in scanners if not (options.offline and s.network)]
    for scanner in chosen:
        for seed in seeds:
            if seed.kind not in scanner.consumes:
                continue
            for value, host in scanner.planned(seed, options):
                # A value built from more than the seed (a query with the area) is checked too.
                if forms.find(value) is None:
                    sends.setdefault(PlannedSend(scanner.name, seed.kind.value, value, host), None)
    for scanner in consented_scanners(chosen, options):
        for seed in private_seeds(profile, scanner):
            for value, host in scanner.planned(seed, options):
                sends.setdefault(
                    PlannedSend(scanner.name, seed.kind.value, value, host, True), None
                )
    return list(sends)


def unconsented(
    profile: Profile, scanners: Iterable[Scanner], options: ScanOptions
) -> list[Scanner]:
    """Scanners that would check private details of the profile if given `--consent`, but
    were not: `plan` says how to ask them."""
    given = {s.name for s in consented_scanners(scanners, options)}
    return [
        s
        for s in scanners
        if asks_consent(s)
        and s.name not in given
        and not (options.offline and s.network)
        and private_seeds(profile, s)
    ]
