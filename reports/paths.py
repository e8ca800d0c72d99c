"""Local files as a reader knows them: relative to the folder that was scanned.

`footprint scan --path ~/campaign` finds `~/campaign/documents/leaflet.pdf`; the report says
`documents/leaflet.pdf` (and names the folder once). With several folders scanned, each file
keeps its folder's name in front (`campaign/documents/leaflet.pdf`), so two files of the same
name stay apart. Web addresses and files outside every scanned path are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def relative_location(location: str, roots: Sequence[str]) -> str:
    if not roots or "://" in location:
        return location
    # The longest root first: a folder scanned inside another is the nearer one.
    for root in sorted(roots, key=len, reverse=True):
        base = root.rstrip("/\\")
        if not base:
            continue
        name = _name(base)
        if location == base:
            return name or location
        for sep in ("/", "\\"):
            if location.startswith(base + sep):
                rest = location[len(base) + 1 :]
                return rest if len(roots) == 1 or not name else f"{name}/{rest}"
    return location


def _name(path: str) -> str:
    return re.split(r"[/\\]", path)[-1]
