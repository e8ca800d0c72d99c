"""UK address parsing shared by profile validation and the matcher.

`parse_uk_address` splits an address as a person writes it ("Flat 3, 27 Acacia Avenue, Leeds
LS6 2AB") into house number, flat, street name and type, town(s) and postcode. It is lenient:
an address needs a recognisable postcode, a house number followed by a street, or a house name
followed by a street or a place ("Ivy Lodge, Church Lane", "The Old Forge, Wickwar").

- Street types: English ones follow the name, with the abbreviations people write ("Rd",
  "La.", "Cres", "Gdns", "Mws", "Bldgs", "Cotts", ...); Welsh ones come first ("Heol y Coed",
  "Ffordd Las", "Lôn Isaf", "Rhodfa'r Môr"), the name after them kept literally (mutations
  and all).
- Flats: "Flat 3", "3/27 ..." (flat 3 of number 27), "Apartment 12B", and Scottish tenement
  positions, written floor then door: Glasgow "2/1", "0/1", "G/L", Edinburgh "2F1", "1F2",
  "GF1", "PF1", and "Flat 3 Left". A position is kept as "floor/door" ("2F1" and "2/1" are
  both "2/1"; ground floor "G" is "0"; "Left" is "l"), before or after the street.
- A first line without a number or street is a house name, except in Northern Ireland (a BT
  postcode), where a plain name ("Tullyneagh, Ballygawley BT70 2HR") is a townland unless it
  has a house word ("Cottage", "House", "Farm", "The ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Royal Mail postcode shape: outward (area+district) and inward (sector+unit).
POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)

# Canonical street type -> spellings people and sites use.
STREET_TYPES: dict[str, tuple[str, ...]] = {
    "road": ("road", "rd"),
    "street": ("street", "st", "str"),
    "avenue": ("avenue", "ave", "av"),
    "close": ("close", "cl"),
    "crescent": ("crescent", "cres", "cresc"),
    "gardens": ("gardens", "gdns", "gdn"),
    "terrace": ("terrace", "terr", "ter", "tce"),
    "lane": ("lane", "ln", "la"),
    "drive": ("drive", "dr"),
    "place": ("place", "pl"),
    "court": ("court", "ct"),
    "square": ("square", "sq"),
    "grove": ("grove", "gr", "gro"),
    "park": ("park", "pk"),
    "way": ("way",),
    "walk": ("walk", "wk"),
    "mews": ("mews", "mws"),
    "hill": ("hill",),
    "rise": ("rise",),
    "row": ("row",),
    "green": ("green", "grn"),
    "parade": ("parade", "pde"),
    "mount": ("mount", "mt"),
    "view": ("view", "vw"),
    "yard": ("yard",),
    "end": ("end",),
    "wharf": ("wharf",),
    "gate": ("gate",),
    "hollow": ("hollow",),
    "meadow": ("meadow", "meadows"),
    "boulevard": ("boulevard", "blvd"),
    "circus": ("circus",),
    "approach": ("approach", "app"),
    "heights": ("heights", "hts"),
    "buildings": ("buildings", "bldgs", "bldg"),
    "cottages": ("cottages", "cotts"),
    "chase": ("chase",),
    "croft": ("croft",),
    "drove": ("drove",),
    "quay": ("quay",),
    "wynd": ("wynd",),  # Scottish
    "brae": ("brae",),
    "loan": ("loan",),
    "vennel": ("vennel",),
}
_TYPE_LOOKUP = {alias: canon for canon, aliases in STREET_TYPES.items() for alias in aliases}

# Welsh street types: written before the name ("Heol y Coed"). Canonical -> spellings.
WELSH_STREET_TYPES: dict[str, tuple[str, ...]] = {
    "heol": ("heol",),  # road
    "ffordd": ("ffordd",),  # road, way
    "stryd": ("stryd",),  # street
    "lôn": ("lôn", "lon"),  # lane
    "cilgant": ("cilgant",),  # crescent
    "rhodfa": ("rhodfa",),  # avenue, promenade
    "maes": ("maes",),  # field: a close, an estate
    "clos": ("clos",),  # close
    "teras": ("teras",),  # terrace
    "cwrt": ("cwrt",),  # court
    "llys": ("llys",),  # court
    "parc": ("parc",),  # park
    "sgwâr": ("sgwâr", "sgwar"),  # square
    "rhes": ("rhes",),  # row
    "gerddi": ("gerddi",),  # gardens
}
_WELSH_LOOKUP = {a: canon for canon, aliases in WELSH_STREET_TYPES.items() for a in aliases}

# Words of house names, with the abbreviations people write for them ("Rose Cott.").
HOUSE_WORDS: dict[str, tuple[str, ...]] = {
    "cottage": ("cottage", "cott", "cot"),
    "cottages": ("cottages", "cotts"),
    "house": ("house", "ho"),
    "farm": ("farm", "fm"),
    "manor": ("manor", "mnr"),
    "buildings": ("buildings", "bldgs", "bldg"),
    "lodge": ("lodge",),
    "barn": ("barn",),
    "forge": ("forge",),
    "mill": ("mill",),
    "hall": ("hall",),
    "villa": ("villa",),
    "grange": ("grange",),
    "rectory": ("rectory",),
    "vicarage": ("vicarage",),
    "bungalow": ("bungalow",),
    "granary": ("granary",),
    "stables": ("stables",),
    "chapel": ("chapel",),
    "schoolhouse": ("schoolhouse",),
    "oast": ("oast",),
    "farmhouse": ("farmhouse",),
    "tŷ": ("tŷ", "ty"),  # Welsh: house
    "bwthyn": ("bwthyn",),  # cottage
    "plas": ("plas",),  # mansion
    "fferm": ("fferm",),  # farm
}
_HOUSE_LOOKUP = {a: canon for canon, aliases in HOUSE_WORDS.items() for a in aliases}

# Scottish tenement positions (floor, then door) - see the module docstring.
_DOOR_WORDS = {"left": "l", "right": "r", "middle": "m", "centre": "m"}
TENEMENT = (
    r"(?:(?:\d{1,2}|g)\s?/\s?(?:\d{1,2}|l|r|m)(?![\w/])"  # 2/1, 0/1, G/L
    r"|(?:\d{1,2}|g|p|b)f\s?\d{1,2}(?!\w)"  # 2F1, 1F2, GF1, PF1
    r"|(?:\d{1,2}|g)\s(?:left|right|middle|centre)(?!\w))"  # 3 Left
)
_TENEMENT_PARTS_RE = re.compile(
    r"(?P<floor>\d{1,2}|g|p|b)(?:\s?/\s?|f\s?|\s)(?P<door>\d{1,2}|left|right|middle|centre|l|r|m)",
    re.IGNORECASE,
)
_FLAT_WORD = r"(?:flat|apartment|apt|unit)\.?"

_TYPE_ALT = "|".join(sorted(_TYPE_LOOKUP, key=len, reverse=True))
_LETTER = r"[^\W\d_]"  # any letter, accented ones too ("Lôn", "Tŷ")
# Fallback for addresses not written as comma-separated lines.
_STREET_RE = re.compile(
    r"(?:(?:flat|apartment|apt|unit)\s*(?P<flat>\w+)\s*,?\s*)?"
    r"(?:(?P<flat2>\d+[a-z]?)\s*/\s*)?"
    r"\b(?P<number>\d+[a-z]?)\s*,?\s+"
    rf"(?P<name>(?:{_LETTER}(?:{_LETTER}|['’\-])*\.?\s+){{1,3}}?)(?P<type>" + _TYPE_ALT + r")\b\.?",
    re.IGNORECASE,
)
_FLAT_PART_RE = re.compile(
    rf"(?:{_FLAT_WORD}\s*(?P<flat>{TENEMENT}|[0-9]+[a-z]?|[a-z])|(?P<pos>{TENEMENT}))", re.I
)
_NUMBERED_PART_RE = re.compile(
    rf"(?:{_FLAT_WORD}\s*(?P<flat>{TENEMENT}|[0-9]+[a-z]?|[a-z])\s*,?\s+"
    rf"|(?P<pos>{TENEMENT})\s*,?\s+)?"
    r"(?:(?P<flat2>\d+[a-z]?)\s*/\s*)?"
    rf"(?:no\.?\s*)?(?P<number>\d+[a-z]?)\s*,?\s+(?P<rest>{_LETTER}.*)",
    re.IGNORECASE,
)
_WORD_RE = re.compile(rf"{_LETTER}(?:{_LETTER}|['’\-])*\.?", re.IGNORECASE)


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
    townland: str | None = None  # Northern Ireland: "Tullyneagh" in "Tullyneagh, Ballygawley"

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


def type_first(street_type: str | None) -> bool:
    """Whether the street type is written before the name (Welsh: "Heol y Coed")."""
    return street_type in WELSH_STREET_TYPES


def street_text(addr: UKAddress) -> str:
    """The street as written in order, normalised: "larkspur close", "heol y coed"."""
    name, stype = addr.street_name or "", addr.street_type or ""
    parts = [stype, name] if type_first(stype) else [name, stype]
    return " ".join(p for p in parts if p)


def flat_position(text: str) -> str:
    """A flat as the matcher compares it: a tenement position as "floor/door" ("2F1", "2/1"
    -> "2/1"; "G/L", "0/L" -> "0/l"; "3 Left" -> "3/l"), any other flat lower case ("12b")."""
    text = text.strip().lower()
    m = _TENEMENT_PARTS_RE.fullmatch(text)
    if m is None:
        return text
    floor = "0" if m.group("floor") == "g" else m.group("floor").lstrip("0") or "0"
    door = _DOOR_WORDS.get(m.group("door"), m.group("door").lstrip("0") or "0")
    return f"{floor}/{door}"


def is_house_like(name: str) -> bool:
    """A name with a house word ("Ivy Cottage", "Tŷ Gwyn") or starting "The" ("The Old Forge")."""
    words = [w.lower().rstrip(".") for w in _WORD_RE.findall(name)]
    return bool(words) and (words[0] == "the" or any(w in _HOUSE_LOOKUP for w in words))


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
    parts = [p.strip() for p in re.split(r"[,\n;()]", head) if p.strip()]
    street = _parse_parts(parts)
    if street is None:
        street = _parse_fallback(text)
    if street is None:
        street = _parse_named(parts, postcode is not None)
    if postcode is None and street is None:
        return None
    number, name, stype, flat, house_name, after = street or (None, None, None, None, None, [])
    if flat is None:  # "14 Hyndland Road, Flat 2/1"
        flats = (_FLAT_PART_RE.fullmatch(p) for p in after)
        flat = next((flat_position(m.group("flat") or m.group("pos")) for m in flats if m), None)
    localities = tuple(dict.fromkeys(p for p in after if _is_place(p)))
    localities += tuple(p.strip() for p in re.split(r"[,\n;]", tail) if _is_place(p.strip()))
    town = localities[0] if localities else None
    townland = None
    if house_name and not name and postcode and postcode.startswith("BT"):
        townland = None if is_house_like(house_name) else house_name
        house_name = house_name if townland is None else None
    return UKAddress(
        text, number, name, stype, flat, town, postcode, localities, house_name, townland
    )


_Street = tuple[str | None, str | None, str | None, str | None, str | None, list[str]]


def _parse_parts(parts: list[str]) -> _Street | None:
    """Find the street line among comma-separated parts; the parts after it are places."""
    flat: str | None = None
    house_name: str | None = None
    for i, part in enumerate(parts):
        flat_only = _FLAT_PART_RE.fullmatch(part)
        if flat_only:
            flat = flat_position(flat_only.group("flat") or flat_only.group("pos"))
            continue
        numbered = _NUMBERED_PART_RE.fullmatch(part)
        rest = numbered.group("rest") if numbered else part
        split = _split_street(rest, require_type=numbered is None)
        if split is None:
            if numbered is None and house_name is None and not re.search(r"\d", part):
                house_name = part
            continue
        name, stype, trailing = split
        after = ([trailing] if trailing else []) + parts[i + 1 :]
        if numbered is None:
            return None, name, stype, flat, house_name, after
        written = numbered.group("flat") or numbered.group("pos") or numbered.group("flat2")
        flat = flat_position(written) if written else flat
        return numbered.group("number").lower(), name, stype, flat, house_name, after
    return None


def _parse_named(parts: list[str], has_postcode: bool) -> _Street | None:
    """A house name (or townland) and places, no street: "The Old Forge, Wickwar". Without a
    postcode the name must look like a house's ("Cottage", "The ...")."""
    named = [p for p in parts if not _FLAT_PART_RE.fullmatch(p)]
    flats = [_FLAT_PART_RE.fullmatch(p) for p in parts]
    flat = next((flat_position(m.group("flat") or m.group("pos")) for m in flats if m), None)
    if len(named) < 2 or re.search(r"\d", named[0]) or not _WORD_RE.match(named[0]):
        return None
    if not has_postcode and not is_house_like(named[0]):
        return None
    return None, None, None, flat, named[0], named[1:]


