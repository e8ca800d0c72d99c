"""Phones: every written form of a private number hits; near-misses and public numbers never do."""

from __future__ import annotations

import pytest

from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import PrivateDetails, Profile, PublicIdentifiers, parse_profile

PROFILE = {
    "name": "Eleanor Whitcombe",
    "private": {"phones": ["07700 900461", "01632 960983"]},
    "public": {"phones": ["0117 496 0718"]},
}


def phone_hits(text: str, profile: dict | None = None) -> list[Hit]:
    hits = Matcher(parse_profile(profile or PROFILE)).match(Extracted(text))
    return [h for h in hits if h.category is Category.PHONE]


@pytest.mark.parametrize(
    "written",
    [
        "07700 900461",
        "07700900461",
        "07700-900-461",
        "07700.900.461",
        "0770 090 0461",
        "(07700) 900461",
        "(07700)900 461",
        "07700/900461",
        "07700\u00a0900\u00a0461",
        "07700\u202f900461",
        "07700 \n\t 900461",
        "+44 7700 900461",
        "+447700900461",
        "+44 (0) 7700 900461",
        "+44(0)7700-900-461",
        "+44 07700 900461",
        "0044 7700 900461",
        "00447700900461",
        "tel:+447700900461",
        "tel:07700900461",
        "https://wa.me/447700900461",
        "07700–900461",
    ],
)
def test_every_written_form_hits(written: str) -> None:
    hits = phone_hits(f"Call Ellie on {written} after six.")
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.matched, hit.value, hit.severity) == ("private.phones[0]", "07700 900461", "high")
    found = hit.evidence[hit.span[0] : hit.span[1]]
    assert "".join(c for c in found if c.isdigit()).endswith("7700900461")
    assert hit.evidence.startswith("Call Ellie on ")


def test_second_number_reports_its_own_index() -> None:
    hits = phone_hits("Landline: 01632 960983")
    assert [(h.matched, h.value) for h in hits] == [("private.phones[1]", "01632 960983")]


def test_both_numbers_in_one_text_give_two_hits() -> None:
    hits = phone_hits("07700 900461 / 01632 960983")
    assert sorted(h.matched for h in hits) == ["private.phones[0]", "private.phones[1]"]


@pytest.mark.parametrize(
    "text",
    [
        "07700 900416",  # transposed
        "07700 900641",
        "07700 90461",  # digit missing
        "id=123447700900461000",  # inside a 21-digit id
        "order 770090046100231",  # NSN at the start of a long run
        "ref 107700900461",  # digit glued before the trunk 0
        "077009004612",  # digit glued after
        "07700-900461-2",  # extension-like continuation
        "7700 900461",  # no trunk or country code: too weak
        "+33 7700 900461",  # another country code
        "0117 496 0718",  # public number
        "+44 117 496 0718",
    ],
)
def test_near_misses_and_public_numbers_do_not_hit(text: str) -> None:
    assert phone_hits(f"Contact: {text}.") == []


def test_numbers_in_a_space_separated_list_still_hit() -> None:
    hits = phone_hits("Numbers: 0117 496 0718 07700 900461 01632 960000")
    assert [h.matched for h in hits] == ["private.phones[0]"]


def test_public_number_sharing_digits_with_private_is_not_flagged() -> None:
    profile = {
        "name": "A",
        "private": {"phones": ["07700 900461"]},
        "public": {"phones": ["07700 900462"]},
    }
    assert phone_hits("office 07700 900462", profile) == []
    assert len(phone_hits("mobile 07700 900461", profile)) == 1


def test_number_listed_both_private_and_public_is_never_flagged() -> None:
    # load_profile refuses this contradiction; the matcher stays safe if handed one anyway.
    profile = Profile(
        "A",
        private=PrivateDetails(phones=("07700 900461",)),
        public=PublicIdentifiers(phones=("+44 7700 900461",)),
    )
    hits = Matcher(profile).match(Extracted("07700 900461"))
    assert [h for h in hits if h.category is Category.PHONE] == []


def test_one_hit_per_number_even_when_repeated() -> None:
    hits = phone_hits("07700 900461 and again +44 7700 900461 and tel:07700900461")
    assert len(hits) == 1
    assert hits[0].severity is Severity.HIGH


def test_evidence_is_collapsed_and_span_marks_the_number() -> None:
    text = "x" * 300 + "  Mobile:\n\n   07700   900461  \n please" + "y" * 300
    (hit,) = phone_hits(text)
    assert hit.evidence[hit.span[0] : hit.span[1]] == "07700 900461"
    assert "\n" not in hit.evidence and "  " not in hit.evidence
    assert hit.span[0] <= 61 and len(hit.evidence) - hit.span[1] <= 61


def test_non_uk_private_number() -> None:
    profile = {"name": "A", "private": {"phones": ["+33 6 12 34 56 78"]}}
    assert len(phone_hits("Portable: 06 12 34 56 78", profile)) == 1
    assert len(phone_hits("Portable: +33 (0)6 12 34 56 78", profile)) == 1
    assert phone_hits("Portable: 06 12 34 56 87", profile) == []


def test_number_without_trunk_prefix() -> None:
    profile = {"name": "A", "private": {"phones": ["+1 201 555 0123"]}}
    assert len(phone_hits("Office: (201) 555-0123", profile)) == 1
    assert len(phone_hits("Office: +1 201 555 0123", profile)) == 1
    assert phone_hits("Order 92015550123", profile) == []
    assert phone_hits("Office: (201) 555-0132", profile) == []
