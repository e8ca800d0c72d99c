"""Private details never leave: the engine's gate on discovered identifiers and the wire guard
on every request, each tested on its own (the mock transport records what would be sent)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from site_entries import site_entry

from footprint.engine import Engine, ScanResult
from footprint.kinds import Kind
from footprint.model import Category, Identifier, SourceState
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.net.errors import PrivateDetailError
from footprint.privacy import PrivateForms
from footprint.profile import Profile, parse_profile
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions
from scanners.accounts import Accounts

PROFILE = {
    "name": "Eleanor Whitcombe",
    "aliases": ["Ellie Whitcombe"],
    "private": {
        "home_address": "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX",
        "phones": ["07700 900461"],
        "emails": ["ellie.whitcombe77@example.net"],
        "date_of_birth": __import__("datetime").date(1977, 9, 3),
        "family": ["Daniel Whitcombe", "Isla Whitcombe"],
    },
    "public": {"usernames": ["ewhitcombe"], "emails": ["eleanor@whitcombeforwickwar.example"]},
}

# Every written form of a private detail a request could carry, digits and words folded.
LEAKS = ("7700900461", "elliewhitcombe77", "danielwhitcombe", "islawhitcombe", "gl128qx")


def folded(text: str) -> str:
    from urllib.parse import unquote_plus

    return re.sub(r"[^a-z0-9]", "", unquote_plus(unquote_plus(text)).lower())


def carried(request: httpx.Request) -> list[str]:
    """Which private forms a recorded request holds anywhere (URL, headers, body)."""
    parts = [str(request.url), *(f"{k}{v}" for k, v in request.headers.items())]
    parts.append(request.content.decode("utf-8", "replace"))
    blob = "".join(folded(p) for p in parts)
    return [leak for leak in LEAKS if leak in blob]


def profile() -> Profile:
    return parse_profile(PROFILE)


class Recorder:
    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        body = self.pages.get(str(request.url))
        if body is None:
            return httpx.Response(404, text="no such user")
        return httpx.Response(200, text=body, headers={"content-type": "text/html"})


async def scan(
    subject: Profile,
    scanners: list[Scanner],
    recorder: Recorder,
    options: ScanOptions | None = None,
    max_depth: int = 2,
) -> ScanResult:
    counter = RequestCounter()
    forms = PrivateForms(subject)
    settings = NetSettings(retries=0, per_host_rate=1000.0, per_host_burst=1000)
    async with build_client(
        settings, httpx.MockTransport(recorder), counter, private=forms.find
    ) as client:
        ctx = ScanContext(client, options or ScanOptions())
        engine = Engine(subject, scanners, ctx, counter, max_depth=max_depth)
        return await engine.run(subject.seeds(), timeout=10)


# -- 1. the link-following case through the real accounts scanner ------------------------------

LINK_PAGE = """<html><body>profile-of ewhitcombe. Call me on 07700 900461!
<a href="https://siteb.example/u/07700900461">b</a>
<a href="https://siteb.example/u/ellie.whitcombe77">b</a>
<a href="https://siteb.example/u/daniel-whitcombe">b</a>
<a href="https://siteb.example/u/bakes_by_ellie">b</a>
</body></html>"""


async def test_linked_private_usernames_are_withheld_and_never_sent(tmp_path: Path) -> None:
    sites = [
        site_entry("SiteA", "https://sitea.example/{account}"),
        site_entry("SiteB", "https://siteb.example/u/{account}"),
    ]
    doc = {"license": ["L"], "authors": ["A"], "categories": ["social"], "sites": sites}
    (tmp_path / "sites.json").write_text(json.dumps(doc))
    recorder = Recorder({"https://sitea.example/ewhitcombe": LINK_PAGE})
    subject = profile()
    result = await scan(
        subject, [Accounts()], recorder, ScanOptions(sites_file=tmp_path / "sites.json")
    )
    assert all(carried(r) == [] for r in recorder.requests), [
        (str(r.url), carried(r)) for r in recorder.requests
    ]
    # The page's phone is still a finding (the matcher judges what was fetched) ...
    assert any(f.category.value == "phone" for f in result.findings)
    # ... the harmless linked username was followed, the three private ones withheld.
    sent = {str(r.url) for r in recorder.requests}
    assert "https://siteb.example/u/bakes_by_ellie" in sent
    (accounts,) = result.sources
    assert accounts.withheld == 3
    assert "3 discovered identifiers withheld: they hold private details" in accounts.reason


# -- 2. a plugin that yields a private value and an undeclared kind ----------------------------


class Leaky(Scanner):
    name = "leaky"
    description = "test: yields what it scraped from a page"
    consumes = frozenset({Kind.USERNAME})
    produces = frozenset({Kind.USERNAME})
    network = False

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None or identifier.value != "ewhitcombe":
            return
        yield Identifier(Kind.EMAIL, "ellie.whitcombe77@example.net")  # undeclared kind
        yield Identifier(Kind.EMAIL, "someone@else.example")  # undeclared, even if harmless
        yield Identifier(Kind.USERNAME, "+447700900461")
        yield Identifier(Kind.USERNAME, "Daniel_Whitcombe")
        yield Identifier(Kind.USERNAME, "gl12-8qx-runner")
        yield Identifier(Kind.USERNAME, "ellie_bakes")  # fine: followed


class Breach(Scanner):
    name = "breach"
    description = "test: looks identifiers up on a breach site"
    consumes = frozenset({Kind.USERNAME, Kind.EMAIL})

    def __init__(self) -> None:
        self.values: list[str] = []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        self.values.append(identifier.value)
        await ctx.client.get("https://breach.example/lookup", params={"q": identifier.value})
        return
        yield


async def test_undeclared_kinds_and_private_values_are_refused_by_the_engine() -> None:
    recorder = Recorder({})
    breach = Breach()
    result = await scan(profile(), [Leaky(), breach], recorder)
    assert sorted(breach.values) == [
        "eleanor@whitcombeforwickwar.example", "ellie_bakes", "ewhitcombe"
    ]  # fmt: skip
    assert all(carried(r) == [] for r in recorder.requests)
    status = {s.name: s for s in result.sources}
    assert status["leaky"].undeclared == 2
    assert status["leaky"].withheld == 3
    assert "2 discovered identifiers of a kind the scanner does not declare" in (
        status["leaky"].reason
    )


# -- 3. a plugin that builds a request with a private value itself -----------------------------


class Direct(Scanner):
    name = "direct"
    description = "test: sends private values without yielding them"
    consumes = frozenset({Kind.USERNAME})

    def __init__(self) -> None:
        self.errors: list[str] = []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        attempts = [
            lambda: ctx.client.get("https://breach.example/lookup?q=%2B447700900461"),
            lambda: ctx.client.get("https://breach.example/u/Ellie.Whitcombe77"),
            lambda: ctx.client.post("https://breach.example/", json={"q": "GL12  8QX"}),
            lambda: ctx.client.get("https://breach.example/", headers={"X-Q": "Isla Whitcombe"}),
            lambda: ctx.client.get("https://breach.example/?dob=03%2F09%2F1977"),
            lambda: ctx.client.get("https://breach.example/?a=14+larkspur+close"),
        ]
        for attempt in attempts:
            try:
                await attempt()
            except PrivateDetailError as exc:
                self.errors.append(str(exc))
        await ctx.client.get("https://breach.example/u/ewhitcombe")  # public: allowed
        return
        yield


async def test_wire_guard_refuses_requests_a_plugin_builds_with_private_values() -> None:
    recorder = Recorder({})
    direct = Direct()
    result = await scan(profile(), [direct], recorder)
    assert [str(r.url) for r in recorder.requests] == ["https://breach.example/u/ewhitcombe"]
    assert len(direct.errors) == 6
    for message in direct.errors:
        assert "'direct'" in message  # names the scanner ...
        assert not re.search(r"7700|whitcombe77|8qx|isla|1977|larkspur", message, re.I)
    (status,) = result.sources
    assert status.refused == 6
    assert "6 requests refused: they carried a private detail" in status.reason


async def test_wire_guard_checks_redirect_hops() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/start":
            return httpx.Response(302, headers={"location": "/u/07700900461"})
        return httpx.Response(200, text="ok")

    forms = PrivateForms(profile())
    settings = NetSettings(retries=0)
    async with build_client(settings, httpx.MockTransport(handler), private=forms.find) as client:
        try:
            await client.get("https://site.example/start")
        except PrivateDetailError:
            pass
        else:  # pragma: no cover - the assertion below explains
            raise AssertionError("the redirect to a private value was followed")
    assert seen == ["https://site.example/start"]


async def test_wire_guard_refuses_a_header_every_time_and_per_check(monkeypatch) -> None:
    """Header lines are checked once per check and remembered: a private header is still
    refused on every request, a consented scanner's own check is asked separately, and a
    flood of distinct lines does not grow the memory without bound."""
    from footprint.net import current_source, wire

    monkeypatch.setattr(wire, "_MAX_LINES", 8)

    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("x-note", ""))
        return httpx.Response(200, text="ok")

    forms = PrivateForms(profile())
    leaky = {"x-note": "call 07700 900461"}
    consented = {"phone-lookup": PrivateForms(profile(), frozenset({Category.PHONE})).find}
    settings = NetSettings(retries=0, per_host_rate=1000.0, per_host_burst=1000)
    client = build_client(
        settings, httpx.MockTransport(handler), private=forms.find, consented=consented
    )
    async with client:
        for _ in range(3):
            try:
                await client.get("https://site.example/", headers=leaky)
            except PrivateDetailError:
                pass
            else:  # pragma: no cover - the assertion below explains
                raise AssertionError("a header with a private phone number was sent")
        token = current_source.set("phone-lookup")
        try:
            await client.get("https://site.example/", headers=leaky)  # consented: sent
        finally:
            current_source.reset(token)
        for i in range(20):
            await client.get("https://site.example/", headers={"x-note": f"n{i}"})
        guard = client._transport
        assert isinstance(guard, wire.WireGuardTransport)
        assert len(guard._lines) <= 8
    assert sent[0] == leaky["x-note"] and len(sent) == 1 + 20


async def test_a_host_header_other_than_the_urls_is_checked() -> None:
    """The Host line is passed over only when it is the URL's own (checked with the URL)."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers["host"])
        return httpx.Response(200, text="ok")

    forms = PrivateForms(profile())
    async with build_client(
        NetSettings(retries=0), httpx.MockTransport(handler), private=forms.find
    ) as client:
        await client.get("https://site.example:8443/")
        try:
            await client.get("https://site.example/", headers={"host": "07700900461.example"})
        except PrivateDetailError:
            pass
        else:  # pragma: no cover - the assertion below explains
            raise AssertionError("a Host header holding a private phone number was sent")
    assert sent == ["site.example:8443"]


