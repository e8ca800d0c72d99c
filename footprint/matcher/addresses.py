"""Home address: postcode, house number + street, and weaker partial forms.

Rules (per home address in the profile):
- high: the full postcode in any spacing or case ("GL12 8QX", "GL128QX", "gl12 8qx");
- high: house number + street name + type, with the usual abbreviations (Rd, St, Ave, Cl, Cres,
  Gdns, Terr, ... with or without a dot), straight/curly/missing apostrophes (St John's,
  St Johns, St. John’s), "Saint" for "St", and flat forms ("Flat 3, 27 Acacia Ave", "3/27 Acacia
  Avenue", "Apartment 3, 27 ..."). A house name in the profile ("Rose Cottage, Mill Lane")
  counts as the number;
- high: a house name in the profile followed by one of the address's places ("The Old Forge,
  Wickwar"), house words abbreviated as people write them ("Rose Cott.", "Manor Fm");
- high: a Welsh street, type first ("14 Heol y Coed"); a Scottish tenement flat position in
  any of its spellings ("Flat 2/1", "2/1", "2F1", "0/1" = "G/1", "G/L", "Flat 3 Left"), before
  the number or just after the street ("14 Hyndland Road, Flat 2/1", "... Rd (2F1)");
- medium, partial: the building without the profile's flat number;
- medium, partial: the building with another tenement position: positions are written
  inconsistently (floor/door, door/floor, 0 or G for the ground floor), so a different one
  does not prove a neighbour - unlike a different flat number, which does (no hit);
- medium, partial: a Northern Ireland townland followed by one of the address's places, no
  number ("Tullyneagh, Ballygawley": a townland holds tens of homes);
- medium, partial: the house name alone right after an address label ("Address:",
  "Cyfeiriad:", "Home address -"); alone without one it is no hit (house names repeat);
- medium, partial: the street name without a house number, with one of the address's places
  (town, village, the profile's area) or its postcode district within ~150 characters;
- low, partial: the street name alone, unless it is one of the commonest UK street names
  ("High Street", "Church Road", ...), which need a place nearby to count at all;
- low, partial: the postcode district or sector alone ("GL12", "GL12 8") - only with one of the
  address's places within ~100 characters, because a district covers thousands of homes and
  the candidate's area is usually public anyway.

An address's places are its localities (town, village, townland, county), the profile's
area, and each of those in its other language (footprint/placenames.py: "Abertawe" for
"Swansea", "Casnewydd" for "Newport", and back; accents optional).

Not the subject's address (no hit): the street with a different house or flat number (a
neighbour), or followed within ~50 characters (before any sentence end) by a different postcode
("14 Larkspur Close, Yate BS37 4AB") or postcode district ("9 Ashgrove Park, BT9"), or
followed after a comma by a known town (a UK town of 15,000+ people, footprint/data) that is
not one of the address's places ("14 Larkspur Close, Yate."). Only a known town contradicts:
a district, ward or townland the data does not know ("9 Ashgrove Park, Finaghy", "...,
Henleaze"), the address's own postcode district ("9 Ashgrove Park, BT10"), a county or
nation ("..., South Gloucestershire") and prose ("14 Larkspur Close, Eleanor said") do not.
The longest run of capitalised words is judged by its leading words, so a word after the town
("..., Wickwar on Sunday", "..., Yate in May") does not make another place of it; month and day
names are never towns ("..., March 2024"). Without a comma a following word is not judged:
page furniture ("Contact Us") would look like a town.

Prefilter: the street's longest word (see streets.py), the house name's (housenames.py) and
the postcode district, in lower/Title/UPPER case, found by literal-led scans; the rules run
only where they occur.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from footprint.address import (
    POSTCODE_RE,
    TENEMENT,
    UKAddress,
    flat_position,
    parse_uk_address,
    street_text,
)
from footprint.matcher.housenames import HouseNameFinder
from footprint.matcher.localities import PlaceFinder, PostcodeFinder, place_key
from footprint.matcher.nearby import Marks
from footprint.matcher.places import COMMON_STREETS, REGIONS
from footprint.matcher.snippets import Item
from footprint.matcher.streets import StreetFinder
from footprint.model import Category, Hit, Severity
from footprint.placenames import fold, known_town, same_places
from footprint.profile import Profile

_FLAT_WORD = r"(?:flat|apartment|apt|unit)\.?"
_NUMBER_BEFORE_RE = re.compile(
    r"(?<![\w/\-])"
    rf"(?:{_FLAT_WORD}\s*(?P<flat>{TENEMENT}|[0-9]+[a-z]?|[a-z])\s*,?\s*"
    rf"|(?P<pos>{TENEMENT})\s*,?\s+"
    r"|(?P<flat2>\d+[a-z]?)\s*/\s*)?"
    r"(?:no\.?\s*)?(?P<number>\d+[a-z]?)\s*,?\s*\Z",
    re.IGNORECASE,
)
# A flat written after the street: "14 Hyndland Road, Flat 2/1", "14 Hyndland Rd (2F1)".
_FLAT_AFTER_RE = re.compile(
    rf"\s*[,(]?\s*(?:{_FLAT_WORD}\s*(?P<flat>{TENEMENT}|[0-9]+[a-z]?)|(?P<pos>{TENEMENT}))"
    r"(?![\w/])\)?",
    re.IGNORECASE,
)
_TOWN_AFTER_RE = re.compile(
    r"\s*,\s*(?P<town>[A-Z][\w'’]*"
    r"(?:[ \-](?:[A-Z][\w'’]*|upon|under|on|in|le|by|the|en|ar|y|yr)){0,4})"
)
_DISTRICT_RE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
_MONTHS_AND_DAYS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_NOT_TOWNS = frozenset(_MONTHS_AND_DAYS.split("|"))
# An address label just before a house name: "Address:", "Cyfeiriad:", "Home address -".
_LABEL_RE = re.compile(r"(?:address|addr\.?|cyfeiriad(?:\s+cartref)?)\s*[:\-–]\s*\Z", re.IGNORECASE)
_LABEL_REACH = 30
_COMMA_RE = re.compile(r"\s*,\s*")
_DIGIT_RE = re.compile(r"\d")
_SENTENCE_END_RE = re.compile(r"[;!?|]|\.\s")  # the address line ends here
_PLACE_REACH = 150
_DISTRICT_REACH = 100
_POSTCODE_REACH = 50


def _number_just_before(text: str, start: int) -> bool:
    """Cheap test before the regex: does a house number ("14", "14a", "14,") end here?"""
    head = text[max(0, start - 40) : start].rstrip(" ,\t\n\r\u00a0")
    if not head:
        return False
    return head[-1].isdigit() or (len(head) > 1 and head[-1].isalpha() and head[-2].isdigit())


class _Home:
    """One home address's compiled patterns and rules."""

    def __init__(self, matched: str, value: str, addr: UKAddress, places: tuple[str, ...]) -> None:
        self.matched, self.value, self.addr = matched, value, addr
        self.item = Item(Category.HOME_ADDRESS, matched, value)
        self.places = PlaceFinder(places)
        self.place_keys = frozenset(fold(k) for k in self.places.keys)
        self.street: StreetFinder | None = None
        self.common_street = False
        if addr.street_name:
            self.street = StreetFinder(addr.street_name, addr.street_type)
            self.common_street = street_text(addr).replace("'", "") in COMMON_STREETS
        self.house = HouseNameFinder(addr.house_name) if addr.house_name else None
        self.townland = PlaceFinder((addr.townland,)) if addr.townland else None
        self.postcode = PostcodeFinder(addr.postcode) if addr.postcode else None
        # Each mention holds one of these (lower case, also without accents): the outward
        # code, the leading letters of a street word ("john" of "john's"), a word of the house
        # name or townland.
        name_words = (addr.street_name or "").split()
        words = [re.match(r"[^\W_]*", t).group(0) for t in name_words]  # type: ignore[union-attr]
        words += re.findall(r"[^\W\d_]+", f"{addr.house_name or ''} {addr.townland or ''}".lower())
        words += [addr.outward.lower()] if addr.outward else []
        words += [fold(w) for w in words]
        self.needles = tuple(dict.fromkeys(w for w in words if w and w not in ("st", "saint")))

    def find(self, text: str) -> Iterator[Hit]:
        """The best hit for this address (at most one)."""
        scan = _Scan(self, text)
        best = scan.postcode()
        if best is not None and best.severity is Severity.HIGH:
            yield best  # nothing beats it; its snippet shows the surrounding address anyway
            return
        best = scan.streets(best)
        if best is None or best.severity is not Severity.HIGH:
            best = scan.named(best)
        if best is not None:
            yield best

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Every mention in a form find() accepts - full postcode, district or sector, street
        (from its house or flat number when one is just before), house name - whatever its
        context: the rules about places nearby and neighbours are not applied, except that one
        of the commonest street names ("High Street") without a number needs a place nearby,
        as in find(): alone it says nothing about where anyone lives."""
        scan = _Scan(self, text)
        if self.postcode is not None:
            starts = scan._anchors
            for pos in starts:
                full = self.postcode.full(text, [pos])
                if full is not None:
                    yield full
            yield from ((start, end) for start, end, _ in self.postcode.districts(text, starts))
        if self.street is not None:
            for start, end in self.street.find(text):
                before = (
                    _NUMBER_BEFORE_RE.search(text, max(0, start - 40), start)
                    if _number_just_before(text, start)
                    else None
                )
                bare_common = before is None and self.common_street
                if bare_common and scan.place_near(start, end, _PLACE_REACH) is None:
                    continue
                after = _FLAT_AFTER_RE.match(text, end) if before is not None else None
                yield (before.start() if before else start), (after.end() if after else end)
        if self.house is not None:
            yield from self.house.find(text)
        if self.townland is not None:
            for start, end, _ in self.townland.marks(text):
                place = scan.place_right_after(end)
                if place is not None:
                    yield start, place[1]

    def elsewhere(self, text: str, end: int) -> bool:
        """A different postcode or town right after the street: someone else's address."""
        if self.addr.postcode:
            stop = _SENTENCE_END_RE.search(text, end, end + _POSTCODE_REACH)
            limit = stop.start() if stop else end + _POSTCODE_REACH
            has_digit = _DIGIT_RE.search(text, end, limit) is not None
            pc = POSTCODE_RE.search(text, end, limit) if has_digit else None
            if pc is not None:
                found = f"{pc.group(1)} {pc.group(2)}".upper()
                if found != self.addr.postcode:
                    return True
        town = _TOWN_AFTER_RE.match(text, end, end + 120)
        if town is None:
            return False
        words = re.split(r"[ \-]", town.group("town"))
        if _DISTRICT_RE.fullmatch(words[0]):  # "9 Ashgrove Park, BT10"
            return self.addr.outward is not None and words[0] != self.addr.outward
        for k in range(len(words), 0, -1):  # "Wickwar on Sunday": "Wickwar" decides
            name = place_key(" ".join(words[:k]))
            if fold(name) in self.place_keys or name in REGIONS or name in _NOT_TOWNS:
                return False
            if known_town(name):
                return True
        return False


