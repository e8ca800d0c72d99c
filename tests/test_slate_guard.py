"""A slate's one shared client still refuses every request that carries ANY candidate's private
detail, and lets a consented scanner send only its own candidate's consented details."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import httpx
import pytest
import test_privacy_gate as gate

from footprint.kinds import Kind
from footprint.model import Category
from footprint.net import NetSettings, build_client, current_source
from footprint.net.errors import PrivateDetailError
from footprint.privacy import PrivateForms, normalise, squeeze
from footprint.profile import Profile, parse_profile
from footprint.scanner import Scanner, ScanOptions
from footprint.slate.guard import SlateCounter, SlateGuard, current_candidate

SAM = {
    "name": "Sam Jones",
    "private": {
        "phones": ["07700 900777"],
        "emails": ["sam.jones.home@example.org"],
        "home_address": "3 High Street, Bath, BA1 1AA",
        "family": ["Eleanor Whitcombe"],  # his partner is on the slate too
        "date_of_birth": dt.date(1980, 2, 1),
    },
    "public": {"usernames": ["samjonesbath"]},
}


class Hibp(Scanner):
    name = "hibp_test"
    description = "test: looks an email address up, with consent"
    consumes = frozenset({Kind.EMAIL})
    consent_sends = frozenset({Kind.EMAIL})
    consent_reason = "the service is searched by the address itself"


def profiles() -> dict[str, Profile]:
    return {"ellie": parse_profile(gate.PROFILE), "sam": parse_profile(SAM)}


def _caught_and_spared() -> tuple[list[str], list[str]]:
    """The single-scan gate test's own lists (read from its source, so they cannot drift)."""
    import inspect

    source = inspect.getsource(
        gate.test_private_forms_catch_every_encoding_and_spare_public_identifiers
    )
    namespace: dict[str, object] = {}
    body = source.split("caught = ", 1)[1].split("for text in caught", 1)[0]
    spared = source.split("spared = ", 1)[1].split("for text in spared", 1)[0]
    exec("caught = " + body + "\nspared = " + spared, namespace)  # literals only
    return namespace["caught"], namespace["spared"]  # type: ignore[return-value]


def test_every_form_needs_what_its_matches_hold() -> None:
    """The index is sound: whenever a form matches, what it `needs` is in the squeezed text."""
    caught, spared = _caught_and_spared()
    short_dates = ["03/09/77", "3.9.77", "dob=3-9-77&x=1", "01/02/80", "1.2.80"]
    caught = [*caught, *short_dates]
    ellie, sam = (PrivateForms(p) for p in profiles().values())
    assert all(ellie.find(t) or sam.find(t) for t in short_dates)
    for profile in profiles().values():
        for category, regex, needs in PrivateForms(profile).patterns():
            assert needs, (category, regex.pattern)
            for text in [*caught, *spared]:
                folded = normalise(text)
                if regex.search(folded):
                    assert needs in squeeze(folded), (text, regex.pattern, needs)


def test_another_candidates_details_are_caught_in_every_encoding() -> None:
    """Requesting as someone else, each encoding of Ellie's details is caught exactly as her
    own single-scan check catches it; what her check spares is spared too."""
    caught, spared = _caught_and_spared()
    other = parse_profile({"name": "Bo Smith", "private": {"phones": ["07700 900999"]}})
    guard = SlateGuard({"ellie": parse_profile(gate.PROFILE), "bo": other}, [], ScanOptions())
    own = PrivateForms(parse_profile(gate.PROFILE))
    token = current_candidate.set("bo")
    try:
        for text in caught:
            assert guard.find(text) is not None, text
        for text in [*caught, *spared]:
            assert guard.find(text) == own.find(text), text
    finally:
        current_candidate.reset(token)


class Wire:
    """A shared client over a recording transport, as a slate builds it."""

    def __init__(self, consent: tuple[str, ...] = ()) -> None:
        options = ScanOptions(consent=consent)
        self.guard = SlateGuard(profiles(), [Hibp()], options)
        self.counter = SlateCounter()
        self.sent: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(str(request.url))
        return httpx.Response(200, text="ok")

    async def run(self, steps: list[tuple[str, str, str]]) -> list[bool]:
        """(candidate, source, url) each in its own task, as the engine runs them; True when
        the request went out."""
        settings = NetSettings(allow_private=True)
        async with build_client(
            settings,
            httpx.MockTransport(self.handler),
            self.counter,
            private=self.guard.find,
            consented=self.guard.consented(),
        ) as client:

            def task(cid: str, source: str, url: str) -> Callable[[], Awaitable[bool]]:
                async def go() -> bool:
                    if cid:
                        current_candidate.set(cid)
                    current_source.set(source)
                    try:
                        await client.get(url)
                    except PrivateDetailError:
                        return False
                    return True

                return go

            return [await asyncio.create_task(task(*step)()) for step in steps]