# -- the depth limit belongs to the engine -----------------------------------------------------


class Orphans(Scanner):
    """Yields three new usernames per call, each claiming to come straight from the profile."""

    name = "orphans"
    description = "test: resets provenance"
    consumes = frozenset({Kind.USERNAME})
    produces = frozenset({Kind.USERNAME})
    network = False

    def __init__(self) -> None:
        self.calls = 0

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        self.calls += 1
        assert identifier is not None
        for i in range(3):
            yield Identifier(Kind.USERNAME, f"{identifier.value}x{i}", None, "profile")


async def test_a_scanner_cannot_reset_the_depth_limit() -> None:
    orphans = Orphans()
    await scan(profile(), [orphans], Recorder({}), max_depth=2)
    assert orphans.calls == 1 + 3 + 9  # the seed, then two hops of three


async def test_engine_sets_parent_and_via_of_accepted_identifiers() -> None:
    orphans = Orphans()
    subject = parse_profile({**PROFILE, "public": {"usernames": ["ewhitcombe"]}})
    result = await scan(subject, [orphans], Recorder({}), max_depth=1)
    assert orphans.calls == 4
    assert result.sources[0].state is SourceState.NOT_RUN  # it checked nothing it declared


# -- identifier keys ---------------------------------------------------------------------------