def _split_street(rest: str, require_type: bool) -> tuple[str, str | None, str] | None:
    """'Larkspur Close Wickwar' -> ('larkspur', 'close', 'Wickwar'); type is the last type word."""
    words = _WORD_RE.findall(rest)
    if not words or " ".join(words) != " ".join(rest.split()):
        return None
    welsh = _welsh_type(words[0])
    if welsh is not None and len(words) > 1 and words[-1].lower().rstrip(".") not in _TYPE_LOOKUP:
        # "Heol y Coed", "Rhodfa'r Môr" (the article kept with the name: "'r môr")
        article = words[0][-2:] if welsh[1] else ""
        name = " ".join([article, *words[1:]]) if article else " ".join(words[1:])
        return normalise_street_name(name), welsh[0], ""
    for j in range(len(words) - 1, 0, -1):
        canon = _TYPE_LOOKUP.get(words[j].lower().rstrip("."))
        if canon is not None:
            return normalise_street_name(" ".join(words[:j])), canon, " ".join(words[j + 1 :])
    if require_type or len(words) > 3:
        return None
    return normalise_street_name(" ".join(words)), None, ""


def _welsh_type(word: str) -> tuple[str, bool] | None:
    """(canonical Welsh street type, written with the article "'r" joined) or None."""
    low = word.lower().replace("’", "'")
    if low in _WELSH_LOOKUP:
        return _WELSH_LOOKUP[low], False
    if low.endswith("'r") and low[:-2] in _WELSH_LOOKUP:
        return _WELSH_LOOKUP[low[:-2]], True
    return None


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
