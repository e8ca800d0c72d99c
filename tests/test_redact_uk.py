"""Redaction of UK address forms: house names, Welsh streets, tenement flats, townlands."""

from __future__ import annotations

import pytest

from footprint.profile import parse_profile
from reports.redact import Redactor, mask_address


def scrub(home: str, text: str) -> str:
    return Redactor(
        parse_profile({"name": "Eleanor Whitcombe", "private": {"home_address": home}})
    ).scrub(text)


@pytest.mark.parametrize(
    ("home", "text", "gone"),
    [
        ("The Old Forge, Wickwar", "Planning: The Old Forge, Wickwar.", ["Forge"]),
        ("The Old Forge, Wickwar", "see /the-old-forge-wickwar and old_forge", ["forge"]),
        ("Rose Cottage, The Street, Little Snoring", "Sold: Rose Cott., The Street.", ["Rose"]),
        (
            "Ivy Lodge, Church Lane, Little Snoring NR21 0AA",
            "IVY LODGE, Church La.",
            ["IVY", "LODGE"],
        ),
        ("Tŷ Gwyn, Heol y Coed, Abertawe", "Ty Gwyn, Heol y Coed, Abertawe", ["Gwyn", "Coed"]),
        (
            "14 Heol y Coed, Abertawe SA1 1AA",
            "Cyfeiriad: 14 Heol y Coed, Abertawe SA1 1AA",
            ["Coed", "1AA"],
        ),
        ("14 Heol y Coed, Abertawe SA1 1AA", "Residents of heol-y-coed complained", ["coed"]),
        (
            "Flat 2/1, 14 Hyndland Road, Glasgow",
            "14 Hyndland Rd (2F1), Glasgow",
            ["Hyndland"],
        ),
        (
            "Tullyneagh, Ballygawley, BT70 2HR",
            "Farm sale at Tullyneagh, Ballygawley",
            ["Tullyneagh"],
        ),
    ],
)
def test_new_address_forms_do_not_survive_redaction(home: str, text: str, gone: list[str]) -> None:
    out = scrub(home, text)
    for word in gone:
        assert word.lower() not in out.lower(), out


def test_redacted_welsh_address_keeps_only_the_type_and_postcode_area() -> None:
    assert mask_address("14 Heol y Coed, Abertawe SA1 1AA") == "14 Heol •••, SA•••"
    assert "Coed" not in mask_address("14 Heol y Coed, Abertawe")


def test_common_welsh_street_alone_is_left_alone() -> None:
    # "Stryd Fawr" is the Welsh High Street: alone it is no one's address
    assert scrub("8 Stryd Fawr, Y Bala", "Siopau ar y Stryd Fawr") == "Siopau ar y Stryd Fawr"