async def test_a_request_with_any_candidates_private_detail_is_refused() -> None:
    wire = Wire()
    went = await wire.run(
        [
            ("sam", "web", "https://search.example/?q=Sam+Jones"),  # his own name: fine
            ("sam", "web", "https://search.example/?q=07700+900461"),  # Ellie's phone
            ("sam", "web", "https://search.example/?q=gl12+8qx"),  # Ellie's postcode
            ("ellie", "web", "https://search.example/?q=ba1+1aa"),  # Sam's postcode
            ("ellie", "web", "https://search.example/?q=07700900777"),  # Sam's phone
            ("ellie", "web", "https://search.example/?q=Daniel+Whitcombe"),  # her own family
            ("", "web", "https://search.example/?q=sam.jones.home%40example.org"),  # no one's task
            ("", "web", "https://search.example/?q=Sam+Jones"),
        ]
    )
    assert went == [True, False, False, False, False, False, False, True]
    assert wire.sent == [
        "https://search.example/?q=Sam+Jones",
        "https://search.example/?q=Sam+Jones",
    ]
    # Counted per candidate and per source; refusals too.
    assert wire.counter.of("sam").counts == {"web": 1}
    assert wire.counter.of("sam").refused == {"web": 2}
    assert wire.counter.of("ellie").refused == {"web": 3}
    assert wire.counter.counts == {"web": 2} and wire.counter.refused == {"web": 6}


async def test_a_candidates_own_public_name_may_be_sent_though_a_colleague_lists_it() -> None:
    """Sam lists Eleanor Whitcombe as family: she may still search by her own name; he may
    not send it."""
    wire = Wire()
    went = await wire.run(
        [
            ("ellie", "web", "https://search.example/?q=Eleanor+Whitcombe"),
            ("sam", "web", "https://search.example/?q=Eleanor+Whitcombe"),
            ("", "web", "https://search.example/?q=Eleanor+Whitcombe"),
        ]
    )
    assert went == [True, False, False]


async def test_consent_lets_only_the_consenting_candidates_own_details_go() -> None:
    wire = Wire(consent=("hibp_test",))
    ellie_mail = "ellie.whitcombe77%40example.net"
    sam_mail = "sam.jones.home%40example.org"
    went = await wire.run(
        [
            ("ellie", "hibp_test", f"https://hibp.example/{ellie_mail}"),  # hers, consented
            ("sam", "hibp_test", f"https://hibp.example/{sam_mail}"),  # his, consented
            ("ellie", "hibp_test", f"https://hibp.example/{sam_mail}"),  # his, by her scan
            ("sam", "hibp_test", f"https://hibp.example/{ellie_mail}"),  # hers, by his scan
            ("ellie", "hibp_test", "https://hibp.example/07700900461"),  # not consented: phone
            ("ellie", "web", f"https://search.example/{ellie_mail}"),  # another scanner
            ("", "hibp_test", f"https://hibp.example/{ellie_mail}"),  # outside a candidate
        ]
    )
    assert went == [True, True, False, False, False, False, False]
    assert wire.sent == [
        f"https://hibp.example/{ellie_mail}",
        f"https://hibp.example/{sam_mail}",
    ]


async def test_without_consent_the_consent_scanner_is_refused_too() -> None:
    wire = Wire()
    went = await wire.run(
        [("ellie", "hibp_test", "https://hibp.example/ellie.whitcombe77%40example.net")]
    )
    assert went == [False]


@pytest.mark.parametrize("n", [60])
def test_checking_many_candidates_stays_cheap(n: int) -> None:
    """Each request is checked against every candidate without a regex per form: a slate of
    60 costs well under a millisecond a text (bound generous for a loaded machine)."""
    import time

    slate = {
        f"c{i}": parse_profile(
            {
                "name": f"Person {i} Example",
                "private": {
                    "phones": [f"07700 9{i + 10:05d}"],
                    "emails": [f"person.{i}@home.example"],
                    "home_address": f"{i + 1} Larkspur Close, Wickwar, GL12 8QX",
                    "family": [f"Partner{i} Example"],
                },
            }
        )
        for i in range(n)
    }
    guard = SlateGuard(slate, [], ScanOptions())
    texts = [f"https://search.example/?q=Person+{i}+Example&page={i % 7}" for i in range(500)]
    token = current_candidate.set("c3")
    try:
        start = time.perf_counter()
        assert all(guard.find(t) is None for t in texts)
        per_text = (time.perf_counter() - start) / len(texts)
        assert guard.find("https://x.example/?q=07700+900020") is Category.PHONE  # c10's
    finally:
        current_candidate.reset(token)
    assert per_text < 0.002, per_text