class _Scan:
    """One address against one text; places and districts are found at most once."""

    def __init__(self, home: _Home, text: str) -> None:
        self.home, self.text = home, text
        self._anchors = home.postcode.anchor.positions(text) if home.postcode else ()
        self._places: Marks | None = None
        self._districts: Marks | None = None

    def places(self) -> Marks:
        if self._places is None:
            self._places = self.home.places.marks(self.text)
        return self._places

    def districts(self) -> Marks:
        if self._districts is None:
            finder = self.home.postcode
            self._districts = finder.districts(self.text, self._anchors) if finder else Marks([])
        return self._districts

    def place_right_after(self, end: int) -> tuple[int, int, str] | None:
        """One of the address's places just after a comma at `end` ("The Old Forge, Wickwar")."""
        sep = _COMMA_RE.match(self.text, end)
        if sep is None:
            return None
        found = self.places().within(sep.end(), sep.end() + 1)
        return found if found is not None and found[0] > end else None

    def place_near(self, start: int, end: int, reach: int, district: bool = True) -> str | None:
        """One of the address's places (or, if `district`, its postcode district) nearby."""
        lo, hi = start - reach, end + reach
        found = self.places().within(lo, hi)
        if found is None and district:
            found = self.districts().within(lo, hi)
        return self.text[found[0] : found[1]] if found else None

    def postcode(self) -> Hit | None:
        home, text = self.home, self.text
        if home.postcode is None or not self._anchors:
            return None
        full = home.postcode.full(text, self._anchors)
        if full is not None:
            return home.item.hit(text, *full, Severity.HIGH)
        if not self.places():
            return None  # a district alone says little: only count it next to a known place
        for start, end, what in self.districts():
            place = self.place_near(start, end, _DISTRICT_REACH, district=False)
            if place is not None:
                note = f"postcode {what} only, near '{place}'"
                return home.item.hit(text, start, end, Severity.LOW, note, partial=True)
        return None

    def streets(self, best: Hit | None) -> Hit | None:
        """The best street mention, given the best hit so far."""
        if self.home.street is None:
            return best
        for start, end in self.home.street.find(self.text):
            numbered = _number_just_before(self.text, start)
            if not numbered and best is not None and best.severity is not Severity.LOW:
                continue  # a bare street name cannot beat a medium hit
            if not numbered and best is not None and not self.places() and not self.districts():
                continue  # nor another low one: without a place nearby it stays low
            hit = self._judge(start, end, numbered)
            if hit is not None and (best is None or _stronger(hit, best)):
                best = hit
                if best.severity is Severity.HIGH:
                    break
        return best

    def _judge(self, start: int, end: int, numbered: bool) -> Hit | None:
        home, text, addr = self.home, self.text, self.home.addr
        before = _NUMBER_BEFORE_RE.search(text, max(0, start - 40), start) if numbered else None
        flat: str | None = None
        if before is not None:
            number = before.group("number").lower()
            written = before.group("flat") or before.group("pos") or before.group("flat2")
            after = _FLAT_AFTER_RE.match(text, end) if written is None else None
            if after is not None:
                written, end = after.group("flat") or after.group("pos"), after.end()
            flat = flat_position(written) if written else None
            if number != addr.number:
                return None  # another house on the same street
            other_flat = addr.flat and flat is not None and flat != addr.flat
            if other_flat and "/" not in addr.flat + flat:
                return None  # another flat in the same building
        if home.elsewhere(text, end):
            return None
        if before is not None:
            if addr.flat and flat is None:
                note = "building address without the flat number"
                return home.item.hit(text, before.start(), end, Severity.MEDIUM, note, partial=True)
            if addr.flat and flat != addr.flat:
                note = "building address with another flat position (often written differently)"
                return home.item.hit(text, before.start(), end, Severity.MEDIUM, note, partial=True)
            return home.item.hit(text, before.start(), end, Severity.HIGH)
        if home.house is not None:
            lo = max(0, start - 60)
            for h_start, h_end in home.house.find(text[lo:start]):
                if re.fullmatch(r"[\s,]*", text[lo + h_end : start]):
                    return home.item.hit(text, lo + h_start, end, Severity.HIGH)
        place = self.place_near(start, end, _PLACE_REACH)
        if place is not None:
            note = f"street name without house number, near '{place}'"
            return home.item.hit(text, start, end, Severity.MEDIUM, note, partial=True)
        if home.common_street:
            return None
        note = "street name only (no house number or place nearby)"
        return home.item.hit(text, start, end, Severity.LOW, note, partial=True)

    def named(self, best: Hit | None) -> Hit | None:
        """House name or townland without a street, given the best hit so far."""
        home, text = self.home, self.text
        if home.house is not None:
            for start, end in home.house.find(text):
                place = self.place_right_after(end)
                if place is not None:
                    return home.item.hit(text, start, place[1], Severity.HIGH)
                labelled = _LABEL_RE.search(text, max(0, start - _LABEL_REACH), start)
                if labelled is not None and (best is None or best.severity is Severity.LOW):
                    note = "house name after an address label, without street or place"
                    best = home.item.hit(text, start, end, Severity.MEDIUM, note, partial=True)
        if home.townland is not None and (best is None or best.severity is Severity.LOW):
            for start, end, _ in home.townland.marks(text):
                place = self.place_right_after(end)
                if place is not None:
                    note = "townland and town, without house number or postcode"
                    return home.item.hit(text, start, place[1], Severity.MEDIUM, note, partial=True)
        return best


def _stronger(a: Hit, b: Hit) -> bool:
    return (a.severity.rank, a.partial) < (b.severity.rank, b.partial)


class AddressMatcher:
    """Every home address in the profile."""

    category = Category.HOME_ADDRESS

    def __init__(self, profile: Profile) -> None:
        items = profile.private.home_addresses
        self._homes: list[_Home] = []
        for i, value in enumerate(items):
            addr = parse_uk_address(value)
            if addr is None:
                continue
            matched = f"private.home_address[{i}]" if len(items) > 1 else "private.home_address"
            places = addr.localities + ((profile.area,) if profile.area else ())
            places += (addr.townland,) if addr.townland else ()
            places = tuple(dict.fromkeys(n for p in places for n in same_places(p)))
            self._homes.append(_Home(matched, value, addr, places))

    def find(self, text: str) -> Iterator[Hit]:
        for home in self._homes:
            yield from home.find(text)

    def may_occur(self, low: str) -> bool:
        """False when text (lower-cased) cannot hold a span."""
        return any(n in low for home in self._homes for n in home.needles)

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, profile value) of every mention of any home address."""
        for home in self._homes:
            for start, end in home.spans(text):
                yield start, end, home.value
