"""The rdap scanner: what it asks where, what it yields, and what the report makes of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdap_answers import bootstrap_with, fixture, fixture_bytes, registered_to

from footprint.engine import Engine
from footprint.kinds import Kind
from footprint.model import Category, Document, Identifier, SourceState
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile
from footprint.scanner import Checked, Event, Note, ScanContext, ScanOptions, Skipped, Work
from reports import build_report
from scanners.rdap import Rdap
from scanners.rdap.bootstrap import cache_file

IANA = "https://data.iana.org/rdap/dns.json"
REGISTRY = "https://rdap.example-registry.test/"
DOMAIN = "whitcombeforwickwar.example"
Handler = Callable[[httpx.Request], httpx.Response]


def rdap_json(answer: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(answer).encode(),
        headers={"content-type": "application/rdap+json"},
    )


def web(answers: dict[str, httpx.Response | Any]) -> Handler:
    """IANA's bootstrap (with .example) plus the given answers by URL; 404 otherwise."""

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == IANA:
            return httpx.Response(200, content=bootstrap_with(example=REGISTRY))
        answer = answers.get(url)
        if answer is None:
            return httpx.Response(404)
        return answer if isinstance(answer, httpx.Response) else rdap_json(answer)

    return handler


async def events_for(
    handler: Handler,
    domain: str = DOMAIN,
    endpoint: str = IANA,
    cache_dir: Path | None = None,
    scanner: Rdap | None = None,
) -> tuple[list[Event], list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    scanner = scanner or Rdap()
    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
        ctx = ScanContext(client, ScanOptions(cache_dir=cache_dir), endpoint=endpoint)
        events = [e async for e in scanner.scan(ctx, Identifier(Kind.DOMAIN, domain))]
    return events, seen


async def test_registrant_details_go_to_the_matcher_as_text() -> None:
    url = f"{REGISTRY}domain/{DOMAIN}"
    events, seen = await events_for(web({url: registered_to(DOMAIN)}))
    assert [str(r.url) for r in seen] == [IANA, url]
    assert seen[1].headers["accept"].startswith("application/rdap+json")
    work, document, checked = events
    assert work == Work(1, "domain") and checked == Checked(DOMAIN)
    assert isinstance(document, Document)
    assert document.location == url and document.media_type == "text/plain"
    assert b"Registrant phone: +44.7700900461" in document.content


async def test_protected_registration_is_a_note_not_a_document() -> None:
    url = "https://rdap.nominet.uk/uk/domain/whitcombe.co.uk"
    nominet = fixture("nominet_uk_domain_bbc.co.uk.200.json")
    events, _ = await events_for(web({url: nominet}), domain="whitcombe.co.uk")
    assert not [e for e in events if isinstance(e, Document)]
    assert (
        Note("registration details of whitcombe.co.uk are protected (redacted for privacy)")
        in events
    )
    assert Checked("whitcombe.co.uk") in events


async def test_privacy_service_is_named_in_the_note() -> None:
    url = f"{REGISTRY}domain/{DOMAIN}"
    proxied = fixture("namecheap_registrar_domain_bitcoin.org.200.json")
    events, _ = await events_for(web({url: proxied}))
    (note,) = [e for e in events if isinstance(e, Note)]
    assert note.text == (
        f"registration details of {DOMAIN} are protected (privacy service: "
        "Privacy service provided by Withheld for Privacy ehf)"
    )


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, fixture_bytes("registry_error_domain_jailbreaks.fun.404.json")),
        (404, b""),  # Verisign's 404 has no body
        (400, fixture_bytes("pir_org_error_subdomain_malware.wicar.org.400.json")),
    ],
)
async def test_no_registration_record_is_checked_and_said(status: int, body: bytes) -> None:
    url = f"{REGISTRY}domain/{DOMAIN}"
    events, _ = await events_for(web({url: httpx.Response(status, content=body)}))
    assert Checked(DOMAIN) in events
    assert Note(f"{DOMAIN} has no registration record at rdap.example-registry.test") in events


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (
            httpx.Response(200, text="<html>down for maintenance</html>"),
            "malformed answer (not JSON)",
        ),
        (httpx.Response(200, json=["not", "an", "object"]), "not a domain object"),
        (httpx.Response(200, json={"objectClassName": "entity"}), "not a domain object"),
        (httpx.Response(501, json={"errorCode": 501}), "answered HTTP 501"),
        (httpx.Response(503), "answered HTTP 503"),
        (httpx.Response(429, headers={"retry-after": "3600"}), "HTTP 429, asked to wait 3600 s"),
    ],
)
async def test_bad_answers_are_skipped_with_a_reason(response: httpx.Response, reason: str) -> None:
    url = f"{REGISTRY}domain/{DOMAIN}"
    events, _ = await events_for(web({url: response}))
    (skipped,) = [e for e in events if isinstance(e, Skipped)]
    assert skipped.location == DOMAIN and reason in skipped.reason
    assert "rdap.example-registry.test" in skipped.reason
    assert not [e for e in events if isinstance(e, Checked | Document)]


