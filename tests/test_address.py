"""UK address parsing: the parts the matcher and profile validation rely on."""

from __future__ import annotations

import pytest

from footprint.address import (
    flat_position,
    normalise_postcode,
    normalise_street_name,
    parse_uk_address,
    street_text,
)


@pytest.mark.parametrize(
    ("text", "number", "name", "stype", "flat", "town", "postcode"),
    [
        (
            "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX",
            "14",
            "larkspur",
            "close",
            None,
            "Wickwar",
            "GL12 8QX",
        ),
        ("Flat 3, 27 Acacia Avenue, Leeds", "27", "acacia", "avenue", "3", "Leeds", None),
        ("3/27 Acacia Ave, Leeds LS6 2AB", "27", "acacia", "avenue", "3", "Leeds", "LS6 2AB"),
        ("12 St. John’s Road, Bath", "12", "st john's", "road", None, "Bath", None),
        ("14 Church Hill Road, Yate", "14", "church hill", "road", None, "Yate", None),
        (
            "14 Larkspur Close Wickwar gl128qx",
            "14",
            "larkspur",
            "close",
            None,
            "Wickwar",
            "GL12 8QX",
        ),
        ("No. 5 High St, Thornbury", "5", "high", "street", None, "Thornbury", None),
        ("14 Broadway, Yate", "14", "broadway", None, None, "Yate", None),
        (
            "Apartment 12B, 40 Queen Street, Cardiff CF10 2AB",
            "40",
            "queen",
            "street",
            "12b",
            "Cardiff",
            "CF10 2AB",
        ),
        ("GL12 8QX", None, None, None, None, None, "GL12 8QX"),
    ],
)
def test_parts(
    text: str,
    number: str | None,
    name: str | None,
    stype: str | None,
    flat: str | None,
    town: str | None,
    postcode: str | None,
) -> None:
    addr = parse_uk_address(text)
    assert addr is not None
    assert (addr.number, addr.street_name, addr.street_type) == (number, name, stype)
    assert (addr.flat, addr.town, addr.postcode) == (flat, town, postcode)


def test_localities_and_outward_code() -> None:
    addr = parse_uk_address("14 Larkspur Close, Wickwar, Wotton-under-Edge, Glos GL12 8QX, UK")
    assert addr is not None
    assert addr.localities == ("Wickwar", "Wotton-under-Edge", "Glos", "UK")
    assert addr.outward == "GL12"


def test_house_name() -> None:
    addr = parse_uk_address("Rose Cottage, Mill Lane, Wickwar GL12 8AB")
    assert addr is not None
    assert (addr.house_name, addr.number, addr.street_name, addr.street_type) == (
        "Rose Cottage",
        None,
        "mill",
        "lane",
    )


@pytest.mark.parametrize("text", ["somewhere nice", "Wickwar", "Flat 3", "12345"])
def test_unrecognisable_addresses(text: str) -> None:
    assert parse_uk_address(text) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("gl128qx", "GL12 8QX"),
        (" GL12  8QX ", "GL12 8QX"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("GL12", None),
    ],
)
def test_normalise_postcode(raw: str, expected: str | None) -> None:
    assert normalise_postcode(raw) == expected


def test_normalise_street_name() -> None:
    assert normalise_street_name("St.  John’s") == "st john's"


@pytest.mark.parametrize(
    ("text", "number", "name", "stype"),
    [
        ("14 Heol y Coed, Abertawe SA1 1AA", "14", "y coed", "heol"),
        ("3 Ffordd Las, Caerdydd", "3", "las", "ffordd"),
        ("8 Stryd Fawr, Y Bala", "8", "fawr", "stryd"),
        ("2 Lôn Isaf, Llanrug", "2", "isaf", "lôn"),
        ("2 Lon Isaf, Llanrug", "2", "isaf", "lôn"),
        ("11 Cilgant y Lli, Pwllheli", "11", "y lli", "cilgant"),
        ("7 Rhodfa'r Môr, Aberystwyth SY23 2AZ", "7", "'r môr", "rhodfa"),
        ("5 Maes y Dre, Dinbych", "5", "y dre", "maes"),
        ("9 Maes Road, Wickwar", "9", "maes", "road"),  # a Welsh word before an English type
    ],
)
def test_welsh_street_types_come_before_the_name(
    text: str, number: str, name: str, stype: str
) -> None:
    addr = parse_uk_address(text)
    assert addr is not None
    assert (addr.number, addr.street_name, addr.street_type) == (number, name, stype)


