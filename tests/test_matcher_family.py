"""Family: full names (medium) anywhere, in every spelling; first names and initial + surname
(low, partial) only with the subject named around them (first names also beside a kinship
word)."""

from __future__ import annotations

import time

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
    hit = only(family_hits("Isla, Ms Whitcombe's youngest daughter, started school."))
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
    assert family_hits("Eleanor: my son will be there", ["Will Whitcombe"]) == []
    hit = only(family_hits("Eleanor: my son Will is there", ["Will Whitcombe"]))
    assert hit.partial


def test_full_name_beats_first_name_and_one_hit_each() -> None:
    text = "her husband Daniel. Later: Daniel Whitcombe said. Daniel Whitcombe again."
    hit = only(family_hits(text, ["Daniel Whitcombe"]))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, False)


def test_single_name_family_member_needs_kinship() -> None:
    assert family_hits("Eleanor: Isla scored a goal", ["Isla"]) == []
    hit = only(family_hits("Eleanor: our daughter Isla scored", ["Isla"]))
    assert hit.severity is Severity.LOW


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


@pytest.mark.parametrize(
    "text",
    [
        "Eleanor Whitcombe and her son Daniel",
        "Mrs Whitcombe's husband Daniel",
        "Cllr E. Whitcombe, with her husband Daniel",
        "WHITCOMBE, Eleanor. Husband Daniel.",
        "Eleanor, with her husband Daniel",  # the subject's given name standing alone
        "her husband Daniel, said Ms Whitcombe",  # the subject named after the kinship phrase
    ],
)
def test_first_name_by_kinship_word_counts_with_the_subject_named(text: str) -> None:
    hit = only(family_hits(text))
    assert (hit.matched, hit.severity, hit.partial) == ("private.family[0]", Severity.LOW, True)
    assert hit.evidence[hit.span[0] : hit.span[1]] == "Daniel"


@pytest.mark.parametrize(
    "text",
    [
        "Daniel, son of Margaret Jones",
        "JONES, Margaret. Beloved mother of Daniel and grandmother of Isla.",
        "Margaret Whitcombe, mother of Daniel",  # another Whitcombe
        "WHITCOMBE, Margaret. Mother of Daniel.",
        "Eleanor Smith, mother of Daniel",  # another Eleanor
        "Smith, Eleanor: mother of Daniel",
        "Eleanor Whitcombe spoke. " + "Other news. " * 15 + "Mother of Daniel",  # too far
    ],
)
def test_kinship_phrases_about_someone_else_do_not_count(text: str) -> None:
    assert family_hits(text) == []


def test_an_alias_names_the_subject_and_without_it_the_name_is_someone_else() -> None:
    text = "Ellie Whitcombe with her husband Daniel"
    assert family_hits(text) == []  # no alias: Ellie Whitcombe is another Whitcombe
    profile = parse_profile(
        {"name": "Eleanor Whitcombe", "aliases": ["Ellie Whitcombe"], "private": PROFILE["private"]}
    )
    hits = Matcher(profile).match(Extracted(text))
    assert [(h.matched, h.partial) for h in hits] == [("private.family[0]", True)]


def test_subject_far_before_but_named_again_nearby_counts() -> None:
    text = "Eleanor Whitcombe spoke. " + "Other news. " * 15 + "Ms Whitcombe's son Daniel"
    assert only(family_hits(text)).partial


def test_many_kinship_phrases_without_the_subject_cost_linear_time() -> None:
    for text in ("her son Daniel " * 40_000, "son Daniel, Margaret Whitcombe " * 20_000):
        start = time.process_time()
        assert family_hits(text) == []
        assert time.process_time() - start < 2.0
