"""Home address across the UK: Welsh names and streets, Scottish tenements, Northern Ireland
townlands and districts, house names, and what may follow an address without contradicting it."""

from __future__ import annotations

import pytest

from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import parse_profile


def hits(text: str, home: str, area: str | None = None) -> list[Hit]:
    data: dict = {"name": "Eleanor Whitcombe", "private": {"home_address": home}}
    if area:
        data["area"] = area
    found = Matcher(parse_profile(data)).match(Extracted(text))
    return [h for h in found if h.category is Category.HOME_ADDRESS]


def only(found: list[Hit]) -> Hit:
    assert len(found) == 1, found
    return found[0]


def shown(hit: Hit) -> str:
    return hit.evidence[hit.span[0] : hit.span[1]]


def full(hit: Hit) -> bool:
    return hit.severity is Severity.HIGH and not hit.partial


# -- Wales ------------------------------------------------------------------------------------

SWANSEA = "14 Larkspur Close, Swansea"
ABERTAWE = "14 Larkspur Close, Abertawe"


@pytest.mark.parametrize(
    ("home", "text"),
    [
        (SWANSEA, "Cyfeiriad: 14 Larkspur Close, Abertawe."),
        (ABERTAWE, "Address: 14 Larkspur Close, Swansea."),
        ("9 Mill Road, Newport", "9 Mill Road, Casnewydd."),
        ("9 Mill Road, Casnewydd", "9 Mill Road, Newport."),
        ("9 Mill Road, Cwmbran", "9 Mill Road, Cwmbrân."),
    ],
)
def test_welsh_and_english_town_names_are_the_same_town(home: str, text: str) -> None:
    assert full(only(hits(text, home)))


def test_another_known_town_after_the_street_is_someone_else() -> None:
    assert hits("14 Larkspur Close, Caerdydd.", SWANSEA) == []
    assert hits("14 Larkspur Close, Cardiff.", ABERTAWE) == []


def test_street_near_the_welsh_town_is_medium_partial() -> None:
    hit = only(hits("Roedd trigolion Larkspur Close yn Abertawe yn cwyno", SWANSEA))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)


HEOL = "14 Heol y Coed, Abertawe SA1 1AA"


@pytest.mark.parametrize(
    "written", ["14 Heol y Coed", "14 HEOL Y COED", "14, Heol y Coed", "Rhif 14 Heol y Coed"]
)
def test_welsh_street_type_before_the_name(written: str) -> None:
    hit = only(hits(f"Mae hi'n byw yn {written}, Abertawe.", HEOL))
    assert full(hit) and shown(hit).lower().endswith("coed")


@pytest.mark.parametrize(
    ("home", "written"),
    [
        ("3 Ffordd Las, Caerdydd", "3 Ffordd Las"),
        ("2 Lôn Isaf, Llanrug", "2 Lon Isaf"),
        ("2 Lôn Isaf, Llanrug", "2 Lôn Isaf"),
        ("7 Rhodfa'r Môr, Aberystwyth", "7 Rhodfa’r Mor"),
        ("11 Cilgant y Lli, Pwllheli", "11 Cilgant y Lli"),
        ("5 Maes y Dre, Dinbych", "5 Maes y Dre"),
        ("8 Stryd Fawr, Y Bala", "8 Stryd Fawr"),
    ],
)
def test_welsh_street_words(home: str, written: str) -> None:
    assert full(only(hits(f"Cyfeiriad: {written}.", home)))


@pytest.mark.parametrize(
    "text",
    [
        "16 Heol y Coed, Abertawe",  # another house
        "14 Heol y Coedwig, Abertawe",  # another street
        "14 Ffordd y Coed, Abertawe",  # another street type
        "14 Coed Road, Abertawe",
        "14 Heol y Coed, Caerdydd CF10 1AA",
    ],
)
def test_welsh_street_traps(text: str) -> None:
    assert hits(f"Hysbysiad: {text}.", HEOL) == []


# -- Scotland -----------------------------------------------------------------------------------

