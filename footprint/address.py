"""UK address parsing shared by profile validation and the matcher.

`parse_uk_address` splits an address as a person writes it ("Flat 3, 27 Acacia Avenue, Leeds
LS6 2AB") into house number, flat, street name and type, town(s) and postcode. It is lenient:
an address needs only a recognisable postcode or a house number followed by a street.
"""

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
# Fallback for addresses not written as comma-separated lines.
_STREET_RE = re.compile(
    r"(?:(?:flat|apartment|apt|unit)\s*(?P<flat>\w+)\s*,?\s*)?"
    r"(?:(?P<flat2>\d+[a-z]?)\s*/\s*)?"
    r"\b(?P<number>\d+[a-z]?)\s*,?\s+"
    r"(?P<name>(?:[a-z][a-z'’\-]*\.?\s+){1,3}?)(?P<type>" + _TYPE_ALT + r")\b\.?",
    re.IGNORECASE,
)
_FLAT_PART_RE = re.compile(r"(?:flat|apartment|apt|unit)\.?\s*(?P<flat>[0-9]+[a-z]?|[a-z])", re.I)
_NUMBERED_PART_RE = re.compile(
    r"(?:(?:flat|apartment|apt|unit)\.?\s*(?P<flat>[0-9]+[a-z]?|[a-z])\s*,?\s+)?"
    r"(?:(?P<flat2>\d+[a-z]?)\s*/\s*)?"
    r"(?:no\.?\s*)?(?P<number>\d+[a-z]?)\s*,?\s+(?P<rest>[a-z].*)",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[a-z][a-z'’\-]*\.?", re.IGNORECASE)


@dataclass(frozen=True)
class UKAddress:
    text: str
    number: str | None
    street_name: str | None  # e.g. "larkspur", "st john's"
    street_type: str | None  # canonical, e.g. "close"; None for "14 Broadway"
    flat: str | None
    town: str | None
    postcode: str | None  # normalised "GL12 8QX"
    localities: tuple[str, ...] = ()  # every place name after the street, e.g. town, county
    house_name: str | None = None  # "Rose Cottage" in "Rose Cottage, Mill Lane, ..."

    @property
    def outward(self) -> str | None:
        return self.postcode.split()[0] if self.postcode else None


def normalise_postcode(raw: str) -> str | None:
    m = POSTCODE_RE.fullmatch(raw.strip())
    if not m:
        return None
    return f"{m.group(1).upper()} {m.group(2).upper()}"


def normalise_street_name(name: str) -> str:
    """Lower case, straight apostrophes, single spaces, 'St.' written 'st'."""
    words = name.lower().replace("’", "'").split()
    return " ".join(w.rstrip(".") for w in words)


def parse_uk_address(text: str) -> UKAddress | None:
    """Parse 'Flat 3, 27 Acacia Avenue, Town POSTCODE'; None when neither street nor postcode."""
    postcode_match = POSTCODE_RE.search(text)
    postcode = (
        f"{postcode_match.group(1).upper()} {postcode_match.group(2).upper()}"
        if postcode_match
        else None
    )
    head = text[: postcode_match.start()] if postcode_match else text
    tail = text[postcode_match.end() :] if postcode_match else ""
    parts = [p.strip() for p in re.split(r"[,\n;]", head) if p.strip()]
    street = _parse_parts(parts)
    if street is None:
        street = _parse_fallback(text)
    if postcode is None and street is None:
        return None
    number, name, stype, flat, house_name, after = street or (None, None, None, None, None, [])
    localities = tuple(dict.fromkeys(p for p in after if _is_place(p)))
    localities += tuple(p.strip() for p in re.split(r"[,\n;]", tail) if _is_place(p.strip()))
    town = localities[0] if localities else None
    return UKAddress(text, number, name, stype, flat, town, postcode, localities, house_name)


_Street = tuple[str | None, str | None, str | None, str | None, str | None, list[str]]


def _parse_parts(parts: list[str]) -> _Street | None:
    """Find the street line among comma-separated parts; the parts after it are places."""
    flat: str | None = None
    house_name: str | None = None
    for i, part in enumerate(parts):
        flat_only = _FLAT_PART_RE.fullmatch(part)
        if flat_only:
            flat = flat_only.group("flat").lower()
            continue
        numbered = _NUMBERED_PART_RE.fullmatch(part)
        rest = numbered.group("rest") if numbered else part
        split = _split_street(rest, require_type=numbered is None)
        if split is None:
            if numbered is None and i == 0 and not re.search(r"\d", part):
                house_name = part
            continue
        name, stype, trailing = split
        after = ([trailing] if trailing else []) + parts[i + 1 :]
        if numbered is None:
            return None, name, stype, flat, house_name, after
        flat = (numbered.group("flat") or numbered.group("flat2") or flat or "").lower() or None
        return numbered.group("number").lower(), name, stype, flat, house_name, after
    return None


def _split_street(rest: str, require_type: bool) -> tuple[str, str | None, str] | None:
    """'Larkspur Close Wickwar' -> ('larkspur', 'close', 'Wickwar'); type is the last type word."""
    words = _WORD_RE.findall(rest)
    if not words or " ".join(words) != " ".join(rest.split()):
        return None
    for j in range(len(words) - 1, 0, -1):
        canon = _TYPE_LOOKUP.get(words[j].lower().rstrip("."))
        if canon is not None:
            return normalise_street_name(" ".join(words[:j])), canon, " ".join(words[j + 1 :])
    if require_type or len(words) > 3:
        return None
    return normalise_street_name(" ".join(words)), None, ""


def _parse_fallback(text: str) -> _Street | None:
    m = _STREET_RE.search(text)
    if m is None:
        return None
    flat = m.group("flat") or m.group("flat2")
    return (
        m.group("number").lower(),
        normalise_street_name(m.group("name")),
        _TYPE_LOOKUP[m.group("type").lower()],
        flat.lower() if flat else None,
        None,
        [],
    )


def _is_place(part: str) -> bool:
    return bool(part) and not re.search(r"\d", part) and not _FLAT_PART_RE.fullmatch(part)
