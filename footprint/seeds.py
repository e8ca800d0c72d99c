"""What a scan starts from: the profile's public identifiers plus pages given with --url."""

from __future__ import annotations

from footprint.kinds import Kind
from footprint.model import Identifier
from footprint.profile import Profile
from footprint.scanner import ScanOptions


def scan_seeds(profile: Profile, options: ScanOptions) -> list[Identifier]:
    """`Profile.seeds()`, then each --url as a page to read (never as a site to crawl)."""
    seeds = profile.seeds()
    known = {s.key for s in seeds}
    for url in options.urls:
        seed = Identifier(Kind.URL, url)
        if seed.key not in known:
            known.add(seed.key)
            seeds.append(seed)
    return seeds
