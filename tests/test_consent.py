"""Consent (`--consent NAME`): the only way a private detail leaves, and only as declared.

Without consent a private email is never handed to a scanner nor sent in any form, even by a
buggy scanner that builds the request itself. With consent, only the named scanner gets the
private values, only of the kinds it declares, and the wire guard still refuses every other
private detail in its requests. The mock transport records what would have been sent.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from urllib.parse import quote, unquote_plus

import httpx
import pytest

from footprint.consent import (
    CONSENTED_VIA,
    check_consent,
    consented_checks,
    private_seeds,
)
from footprint.engine import ScanResult
from footprint.kinds import Kind
from footprint.model import Identifier, SourceState, SourceStatus
from footprint.net import NetSettings, RequestCounter, build_client, current_source
from footprint.net.errors import PrivateDetailError
from footprint.net.wire import WireGuardTransport
from footprint.plan import plan, unconsented
from footprint.privacy import PrivateForms
from footprint.profile import Profile, parse_profile
from footprint.run import ScanRequest, net_settings, run_scan
from footprint.scanner import Checked, Event, ScanContext, Scanner, ScanOptions, Send, Work

PRIVATE_EMAIL = "ellie.whitcombe77@example.net"
PUBLIC_EMAIL = "eleanor@whitcombeforwickwar.example"
PROFILE = {
    "name": "Eleanor Whitcombe",
    "private": {
        "phones": ["07700 900461"],
        "emails": [PRIVATE_EMAIL],
        "family": ["Daniel Whitcombe"],
    },
    "public": {"emails": [PUBLIC_EMAIL]},
}
# The private email and phone as a request could carry them, case and punctuation folded.
LEAKS = {"email": "elliewhitcombe77", "phone": "7700900461"}


def profile() -> Profile:
    return parse_profile(PROFILE)


def folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unquote_plus(unquote_plus(text)).lower())


def carried(request: httpx.Request) -> set[str]:
    parts = [str(request.url), *(f"{k}{v}" for k, v in request.headers.items())]
    parts.append(request.content.decode("utf-8", "replace"))
    blob = "".join(folded(p) for p in parts)
    return {name for name, leak in LEAKS.items() if leak in blob}


class Asker(Scanner):
    """Searches an email lookup service; may send private emails with consent."""

    name = "asker"
    description = "test: looks each email up"
    consumes = frozenset({Kind.EMAIL})
    sends = (Send(Kind.EMAIL, "lookup.example"),)
    consent_sends = frozenset({Kind.EMAIL})
    consent_reason = "the lookup is by the address itself"
    got: list[Identifier]

    def __init__(self) -> None:
        self.got = []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        self.got.append(identifier)
        yield Work(1, "email")
        await ctx.client.get(f"https://lookup.example/{quote(identifier.value, safe='')}")
        yield Checked(identifier.value)


class PhoneToo(Asker):
    """A consented scanner with a bug: it also sends the private phone it never declared."""

    name = "phonetoo"

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        async for event in super().scan(ctx, identifier):
            yield event
        await ctx.client.get("https://lookup.example/phone/07700900461")


class Other(Asker):
    """Another email scanner, which asks for no consent: it must never see a private email."""

    name = "other"
    consent_sends = frozenset()
    sends = (Send(Kind.EMAIL, "other.example"),)


class Leaky(Scanner):
    """A buggy scanner: it builds a request holding the private email itself."""

    name = "leaky"
    description = "test: sends what it should not"

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield Work(1)
        await ctx.client.get("https://leaky.example/", params={"q": PRIVATE_EMAIL.upper()})
        yield Checked("leaky")


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200, text="ok")


def scan(
    scanners: list[Scanner], consent: tuple[str, ...] = (), **kw: object
) -> tuple[ScanResult, Recorder]:
    recorder = Recorder()
    net = NetSettings(retries=0, per_host_rate=1000.0, per_host_burst=1000)
    request = ScanRequest(profile(), scanners, ScanOptions(consent=consent), net, **kw)  # type: ignore[arg-type]
    return run_scan(request, httpx.MockTransport(recorder)), recorder


def status(result: ScanResult, name: str) -> SourceStatus:
    return next(s for s in result.sources if s.name == name)


# -- without consent ---------------------------------------------------------------------------


def test_without_consent_no_scanner_gets_or_sends_a_private_email() -> None:
    asker, other = Asker(), Other()
    result, recorder = scan([asker, other])
    assert [i.value for i in asker.got] == [PUBLIC_EMAIL]
    assert [i.value for i in other.got] == [PUBLIC_EMAIL]
    assert len(recorder.requests) == 2
    assert all(carried(r) == set() for r in recorder.requests)
    assert status(result, "asker").state is SourceState.OK


def test_without_consent_a_buggy_scanner_sending_the_private_email_is_refused() -> None:
    result, recorder = scan([Leaky()])
    assert recorder.requests == []  # refused before it reached the transport
    leaky = status(result, "leaky")
    assert leaky.refused == 1
    assert "carries a private detail (email)" in leaky.reason
    assert PRIVATE_EMAIL not in leaky.reason


def test_consent_for_another_scanner_does_not_let_a_buggy_one_send() -> None:
    result, recorder = scan([Leaky(), Asker()], consent=("asker",))
    assert status(result, "leaky").refused == 1
    assert {r.url.host for r in recorder.requests} == {"lookup.example"}


# -- with consent ------------------------------------------------------------------------------


def test_with_consent_only_the_consented_scanner_gets_the_private_email() -> None:
    asker, other = Asker(), Other()
    result, recorder = scan([asker, other], consent=("asker",))
    private = [i for i in asker.got if i.value == PRIVATE_EMAIL]
    assert len(private) == 1 and private[0].via == CONSENTED_VIA and private[0].kind is Kind.EMAIL
    # Only the declared kind: the private phone is never handed over.
    assert {i.value for i in asker.got} == {PUBLIC_EMAIL, PRIVATE_EMAIL}
    assert [i.value for i in other.got] == [PUBLIC_EMAIL]
    leaving = [r for r in recorder.requests if carried(r)]
    assert [(r.url.host, carried(r)) for r in leaving] == [("lookup.example", {"email"})]
    assert status(result, "asker").checked == 2 and status(result, "asker").refused == 0


def test_consent_reaches_the_private_email_even_at_depth_zero() -> None:
    asker = Asker()
    scan([asker], consent=("asker",), max_depth=0)
    assert {i.value for i in asker.got} == {PUBLIC_EMAIL, PRIVATE_EMAIL}


def test_a_consented_scanner_still_cannot_send_an_undeclared_private_detail() -> None:
    result, recorder = scan([PhoneToo()], consent=("phonetoo",))
    assert all("phone" not in carried(r) for r in recorder.requests)
    phonetoo = status(result, "phonetoo")
    assert phonetoo.refused >= 1
    assert "carries a private detail (phone)" in phonetoo.reason


def test_private_seeds_only_of_declared_kinds() -> None:
    seeds = private_seeds(profile(), Asker())
    assert [(s.kind, s.value, s.via) for s in seeds] == [(Kind.EMAIL, PRIVATE_EMAIL, CONSENTED_VIA)]
    assert private_seeds(profile(), Other()) == []


# -- the wire guard on its own -----------------------------------------------------------------


async def test_wire_guard_checks_a_consented_scanner_with_its_own_check() -> None:
    subject = profile()
    scanners = [Asker()]
    checks = consented_checks(subject, scanners, ScanOptions(consent=("asker",)))
    sent: list[str] = []

    def ok(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(200)

    guard = WireGuardTransport(httpx.MockTransport(ok), PrivateForms(subject).find, None, checks)
    async with httpx.AsyncClient(transport=guard) as client:
        email = f"https://lookup.example/{quote(PRIVATE_EMAIL)}"
        current_source.set("asker")
        await client.get(email)
        with pytest.raises(PrivateDetailError, match=r"\(phone\)"):
            await client.get("https://lookup.example/?n=07700%20900461")
        current_source.set("other")
        with pytest.raises(PrivateDetailError, match=r"\(email\)"):
            await client.get(email)
    assert sent == [email]


async def test_build_client_passes_consented_checks_to_the_wire_guard() -> None:
    subject = profile()
    checks = consented_checks(subject, [Asker()], ScanOptions(consent=("asker",)))
    recorder = Recorder()
    settings = NetSettings(retries=0)
    async with build_client(
        settings,
        httpx.MockTransport(recorder),
        RequestCounter(),
        private=PrivateForms(subject).find,
        consented=checks,
    ) as client:
        current_source.set("asker")
        await client.get(f"https://lookup.example/{PRIVATE_EMAIL}")
    assert len(recorder.requests) == 1


# -- plan --------------------------------------------------------------------------------------


def test_plan_lists_consented_private_sends_marked_private() -> None:
    subject = profile()
    without = plan(subject, [Asker(), Other()], ScanOptions())
    assert PRIVATE_EMAIL not in {s.value for s in without}
    assert not any(s.private for s in without)
    assert [s.name for s in unconsented(subject, [Asker(), Other()], ScanOptions())] == ["asker"]
    given = ScanOptions(consent=("asker",))
    with_consent = plan(subject, [Asker(), Other()], given)
    private = [s for s in with_consent if s.private]
    assert [(s.scanner, s.kind, s.value, s.host) for s in private] == [
        ("asker", "email", PRIVATE_EMAIL, "lookup.example")
    ]
    assert unconsented(subject, [Asker(), Other()], given) == []
    # Offline, nothing is sent, with consent or not.
    assert plan(subject, [Asker()], ScanOptions(offline=True, consent=("asker",))) == []


def test_check_consent_names_a_scanner_that_asks_for_it() -> None:
    classes = {"asker": Asker, "other": Other}
    assert check_consent(["asker"], classes) == ""
    assert (
        check_consent(["nope"], classes)
        == "--consent 'nope': no such scanner (known: asker, other)"
    )
    assert check_consent(["other"], classes) == (
        "--consent 'other': this scanner sends no private detail, so it needs no consent "
        "(scanners that ask for it: asker)"
    )


# -- rates and failures --------------------------------------------------------------------------


class Rated(Scanner):
    name = "rated"
    description = "test: a documented rate"
    endpoint = "https://api.rated.example/v1"
    endpoint_rate = (0.5, 1)


def test_a_scanners_endpoint_rate_is_applied_to_its_endpoints_host() -> None:
    request = ScanRequest(profile(), [Rated(), Asker()], ScanOptions(), NetSettings())
    assert net_settings(request).rate_for("api.rated.example") == (0.5, 1)
    assert net_settings(request).rate_for("lookup.example") == (2.0, 4)  # the default
    moved = ScanOptions(env={"FOOTPRINT_RATED_URL": "http://127.0.0.1:8080/v1"})
    request = ScanRequest(profile(), [Rated()], moved, NetSettings())
    assert net_settings(request).rate_for("127.0.0.1") == (0.5, 1)
    # A rate the user already set for that host is kept.
    own = NetSettings(host_rates=(("api.rated.example", 5.0, 5),))
    request = ScanRequest(profile(), [Rated()], ScanOptions(), own)
    assert net_settings(request).rate_for("api.rated.example") == (5.0, 5)
