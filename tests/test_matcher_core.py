"""Matcher as a whole: the example subject's details in a realistic page, and the contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from footprint.matcher import Matcher, best_hits
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import load_profile, parse_profile

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "candidate.toml"

PAGE = """
Wickwar Village News - Autumn 2026
Parish councillor Eleanor Whitcombe (tel: 0117 496 0718, eleanor@whitcombeforwickwar.example)
moved to 14 Larkspur Close, Wickwar, GL12 8QX with her husband Daniel Whitcombe and their
daughter Isla. Call her mobile on 07700&nbsp;900 461 or ellie.whitcombe77 [at] example [dot] net.
Officer: WHITCOMBE, Eleanor. Date of birth: September 1977. Born 3rd September 1977.
"""


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_profile(EXAMPLE))


def test_example_page_finds_each_private_item_once(matcher: Matcher) -> None:
    hits = matcher.match(Extracted(PAGE.replace("&nbsp;", "\u00a0")))
    by_item = {h.matched: h for h in hits}
    assert len(by_item) == len(hits)
    assert set(by_item) == {
        "private.home_address",
        "private.phones[0]",
        "private.emails[0]",
        "private.date_of_birth",
        "private.family[0]",
        "private.family[1]",
    }
    assert by_item["private.family[0]"].severity is Severity.MEDIUM
    assert by_item["private.family[1]"].partial  # 'Isla' beside 'daughter'
    assert by_item["private.date_of_birth"].severity is Severity.HIGH
    for hit in hits:
        assert hit.evidence[hit.span[0] : hit.span[1]], hit
        assert "\n" not in hit.evidence and len(hit.evidence) <= 2 * 60 + 60


def test_public_identifiers_alone_never_hit(matcher: Matcher) -> None:
    text = (
        "Eleanor Whitcombe, councillor. Office 0117 496 0718, +44 117 496 0718, "
        "eleanor@whitcombeforwickwar.example, https://whitcombeforwickwar.example/ @ewhitcombe"
    )
    assert matcher.match(Extracted(text)) == []


def test_match_is_pure_and_repeatable(matcher: Matcher) -> None:
    extracted = Extracted(PAGE)
    assert matcher.match(extracted) == matcher.match(extracted)


def test_empty_profile_and_empty_text() -> None:
    assert Matcher(parse_profile({"name": "A"})).match(Extracted(PAGE)) == []
    assert Matcher(load_profile(EXAMPLE)).match(Extracted("")) == []


def _hit(severity: Severity, partial: bool, evidence: str) -> Hit:
    return Hit(Category.PHONE, severity, "private.phones[0]", "v", evidence, (0, 1), partial)


def test_best_hits_prefers_severity_then_full_then_first() -> None:
    hits = [
        _hit(Severity.LOW, False, "a"),
        _hit(Severity.HIGH, True, "b"),
        _hit(Severity.HIGH, False, "c"),
        _hit(Severity.HIGH, False, "d"),
    ]
    assert [h.evidence for h in best_hits(hits)] == ["c"]


@pytest.mark.parametrize("where", [0, 1000, 100_000])
def test_evidence_window_at_any_position(matcher: Matcher, where: int) -> None:
    text = "lorem ipsum " * (where // 12) + "born 03/09/1977 ok" + " dolor" * 50
    (hit,) = matcher.match(Extracted(text))
    assert hit.evidence[hit.span[0] : hit.span[1]] == "03/09/1977"
    assert hit.span[0] <= 60 and len(hit.evidence) - hit.span[1] <= 60
    assert hit.value == dt.date(1977, 9, 3).isoformat()