async def test_rate_limit_with_a_short_retry_after_is_waited_out() -> None:
    url = f"{REGISTRY}domain/{DOMAIN}"
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == url:
            calls.append(1)
            if len(calls) == 1:
                return httpx.Response(429, headers={"retry-after": "1"})
        return web({url: registered_to(DOMAIN)})(request)

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    settings = NetSettings(allow_private=True)
    async with build_client(settings, httpx.MockTransport(handler), sleep=sleep) as client:
        ctx = ScanContext(client, ScanOptions(), endpoint=IANA)
        events = [e async for e in Rdap().scan(ctx, Identifier(Kind.DOMAIN, DOMAIN))]
    assert len(calls) == 2 and 1.0 in waits
    assert any(isinstance(e, Document) for e in events)


async def test_thin_registry_is_followed_to_the_registrar_once() -> None:
    verisign = "https://rdap.verisign.com/com/v1/domain/whitcombe.com"
    registrar = "https://rdap.markmonitor.com/rdap/domain/GOOGLE.COM"
    answers = {
        verisign: fixture("verisign_com_domain_google.com.200.json"),
        registrar: fixture("markmonitor_registrar_domain_google.com.200.json"),
    }
    events, seen = await events_for(web(answers), domain="whitcombe.com")
    assert [str(r.url) for r in seen] == [IANA, verisign, registrar]
    assert (
        Note("registration details of whitcombe.com are protected (redacted for privacy)") in events
    )


async def test_registrar_server_failing_is_skipped_naming_it() -> None:
    verisign = "https://rdap.verisign.com/com/v1/domain/whitcombe.com"
    registrar = "https://rdap.markmonitor.com/rdap/domain/GOOGLE.COM"
    answers = {
        verisign: fixture("verisign_com_domain_google.com.200.json"),
        registrar: httpx.Response(500),
    }
    events, _ = await events_for(web(answers), domain="whitcombe.com")
    (skipped,) = [e for e in events if isinstance(e, Skipped)]
    assert skipped.reason == "the registrar's RDAP server rdap.markmonitor.com answered HTTP 500"


async def test_no_server_for_the_top_level_domain_is_skipped() -> None:
    events, seen = await events_for(web({}), domain="whitcombe.invalidtld")
    (skipped,) = [e for e in events if isinstance(e, Skipped)]
    assert skipped.reason == f"no RDAP server for .invalidtld in the bootstrap file ({IANA})"
    assert len(seen) == 1


async def test_bootstrap_download_failing_is_skipped() -> None:
    events, _ = await events_for(lambda r: httpx.Response(502))
    (skipped,) = [e for e in events if isinstance(e, Skipped)]
    assert skipped.reason == f"RDAP bootstrap file {IANA} not read: HTTP 502"


async def test_several_domains_share_one_bootstrap_download(tmp_path: Path) -> None:
    scanner = Rdap()
    handler = web({})
    _, first = await events_for(handler, "a.example", scanner=scanner)
    _, second = await events_for(handler, "b.example", scanner=scanner)
    assert [str(r.url) for r in first].count(IANA) == 1
    assert IANA not in [str(r.url) for r in second]


async def test_bootstrap_is_cached_on_disk(tmp_path: Path) -> None:
    await events_for(web({}), cache_dir=tmp_path)
    assert cache_file(tmp_path, IANA).exists()
    _, seen = await events_for(web({}), cache_dir=tmp_path)
    assert IANA not in [str(r.url) for r in seen]


async def test_endpoint_override_can_be_an_rdap_server() -> None:
    base = "http://rdap.mirror.test/rdap"
    url = f"{base}/domain/{DOMAIN}"
    events, seen = await events_for(web({url: registered_to(DOMAIN)}), endpoint=base)
    assert [str(r.url) for r in seen] == [url]  # no bootstrap asked
    assert any(isinstance(e, Document) and e.location == url for e in events)


async def test_endpoint_override_ending_in_json_is_a_bootstrap_file() -> None:
    mirror = "http://mirror.test/rdap/dns.json"
    url = f"{REGISTRY}domain/{DOMAIN}"

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == mirror:
            return httpx.Response(200, content=bootstrap_with(example=REGISTRY))
        return web({url: registered_to(DOMAIN)})(request)

    _, seen = await events_for(handler, endpoint=mirror)
    assert [str(r.url) for r in seen] == [mirror, url]