GLASGOW = "Flat 2/1, 14 Hyndland Road, Glasgow G12 9XX"


@pytest.mark.parametrize(
    "written",
    [
        "Flat 2/1, 14 Hyndland Road",
        "2/1, 14 Hyndland Road",
        "2/1 14 Hyndland Road",
        "2F1, 14 Hyndland Road",
        "Flat 2F1 14 Hyndland Rd",
        "14 Hyndland Road, Flat 2/1",
        "14 Hyndland Rd (2F1)",
    ],
)
def test_tenement_position_in_any_spelling_is_high(written: str) -> None:
    hit = only(hits(f"Lives at {written}, Glasgow.", GLASGOW))
    assert full(hit) and "Hyndland" in shown(hit)


@pytest.mark.parametrize(
    ("home", "written"),
    [
        ("Flat G/L, 5 Byres Road, Glasgow", "0/L, 5 Byres Road"),
        ("Flat 0/1, 5 Byres Road, Glasgow", "G/1, 5 Byres Road"),
        ("Flat 0/1, 5 Byres Road, Glasgow", "GF1, 5 Byres Road"),
        ("1F2, 5 Byres Road, Edinburgh", "Flat 1/2, 5 Byres Road"),
        ("Flat 3 Left, 5 Byres Road, Aberdeen", "Flat 3/L, 5 Byres Road"),
    ],
)
def test_ground_floor_and_door_spellings(home: str, written: str) -> None:
    assert full(only(hits(f"Contact: {written}.", home)))


@pytest.mark.parametrize("written", ["Flat 1/2, 14 Hyndland Road", "2/14 Hyndland Road"])
def test_another_position_in_the_building_is_medium_partial(written: str) -> None:
    # "2/14" is flat 2 of number 14 (English style): the building, a flat written otherwise
    hit = only(hits(f"Contact: {written}, Glasgow.", GLASGOW))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)
    assert "position" in hit.note


def test_the_building_without_a_position_is_medium_partial() -> None:
    hit = only(hits("Contact: 14 Hyndland Road, Glasgow.", GLASGOW))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)


@pytest.mark.parametrize(
    "text", ["2/1, 16 Hyndland Road", "2/1, 14 Hyndland Street", "2/1, 114 Hyndland Road"]
)
def test_tenement_traps(text: str) -> None:
    assert hits(f"Planning: {text}, Glasgow.", GLASGOW) == []


# -- Northern Ireland ---------------------------------------------------------------------------

BELFAST = "9 Ashgrove Park, Belfast BT10 0EE"


@pytest.mark.parametrize(
    "text",
    ["9 Ashgrove Park, BT10", "9 Ashgrove Park, Finaghy", "9 Ashgrove Park, BT10 0EE"],
)
def test_town_replaced_by_district_or_unknown_ward_is_the_address(text: str) -> None:
    assert full(only(hits(f"Notice: {text}.", BELFAST)))


@pytest.mark.parametrize(
    "text", ["9 Ashgrove Park, BT9", "9 Ashgrove Park, Newry", "9 Ashgrove Park, BT9 5AA"]
)
def test_another_district_or_known_town_is_someone_else(text: str) -> None:
    assert hits(f"Notice: {text}.", BELFAST) == []


RURAL = "45 Ballymoney Road, Drumnakilly, Omagh BT79 0JX"


def test_rural_number_and_road_with_the_townland_is_high() -> None:
    assert full(only(hits("45 Ballymoney Road, Drumnakilly", RURAL)))


def test_a_road_named_after_the_townland_is_not_the_address() -> None:
    assert hits("Roadworks on Drumnakilly Road, Carrickmore next week", RURAL) == []


TOWNLAND = "Tullyneagh, Ballygawley, BT70 2HR"


def test_townland_and_postcode_is_high() -> None:
    assert full(only(hits("Tullyneagh, Ballygawley, BT70 2HR", TOWNLAND)))


def test_townland_and_town_without_postcode_is_medium_partial() -> None:
    hit = only(hits("Farm sale at Tullyneagh, Ballygawley on Saturday", TOWNLAND))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)
    assert shown(hit) == "Tullyneagh, Ballygawley"


