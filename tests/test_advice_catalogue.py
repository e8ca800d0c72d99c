"""The advice catalogue's structure: every entry sourced and dated, and a broken file is a
CatalogueError that names the entry and the key."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from reports.advice import CatalogueError, Nation, parse_catalogue

CHECKED = dt.date(2026, 12, 1)


def _valid() -> dict[str, Any]:
    entry = {
        "title": "Do it",
        "steps": ["Step one."],
        "source": "https://www.gov.uk/example",
        "checked": CHECKED,
    }
    return {
        "kinds": {"account_hosts": ["example.org"]},
        "advice": {"a": dict(entry)},
        "rule": [{"advice": ["a"], "categories": ["home_address"]}],
        "guide": {
            "source": "Based on the joint guidance.",
            "sources": ["https://www.electoralcommission.org.uk/example"],
            "checked": CHECKED,
            "intro": "i",
            "red_flags_title": "r",
            "red_flags": ["x"],
            "emergency": "999",
            "section": [{"id": "s", **entry}],
        },
    }


def _with(change: dict[str, Any], where: tuple[str, ...] = ("advice", "a")) -> dict[str, Any]:
    data = copy.deepcopy(_valid())
    target = data
    for key in where:
        target = target[key]
    for key, value in change.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return data


def test_a_valid_catalogue_parses_with_sources_dates_and_nations() -> None:
    data = _with({"nations": ["wales", "england"], "differs": "Elsewhere, ask the council."})
    two = ["https://a.example/", "http://b.example/x"]
    data["advice"]["b"] = {**_valid()["advice"]["a"], "source": two}
    catalogue = parse_catalogue(data)
    a, b = catalogue.advice["a"], catalogue.advice["b"]
    assert a.sources == ("https://www.gov.uk/example",) and a.checked == CHECKED
    assert a.nations == (Nation.ENGLAND, Nation.WALES)  # always in the same order
    assert a.differs == "Elsewhere, ask the council."
    assert b.sources == ("https://a.example/", "http://b.example/x") and b.nations == ()
    assert catalogue.guide.sections[0].id == "s" and catalogue.guide.sections[0].checked == CHECKED
    assert catalogue.guide.sources == ("https://www.electoralcommission.org.uk/example",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sorce": "https://x.example/"}, r"advice\.a has unknown keys \['sorce'\]"),
        ({"source": "www.gov.uk/example"}, r"advice\.a\.source: 'www\.gov\.uk/example' is not"),
        ({"source": "javascript:alert(1)"}, r"advice\.a\.source: 'javascript:alert\(1\)'"),
        ({"source": "https://x.example/a b"}, r"advice\.a\.source: .* contains spaces"),
        ({"source": []}, r"advice\.a\.source must be a URL or a list of URLs"),
        ({"source": [3]}, r"advice\.a\.source: 3 is not an http"),
        ({"checked": "2026-12-01"}, r"advice\.a\.checked must be a date"),
        ({"checked": dt.datetime(2026, 12, 1, 9, 0)}, r"advice\.a\.checked must be a date"),
        ({"nations": ["england"]}, r"advice\.a is limited to \['england'\]: say what"),
        ({"differs": "In Wales..."}, r"advice\.a\.differs needs `nations`"),
        ({"nations": ["england", "cornwall"], "differs": "x"}, r"advice\.a\.nations: 'cornwall'"),
        ({"nations": ["england", "england"], "differs": "x"}, r"each nation once"),
        (
            {"nations": ["england", "wales", "scotland", "northern_ireland"], "differs": "x"},
            r"not all four",
        ),
        ({"nations": "england", "differs": "x"}, r"advice\.a\.nations must be a non-empty list"),
        ({"source": None}, r"advice\.a\.source must be a URL or a list of URLs"),
        ({"checked": None}, r"advice\.a\.checked must be a date"),
        ({"title": ""}, r"advice\.a\.title must be a non-empty string"),
        ({"steps": "Step one."}, r"advice\.a\.steps must be a non-empty list of strings"),
    ],
)
def test_a_broken_advice_entry_is_named(change: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(_with(change))


def test_a_broken_guide_section_is_named() -> None:
    data = _valid()
    data["guide"]["section"][0]["source"] = "ftp://x.example/"
    with pytest.raises(CatalogueError, match=r"guide\.section\[0\] \(s\)\.source"):
        parse_catalogue(data)
    data = _valid()
    del data["guide"]["section"][0]["checked"]
    with pytest.raises(CatalogueError, match=r"guide\.section\[0\] \(s\)\.checked must be"):
        parse_catalogue(data)
    data = _valid()
    del data["guide"]["sources"]
    with pytest.raises(CatalogueError, match=r"guide\.sources must be a URL"):
        parse_catalogue(data)
    data = _valid()
    data["guide"]["sorces"] = []
    with pytest.raises(CatalogueError, match=r"guide has unknown keys \['sorces'\]"):
        parse_catalogue(data)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(advise={}), r"the file has unknown keys \['advise'\]"),
        (lambda d: d.update(advice=[]), r"advice in the file must be a table"),
        (lambda d: d["advice"].update(b="text"), r"advice\.b must be a table"),
        (lambda d: d.update(rule={"advice": ["a"]}), r"\[\[rule\]\] must be a list of tables"),
        (lambda d: d["rule"].append({"advice": ["nope"]}), r"rule\[1\] names unknown advice"),
        (lambda d: d["rule"][0].update(host=["x"]), r"rule\[0\] has unknown keys \['host'\]"),
        (lambda d: d["rule"][0].update(categories="phone"), r"rule\[0\]: categories must be"),
        (lambda d: d["rule"][0].update(kinds=["webpage"]), r"rule\[0\]: 'webpage'"),
        (lambda d: d["kinds"].update(account_hosts="x"), r"kinds\.account_hosts must be a list"),
        (lambda d: d["kinds"].update(hosts=[]), r"kinds has unknown keys \['hosts'\]"),
    ],
)
def test_a_broken_structure_is_named(mutate: Any, message: str) -> None:
    data = _valid()
    mutate(data)
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(data)