def test_a_bad_endpoint_override_is_a_one_line_error() -> None:
    options = ScanOptions(env={"FOOTPRINT_RDAP_URL": "rdap.example"})
    assert Rdap().check_options(options) == (
        "FOOTPRINT_RDAP_URL 'rdap.example': must be a web address starting with http:// or https://"
    )
    assert Rdap().check_options(ScanOptions(env={"FOOTPRINT_RDAP_URL": "https://x.test/"})) == ""


# -- plan -----------------------------------------------------------------------------------


def test_plan_names_the_registry_server_from_the_cached_bootstrap(tmp_path: Path) -> None:
    seed = Identifier(Kind.DOMAIN, "whitcombe.co.uk")
    cold = Rdap().planned(seed, ScanOptions(cache_dir=tmp_path))
    assert cold == [
        (
            "whitcombe.co.uk",
            "the .uk registry's RDAP server (looked up in the bootstrap file from "
            "data.iana.org, which is not sent the domain; and the registrar's RDAP server "
            "if the registry names one)",
        )
    ]
    path = cache_file(tmp_path, IANA)
    path.parent.mkdir(parents=True)
    path.write_bytes(bootstrap_with())
    warm = Rdap().planned(seed, ScanOptions(cache_dir=tmp_path))
    assert warm == [
        (
            "whitcombe.co.uk",
            "rdap.nominet.uk (the .uk registry's RDAP server, from the bootstrap file from "
            "data.iana.org, which is not sent the domain; and the registrar's RDAP server "
            "if the registry names one)",
        )
    ]


def test_plan_with_an_rdap_server_override() -> None:
    options = ScanOptions(env={"FOOTPRINT_RDAP_URL": "http://127.0.0.1:8080/rdap"})
    assert Rdap().planned(Identifier(Kind.DOMAIN, DOMAIN), options) == [
        (DOMAIN, "127.0.0.1:8080 (the RDAP server set by FOOTPRINT_RDAP_URL)")
    ]
    assert Rdap().planned(Identifier(Kind.URL, "https://x.example/"), options) == []


# -- through the engine and the report ------------------------------------------------------


async def scan(candidate: Profile, handler: Handler) -> tuple[list, list]:
    counter = RequestCounter()
    settings = NetSettings(allow_private=True)
    async with build_client(settings, httpx.MockTransport(handler), counter) as client:
        ctx = ScanContext(client, ScanOptions())
        engine = Engine(candidate, [Rdap()], ctx, counter)
        result = await engine.run([Identifier(Kind.DOMAIN, d) for d in candidate.public.domains])
    return result.findings, result.sources


async def test_engine_finds_the_registrant_phone_and_advises_the_privacy_service(
    candidate: Profile,
) -> None:
    url = f"{REGISTRY}domain/{DOMAIN}"
    findings, sources = await scan(candidate, web({url: registered_to(DOMAIN)}))
    found = {f.category for f in findings}
    assert {Category.PHONE, Category.HOME_ADDRESS, Category.EMAIL} <= found
    assert all(f.location == url and f.source == "rdap" for f in findings)
    (status,) = sources
    assert status.state is SourceState.OK and status.checked == status.total == 1
    report = build_report(candidate, findings, sources)
    phone = next(f for f in report.findings if f.category is Category.PHONE)
    assert phone.advice[0] == "registrar-privacy-service"


async def test_nominet_registration_gets_the_nominet_opt_out_first(candidate: Profile) -> None:
    uk = replace(candidate, public=replace(candidate.public, domains=("whitcombe.co.uk",)))
    url = "https://rdap.nominet.uk/uk/domain/whitcombe.co.uk"
    findings, sources = await scan(uk, web({url: registered_to("whitcombe.co.uk")}))
    report = build_report(uk, findings, sources)
    phone = next(f for f in report.findings if f.category is Category.PHONE)
    assert phone.advice[:2] == ("nominet-uk-whois", "registrar-privacy-service")


async def test_protected_outcome_shows_in_the_source_status(candidate: Profile) -> None:
    url = f"{REGISTRY}domain/{DOMAIN}"
    godaddy = fixture("godaddy_registrar_domain_tesla.coffee.200.json")
    findings, sources = await scan(candidate, web({url: godaddy}))
    assert findings == []
    (status,) = sources
    assert status.state is SourceState.OK
    assert status.reason == (
        f"registration details of {DOMAIN} are protected (privacy service: Domains By Proxy, LLC)"
    )