def test_url_keys_fold_only_scheme_and_host() -> None:
    def key(url: str) -> tuple[object, str]:
        return Identifier(Kind.URL, url).key

    assert key("https://example.org/Reports/Q1.pdf") != key("https://example.org/reports/q1.pdf")
    assert key("HTTPS://Example.ORG/Reports/Q1.pdf") == key("https://example.org/Reports/Q1.pdf")
    assert key("https://example.org/a/") == key("https://example.org/a")
    assert key("https://example.org/a#top") == key("https://example.org/a")
    assert key("https://example.org/?q=A") != key("https://example.org/?q=a")
    username = Identifier(Kind.USERNAME, "EWhitcombe")
    assert username.key == Identifier(Kind.USERNAME, "ewhitcombe").key


# -- the forms themselves ----------------------------------------------------------------------


def test_private_forms_catch_every_encoding_and_spare_public_identifiers() -> None:
    forms = PrivateForms(profile())
    caught = [
        "https://wa.me/447700900461",
        "tel:+44-7700-900-461",
        "07700\u2012900461",
        "q=%252B44%25207700%2520900461",  # encoded twice
        "ELLIE.WHITCOMBE77@EXAMPLE.NET",
        "ellie.whitcombe77 at example dot net",
        "/u/ellie_whitcombe77",
        "daniel-whitcombe",
        "danielwhitcombe",
        "whitcombe.daniel",
        "Dániel Whitcombe",
        "GL12%208QX",
        "gl128qx",
        "14-larkspur-close",
        "1977-09-03",
        "3/9/1977",
        "03091977",
        "3rd September 1977",
        "Sept 3, 1977",
        "?dob_day=3&dob_month=9&dob_year=1977",  # date of birth as named fields
        '{"year": 1977, "month": "09", "day": "03"}',
        "birth_month=sep&birth_day=3&birth_year=1977",
        "dob[d]=3&dob[m]=9&dob[y]=1977",
    ]
    for text in caught:
        assert forms.find(text) is not None, text
    spared = [
        "ewhitcombe",
        "Eleanor Whitcombe",
        "Ellie Whitcombe",
        "eleanor@whitcombeforwickwar.example",
        "https://x.com/ewhitcombe",
        "gl12",  # an outward code alone is an area, not a home
        "1977",
        "07700 900462",
        "Isla Fisher",
        "daniel",
        "dob_month=9&dob_year=1977",  # month and year only: not the full date
        "day=4&month=9&year=1977",
        "id=3&m=9&y=1977",  # "id", not a day
    ]
    for text in spared:
        assert forms.find(text) is None, text


