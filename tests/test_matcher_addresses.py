"""Home address: postcode and number+street hit high; partial forms lower; other homes never."""

from __future__ import annotations

import pytest

from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import parse_profile

HOME = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"


def address_hits(text: str, *addresses: str, area: str | None = "Wickwar") -> list[Hit]:
    data: dict = {
        "name": "Eleanor Whitcombe",
        "private": {"home_address": list(addresses or [HOME])},
    }
    if area:
        data["area"] = area
    hits = Matcher(parse_profile(data)).match(Extracted(text))
    return [h for h in hits if h.category is Category.HOME_ADDRESS]


def only(hits: list[Hit]) -> Hit:
    assert len(hits) == 1, hits
    return hits[0]


def found(hit: Hit) -> str:
    return hit.evidence[hit.span[0] : hit.span[1]]


@pytest.mark.parametrize("written", ["GL12 8QX", "GL128QX", "gl12 8qx", "Gl12  8Qx", "GL12-8QX"])
def test_full_postcode_in_any_spacing_or_case_is_high(written: str) -> None:
    hit = only(address_hits(f"Registered office: somewhere {written} (see map)"))
    assert (hit.severity, hit.partial, hit.matched) == (
        Severity.HIGH,
        False,
        "private.home_address",
    )
    assert hit.value == HOME
    assert found(hit) == written.replace("  ", " ")


@pytest.mark.parametrize("text", ["GL12 8QY", "GL12 9QX", "AGL12 8QX", "GL12 8QXA", "GL1 28QX"])
def test_other_postcodes_do_not_hit(text: str) -> None:
    assert address_hits(f"Office at {text} today", area=None) == []


@pytest.mark.parametrize(
    "written",
    [
        "14 Larkspur Close",
        "14 Larkspur Cl",
        "14 Larkspur Cl.",
        "14, Larkspur Close",
        "No. 14 Larkspur Close",
        "14 LARKSPUR CLOSE",
        "14  larkspur\n close",
    ],
)
def test_number_and_street_is_high(written: str) -> None:
    hit = only(address_hits(f"She lives at {written} with her family."))
    assert (hit.severity, hit.partial) == (Severity.HIGH, False)
    assert found(hit) == " ".join(written.split())


SAINT = "12 St John's Road, Bath BA1 2AB"


@pytest.mark.parametrize(
    "written",
    [
        "12 St John's Road",
        "12 St Johns Road",
        "12 St. John’s Rd",
        "12 St.John's Rd.",
        "12 Saint John's Road",
        "12 ST JOHNS RD",
    ],
)
def test_saint_and_apostrophe_forms(written: str) -> None:
    hit = only(address_hits(f"Contact: {written}, Bath", SAINT, area=None))
    assert (hit.severity, hit.partial) == (Severity.HIGH, False)
    assert found(hit).startswith("12 ")


FLAT = "Flat 3, 27 Acacia Avenue, Leeds LS6 2AB"


@pytest.mark.parametrize(
    "written",
    [
        "Flat 3, 27 Acacia Ave",
        "3/27 Acacia Avenue",
        "Apartment 3, 27 Acacia Avenue",
        "Apt 3 27 Acacia Av",
    ],
)
def test_flat_forms_are_high(written: str) -> None:
    hit = only(address_hits(f"Address: {written}, Leeds", FLAT, area=None))
    assert (hit.severity, hit.partial) == (Severity.HIGH, False)
    assert found(hit) == written


def test_building_without_flat_number_is_medium_partial() -> None:
    hit = only(address_hits("Address: 27 Acacia Avenue, Leeds", FLAT, area=None))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)
    assert "flat" in hit.note


@pytest.mark.parametrize(
    "written", ["Flat 5, 27 Acacia Ave", "5/27 Acacia Avenue", "29 Acacia Avenue"]
)
def test_other_flats_and_houses_do_not_hit(written: str) -> None:
    assert address_hits(f"Address: {written}, Leeds", FLAT, area=None) == []


@pytest.mark.parametrize(
    "text",
    [
        "14 Larkspur Close, Yate BS37 4AB",
        "14 Larkspur Close BS37 4AB",
        "14 Larkspur Close, Yate.",
        "14 Larkspur Close, Chipping Sodbury, South Glos",
        "16 Larkspur Close, Wickwar",
        "14a Larkspur Close",
        "114 Larkspur Close",
    ],
)
def test_same_street_elsewhere_or_other_house_is_not_a_hit(text: str) -> None:
    assert address_hits(f"Planning notice: {text}") == []


