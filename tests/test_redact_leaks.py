"""Regression tests: private details and secrets that default (redacted) reports used to show.

Each leak sits in the evidence of a finding about something else, in a skipped item or in a
source reason, so the redactor has to know the whole profile, not only what was found.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import ClassVar

import pytest
import typer
from report_formats import readable, rendered
from test_report_samples import DAUGHTER, GENERATED, PROFILE, finding

from footprint.cli import EXIT_INCOMPLETE, _execute
from footprint.model import Category, Severity, SourceState, SourceStatus
from footprint.net import NetSettings
from footprint.run import ScanRequest
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions
from reports import build_report

# (text a page showed, strings a redacted report must not show)
LEAKS = {
    "email written with ' at ' and ' dot '": (
        "write to ellie.whitcombe77 at example dot net",
        ["ellie.whitcombe77", "whitcombe77"],
    ),
    "email written with {at} and {dot}": (
        "mail: ellie.whitcombe77{at}example{dot}net",
        ["ellie.whitcombe77", "whitcombe77"],
    ),
    "email local part in a URL path": (
        "see https://forum.example/u/ellie.whitcombe77/posts",
        ["whitcombe77"],
    ),
    "WhatsApp link": ("message me: https://wa.me/447700900461", ["7700900461", "900461"]),
    "figure dash in the phone": ("call 07700\u2012900461 after six", ["900461"]),
    "NBSP and 0044": ("tel 0044\u00a07700\u00a0900461", ["900461"]),
    "%2B44 in a link": ("href=tel:%2B447700900461", ["900461"]),
    "day of birth after a label": ("Name: Ellie W. DOB: 17", ["DOB: 17"]),
    "birth label and ordinal": ("Born: 3rd, in Bath", ["3rd"]),
    "day and month after d.o.b.": ("d.o.b. 03/09 (ask Ellie)", ["03/09"]),
    "month and year without a birth word": ("joined in September 1977", ["September 1977"]),
    "postcode sector": ("area GL12 8 only", ["GL12"]),
    "inward postcode alone": ("code 8QX on the gate", ["8QX"]),
    "postcode district alone": ("GL12, Wickwar", ["GL12"]),
    "street name alone": ("the Larkspur residents' group", ["Larkspur"]),
    "house number and abbreviated street": ("at 14 Larkspur Cl. again", ["Larkspur"]),
    "family name without separators": ("instagram.com/danielwhitcombe", ["danielwhitcombe"]),
    "family name with hyphens": ("/people/daniel-whitcombe/", ["daniel-whitcombe"]),
    "family first name in lower case": ("tagged: daniel, mum", ["daniel"]),
}
FILE_NAME = "/home/ellie/Documents/14 Larkspur Close GL12 8QX 07700900461.pdf"


def _report(before: str, **kwargs):
    # The only finding is a daughter's first name: everything else the redactor must know
    # from the profile.
    daughter = finding(
        Category.FAMILY,
        Severity.LOW,
        "https://school.example/news",
        DAUGHTER,
        "Isla",
        before=before + " - well done to our daughter ",
        after=" again",
        matched="private.family[1]",
        partial=True,
    )
    sources = [
        SourceStatus("files", skipped_items=[(FILE_NAME, "unreadable: " + FILE_NAME)]),
        *kwargs.pop("sources", []),
    ]
    return build_report(
        PROFILE, [daughter, *kwargs.pop("findings", [])], sources, GENERATED, **kwargs
    )


@pytest.mark.parametrize("leak", LEAKS, ids=list(LEAKS))
def test_default_reports_mask_every_form(leak: str) -> None:
    shown, forbidden = LEAKS[leak]
    report = _report(shown)
    for fmt, out in rendered(report).items():
        text = readable(fmt, out)
        for raw in forbidden:
            assert raw.lower() not in text.lower(), (fmt, raw)
    # With --reveal the evidence is shown as it was.
    revealed = readable("json", rendered(report, reveal=True)["json"])
    assert shown in revealed


def test_a_day_or_month_after_a_birth_label_is_masked_whatever_it_is() -> None:
    out = readable("json", rendered(_report("DOB: 17, Born: 3rd, d.o.b. 03/09"))["json"])
    assert "DOB: ••/••/••••, Born: ••/••/••••, d.o.b. ••/••/••••" in out


@pytest.mark.parametrize("fmt", ["html", "json", "md"])  # the summary only counts them
def test_a_file_name_holding_the_address_and_phone_is_masked(fmt: str) -> None:
    text = readable(fmt, rendered(_report("x"))[fmt])
    for raw in ("Larkspur", "8QX", "GL12", "900461"):
        assert raw not in text, raw
    assert "/home/ellie/Documents/14 L••• Close GL••• 077009•••61.pdf" in text


def test_json_keeps_the_exact_location_as_identity_and_shows_a_display_form() -> None:
    url = "https://forum.example/u/ellie.whitcombe77/"
    email = finding(Category.EMAIL, Severity.HIGH, url, PROFILE.private.emails[0], "e@x")
    data = json.loads(rendered(_report("x", findings=[email]))["json"])
    found = next(f for f in data["findings"] if f["category"] == "email")
    assert found["location"] == url
    assert found["display_location"] == "https://forum.example/u/e•••/"
    daughter = next(f for f in data["findings"] if f["category"] == "family")
    assert daughter["location"] == daughter["display_location"] == "https://school.example/news"


def test_no_link_is_built_from_a_location_redaction_changed() -> None:
    url = "https://forum.example/u/ellie.whitcombe77/"
    email = finding(Category.EMAIL, Severity.HIGH, url, PROFILE.private.emails[0], "e@x")
    out = rendered(_report("x", findings=[email]))
    assert "whitcombe77" not in out["html"] and "whitcombe77" not in out["md"]
    assert 'href="https://school.example/news"' in out["html"]  # untouched: still a link
    assert (
        "https://forum.example/u/ellie.whitcombe77/"
        in rendered(_report("x", findings=[email]), reveal=True)["html"]
    )


SECRET = "sk-live-SECRET123"


@pytest.mark.parametrize("reveal", [False, True])
def test_query_strings_and_declared_secrets_never_reach_a_report(reveal: bool) -> None:
    failed = SourceStatus(
        "search",
        SourceState.FAILED,
        reason=f"HTTPStatusError: 500 for https://search.example/api?q=Ellie&key={SECRET}",
        skipped_items=[
            (
                "https://search.example/page/2",
                f"timed out: https://search.example/api?q=Ellie+W&key={SECRET}",
            ),
        ],
    )
    keyed = finding(
        Category.PHONE,
        Severity.HIGH,
        f"https://api.example/v1/people?key={SECRET}",
        PROFILE.private.phones[0],
        PROFILE.private.phones[0],
        before=f"api key {SECRET} echoed: ",
    )
    report = _report("x", sources=[failed], findings=[keyed], secrets=(SECRET,))
    for fmt, out in rendered(report, reveal=reveal).items():
        text = readable(fmt, out)
        assert "SECRET123" not in text, fmt
        assert "q=Ellie" not in text, fmt
    reason = json.loads(rendered(report, reveal)["json"])["sources"][1]["reason"]
    assert reason == "HTTPStatusError: 500 for https://search.example/api?…"


class _KeyedScanner(Scanner):
    """Fails with its API key in the error, as an HTTP library's message would show it."""

    name: ClassVar[str] = "keyed"
    description: ClassVar[str] = "test scanner"
    needs: ClassVar[tuple[str, ...]] = ("KEYED_API_KEY",)
    network: ClassVar[bool] = False

    async def scan(self, ctx: ScanContext, identifier: object) -> AsyncIterator[Event]:
        key = ctx.secrets["KEYED_API_KEY"]
        raise RuntimeError(f"GET https://api.example/search?name=Ellie&api_key={key} failed")
        yield  # pragma: no cover