def test_a_weak_form_inside_the_subjects_own_name_is_dropped() -> None:
    data = {**PROFILE, "private": {"emails": ["ellie@example.net"]}}
    forms = PrivateForms(parse_profile(data))
    assert forms.find("Ellie Whitcombe") is None  # the alias is public: still searchable
    assert forms.find("ellie@example.net") is not None  # the whole address never is


async def test_a_public_identifier_holding_a_private_detail_is_not_searched() -> None:
    data = {**PROFILE, "public": {"usernames": ["ewhitcombe", "danielwhitcombe"]}}
    recorder = Recorder({})
    breach = Breach()
    result = await scan(parse_profile(data), [breach], recorder)
    assert breach.values == ["ewhitcombe"]
    assert [s.value for s in result.withheld_seeds] == ["danielwhitcombe"]


def test_plan_lists_withheld_public_identifiers_and_never_plans_them(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from footprint.cli import app

    profile_file = tmp_path / "me.toml"
    profile_file.write_text(
        'name = "Eleanor Whitcombe"\n[private]\nfamily = ["Daniel Whitcombe"]\n'
        '[public]\nusernames = ["ewhitcombe", "daniel_whitcombe"]\n'
    )
    result = CliRunner().invoke(app, ["plan", str(profile_file)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "username 'ewhitcombe' ->" in said
    assert "username 'daniel_whitcombe' ->" not in said
    assert "Not sent: these public identifiers hold a private detail" in said
    assert "username 'daniel_whitcombe': it holds your family member's name" in said


async def test_a_failing_scanners_error_keeps_no_key_or_query() -> None:
    class Keyed(Scanner):
        name = "keyed"
        description = "test: an API with a key in the query"
        consumes = frozenset({Kind.USERNAME})
        needs = ("KEYED_API_KEY",)

        async def scan(self, ctx: ScanContext, identifier: Identifier | None):
            key = ctx.secrets["KEYED_API_KEY"]
            raise RuntimeError(f"GET https://api.example/s?q=Ellie&key={key} failed ({key})")
            yield

    options = ScanOptions(env={"KEYED_API_KEY": "sk-live-SECRET123"})
    result = await scan(profile(), [Keyed()], Recorder({}), options)
    (status,) = result.sources
    assert "SECRET123" not in status.reason and "q=Ellie" not in status.reason
    assert status.reason.startswith("RuntimeError: GET https://api.example/s?")


def _address_forms(home: str) -> PrivateForms:
    return PrivateForms(
        parse_profile({"name": "Eleanor Whitcombe", "private": {"home_address": home}})
    )


def test_house_names_welsh_streets_and_townlands_are_never_sent() -> None:
    cases = {
        "The Old Forge, Wickwar": [
            "https://example.org/the-old-forge-wickwar",
            "https://example.org/old-forge-wickwar",
            "q=The+Old+Forge%2C+Wickwar",
        ],
        "Ivy Lodge, Church Lane, Little Snoring NR21 0AA": [
            "/ivy-lodge-church-lane",
            "ivy lodge, church lane",
        ],
        "Tŷ Gwyn, Abertawe": ["/ty-gwyn-abertawe", "T%C5%B7+Gwyn+Swansea"],
        "14 Heol y Coed, Abertawe": ["/14-heol-y-coed", "14 Heol y Coed"],
        "Tullyneagh, Ballygawley, BT70 2HR": ["tullyneagh-ballygawley", "bt70 2hr"],
        "Flat 2/1, 14 Hyndland Road, Glasgow": ["flat-2-1-14-hyndland-road", "14 hyndland rd"],
    }
    for home, sent in cases.items():
        forms = _address_forms(home)
        for text in sent:
            assert forms.find(text) is Category.HOME_ADDRESS, (home, text)


def test_house_name_or_place_alone_is_still_sent() -> None:
    forms = _address_forms("The Old Forge, Wickwar")
    for text in ["/old-forge-restaurant", "wickwar parish council", "old forge yate"]:
        assert forms.find(text) is None, text
    welsh = _address_forms("14 Heol y Coed, Abertawe")
    assert welsh.find("heol y coed") is None  # a street name alone is not a home
    assert welsh.find("abertawe") is None


def test_a_hash_of_a_private_email_is_the_email_and_a_public_ones_hash_is_not() -> None:
    import hashlib

    forms = PrivateForms(profile())
    private = b"ellie.whitcombe77@example.net"
    sha, md5 = hashlib.sha256(private).hexdigest(), hashlib.md5(private).hexdigest()
    assert forms.find(f"https://api.gravatar.com/v3/profiles/{sha}") is Category.EMAIL
    assert forms.find(f"https://www.gravatar.com/avatar/{md5.upper()}?s=80") is Category.EMAIL
    public = hashlib.sha256(b"eleanor@whitcombeforwickwar.example").hexdigest()
    assert forms.find(f"https://api.gravatar.com/v3/profiles/{public}") is None


def test_family_names_as_the_four_nations_write_them_are_never_sent() -> None:
    family = ["Seán Ó Dónaill", "Ciarán McAllister", "Zoë O'Hara", "Gwen Lloyd-Jenkins"]
    forms = PrivateForms(
        parse_profile({"name": "Siân Lloyd-Jenkins", "private": {"family": family}})
    )
    caught = [
        "https://example.org/people/sean-o-donaill",
        "seanodonaill",
        "Se%C3%A1n%20%C3%93%20D%C3%B3naill",
        "o-donaill-sean",  # surname first, with its prefix
        "ODonaill.Sean",
        "ciaran-mc-allister",  # the Mc apart
        "ciaranmcallister",
        "zoe-o-hara",
        "zoe%20o%E2%80%99hara",  # a curly apostrophe, encoded
        "zoeohara",
        "lloyd-jenkins-gwen",
        "gwen_lloydjenkins",
    ]
    for text in caught:
        assert forms.find(text) is Category.FAMILY, text
    spared = ["sean-o-donnell", "ciaran-macallister", "sian-lloyd-jenkins", "zoe", "gwen"]
    for text in spared:
        assert forms.find(text) is None, text
