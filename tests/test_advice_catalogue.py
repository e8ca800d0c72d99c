"""The advice catalogue's structure: every entry sourced and dated, and a broken file is a
CatalogueError that names the entry and the key."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from footprint.model import Category, Finding, Severity
from footprint.plugins import scanner_classes
from footprint.scanner import Scanner
from reports.advice import (
    Advice,
    Catalogue,
    CatalogueError,
    Nation,
    advice_for,
    host_of,
    load_catalogue,
    location_kind,
    parse_catalogue,
)

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


# ---------------------------------------------------------------- the shipped catalogue


def _all_text(catalogue: Catalogue) -> str:
    entries = [*catalogue.advice.values(), *catalogue.guide.sections]
    parts = [" ".join((a.title, *a.steps, a.differs)) for a in entries]
    parts += [*catalogue.guide.red_flags, catalogue.guide.emergency, catalogue.guide.intro]
    return " ".join(parts)


def _text_of(advice: Advice) -> str:
    return " ".join((advice.title, *advice.steps, advice.differs))


def _section(catalogue: Catalogue, section_id: str) -> Advice:
    return next(s for s in catalogue.guide.sections if s.id == section_id)


def test_every_shipped_entry_is_sourced_and_dated() -> None:
    catalogue = load_catalogue()
    entries = [*catalogue.advice.values(), *catalogue.guide.sections]
    assert len(entries) > 30
    for advice in entries:
        assert advice.sources and all(u.startswith(("https://", "http://")) for u in advice.sources)
        assert isinstance(advice.checked, dt.date), advice.id
        assert advice.checked <= dt.date.today(), f"{advice.id} was checked in the future"
    assert catalogue.guide.sources and catalogue.guide.checked


def test_every_shipped_entry_is_reachable_from_a_rule() -> None:
    catalogue = load_catalogue()
    used = {advice_id for rule in catalogue.rules for advice_id in rule.advice}
    assert set(catalogue.advice) - used == set()


def _locations(scanner: type[Scanner]) -> list[str]:
    """Where a source's findings can be: local files, or web pages, profile pages and the
    host of its own endpoint for a network source."""
    if not scanner.network:
        return ["/home/ellie/Documents/leaflet draft.pdf", "C:\\Users\\ellie\\notes.txt"]
    found = ["https://parish-news.example/committee", "https://www.facebook.com/ellie.example"]
    host = urlsplit(scanner.endpoint).hostname if scanner.endpoint else None
    return [*found, f"https://{host}/result"] if host else found


@pytest.mark.parametrize("name", sorted(scanner_classes()))
def test_every_source_and_category_gets_a_specific_step(name: str) -> None:
    """Each registered source (new scanners included automatically), for every category it
    can report wherever its findings can be, gets at least one step chosen for that category:
    a host-only rule or the general guide alone is not enough."""
    catalogue = load_catalogue()
    scanner = scanner_classes()[name]
    for category in Category:
        for location in _locations(scanner):
            finding = Finding(category, Severity.HIGH, name, location, "e", "private.x", "v")
            kind, host = location_kind(finding, catalogue), host_of(location)
            specific = [
                advice_id
                for rule in catalogue.rules
                if rule.categories and category in rule.categories
                and rule.applies(category, kind, host)
                for advice_id in rule.advice
            ]
            assert specific, f"{name}: no step for {category.value} at {location}"
            ids = advice_for(finding)
            assert set(specific) <= set(ids) and all(a in catalogue.advice for a in ids)


def test_fraud_reporting_is_report_fraud_not_action_fraud() -> None:
    text = _all_text(load_catalogue())
    assert "reportfraud.police.uk" in text and "0300 123 2040" in text
    assert "actionfraud.police.uk" not in text
    for sentence in re.split(r"(?<=[.;])\s", text):
        if "Action Fraud" in sentence:
            assert "replaced Action Fraud on 4 December 2025" in sentence, sentence
    assert "Police Scotland on 101" in text


def test_police_contact_is_the_elected_official_adviser() -> None:
    catalogue = load_catalogue()
    police = _text_of(_section(catalogue, "police-contact"))
    assert "Force Elected-Official Adviser" in police
    assert "Operation Bridger" in police and "Operation Ford" in police
    assert "parliamentary candidates" in police and "does not take crime reports" in police
    text = _all_text(catalogue)
    assert "SPOC" not in text and "single point of contact" not in text.lower()


def test_companies_house_routes_say_who_qualifies() -> None:
    catalogue = load_catalogue()
    sr04 = [a for a in catalogue.advice.values() if "SR04" in _text_of(a)]
    assert [a.id for a in sr04] == ["companies-house-serious-risk"]
    serious = _text_of(sr04[0])
    assert "serious risk of violence or intimidation" in serious
    assert "not for most candidates" in serious and "credit reference agencies" in serious
    common = _text_of(catalogue.advice["companies-house-protect"])
    assert "service address" in common and "older filings" in common
    assert "registered office is public and cannot be hidden" in common
    ch = "https://find-and-update.company-information.service.gov.uk/officers/x/appointments"
    ids = advice_for(Finding(Category.HOME_ADDRESS, Severity.HIGH, "companies_house", ch, "e",
                             "private.x", "v"))  # fmt: skip
    assert ids[:2] == ("companies-house-protect", "companies-house-serious-risk")


def test_home_address_form_facts() -> None:
    form = _text_of(load_catalogue().advice["candidate-home-address-form"])
    assert "sign the statement" in form and "tick" not in form.lower()
    assert "district, county, London borough or unitary area, or the constituency" in form
    assert "not your street or ward" in form
    assert "own election agent" in form and "notice of election agents" in form
    assert "not a PO Box" in form and "can inspect it" in form


def test_registers_and_england_only_routes() -> None:
    advice = load_catalogue().advice
    register = _text_of(advice["open-register-opt-out"])
    assert "not sold to the general public" in register
    assert "credit reference agencies can buy it" in register
    anonymous = advice["anonymous-registration"]
    assert "inspector or above" in _text_of(anonymous) and "2018" in _text_of(anonymous)
    assert "same evidence again" in _text_of(anonymous)
    sensitive = advice["councillor-sensitive-interest"]
    assert "section 32 of the Localism Act 2011" in _text_of(sensitive)
    for entry in (anonymous, sensitive):
        assert entry.nations == (Nation.ENGLAND,)
        assert all(n in entry.differs for n in ("Wales", "Scotland", "Northern Ireland"))
    land = advice["land-registry-address"]
    assert land.nations == (Nation.ENGLAND, Nation.WALES)
    assert "Scotland" in land.differs and "Northern Ireland" in land.differs


def test_photo_and_facebook_steps_are_current() -> None:
    text = _all_text(load_catalogue())
    assert "Remove geo location" not in text
    photos = _text_of(load_catalogue().advice["remove-photo-location"])
    assert "Google Photos does not include location details" in photos
    assert "Settings > Privacy > 'Limit past posts'" not in text
    assert "Settings & privacy > Settings > Posts" in text


def test_the_added_routes_and_helplines() -> None:
    catalogue = load_catalogue()
    advice = catalogue.advice
    land = _text_of(advice["land-registry-address"])
    assert "up to three addresses for service" in land and "exempt information document" in land
    nominet = _text_of(advice["nominet-uk-whois"])
    assert "22 May 2018" in nominet and "non-trading individual" in nominet
    strava = _text_of(advice["strava-privacy"])
    assert "privacy zone" in strava and "Map Visibility" in strava
    assert "Telephone Preference Service" in _text_of(advice["telephone-preference-service"])
    ico = _text_of(advice["search-delisting-review"])
    assert "ico.org.uk/make-a-complaint/search-results" in ico
    guidance = _section(catalogue, "security-guidance")
    assert "Candidate Security Guidance Collection" in _text_of(guidance)
    assert guidance.sources == (
        "https://www.gov.uk/government/collections/candidate-security-guidance-collection",
    )
    support = _text_of(_section(catalogue, "get-support"))
    assert "Victim Support" in support and "08 08 16 89 111" in support
    assert "National Stalking Helpline" in support and "0808 802 0300" in support
    assert "Suzy Lamplugh Trust" in support and "Get Safe Online" in support


def test_the_added_routes_are_offered_where_they_apply() -> None:
    def ids(category: Category, location: str) -> tuple[str, ...]:
        return advice_for(Finding(category, Severity.HIGH, "web", location, "e", "p.x", "v"))

    page = "https://parish-news.example/committee"
    home = ids(Category.HOME_ADDRESS, page)
    assert {"land-registry-address", "search-delisting-review"} <= set(home)
    assert "telephone-preference-service" in ids(Category.PHONE, page)
    strava = "https://www.strava.com/activities/123"
    assert ids(Category.GEOLOCATION, strava)[0] == "strava-privacy"
    whois = "https://rdap.nominet.uk/uk/domain/whitcombeforwickwar.co.uk"
    assert ids(Category.HOME_ADDRESS, whois)[0] == "nominet-uk-whois"