def test_the_cli_masks_the_keys_scanners_declare(tmp_path: Path) -> None:
    options = ScanOptions(env={"KEYED_API_KEY": "k3y-Value-42"})
    request = ScanRequest(PROFILE, [_KeyedScanner()], options, NetSettings(offline=True))
    target = tmp_path / "r.json"
    with pytest.raises(typer.Exit) as exited:
        _execute(request, "json", target, reveal=True, quiet=True)
    assert exited.value.exit_code == EXIT_INCOMPLETE  # its only source failed
    data = json.loads(target.read_text())
    (source,) = data["sources"]
    assert source["state"] == "failed"
    assert "k3y-Value-42" not in target.read_text() and "name=Ellie" not in source["reason"]
    assert re.fullmatch(
        r"RuntimeError: GET https://api\.example/search\?… failed", source["reason"]
    )


def test_a_snippet_cut_inside_an_obfuscated_email_shows_no_part_of_it() -> None:
    # Seen in a walk: "llie.whitcombe77{at}..." at a snippet's start became "llie.w•••{at}...":
    # once the distinctive run was masked, the rest no longer read as a fragment.
    phone = finding(
        Category.PHONE,
        Severity.HIGH,
        "https://social.example/ewhitcombe",
        "07700 900461",
        "07700 900461",
        before="llie.whitcombe77{at}example{dot}net WhatsApp: ",
        after=" thanks",
    )
    report = build_report(PROFILE, [phone], [], GENERATED)
    for fmt, out in rendered(report).items():
        text = readable(fmt, out).lower()
        assert "llie" not in text and "whitcombe77" not in text, fmt
