"""The advice catalogue: every finding gets concrete steps, and every id resolves."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from footprint.model import Category, Finding, Severity
from reports.advice import (
    ADVICE,
    CatalogueError,
    LocationKind,
    advice_for,
    guide,
    load_catalogue,
    location_kind,
    parse_catalogue,
)

CHECKED = dt.date(2026, 12, 1)

LOCATIONS = {
    LocationKind.WEB: "https://parish-news.example/committee",
    LocationKind.FILE: "/home/ellie/Documents/leaflet draft.pdf",
    LocationKind.ACCOUNT: "https://www.facebook.com/ellie.whitcombe.example",
    # A result as the search scanner saw it: the engine's page, then the result's address.
    LocationKind.SEARCH: "https://www.google.com/search?q=%22Ellie%22#https://parish-news.example/",
}


def _finding(category: Category, location: str) -> Finding:
    source = "search" if location == LOCATIONS[LocationKind.SEARCH] else "web"
    return Finding(category, Severity.HIGH, source, location, "evidence", "private.x", "value")


@pytest.mark.parametrize("category", list(Category))
@pytest.mark.parametrize("kind", list(LocationKind))
def test_every_category_gets_resolvable_advice_wherever_it_is_found(
    category: Category, kind: LocationKind
) -> None:
    ids = advice_for(_finding(category, LOCATIONS[kind]))
    assert ids, f"no advice for {category} on a {kind}"
    assert len(ids) == len(set(ids))
    for advice_id in ids:
        advice = ADVICE[advice_id]
        assert advice.id == advice_id
        assert advice.title and advice.steps and all(s.strip() for s in advice.steps)


def test_location_kinds() -> None:
    assert location_kind(_finding(Category.PHONE, LOCATIONS[LocationKind.WEB])) == "web"
    assert location_kind(_finding(Category.PHONE, LOCATIONS[LocationKind.FILE])) == "file"
    assert location_kind(_finding(Category.PHONE, LOCATIONS[LocationKind.ACCOUNT])) == "account"
    assert location_kind(_finding(Category.PHONE, "C:\\Users\\ellie\\photo.jpg")) == "file"
    assert location_kind(_finding(Category.PHONE, "javascript:alert(1)")) == "file"
    # Any ACCOUNT finding is about an account, wherever it points.
    assert location_kind(_finding(Category.ACCOUNT, "https://blog.example/")) == "account"
    # A look-alike host is not the platform.
    assert location_kind(_finding(Category.PHONE, "https://notfacebook.com/x")) == "web"


def test_web_and_file_routes_differ() -> None:
    web = advice_for(_finding(Category.HOME_ADDRESS, LOCATIONS[LocationKind.WEB]))
    local = advice_for(_finding(Category.HOME_ADDRESS, LOCATIONS[LocationKind.FILE]))
    assert web[0] == "ask-site-owner"
    assert {"uk-gdpr-erasure", "search-results-removal", "open-register-opt-out"} <= set(web)
    assert local[0] == "local-file-clean"
    assert "ask-site-owner" not in local and "search-results-removal" not in local
    account = advice_for(_finding(Category.PHONE, LOCATIONS[LocationKind.ACCOUNT]))
    assert account[0] == "account-remove-details"


def test_host_specific_routes_come_first() -> None:
    ch = "https://find-and-update.company-information.service.gov.uk/officers/abc/appointments"
    assert advice_for(_finding(Category.HOME_ADDRESS, ch))[0] == "companies-house-protect"
    assert advice_for(_finding(Category.DATE_OF_BIRTH, ch))[0] == "companies-house-protect"
    assert "companies-house-protect" not in advice_for(_finding(Category.PHONE, ch))
    wayback = "https://web.archive.org/web/2019/https://parish-news.example/"
    assert advice_for(_finding(Category.PHONE, wayback))[0] == "wayback-exclusion"
    assert "people-finder-opt-out" in advice_for(
        _finding(Category.HOME_ADDRESS, "https://www.192.com/x")
    )


def test_domain_registration_routes_go_by_source() -> None:
    def rdap(location: str) -> Finding:
        return Finding(Category.PHONE, Severity.HIGH, "rdap", location, "e", "private.x", "v")

    nominet = advice_for(rdap("https://rdap.nominet.uk/uk/domain/whitcombe.co.uk"))
    assert nominet[:2] == ("nominet-uk-whois", "registrar-privacy-service")
    other = advice_for(rdap("https://rdap.example-registry.test/domain/w.example"))
    assert other[0] == "registrar-privacy-service" and "nominet-uk-whois" not in other
    web = advice_for(_finding(Category.PHONE, "https://rdap.nominet.uk/uk/help"))
    assert "registrar-privacy-service" not in web  # the same host, not registration data


def test_key_uk_routes_are_in_the_catalogue() -> None:
    text = " ".join(" ".join((a.title, *a.steps)) for a in ADVICE.values()).lower()
    for phrase in (
        "results about you",
        "open register",
        "anonymous",
        "article 17",
        "ico",
        "service address",
        "po box",
        "iphone",
        "android",
        "windows",
    ):
        assert phrase in text, phrase


def test_guide_has_the_police_advice() -> None:
    g = guide()
    titles = " ".join(s.title for s in g.sections).lower()
    assert "records" in titles and "engage" in titles and "police" in titles
    assert "999" in g.emergency and "101" in g.emergency
    flags = " ".join(g.red_flags).lower()
    assert "home address" in flags and "threat" in flags and "turns up at your home" in flags
    assert "across several platforms" in flags


def test_catalogue_rejects_a_rule_pointing_at_missing_advice() -> None:
    entry = {"title": "A", "steps": ["do it"], "source": "https://x.example/", "checked": CHECKED}
    good = {"advice": {"a": entry}, "rule": [{"advice": ["a"]}]}
    guide_data = {
        "source": "s",
        "sources": ["https://x.example/"],
        "checked": CHECKED,
        "intro": "i",
        "red_flags_title": "r",
        "red_flags": ["x"],
        "emergency": "999",
    }
    parse_catalogue({**good, "guide": guide_data})
    with pytest.raises(CatalogueError, match="unknown advice 'b'"):
        parse_catalogue({**good, "rule": [{"advice": ["b"]}], "guide": guide_data})
    with pytest.raises(CatalogueError, match="not_a_category"):
        bad_rule = [{"advice": ["a"], "categories": ["not_a_category"]}]
        parse_catalogue({**good, "rule": bad_rule, "guide": guide_data})
    with pytest.raises(CatalogueError, match="unknown keys"):
        parse_catalogue({**good, "rule": [{"advice": ["a"], "host": ["x"]}], "guide": guide_data})


def test_shipped_catalogue_loads_once() -> None:
    assert load_catalogue() is load_catalogue()
    assert len(ADVICE) == len(load_catalogue().advice) >= 20


def test_nothing_is_read_at_import_time() -> None:
    # Make any package-data read fail, then import: only first use may read the file.
    code = (
        "import importlib.resources as r\n"
        "def boom(*a, **k): raise RuntimeError('read at import')\n"
        "r.files = boom\n"
        "import reports, reports.advice, reports.builder\n"
        "try:\n"
        "    reports.ADVICE['ask-site-owner']\n"
        "except RuntimeError as exc:\n"
        "    print('lazy:', exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "lazy: read at import" in result.stdout


def _rendered_with_home_address() -> tuple[str, str]:
    from test_report_samples import GENERATED, PROFILE, sample_findings, sample_sources

    from reports import build_report, render

    report = build_report(PROFILE, sample_findings(), sample_sources(), GENERATED)
    return render(report, "html"), render(report, "md")


def test_reports_show_each_routes_source_date_and_nations() -> None:
    from bs4 import BeautifulSoup

    html, md = _rendered_with_home_address()
    soup = BeautifulSoup(html, "html.parser")
    howto = soup.find("h2", id="howto-h").parent
    # A route the plan takes is a section; a further route is folded (details/summary).
    section = howto.find(id="advice-councillor-sensitive-interest")
    heading = section.h3 or section.summary
    assert heading.find("span", class_="tag").get_text() == "England only"
    assert "Scotland" in section.find("p", class_="differs").get_text()
    source = section.find("p", class_="source").get_text()
    assert source.startswith("Sources: https://") and source.endswith(", checked 1 December 2026")
    # Provenance is text: catalogue URLs never become links (the page links only findings).
    assert not soup.find_all("a", href=re.compile("localgovernmentlawyer|gov\\.uk/government"))
    uk_wide = howto.find(id="advice-ask-site-owner")
    assert uk_wide.find("span", class_="tag") is None
    assert uk_wide.find("p", class_="source").get_text().endswith("checked 1 December 2026")
    guide = soup.find("h2", id="guide-h").parent.get_text()
    assert "Source: https://www.gov.uk/government/collections/candidate-security-guidance" in guide
    title = "If you are elected: ask for your address to be treated as a sensitive interest"
    assert f"### {title} (England only)" in md
    ico = "https://ico.org.uk/make-a-complaint/search-results/"
    assert f"Source: {ico}, checked 1 December 2026" in md


def test_scope_and_source_wording() -> None:
    from reports.advice import Advice, Nation
    from reports.labels import scope, sourced

    assert scope(()) == ""
    assert scope((Nation.ENGLAND,)) == "England only"
    assert scope((Nation.ENGLAND, Nation.WALES)) == "England and Wales only"
    assert scope((Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND)) == (
        "England, Wales and Scotland only"
    )
    one = Advice("a", "A", ("s",), ("https://x.example/",), dt.date(2026, 3, 9))
    assert sourced(one) == "Source: https://x.example/, checked 9 March 2026"
    assert sourced(Advice("b", "B", ("s",))) == ""


def test_a_home_address_in_an_imprint_starts_with_the_imprint_route() -> None:
    from dataclasses import replace

    from footprint.matcher.imprint import IMPRINT_NOTE

    for kind in LocationKind:
        finding = replace(
            _finding(Category.HOME_ADDRESS, LOCATIONS[kind]), note=f"{IMPRINT_NOTE}; x"
        )
        assert advice_for(finding)[0] == "imprint-address"
    plain = _finding(Category.HOME_ADDRESS, LOCATIONS[LocationKind.WEB])
    assert "imprint-address" not in advice_for(plain)
    # Only addresses: a phone number in an imprint is not an imprint address.
    phone = replace(_finding(Category.PHONE, LOCATIONS[LocationKind.WEB]), note=IMPRINT_NOTE)
    assert "imprint-address" not in advice_for(phone)
    steps = " ".join(ADVICE["imprint-address"].steps)
    assert "PO Box" in steps and "agent" in steps and "Electoral Commission" in steps


def test_catalogue_rejects_an_unknown_context() -> None:
    data = {
        "advice": {"a": {"title": "A", "steps": ["do it"], "source": "https://a.example/",
                         "checked": dt.date(2026, 12, 1)}},
        "rule": [{"advice": ["a"], "contexts": ["footer"]}],
        "guide": {"source": "s", "sources": "https://g.example/", "checked": dt.date(2026, 12, 1),
                  "intro": "i", "red_flags_title": "r", "red_flags": ["x"], "emergency": "999"},
    }  # fmt: skip
    with pytest.raises(CatalogueError, match="unknown contexts \\['footer'\\]"):
        parse_catalogue(data)