@pytest.mark.parametrize(
    "text",
    [
        "14 Larkspur Close, Wickwar",
        "14 Larkspur Close, Wotton under Edge",
        "14 Larkspur Close, South Gloucestershire",
        "14 Larkspur Close, Eleanor said",
        "14 Larkspur Close, GL12 8QX",
    ],
)
def test_own_places_regions_or_prose_after_the_street_still_hit(text: str) -> None:
    hit = only(address_hits(f"Notice: {text}."))
    assert (hit.severity, hit.partial) == (Severity.HIGH, False)


def test_street_without_number_near_town_is_medium_partial() -> None:
    hit = only(address_hits("Residents of Larkspur Close in Wickwar complained"))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)
    assert "Wickwar" in hit.note and found(hit) == "Larkspur Close"


def test_street_alone_is_low_partial() -> None:
    hit = only(address_hits("Residents of Larkspur Close complained", area=None))
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert hit.note


def test_common_street_alone_is_not_a_hit_but_is_near_the_town() -> None:
    home = "5 High Street, Wickwar GL12 8AA"
    assert address_hits("Shops on the High Street are closing", home, area=None) == []
    hit = only(address_hits("Shops on the High Street, Wickwar are closing", home, area=None))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)


@pytest.mark.parametrize("text", ["Wickwar (GL12)", "GL12, Wickwar", "wickwar gl12"])
def test_postcode_district_near_town_is_low_partial(text: str) -> None:
    hit = only(address_hits(f"Lives near {text} apparently"))
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert "district" in hit.note
    assert found(hit).lower() == "gl12"


def test_postcode_sector_near_town_is_low_partial() -> None:
    hit = only(address_hits("Wickwar GL12 8 area"))
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert "sector" in hit.note


@pytest.mark.parametrize(
    "text",
    ["GL12 on its own", "Wickwar GL12 9AB", "Wickwar " + "x" * 200 + " GL12", "GL123 Wickwar"],
)
def test_district_without_town_or_inside_another_postcode_is_not_a_hit(text: str) -> None:
    assert address_hits(text) == []


def test_best_hit_wins_and_one_per_address() -> None:
    text = "Larkspur Close, Wickwar. GL12. Full: 14 Larkspur Close. Post GL12 8QX."
    hit = only(address_hits(text))
    assert hit.severity is Severity.HIGH and not hit.partial


def test_several_addresses_are_indexed() -> None:
    hits = address_hits("27 Acacia Avenue flat 3? No: 3/27 Acacia Avenue; and GL12 8QX", HOME, FLAT)
    assert sorted(h.matched for h in hits) == [
        "private.home_address[0]",
        "private.home_address[1]",
    ]
    assert {h.value for h in hits} == {HOME, FLAT}


def test_house_name_with_street_is_high() -> None:
    home = "Rose Cottage, Mill Lane, Wickwar GL12 8AB"
    hit = only(address_hits("Rose Cottage, Mill Lane is for sale", home))
    assert (hit.severity, found(hit)) == (Severity.HIGH, "Rose Cottage, Mill Lane")


@pytest.mark.parametrize(
    ("home", "written"),
    [
        ("5 Primrose Crescent, Wickwar", "5 Primrose Cres"),
        ("5 Primrose Crescent, Wickwar", "5 Primrose Cres."),
        ("5 Primrose Gardens, Wickwar", "5 Primrose Gdns"),
        ("5 Primrose Terrace, Wickwar", "5 Primrose Terr"),
        ("5 Primrose Terrace, Wickwar", "5 Primrose Tce"),
        ("5 Primrose Road, Wickwar", "5 Primrose Rd"),
        ("5 Primrose Avenue, Wickwar", "5 Primrose Ave."),
        ("5 Market Street, Wickwar", "5 Market St."),
        ("5 Market St, Wickwar", "5 Market Street"),
        ("5 St Mary's Street, Wickwar", "5 St Marys St"),
        ("5 Primrose Drive, Wickwar", "5 primrose dr"),
    ],
)
def test_street_type_abbreviations(home: str, written: str) -> None:
    hit = only(address_hits(f"Contact: {written}, Wickwar.", home))
    assert (hit.severity, found(hit)) == (Severity.HIGH, written)


@pytest.mark.parametrize(
    ("home", "written"),
    [
        ("5 Primrose Crescent, Wickwar", "5 Primrose Close"),
        ("5 Primrose Road, Wickwar", "5 Primrose Rise"),
        ("5 Market Street, Wickwar", "5 Market Place"),
    ],
)
def test_other_street_types_do_not_hit(home: str, written: str) -> None:
    assert address_hits(f"Contact: {written}, Wickwar.", home) == []
