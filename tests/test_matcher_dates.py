"""Date of birth: day-first numeric, ISO and written forms; month + year only as a birth date."""

from __future__ import annotations

import datetime as dt

import pytest

from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import parse_profile


def dob_hits(text: str, dob: dt.date = dt.date(1977, 9, 3)) -> list[Hit]:
    profile = parse_profile({"name": "Eleanor Whitcombe", "private": {"date_of_birth": dob}})
    hits = Matcher(profile).match(Extracted(text))
    return [h for h in hits if h.category is Category.DATE_OF_BIRTH]


def only(hits: list[Hit]) -> Hit:
    assert len(hits) == 1, hits
    return hits[0]


@pytest.mark.parametrize(
    "written",
    [
        "03/09/1977",
        "3/9/1977",
        "03-09-1977",
        "03.09.1977",
        "3.9.1977",
        "1977-09-03",
        "1977/09/03",
        "3rd September 1977",
        "3 September 1977",
        "3rd of September, 1977",
        "03 Sept 1977",
        "3 Sep 1977",
        "3 Sept. 1977",
        "03-Sep-1977",
        "September 3, 1977",
        "Sep 3rd 1977",
        "SEPTEMBER 3RD 1977",
        "sept 3 1977",
    ],
)
def test_full_dates_are_high(written: str) -> None:
    hit = only(dob_hits(f"Profile: {written} (Wickwar)"))
    assert (hit.severity, hit.partial, hit.matched) == (
        Severity.HIGH,
        False,
        "private.date_of_birth",
    )
    assert hit.value == "1977-09-03"
    assert hit.evidence[hit.span[0] : hit.span[1]] == written


@pytest.mark.parametrize(
    "written", ["3/9/77", "03/09/77", "03.09.77", "3-9-77", "3 Sep '77", "3rd Sept ’77"]
)
def test_two_digit_years_are_medium(written: str) -> None:
    hit = only(dob_hits(f"DOB {written}."))
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, False)
    assert hit.evidence[hit.span[0] : hit.span[1]] == written


@pytest.mark.parametrize(
    "text",
    [
        "09/03/1977",  # 9 March in UK order
        "9/3/77",
        "1977-03-09",
        "13/09/1977",
        "03/09/1978",
        "103/09/1977",
        "12/03/09/1977",
        "03/09/19771",
        "03/09/1977.5",
        "03/09/177",
        "4 September 1977",
        "September 30, 1977",
        "3 October 1977",
        "03/09-1977",
    ],
)
def test_other_dates_do_not_hit(text: str) -> None:
    assert dob_hits(f"Born {text} in Bristol") == []


@pytest.mark.parametrize(
    "text",
    [
        "Date of birth: September 1977",
        "Date of Birth\nSeptember 1977",
        "DOB: Sept 1977",
        "d.o.b. 09/1977",
        "born in September 1977",
        "Birthday: 1977-09",
    ],
)
def test_month_and_year_presented_as_birth_date_is_low_partial(text: str) -> None:
    hit = only(dob_hits(f"Officer. {text}. Appointed 2019"))
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert "month and year" in hit.note
    assert "1977" in hit.evidence[hit.span[0] : hit.span[1]]


@pytest.mark.parametrize(
    "text",
    [
        "September 1977 was a wet month",
        "Founded in September 1977",
        "Date of birth: " + "x " * 40 + "September 1977",
        "Date of birth: 4 September 1977",
        "Date of birth: 12/09/1977",
        "Date of birth: October 1977",
    ],
)
def test_month_and_year_elsewhere_or_in_other_dates_do_not_hit(text: str) -> None:
    assert dob_hits(text) == []


def test_two_digit_day_and_month() -> None:
    dob = dt.date(1984, 11, 23)
    assert only(dob_hits("born 23/11/1984", dob)).severity is Severity.HIGH
    assert only(dob_hits("born 23rd Nov 1984", dob)).severity is Severity.HIGH
    assert dob_hits("born 3/11/1984", dob) == []
    assert dob_hits("born 123/11/1984", dob) == []
    assert dob_hits("born 11/23/1984", dob) == []


def test_best_form_wins_once() -> None:
    text = "DOB: September 1977 ... 3/9/77 ... 3rd September 1977"
    hit = only(dob_hits(text))
    assert hit.severity is Severity.HIGH
    assert hit.evidence[hit.span[0] : hit.span[1]] == "3rd September 1977"


def test_no_date_of_birth_in_profile_means_no_hits() -> None:
    profile = parse_profile({"name": "A"})
    assert Matcher(profile).match(Extracted("03/09/1977")) == []


@pytest.mark.parametrize(
    "written",
    [
        "3 Medi 1977",
        "3ydd Medi 1977",
        "3ydd o Fedi 1977",
        "3 o Fedi 1977",
        "03 MEDI 1977",
        "3edd Medi 1977",
        "Medi 3, 1977",
    ],
)
def test_welsh_full_dates_are_high(written: str) -> None:
    hit = only(dob_hits(f"Dyddiad geni: {written} (Aberystwyth)"))
    assert (hit.severity, hit.partial) == (Severity.HIGH, False)
    assert hit.evidence[hit.span[0] : hit.span[1]] == written


