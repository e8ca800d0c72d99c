"""UK address parsing: the parts the matcher and profile validation rely on."""

from __future__ import annotations

import pytest

from footprint.address import normalise_postcode, normalise_street_name, parse_uk_address


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
