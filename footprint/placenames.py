"""Place names from footprint/data (sources: footprint/data/places.SOURCE.md).

- `same_places(name)`: the names the same place goes by - English and Welsh
  ("Swansea" <-> "Abertawe", "Newport" <-> "Casnewydd"), each also without accents
  ("Cwmbrân", "Cwmbran"), the name itself first.
- `known_town(key)`: whether a place key (see `place_key`) names a UK town of 15,000 or more
  people, in English or Welsh: what the address matcher takes as "another town".
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from importlib import resources


def place_key(name: str) -> str:
    """'Wotton-under-Edge' and 'wotton under edge' compare equal."""
    return " ".join(name.lower().replace("-", " ").split())


def fold(text: str) -> str:
    """Lower case without accents: 'Cwmbrân' -> 'cwmbran', 'Pont-y-pŵl' -> 'pont y pwl'."""
    decomposed = unicodedata.normalize("NFKD", place_key(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("footprint").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _pairs() -> dict[str, tuple[str, ...]]:
    """Folded name -> every name of that place (read once per process)."""
    groups: dict[str, list[str]] = {}
    for row in _rows("welsh-places.csv"):
        names = [row["english"], row["welsh"]]
        for name in names:
            group = groups.setdefault(fold(name), [])
            group += [n for n in names if n not in group]
    return {k: tuple(v) for k, v in groups.items()}


@cache
def _towns() -> frozenset[str]:
    keys = set()
    for row in _rows("uk-towns.csv"):
        keys.update(fold(n) for n in (row["name"], row["welsh"]) if n)
    return frozenset(keys) | frozenset(_pairs())


def same_places(name: str) -> tuple[str, ...]:
    """name, then its other-language names, each also without accents."""
    found = [name, *_pairs().get(fold(name), ())]
    out: list[str] = []
    for n in found:
        for form in (n, fold(n)):
            if place_key(form) not in map(place_key, out):
                out.append(form)
    return tuple(out)


def known_town(key: str) -> bool:
    return fold(key) in _towns()
