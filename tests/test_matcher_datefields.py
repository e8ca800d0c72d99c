"""Date of birth written as labelled parts in text: record lines, spreadsheet rows, raw JSON."""

from __future__ import annotations

import time

import pytest
from conftest import ROOT

from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import load_profile

PROFILE = load_profile(ROOT / "examples" / "candidate.toml")  # born 3 September 1977
MATCHER = Matcher(PROFILE)


def dob_hits(text: str) -> list[Hit]:
    return [h for h in MATCHER.match(Extracted(text)) if h.category is Category.DATE_OF_BIRTH]


def dob_spans(text: str) -> list[str]:
    return sorted(text[s:e] for s, e, c, _ in MATCHER.spans(text) if c is Category.DATE_OF_BIRTH)


@pytest.mark.parametrize(
    "written",
    [
        "dob_day: 3; dob_month: 9; dob_year: 1977",
        "DOB Day: 03; DOB Month: 09; DOB Year: 1977",
        "date_of_birth: day 3, month 9, year 1977",
        "date_of_birth: year 1977, month 9, day 3",
        '"dob": {"day": 3, "month": "09", "year": 1977}',
        "birth_day=3&birth_month=9&birth_year=1977",
        "birthday: 3rd; birthmonth: September; birthyear: 1977",
        "Day of birth: 3, Month of birth: Sept, Year of birth: 1977",
        "Date of birth (day): 3; Date of birth (month): 9; Date of birth (year): 1977",
        "birth DD: 03, birth MM: 09, birth YYYY: 1977",
        '"dob": {"d": 3, "m": 9, "y": 1977}',  # d/m/y fields
        "dob: d 3, m 9, y 1977",
    ],
)
def test_labelled_day_month_and_year_are_high(written: str) -> None:
    (hit,) = dob_hits(f"Eleanor Whitcombe; {written}; Wickwar")
    assert (hit.severity, hit.partial, hit.value) == (Severity.HIGH, False, "1977-09-03")
    assert "1977" in hit.evidence[hit.span[0] : hit.span[1]]


@pytest.mark.parametrize(
    "written",
    [
        "date_of_birth: month 9, year 1977",
        '"date_of_birth": {"month": 9, "year": 1977}',
        "dob_month: September; dob_year: 1977",
        "Year of birth: 1977, Month of birth: 09",
        "date_of_birth.month: 9; date_of_birth.year: 1977",
    ],
)
def test_labelled_month_and_year_are_low_and_partial(written: str) -> None:
    (hit,) = dob_hits(f"name: WHITCOMBE, Eleanor; {written}")
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert hit.note.startswith("month and year only")


@pytest.mark.parametrize(
    "written",
    [
        "created: month 9, year 1977",  # another date: no birth label
        '"created": {"month": 9, "year": 1977}',
        "place_of_birth: Bath; created: month 9, year 1977",  # the label belongs to another field
        "date_of_birth: month 9, year 1981",  # a namesake's
        "date_of_birth: month 10, year 1977",
        "date_of_birth: day 4, month 9, year 1977",  # another full date
        "dob_year: 1977",  # a year alone
        "date_of_birth: year 1977",
        "start_month: 9; start_year: 1977; dob: unknown",
        "In the year 1977, month 9 of the plan, we were born again",
        "dob: d 4, m 9, y 1977",
        '"created": {"d": 3, "m": 9, "y": 1977}',
        "dob: m Sept, y 1977",  # a lone letter takes a number only
    ],
)
def test_traps_are_not_dates_of_birth(written: str) -> None:
    assert dob_hits(written) == []


def test_spans_cover_every_run_of_parts_labelled_or_not() -> None:
    text = "created: month 9, year 1977\ndob_day: 3; dob_month: 9; dob_year: 1977"
    assert dob_spans(text) == ["dob_day: 3; dob_month: 9; dob_year: 1977", "month 9, year 1977"]
    assert dob_spans("date_of_birth: month 10, year 1977") == []


def test_parts_on_other_lines_do_not_join() -> None:
    assert dob_hits("dob_month: 9\ndob_year: 1977") == []
    # Rows of a spreadsheet: one row's month and year, the next row's day.
    (hit,) = dob_hits("dob_month: 9; dob_year: 1977\ndob_day: 3; name: Jo Smith")
    assert hit.severity is Severity.LOW


def test_pretty_printed_json_and_yaml_join_across_lines() -> None:
    pretty = '{\n  "date_of_birth": {\n    "month": 9,\n    "year": 1977\n  }\n}'
    assert [h.severity for h in dob_hits(pretty)] == [Severity.LOW]
    yaml = "name: Eleanor\ndob:\n  day: 3\n  month: 9\n  year: 1977\n"
    assert [h.severity for h in dob_hits(yaml)] == [Severity.HIGH]


def test_parts_of_neighbouring_json_objects_do_not_join() -> None:
    text = '[{"dob": {"day": 4, "month": 9, "year": 1977}}, {"dob": {"day": 3, "month": 5}}]'
    assert dob_hits(text) == []


def test_a_second_part_of_a_kind_starts_the_next_run() -> None:
    (hit,) = dob_hits("dob_year: 1977, dob_month: 5, dob_day: 3, dob_month: 9, dob_year: 1977")
    assert hit.severity is Severity.HIGH
    assert hit.evidence[hit.span[0] : hit.span[1]] == "dob_day: 3, dob_month: 9, dob_year: 1977"


@pytest.mark.parametrize(
    ("unit", "count"),
    [("year: 1977, ", 20_000), ("year: 1977, month: 5, ", 10_000), ("dob_day: 3\n", 50_000)],
)
def test_many_years_and_parts_stay_linear(unit: str, count: int) -> None:
    # Up to 0.5 MB of years or parts, every one a candidate to look at closely.
    text = unit * count + "dob_day: 3; dob_month: 9; dob_year: 1977"
    start = time.process_time()
    hits = dob_hits(text)
    spans = dob_spans(text)
    assert time.process_time() - start < 2
    assert [h.severity for h in hits] == [Severity.HIGH]
    assert any("dob_day: 3; dob_month: 9; dob_year: 1977" in span for span in spans)
