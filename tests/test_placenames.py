"""Welsh/English place names and the known-town list, read from footprint/data."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from footprint.placenames import fold, known_town, same_places


@pytest.mark.parametrize(
    ("english", "welsh"),
    [
        ("Swansea", "Abertawe"),
        ("Newport", "Casnewydd"),
        ("Cardiff", "Caerdydd"),
        ("Carmarthen", "Caerfyrddin"),
        ("Bridgend", "Pen-y-bont ar Ogwr"),
        ("Wrexham", "Wrecsam"),
        ("Vale of Glamorgan", "Bro Morgannwg"),
        ("Pembrokeshire", "Sir Benfro"),
    ],
)
def test_english_and_welsh_names_are_the_same_place(english: str, welsh: str) -> None:
    assert welsh in same_places(english)
    assert english in same_places(welsh)
    assert same_places(welsh.upper())[0] == welsh.upper()  # the name itself comes first


def test_accents_are_optional() -> None:
    assert "cwmbran" in map(str.lower, same_places("Cwmbrân"))
    assert "Cwmbrân" in same_places("Cwmbran")
    assert fold("Pont-y-pŵl") == "pont y pwl"


def test_a_place_without_another_name_is_only_itself() -> None:
    assert same_places("Wickwar") == ("Wickwar",)


@pytest.mark.parametrize("town", ["Yate", "Chipping Sodbury", "Omagh", "Abertawe", "swansea"])
def test_known_towns(town: str) -> None:
    assert known_town(town)


@pytest.mark.parametrize("place", ["Henleaze", "Tuffley", "Finaghy", "Drumnakilly", "Sunday"])
def test_wards_districts_and_words_are_not_known_towns(place: str) -> None:
    assert not known_town(place)


def test_data_files_name_their_source() -> None:
    data = resources.files("footprint").joinpath("data")
    rows = list(csv.DictReader(data.joinpath("welsh-places.csv").read_text().splitlines()))
    assert rows and all(r["source"].startswith(("ISO 3166-2 GB-", "GeoNames ")) for r in rows)
    source = data.joinpath("places.SOURCE.md").read_text()
    assert "CC BY 4.0" in source or "Creative Commons Attribution 4.0" in source
    assert "LGPL" in source
