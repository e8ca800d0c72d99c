"""`footprint demo`: every built-in scanner against the sandbox web, offline, to a full report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footprint import plugins
from footprint.cli import app


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("demo") / "demo.json"
    result = CliRunner().invoke(app, ["demo", "--format", "json", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def test_every_builtin_scanner_ran_and_says_what_it_missed(demo_report: dict) -> None:
    sources = {s["name"]: s for s in demo_report["sources"]}
    assert set(sources) == set(plugins.scanner_classes())
    # The demo has one rate-limited site and one scanned letter with no text: those sources
    # are honestly "partial", with the one item they could not check named; a source that
    # could check everything (breaches, gravatar) is "ok" and names nothing.
    for source in sources.values():
        assert source["checked"] > 0, source
        if source["name"] == "people_search":  # unconfirmed site formats: never "not listed"
            reasons = {s["reason"].split(": ", 1)[1] for s in source["skipped"]}
            assert source["state"] == "partial" and reasons == {
                "format unconfirmed: could not tell whether you are listed"
            }, source
            continue
        expected = ("partial", 1) if source["skipped"] else ("ok", 0)
        assert (source["state"], len(source["skipped"])) == expected, source
        if source["state"] == "ok":
            assert source["checked"] == source["total"], source
    assert sources["accounts"]["state"] == sources["local_files"]["state"] == "partial"
    accounts = sources["accounts"]
    assert accounts["checked"] == accounts["total"] - 1
    assert "1 site not checked" in accounts["reason"]


def test_demo_covers_every_category(demo_report: dict) -> None:
    categories = {f["category"] for f in demo_report["findings"]}
    expected = {"home_address", "phone", "email", "date_of_birth", "family", "geolocation"}
    assert expected | {"account"} <= categories


def test_recursion_reaches_a_linked_username(demo_report: dict) -> None:
    tiktok = [f for f in demo_report["findings"] if f["location"].endswith("@ellie_w77")]
    phone = next(f for f in tiktok if f["category"] == "phone")
    assert phone["provenance"][:5] == [
        "username ewhitcombe",
        "accounts",
        "url https://linktr.ee/ewhitcombe",
        "accounts",
        "username ellie_w77",
    ]


def test_unknowns_and_unreadable_files_are_reported(demo_report: dict) -> None:
    skipped = {s["name"]: s["skipped"] for s in demo_report["sources"]}
    # Only the deliberately blocked site: any other means the sandbox is out of step with the
    # bundled site list (regenerate it with tools/build_sandbox.py).
    assert [item["reason"].split(":")[0] for item in skipped["accounts"]] == ["Instagram"]
    assert any(i["location"].endswith("scanned-letter.pdf") for i in skipped["local_files"])


def test_public_identifiers_never_flagged(demo_report: dict) -> None:
    # The campaign site, leaflet and X profile only carry public details.
    quiet = ("campaign-site.html", "leaflet-draft.docx", "https://x.com/ewhitcombe")
    flagged = [f for f in demo_report["findings"] if f["category"] != "account"]
    assert not [f for f in flagged if f["location"].endswith(quiet)]


def test_demo_html_written_private(tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    result = CliRunner().invoke(app, ["demo", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Eleanor Whitcombe" in html
    assert "07700 900461" not in html and "Larkspur" not in html
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_demo_shows_a_gravatar_location(demo_report: dict) -> None:
    [found] = [f for f in demo_report["findings"] if f["source"] == "gravatar"]
    assert (found["category"], found["location"]) == (
        "home_address",
        "https://gravatar.com/eleanorwhitcombe",
    )
    assert found["provenance"][:2] == ["email eleanor@whitcombeforwickwar.example", "gravatar"]


def test_demo_shows_a_search_snippet_and_the_page_it_could_not_read(demo_report: dict) -> None:
    snippets = [
        f
        for f in demo_report["findings"]
        if f["location"].startswith("https://www.google.com/search?q=")
    ]
    assert {f["category"] for f in snippets} == {"home_address"}
    assert snippets[0]["source"] == "search" and snippets[0]["advice"][0] == "search-snippet"
    search = {s["name"]: s for s in demo_report["sources"]}["search"]
    assert search["checked"] == search["total"] > 0
    [skipped] = search["skipped"]
    assert skipped["reason"] == "search result page not read (HTTP 403)"


def test_demo_shows_a_breach_of_the_public_email_only(demo_report: dict) -> None:
    (breach,) = [f for f in demo_report["findings"] if f["category"] == "breach"]
    assert breach["location"] == "https://haveibeenpwned.com/Breach/Canvassly"
    assert breach["matched"] == "public.emails" and breach["severity"] == "high"
    assert "Passwords" in breach["evidence"]


def test_registration_data_and_archived_copies(demo_report: dict) -> None:
    sources = {s["name"]: s for s in demo_report["sources"]}
    assert sources["rdap"]["state"] == sources["wayback"]["state"] == "ok"
    by = {(f["source"], f["category"]): f for f in demo_report["findings"]}
    phone = by["rdap", "phone"]  # she registered the campaign domain with her own mobile
    assert phone["location"].endswith("/domain/whitcombeforwickwar.example")
    assert phone["advice"][0] == "registrar-privacy-service"
    archived = by["wayback", "home_address"]  # the old contact page, since deleted
    assert archived["location"].startswith("https://web.archive.org/web/")
    assert archived["location"].endswith("/contact-old.html")
    assert archived["note"].startswith("Removed from the site, still archived")
    assert archived["advice"][0] == "wayback-exclusion"


def test_campaign_site_crawl_and_known_pages(demo_report: dict) -> None:
    by_source: dict[str, dict[tuple[str, str], dict]] = {}
    for f in demo_report["findings"]:
        path = f["location"].removeprefix("https://whitcombeforwickwar.example")
        by_source.setdefault(f["source"], {})[(f["category"], path)] = f
    website = by_source["website"]
    imprint = website[("home_address", "/volunteer/")]
    assert imprint["severity"] == "high" and imprint["advice"][0] == "imprint-address"
    assert ("phone", "/drafts/surgery-rota.html") in website  # robots.txt hid it, not from us
    assert website[("email", "/files/spring-leaflet.pdf")]["field"] == "the PDF's Author field"
    assert ("geolocation", "/images/canvassing.jpg") in website
    # The home page's imprint gives the agent's office: nothing to report there.
    assert not [key for key in website if key[1] == "/"]
    parish = "https://wickwar-parish.example/news/may-fair-thank-you"
    assert ("family", parish) in by_source["pages"]
    sources = {s["name"]: s for s in demo_report["sources"]}
    assert "robots.txt asks crawlers to skip /drafts/" in sources["website"]["reason"]
