"""UK address parsing shared by profile validation and the matcher."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Royal Mail postcode shape: outward (area+district) and inward (sector+unit).
POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)

# Canonical street type -> spellings people and sites use.
STREET_TYPES: dict[str, tuple[str, ...]] = {
    "road": ("road", "rd"),
    "street": ("street", "st"),
    "avenue": ("avenue", "ave", "av"),
    "close": ("close", "cl"),
    "crescent": ("crescent", "cres", "cresc"),
    "gardens": ("gardens", "gdns", "gdn"),
    "terrace": ("terrace", "terr", "ter", "tce"),
    "lane": ("lane", "ln"),
    "drive": ("drive", "dr"),
    "place": ("place", "pl"),
    "court": ("court", "ct"),
    "square": ("square", "sq"),
    "grove": ("grove", "gr", "gro"),
    "park": ("park", "pk"),
    "way": ("way",),
    "walk": ("walk",),
    "mews": ("mews",),
    "hill": ("hill",),
    "rise": ("rise",),
    "row": ("row",),
    "green": ("green", "grn"),
    "parade": ("parade", "pde"),
    "mount": ("mount", "mt"),
    "view": ("view",),
    "yard": ("yard",),
    "end": ("end",),
    "wharf": ("wharf",),
    "gate": ("gate",),
    "hollow": ("hollow",),
    "meadow": ("meadow", "meadows"),
    "boulevard": ("boulevard", "blvd"),
    "circus": ("circus",),
    "approach": ("approach", "app"),
}
_TYPE_LOOKUP = {alias: canon for canon, aliases in STREET_TYPES.items() for alias in aliases}

_TYPE_ALT = "|".join(sorted(_TYPE_LOOKUP, key=len, reverse=True))
_STREET_RE = re.compile(
    r"(?:(?:flat|apartment|apt|unit)\s*(?P<flat>\w+)\s*,?\s*)?"
    r"(?:(?P<flat2>\d+[a-z]?)\s*/\s*)?"
    r"\b(?P<number>\d+[a-z]?)\s*,?\s+"
    r"(?P<name>(?:[a-z][a-z'’\-]*\s+){1,3}?)(?P<type>" + _TYPE_ALT + r")\b\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class UKAddress:
    text: str
    number: str | None
    street_name: str | None  # e.g. "larkspur"
    street_type: str | None  # canonical, e.g. "close"
    flat: str | None
    town: str | None
    postcode: str | None  # normalised "GL12 8QX"

    @property
    def outward(self) -> str | None:
        return self.postcode.split()[0] if self.postcode else None


def normalise_postcode(raw: str) -> str | None:
    m = POSTCODE_RE.fullmatch(raw.strip())
    if not m:
        return None
    return f"{m.group(1).upper()} {m.group(2).upper()}"


def parse_uk_address(text: str) -> UKAddress | None:
    """Parse 'Flat 3, 27 Acacia Avenue, Town POSTCODE'; None when neither street nor postcode."""
    postcode_match = POSTCODE_RE.search(text)
    postcode = (
        f"{postcode_match.group(1).upper()} {postcode_match.group(2).upper()}"
        if postcode_match
        else None
    )
    number = name = stype = flat = None
    for m in _STREET_RE.finditer(text):
        canon = _TYPE_LOOKUP[m.group("type").lower()]
        number = m.group("number").lower()
        name = " ".join(m.group("name").lower().replace("’", "'").split())
        stype = canon
        flat = m.group("flat") or m.group("flat2") or None
        flat = flat.lower() if flat else None
        break
    if postcode is None and name is None:
        return None
    town = _guess_town(text, postcode_match, name is not None)
    return UKAddress(text, number, name, stype, flat, town, postcode)


def _guess_town(text: str, postcode_match: re.Match[str] | None, has_street: bool) -> str | None:
    """The first comma-separated part after the street line, e.g. 'Wickwar'."""
    head = text[: postcode_match.start()] if postcode_match else text
    parts = [p.strip() for p in head.split(",") if p.strip()]
    parts = [p for p in parts if not re.fullmatch(r"(flat|apartment|apt|unit)\s*\w+", p, re.I)]
    if has_street and len(parts) >= 2:
        return parts[1]
    return None
