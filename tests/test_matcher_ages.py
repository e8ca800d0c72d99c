"""Age guides on people-search listings: the subject's age band beside their name."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from footprint.matcher import Matcher
from footprint.matcher.ages import age_on
from footprint.model import Category, Extracted, Severity
from footprint.profile import parse_profile

BORN = dt.date(1977, 9, 3)
TODAY = dt.date(2026, 12, 1)  # 49 years old
PROFILE = parse_profile(
    {"name": "Eleanor Whitcombe", "private": {"date_of_birth": BORN, "phones": ["07700 900461"]}}
)


def dob_hits(text: str, today: dt.date = TODAY) -> list:
    hits = Matcher(PROFILE, today=today).match(Extracted(text))
    return [h for h in hits if h.category is Category.DATE_OF_BIRTH]


def test_age_on_counts_whole_years() -> None:
    assert age_on(BORN, dt.date(2026, 9, 2)) == 48
    assert age_on(BORN, dt.date(2026, 9, 3)) == 49


@pytest.mark.parametrize(
    "text",
    [
        "Eleanor Whitcombe, age guide 45-49, Wickwar, GL12",
        "<h2>Eleanor Whitcombe</h2> Age guide: 45 - 49 Wickwar",
        "Ellie Whitcombe. Age guide: 45–49",
        "Whitcombe, Eleanor. Age guide 40s",
        "Eleanor Whitcombe (age guide 49)",
        "Eleanor Whitcombe, Age guide: 48",  # a year-old listing
        "Eleanor Whitcombe, age guide 45 to 49",
    ],
)
def test_an_age_guide_holding_the_subjects_age_beside_their_name_is_low(text: str) -> None:
    (hit,) = dob_hits(text.replace("Ellie", "Eleanor"))
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert "age guide" in hit.note
    assert "uide" in hit.evidence[hit.span[0] : hit.span[1]]


@pytest.mark.parametrize(
    "text",
    [
        "Eleanor Whitcombe, age guide 25-29, Wickwar",  # another age
        "Eleanor Whitcombe, age guide 50-54",  # not yet
        "Margaret Jones, age guide 45-49, Yate",  # not the subject
        "Eleanor Whitcombe, age guide 20-70",  # too wide to say anything
        "Eleanor Whitcombe, page guide 45-49",  # another word
        "Eleanor Whitcombe, age guide 450-499",
    ],
)
def test_other_ages_people_and_words_are_not_hits(text: str) -> None:
    assert dob_hits(text) == []


def test_the_full_date_beats_the_age_guide() -> None:
    (hit,) = dob_hits("Eleanor Whitcombe, age guide 45-49, born 3 September 1977")
    assert hit.severity is Severity.HIGH


def test_the_redactor_masks_the_age_band() -> None:
    m = Matcher(PROFILE, today=TODAY)
    text = "Someone, age guide 45-49"
    (span,) = [(s, e) for s, e, c, _ in m.spans(text) if c is Category.DATE_OF_BIRTH]
    assert text[span[0] : span[1]] == "age guide 45-49"


def test_many_age_guides_cost_linear_time() -> None:
    m = Matcher(PROFILE, today=TODAY)
    text = "Margaret Jones, age guide 45-49. " * 30_000  # ~1 MB, every one near-miss
    start = time.process_time()
    m.match(Extracted(text))
    assert time.process_time() - start < 2.0
