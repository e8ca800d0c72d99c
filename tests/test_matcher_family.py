"""Family: full names (medium) anywhere; first names (low, partial) only beside a kinship word."""

from __future__ import annotations

import pytest

from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import parse_profile

PROFILE = {
    "name": "Eleanor Whitcombe",
    "private": {"family": ["Daniel Whitcombe", "Isla Whitcombe"]},
}


def family_hits(text: str, family: list[str] | None = None) -> list[Hit]:
    data = {
        "name": "Eleanor Whitcombe",
        "private": {"family": family or PROFILE["private"]["family"]},
    }
    hits = Matcher(parse_profile(data)).match(Extracted(text))
    return [h for h in hits if h.category is Category.FAMILY]


def only(hits: list[Hit]) -> Hit:
    assert len(hits) == 1, hits
    return hits[0]


@pytest.mark.parametrize(
    "written",
    [
        "Daniel Whitcombe",
        "daniel whitcombe",
        "DANIEL WHITCOMBE",
        "Daniel  \n Whitcombe",
        "Whitcombe, Daniel",
        "WHITCOMBE, Daniel",
        "Daniel J. Whitcombe",
        "Daniel James Whitcombe",
        "Daniel and Isla Whitcombe",
        "Daniel & Isla Whitcombe",
    ],
)
def test_full_name_is_medium(written: str) -> None:
    hits = family_hits(f"Thanks to {written} for the photos.")
    daniel = [h for h in hits if h.matched == "private.family[0]"]
    hit = only(daniel)
    assert (hit.severity, hit.partial, hit.value) == (Severity.MEDIUM, False, "Daniel Whitcombe")
    assert hit.evidence[hit.span[0] : hit.span[1]] == " ".join(written.split())


@pytest.mark.parametrize(
    "text",
    [
        "Daniel Whitcomber",
        "Daniel Whitcombe-Smith",
        "Daniella Whitcombe",
        "Daniel Craig and friends",
        "Whitcombe, Danielle",
        "Daniel went to the shops",
        "Councillors Eleanor Whitcombe, Daniel Smith and Ann Jones",
    ],
)
def test_other_names_without_kinship_do_not_hit(text: str) -> None:
    assert [h for h in family_hits(text) if h.matched == "private.family[0]"] == []


@pytest.mark.parametrize("kin", ["wife", "husband", "son", "daughter", "children", "kids", "mum"])
def test_first_name_near_kinship_word_is_low_partial(kin: str) -> None:
    hit = only(family_hits(f"Eleanor lives with her {kin} Isla and two dogs."))
    assert (hit.matched, hit.severity, hit.partial) == ("private.family[1]", Severity.LOW, True)
    assert kin in hit.note and "first name" in hit.note
    assert hit.evidence[hit.span[0] : hit.span[1]] == "Isla"


def test_kinship_word_after_the_name_counts() -> None:
    hit = only(family_hits("Isla, her youngest daughter, started school."))
    assert hit.partial and "daughter" in hit.note


@pytest.mark.parametrize(
    "text",
    [
        "Isla went to the shops.",
        "A holiday on the island with her daughter.",  # 'Isla' inside another word
        "isla de mallorca, my daughter's favourite",  # lower case: a word, not a name
        "Isla " + "x" * 80 + " daughter",  # kinship word too far away
        "Her son will grow up fast",  # 'will' etc. are never names here
    ],
)
def test_first_name_without_nearby_kinship_or_as_a_word_does_not_hit(text: str) -> None:
    assert family_hits(text) == []


def test_lowercase_first_name_never_counts_even_if_a_common_word() -> None:
    assert family_hits("my son will be there", ["Will Whitcombe"]) == []
    hit = only(family_hits("my son Will is there", ["Will Whitcombe"]))
    assert hit.partial


def test_full_name_beats_first_name_and_one_hit_each() -> None:
    text = "her husband Daniel. Later: Daniel Whitcombe said. Daniel Whitcombe again."
    hit = only(family_hits(text, ["Daniel Whitcombe"]))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, False)


def test_single_name_family_member_needs_kinship() -> None:
    assert family_hits("Isla scored a goal", ["Isla"]) == []
    assert only(family_hits("our daughter Isla scored", ["Isla"])).severity is Severity.LOW


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("BS12 5AB WHITCOMBE, Daniel Date of birth", "WHITCOMBE, Daniel"),
        ("Name Whitcombe, Daniel\nDate of birth", "Whitcombe, Daniel"),
        ("Officers: Jones, Amy; Whitcombe, Daniel", "Whitcombe, Daniel"),
    ],
)
def test_surname_first_in_registers_and_tables(text: str, name: str) -> None:
    hit = only([h for h in family_hits(text) if h.matched == "private.family[0]"])
    assert hit.evidence[hit.span[0] : hit.span[1]] == name
