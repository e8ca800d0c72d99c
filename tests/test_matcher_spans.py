"""Matcher.spans: every occurrence of every form the matcher accepts (what the redactor masks)."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from test_report_samples import ROOT

from footprint.matcher import Matcher
from footprint.model import Category, Extracted
from footprint.profile import load_profile

PROFILE = load_profile(ROOT / "examples" / "candidate.toml")
MATCHER = Matcher(PROFILE)

DASHES = [
    chr(c)
    for c in range(sys.maxunicode + 1)
    if unicodedata.category(chr(c)) == "Pd" and c < 0x10000
] + ["\u2212"]


def found(text: str) -> list[tuple[Category, str]]:
    return sorted((c, text[s:e]) for s, e, c, _ in MATCHER.spans(text))


@pytest.mark.parametrize("dash", DASHES, ids=[f"U+{ord(d):04X}" for d in DASHES])
def test_every_unicode_dash_separates_phone_digits(dash: str) -> None:
    text = f"call 07700{dash}900461 today"
    hits = Matcher(PROFILE).match(Extracted(text))
    assert [h.category for h in hits] == [Category.PHONE]
    assert found(text) == [(Category.PHONE, f"07700{dash}900461")]


def test_a_dash_run_on_is_still_a_longer_number() -> None:
    assert not Matcher(PROFILE).match(Extracted("ref 07700900461\u20122"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "07700 900461, wa.me/447700900461 and again +44 (0)7700 900461",
            ["07700 900461", "447700900461", "+44 (0)7700 900461"],
        ),
        ("id 1234477009004612", ["7700900461"]),  # no prefix, digits touching: still shown
        (
            "ellie.whitcombe77@example.net or Ellie.Whitcombe77 (at) example [dot] net",
            ["Ellie.Whitcombe77 (at) example [dot] net", "ellie.whitcombe77@example.net"],
        ),
        (
            "3/9/77, then 3rd September 1977, Sept 1977",
            ["3/9/77", "3rd September 1977", "Sept 1977"],
        ),
    ],
)
def test_spans_find_every_occurrence_not_just_the_first(text: str, expected: list[str]) -> None:
    assert sorted(t for _, t in found(text)) == sorted(expected)


def test_spans_ignore_context_rules() -> None:
    # The matcher reports none of these (no place, kinship or birth word nearby; a neighbour),
    # but each still shows part of a private detail.
    text = "GL12 and 16 Larkspur Close; isla; September 1977"
    assert set(found(text)) == {
        (Category.HOME_ADDRESS, "16 Larkspur Close"),
        (Category.HOME_ADDRESS, "GL12"),
        (Category.DATE_OF_BIRTH, "September 1977"),
        (Category.FAMILY, "isla"),
    }
    assert Matcher(PROFILE).match(Extracted(text)) == []


def test_spans_cover_every_hit() -> None:
    texts = [
        "Treasurer: 14 Larkspur Close, Wickwar GL12 8QX. Phone 07700 900461.",
        "Ellie was born on 3 September 1977; her daughter Isla and Daniel Whitcombe.",
        "Rose Cottage? no: mail ellie.whitcombe77 at example dot net, Whitcombe, Daniel",
    ]
    for text in texts:
        hits = Matcher(PROFILE).match(Extracted(text))
        assert hits
        spans = [(s, e) for s, e, _, _ in MATCHER.spans(text)]
        for hit in hits:
            shown = hit.evidence[hit.span[0] : hit.span[1]]
            at = text.index(shown)
            assert any(s <= at and at + len(shown) <= e for s, e in spans), shown


def test_a_private_detail_also_listed_as_public_has_no_spans() -> None:
    profile = load_profile(ROOT / "examples" / "candidate.toml")
    public = type(profile.public)(phones=("07700 900461",), emails=(profile.private.emails[0],))
    matcher = Matcher(type(profile)(profile.name, private=profile.private, public=public))
    text = "07700 900461 ellie.whitcombe77@example.net"
    assert list(matcher.spans(text)) == []


def test_a_common_street_alone_needs_a_place_as_in_find() -> None:
    profile = load_profile(ROOT / "examples" / "candidate.toml")
    private = type(profile.private)(home_addresses=("14 High Street, Wickwar GL12 8QX",))
    matcher = Matcher(type(profile)(profile.name, area="Wickwar", private=private))
    text = "a high street shop. " + "Far away. " * 20 + "14 High Street; High Street, Wickwar"
    spans = sorted((s, text[s:e]) for s, e, _, _ in matcher.spans(text))
    assert spans == [
        (text.index("14 High"), "14 High Street"),
        (text.index("High Street, Wickwar"), "High Street"),
    ]