def test_townland_alone_is_not_a_hit() -> None:
    assert hits("The Tullyneagh road was closed", TOWNLAND) == []


# -- house names --------------------------------------------------------------------------------

IVY = "Ivy Lodge, Church Lane, Little Snoring NR21 0AA"


@pytest.mark.parametrize(
    "text", ["Ivy Lodge, Church Lane", "IVY LODGE, CHURCH LANE", "Ivy Lodge Church La."]
)
def test_house_name_and_street_is_high(text: str) -> None:
    assert full(only(hits(f"Sold: {text}.", IVY)))


FORGE = "The Old Forge, Wickwar"


@pytest.mark.parametrize(
    "text", ["The Old Forge, Wickwar", "Old Forge, Wickwar", "the old forge, WICKWAR"]
)
def test_house_name_and_village_without_street_is_high(text: str) -> None:
    hit = only(hits(f"Planning application: {text}.", FORGE))
    assert full(hit) and shown(hit).lower().endswith("wickwar")


@pytest.mark.parametrize(
    "text",
    [
        "The Old Forge, Yate",  # another village's Old Forge
        "The Old Forge restaurant reopens in Yate",
        "The Old Forge is a common house name",
        "Wickwar has an old forgery",
    ],
)
def test_house_name_traps(text: str) -> None:
    assert hits(text, FORGE) == []


@pytest.mark.parametrize("label", ["Address:", "Cyfeiriad:", "Home address -"])
def test_house_name_after_an_address_label_is_medium_partial(label: str) -> None:
    hit = only(hits(f"{label} The Old Forge", FORGE))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)


@pytest.mark.parametrize(
    ("home", "text"),
    [
        ("Rose Cottage, The Street, Little Snoring", "Rose Cott., The Street"),
        ("Rose Cottage, The Street, Little Snoring", "Rose Cottage, The St."),
        ("Manor Farm, Mill Lane, Wickwar", "Manor Fm, Mill La."),
        ("Ivy House, Mill Lane, Wickwar", "Ivy Ho., Mill Lane"),
        ("Tŷ Gwyn, Heol y Coed, Abertawe", "Ty Gwyn, Heol y Coed"),
    ],
)
def test_house_word_and_street_abbreviations(home: str, text: str) -> None:
    assert full(only(hits(f"Sold: {text}.", home)))


# -- what follows an address ----------------------------------------------------------------------

HOME = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"


@pytest.mark.parametrize(
    "text",
    [
        "14 Larkspur Close, Wickwar on Sunday.",
        "14 Larkspur Close, Wickwar in May.",
        "14 Larkspur Close, Henleaze.",
        "14 Larkspur Close, Tuffley",
        "14 Larkspur Close, March 2024",
        "14 Larkspur Close, GL12",
    ],
)
def test_words_after_the_town_and_unknown_wards_do_not_contradict(text: str) -> None:
    assert full(only(hits(f"Notice: {text}", HOME, area="Wickwar")))


@pytest.mark.parametrize(
    "text",
    [
        "14 Larkspur Close, Yate on Sunday.",
        "14 Larkspur Close, Bristol in May.",
        "14 Larkspur Close, BS37",
    ],
)
def test_a_known_town_followed_by_words_is_still_another_town(text: str) -> None:
    assert hits(f"Notice: {text}", HOME, area="Wickwar") == []


@pytest.mark.parametrize(
    ("home", "unit"),
    [
        (FORGE, "Old Forge, "),
        (HEOL, "Heol y Coed "),
        (GLASGOW, "2/1, 14 Hyndland Road, Flat 2/1 "),
        (TOWNLAND, "Tullyneagh, "),
        (HOME, "14 Larkspur Close, Wickwar on Sunday "),
    ],
)
def test_hostile_repeats_of_the_new_forms_cost_linear_time(home: str, unit: str) -> None:
    import time

    text = unit * (1_000_000 // len(unit))
    start = time.process_time()
    hits(text, home)
    assert time.process_time() - start < 2.0