@pytest.mark.parametrize(
    ("text", "name", "stype"),
    [
        ("12 Church La., Wickwar", "church", "lane"),
        ("5 Mill Cotts, Wickwar", "mill", "cottages"),
        ("4 Victoria Bldgs, Bath", "victoria", "buildings"),
        ("3 Stable Mws, Bath", "stable", "mews"),
        ("6 Castle Hts, Yate", "castle", "heights"),
        ("1 Kirk Wynd, Kirkcaldy", "kirk", "wynd"),
    ],
)
def test_street_abbreviations(text: str, name: str, stype: str) -> None:
    addr = parse_uk_address(text)
    assert addr is not None and (addr.street_name, addr.street_type) == (name, stype)


@pytest.mark.parametrize(
    ("text", "flat"),
    [
        ("Flat 2/1, 14 Hyndland Road, Glasgow G12 9UX", "2/1"),
        ("2/1, 14 Hyndland Road, Glasgow", "2/1"),
        ("2/1 14 Hyndland Road, Glasgow", "2/1"),
        ("14 Hyndland Road, Flat 2/1, Glasgow", "2/1"),
        ("14 Hyndland Rd (2/1), Glasgow", "2/1"),
        ("Flat 0/1, 14 Hyndland Road, Glasgow", "0/1"),
        ("Flat G/L, 14 Hyndland Road, Glasgow", "0/l"),
        ("2F1, 14 Hyndland Road, Edinburgh", "2/1"),
        ("Flat 1F2, 14 Hyndland Road, Edinburgh", "1/2"),
        ("GF1, 14 Hyndland Road, Edinburgh", "0/1"),
        ("PF1, 14 Hyndland Road, Edinburgh", "p/1"),
        ("Flat 3 Left, 14 Hyndland Road, Aberdeen", "3/l"),
        ("3/27 Acacia Ave, Leeds", "3"),  # flat 3 of number 27, as before
    ],
)
def test_tenement_flat_positions(text: str, flat: str) -> None:
    addr = parse_uk_address(text)
    assert addr is not None and addr.flat == flat
    assert addr.number in ("14", "27")


def test_flat_position_spellings_compare_equal() -> None:
    assert flat_position("2F1") == flat_position("2/1") == flat_position("2 / 1") == "2/1"
    assert flat_position("G/L") == flat_position("0/Left") == "0/l"
    assert flat_position("12B") == "12b"


@pytest.mark.parametrize(
    ("text", "house", "street", "town"),
    [
        (
            "Ivy Lodge, Church Lane, Little Snoring NR21 0AA",
            "Ivy Lodge",
            "church",
            "Little Snoring",
        ),
        ("Rose Cottage, The Street, Little Snoring", "Rose Cottage", "the", "Little Snoring"),
        ("The Old Forge, Wickwar", "The Old Forge", None, "Wickwar"),
        ("Tŷ Gwyn, Abertawe", "Tŷ Gwyn", None, "Abertawe"),
        ("Flat 2, Ivy House, Church Lane, Wickwar", "Ivy House", "church", "Wickwar"),
        ("Millbrook, Wickwar GL12 8AA", "Millbrook", None, "Wickwar"),
    ],
)
def test_house_names_with_or_without_a_street(
    text: str, house: str, street: str | None, town: str
) -> None:
    addr = parse_uk_address(text)
    assert addr is not None
    assert (addr.house_name, addr.street_name, addr.town) == (house, street, town)


def test_northern_ireland_townland() -> None:
    addr = parse_uk_address("Tullyneagh, Ballygawley, BT70 2HR")
    assert addr is not None
    assert (addr.townland, addr.house_name, addr.town) == ("Tullyneagh", None, "Ballygawley")
    named = parse_uk_address("Rose Cottage, Ballygawley, BT70 2HR")
    assert named is not None and (named.house_name, named.townland) == ("Rose Cottage", None)
    rural = parse_uk_address("45 Ballymoney Road, Drumnakilly, Omagh BT79 0JX")
    assert rural is not None and rural.localities == ("Drumnakilly", "Omagh")


@pytest.mark.parametrize("text", ["Millbrook, Wickwar", "Foo, Bar", "Tullyneagh, Ballygawley"])
def test_a_plain_name_and_place_without_postcode_is_not_an_address(text: str) -> None:
    assert parse_uk_address(text) is None


def test_street_text_keeps_the_written_order() -> None:
    welsh = parse_uk_address("14 Heol y Coed, Abertawe")
    english = parse_uk_address("14 Larkspur Close, Wickwar")
    assert welsh is not None and english is not None
    assert (street_text(welsh), street_text(english)) == ("heol y coed", "larkspur close")