@pytest.mark.parametrize(
    ("dob", "written"),
    [
        (dt.date(1982, 3, 1), "1af o Fawrth 1982"),
        (dt.date(1982, 3, 22), "22ain Mawrth 1982"),
        (dt.date(1982, 3, 2), "2il Maw 1982"),
        (dt.date(1982, 1, 5), "5ed o Ionawr 1982"),
        (dt.date(1982, 2, 6), "6ed Chwefror 1982"),
        (dt.date(1982, 4, 7), "7fed o Ebrill 1982"),
        (dt.date(1982, 5, 11), "11eg o Fai 1982"),
        (dt.date(1982, 6, 12), "12fed o Fehefin 1982"),
        (dt.date(1982, 7, 13), "13eg o Orffennaf 1982"),
        (dt.date(1982, 7, 13), "13 Gorffennaf 1982"),
        (dt.date(1982, 8, 15), "15fed o Awst 1982"),
        (dt.date(1982, 10, 16), "16eg o Hydref 1982"),
        (dt.date(1982, 11, 18), "18fed o Dachwedd 1982"),
        (dt.date(1982, 11, 18), "18 Tach 1982"),
        (dt.date(1982, 12, 31), "31ain o Ragfyr 1982"),
        (dt.date(1982, 12, 31), "31 Rhagfyr 1982"),
    ],
)
def test_welsh_months_mutations_and_ordinals(dob: dt.date, written: str) -> None:
    hit = only(dob_hits(f"Ganwyd hi ar y {written}.", dob))
    assert hit.severity is Severity.HIGH
    assert hit.evidence[hit.span[0] : hit.span[1]] == written


def test_welsh_two_digit_year_is_medium() -> None:
    hit = only(dob_hits("Dyddiad geni: 3 Medi '77"))
    assert (hit.severity, hit.evidence[hit.span[0] : hit.span[1]]) == (
        Severity.MEDIUM,
        "3 Medi '77",
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Dyddiad geni: Medi 1977", "geni"),
        ("Ganwyd ym mis Medi 1977", "Ganwyd"),
        ("Ganed hi yn Medi 1977", "Ganed"),
        ("Pen-blwydd: Medi 1977", "Pen-blwydd"),
        ("Dyddiad Geni\nMEDI 1977", "Geni"),
    ],
)
def test_welsh_birth_words_make_month_and_year_low_partial(text: str, word: str) -> None:
    hit = only(dob_hits(f"Swyddog. {text}. Penodwyd 2019"))
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert word in hit.note


@pytest.mark.parametrize(
    ("dob", "text"),
    [
        (dt.date(1977, 7, 3), "ganwyd yng Ngorffennaf 1977"),
        (dt.date(1977, 11, 3), "ganwyd yn Nhachwedd 1977"),
        (dt.date(1977, 12, 3), "ganwyd Rhagfyr 1977"),
    ],
)
def test_nasal_mutations_after_yn(dob: dt.date, text: str) -> None:
    assert only(dob_hits(text, dob)).partial


@pytest.mark.parametrize(
    "text",
    [
        "Eleanor Whitcombe (September 1977)",
        "Ellie Whitcombe, September 1977",  # an alias
        "WHITCOMBE, Eleanor Jane — Medi 1977",
        "Ms Whitcombe, Sept 1977",
    ],
)
def test_month_and_year_just_after_the_subjects_name_is_low_partial(text: str) -> None:
    profile = parse_profile(
        {
            "name": "Eleanor Whitcombe",
            "aliases": ["Ellie Whitcombe"],
            "private": {"date_of_birth": dt.date(1977, 9, 3)},
        }
    )
    hits = Matcher(profile).match(Extracted(f"Officers. {text}. Appointed 2019"))
    hit = only([h for h in hits if h.category is Category.DATE_OF_BIRTH])
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert "subject" in hit.note


@pytest.mark.parametrize(
    "text",
    [
        "Medi 1977 oedd y mis gwlypaf",  # no birth word, nobody named
        "Margaret Whitcombe (September 1977)",  # someone else's
        "Eleanor Whitcombe. " + "x " * 30 + "September 1977",  # too far from the name
        "Dyddiad geni: 4ydd o Fedi 1977",  # another full date
        "Dyddiad geni: 4 Medi 1977",
        "Dyddiad geni: 3 Hydref 1977",
        "Ganwyd Hydref 1977",
        "dydd Mawrth 3 Medi 1978",
    ],
)
def test_welsh_and_named_traps_do_not_hit(text: str) -> None:
    assert dob_hits(text) == []


def test_welsh_forms_are_in_spans_for_redaction() -> None:
    matcher = Matcher(
        parse_profile({"name": "A", "private": {"date_of_birth": dt.date(1977, 9, 3)}})
    )
    text = "ganwyd 3ydd o fedi 1977; medi 1977; 3 medi '77"
    found = sorted(text[s:e] for s, e, _, _ in matcher.spans(text))
    assert found == ["3 medi '77", "3ydd o fedi 1977", "medi 1977"]
