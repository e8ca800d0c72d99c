"""RDAP parsing: IANA's bootstrap file and its cache, jCards, and which contacts are protected."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import httpx
import pytest
from rdap_answers import EXCERPT, fixture, fixture_bytes, registered_to

from scanners.rdap.bootstrap import (
    BootstrapError,
    cache_file,
    cached,
    load_bootstrap,
    parse_bootstrap,
)
from scanners.rdap.contacts import contact_text, contacts, protection, related_link
from scanners.rdap.jcard import MAX_PROPERTIES, parse_card

IANA = "https://data.iana.org/rdap/dns.json"


# -- bootstrap (RFC 9224) -------------------------------------------------------------------


def test_label_wise_longest_match_finds_nominet_for_co_uk() -> None:
    boot = parse_bootstrap(fixture_bytes(EXCERPT))
    assert boot.base_for("whitcombe.co.uk") == "https://rdap.nominet.uk/uk/"
    assert boot.base_for("WWW.Example.CO.UK.") == "https://rdap.nominet.uk/uk/"
    assert boot.base_for("caerdydd.cymru") == "https://rdap.nominet.uk/cymru/"
    assert boot.base_for("wicar.org") == "https://rdap.publicinterestregistry.org/rdap/"
    assert boot.base_for("google.com") == "https://rdap.verisign.com/com/v1/"
    assert boot.base_for("whitcombeforwickwar.example") is None
    assert boot.publication == "2024-07-25T00:00:01Z"


def test_the_whole_iana_file_parses() -> None:
    boot = parse_bootstrap(fixture_bytes("iana_bootstrap_dns.2024-07-25.json"))
    assert len(boot.services) > 1000  # 608 services, most naming several top-level domains
    assert boot.base_for("bbc.co.uk") == "https://rdap.nominet.uk/uk/"
    assert boot.base_for("example.kg") == "http://rdap.cctld.kg/"  # http only: still used


def test_longer_entries_win_https_is_preferred_and_a_slash_is_added() -> None:
    doc = {
        "services": [
            [["uk"], ["https://rdap.nominet.uk/uk/"]],
            [["gov.uk"], ["http://rdap.gov.example/uk", "https://rdap.gov.example/uk"]],
            "junk",
            [["bad"], "not a list"],
        ]
    }
    boot = parse_bootstrap(json.dumps(doc).encode())
    assert boot.base_for("council.gov.uk") == "https://rdap.gov.example/uk/"
    assert boot.base_for("whitcombe.co.uk") == "https://rdap.nominet.uk/uk/"
    assert boot.base_for("x.bad") is None


def test_internationalised_domains_match_their_a_labels() -> None:
    doc = {"services": [[["xn--p1ai"], ["https://rdap.tcinet.example/"]]]}
    boot = parse_bootstrap(json.dumps(doc).encode())
    assert boot.base_for("пример.рф") == "https://rdap.tcinet.example/"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>maintenance</html>", "not JSON"),
        (b'{"version": "1.0"}', 'no "services" list'),
        (b'{"services": [[["uk"], ["ftp://x/"]]]}', "no usable services"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),  # nesting bomb
    ],
)
def test_malformed_bootstrap_is_a_one_line_reason(body: bytes, reason: str) -> None:
    with pytest.raises(BootstrapError, match=reason):
        parse_bootstrap(body)


async def _load(cache_dir: Path | None, handler, url: str = IANA):
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
        boot = await load_bootstrap(client, url, cache_dir)
    return boot, seen


def _serve(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=fixture_bytes(EXCERPT))


async def test_bootstrap_is_downloaded_once_then_read_from_the_cache(tmp_path: Path) -> None:
    boot, seen = await _load(tmp_path, _serve)
    assert seen == [IANA] and boot.base_for("a.co.uk")
    assert cache_file(tmp_path, IANA).read_bytes() == fixture_bytes(EXCERPT)
    again, seen = await _load(tmp_path, _serve)
    assert seen == [] and again == boot


async def test_a_day_old_copy_is_refreshed_and_kept_when_the_download_fails(
    tmp_path: Path,
) -> None:
    await _load(tmp_path, _serve)
    path = cache_file(tmp_path, IANA)
    old = time.time() - 25 * 3600
    os.utime(path, (old, old))
    assert cached(tmp_path, IANA) is None and cached(tmp_path, IANA, max_age=None) is not None
    boot, seen = await _load(tmp_path, lambda r: httpx.Response(503))
    assert seen == [IANA] and boot.base_for("a.co.uk")  # stale beats nothing
    _, seen = await _load(tmp_path, _serve)
    assert seen == [IANA] and path.stat().st_mtime > old  # refreshed


async def test_no_copy_and_no_download_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BootstrapError, match=r"dns\.json not read: HTTP 503"):
        await _load(tmp_path, lambda r: httpx.Response(503))
    with pytest.raises(BootstrapError, match="not JSON"):
        await _load(None, lambda r: httpx.Response(200, text="<html>"))


async def test_each_bootstrap_url_has_its_own_copy(tmp_path: Path) -> None:
    await _load(tmp_path, _serve)
    mirror = "http://127.0.0.1:9/dns.json"
    await _load(tmp_path, _serve, mirror)
    assert cache_file(tmp_path, IANA) != cache_file(tmp_path, mirror)
    assert cache_file(tmp_path, mirror).exists()


async def test_an_unwritable_cache_only_costs_a_download(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    boot, seen = await _load(blocked, _serve)
    assert seen == [IANA] and boot.base_for("a.co.uk")


# -- jCard (RFC 7095) -----------------------------------------------------------------------


def test_jcard_fields_in_every_form_the_rfc_allows() -> None:
    card = parse_card(fixture("rfc9083_fig15_example_entity_joe_user.json")["vcardArray"])
    assert card.names == ("Joe User", "Joe User ing. jr M.Sc.")  # n, with nested suffixes
    assert card.orgs == ("Example",)
    # Structured, and a label parameter with every structured component empty.
    assert card.addresses == (
        "Suite 1234, 4321 Rue Somewhere, Quebec, QC, G1V 2M2, Canada",
        "123 Maple Ave, Suite 90001, Vancouver, BC, 1239",
    )
    assert card.phones == ("+1-555-555-1234;ext=102", "+1-555-555-4321")
    assert card.emails == ("joe.user@example.com",)
    assert card.kind == "individual"


def test_real_cards_that_bend_the_rules() -> None:
    answer = fixture("uniregistry_domain_microsoft.click.200.json")
    registrar = next(e for e in answer["entities"] if "registrar" in e["roles"])
    card = parse_card(registrar["vcardArray"])
    assert card.phones == ("+1.208389574",) and card.faxes == ("+1.2083895771",)
    abuse = parse_card(registrar["entities"][0]["vcardArray"])
    # A street component that is itself a list.
    assert abuse.addresses == ("2150 S Bonito Way, Suite 150, Meridian, ID, 83642, US",)
    # Five-element adr (not the RFC's seven) parses without indexing past its end.
    admin = next(e for e in answer["entities"] if "administrative" in e["roles"])
    assert parse_card(admin["vcardArray"]).addresses == ()
    # tel as plain text without "tel:" (MarkMonitor) and with a list-valued type (Namecheap).
    markmonitor = fixture("markmonitor_registrar_domain_google.com.200.json")
    registrar = next(e for e in markmonitor["entities"] if "registrar" in e["roles"])
    assert parse_card(registrar["entities"][0]["vcardArray"]).phones == ("+1.2086851750",)


@pytest.mark.parametrize(
    "card",
    [None, "vcard", ["vcard"], ["vcard", "x"], ["vcard", [["fn"], 7, ["tel", "p", "uri", 5]]]],
)
def test_malformed_cards_are_empty_not_errors(card: object) -> None:
    assert parse_card(card).phones == ()


def test_a_hostile_card_costs_bounded_work() -> None:
    props = [["email", {}, "text", f"a{i}@x.example"] for i in range(10_000)]
    card = parse_card(["vcard", props])
    assert len(card.emails) == MAX_PROPERTIES
    long = parse_card(["vcard", [["fn", {}, "text", "x" * 1_000_000]]])
    assert len(long.names[0]) == 500


# -- contacts: who is the subject, what is protected ----------------------------------------


def test_nominet_redaction_is_protected() -> None:
    (registrant,) = contacts(fixture("nominet_uk_domain_bbc.co.uk.200.json"))
    assert registrant.roles == ("registrant",)
    assert registrant.protected and registrant.redacted and not registrant.proxy
    assert registrant.card.emails == ()  # redacted@nominet.uk is a placeholder
    assert protection([registrant]) == "redacted for privacy"


@pytest.mark.parametrize(
    ("name", "proxy"),
    [
        ("namecheap_registrar_domain_bitcoin.org.200.json", "Withheld for Privacy ehf"),
        ("godaddy_registrar_domain_tesla.coffee.200.json", "Domains By Proxy, LLC"),
    ],
)
def test_privacy_proxies_are_protected(name: str, proxy: str) -> None:
    found = contacts(fixture(name))
    assert [c.roles for c in found] == [("registrant",), ("technical",)]
    assert all(c.protected for c in found)
    assert proxy in protection(found)
    # The proxy's own address and phone are not the registrant's: none of it is matched.
    text = contact_text("x.example", "rdap.test", found)
    assert "Kalkofnsvegur" not in text and "Mill Ave" not in text


def test_redacted_addresses_with_only_region_and_country_place_no_one() -> None:
    found = contacts(fixture("markmonitor_registrar_domain_google.com.200.json"))
    assert [c.roles[0] for c in found] == ["administrative", "registrant", "technical"]
    assert all(c.protected for c in found)
    registrant = found[1]
    assert registrant.card.orgs == ("Google LLC",) and registrant.card.addresses == ()


def test_visible_contacts_are_written_out_registrar_left_out() -> None:
    found = contacts(fixture("namesilo_registrar_domain_namesilo.com.200.json"))
    (contact,) = found  # one entity, three roles; the registrar and its abuse desk are not it
    assert contact.roles == ("registrant", "administrative", "technical")
    assert not contact.protected
    text = contact_text("namesilo.com", "rdap.namesilo.com", found)
    assert "Registrant (also the administrative contact and technical contact)" in text
    assert "Registrant address: Suite A-110, 1300 E. Missouri Avenue, Phoenix, AZ, 85014" in text
    assert "Registrant phone: +1.8884626950" in text
    assert "Registrant email: internal_domains@namesilo.com" in text
    assert "390 NE 191st" not in text and "abuse@namesilo.com" not in text  # registrar's


def test_a_subjects_registration_reads_as_text_for_the_matcher() -> None:
    text = contact_text("w.example", "rdap.test", contacts(registered_to("w.example")))
    assert text.splitlines() == [
        "Registration data of w.example (RDAP, rdap.test)",
        "Registrant name: Eleanor Whitcombe",
        "Registrant address: 14 Larkspur Close, Wickwar, GL12 8QX",
        "Registrant phone: +44.7700900461",
        "Registrant email: ellie.whitcombe77@example.net",
    ]


def test_nested_entities_are_found_and_bounded() -> None:
    deep: dict = {"entities": []}
    node = deep
    for level in range(10):
        child = {"roles": ["technical"], "vcardArray": ["vcard", [["fn", {}, "text", f"L{level}"]]]}
        node["entities"] = [child]
        node = child
    found = contacts(deep)
    assert [c.card.names[0] for c in found] == ["L0", "L1", "L2", "L3"]  # 4 levels followed
    wide = {"entities": [{"roles": ["registrant"]}] * 10_000}
    assert len(contacts(wide)) == 50


def test_opt_out_and_placeholder_texts_are_not_details() -> None:
    card = [
        ["fn", {}, "text", "REDACTED FOR PRIVACY"],
        ["adr", {"label": "This individual has chosen to opt-out of the WHOIS."}, "text", []],
        ["tel", {}, "uri", "tel:Not Disclosed"],
        ["email", {}, "text", "Data Protected"],
    ]
    (contact,) = contacts({"entities": [{"roles": ["registrant"], "vcardArray": ["vcard", card]}]})
    assert contact.protected and contact.redacted and not contact.proxy


def test_thin_registry_points_to_the_registrar() -> None:
    answer = fixture("verisign_com_domain_google.com.200.json")
    assert contacts(answer) == []
    assert related_link(answer) == "https://rdap.markmonitor.com/rdap/domain/GOOGLE.COM"
    assert related_link(fixture("nominet_uk_domain_bbc.co.uk.200.json")) is None
