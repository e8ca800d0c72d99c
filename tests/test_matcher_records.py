"""Dates of birth and addresses held in structured records: JSON objects, CSV rows, tables.

Companies House responses are the recorded samples in tests/fixtures/companies_house/; a test
that needs the fictional candidate (examples/candidate.toml: Eleanor Whitcombe, born
3 September 1977, of 14 Larkspur Close, Wickwar GL12 8QX) writes her details into a copy.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

from footprint.engine import finding_from_hit
from footprint.extract import extract
from footprint.matcher import Matcher
from footprint.model import Category, Document, Extracted, Finding, Hit, Record, Severity
from footprint.profile import load_profile, parse_profile
from reports.redact import Redactor

PROFILE = load_profile(ROOT / "examples" / "candidate.toml")
MATCHER = Matcher(PROFILE)
CH = FIXTURES / "companies_house"
HOME = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"


def load(name: str) -> Any:
    return json.loads((CH / name).read_text())


def hits(name: str, content: object, media_type: str | None = None) -> dict[Category, Hit]:
    data = content
    if not isinstance(data, bytes):
        data = (data if isinstance(data, str) else json.dumps(data)).encode()
    found = MATCHER.match(extract(Document(name, data, media_type)))
    return {h.category: h for h in found}


def shown(hit: Hit) -> str:
    return hit.evidence[hit.span[0] : hit.span[1]]


def subject_officer(**changes: Any) -> dict[str, Any]:
    """The company officer list with its second officer made the candidate."""
    data = load("company_officers.json")
    officer = data["items"][1]
    officer["name"] = "WHITCOMBE, Eleanor"
    officer["identity_verification_details"]["preferred_name"] = "Eleanor Whitcombe"
    officer["date_of_birth"] = {"month": 9, "year": 1977}
    officer["address"] = {
        "address_line_1": "Larkspur Close",
        "country": "United Kingdom",
        "locality": "Wickwar",
        "premises": "14",
    }
    officer.update(changes)
    return data


# -- Companies House ------------------------------------------------------------------------------


def test_the_recorded_samples_hold_nothing_of_the_candidate() -> None:
    for name in ("company_officers.json", "search_officers_recent.json",
                 "officer_appointments_recent.json"):  # fmt: skip
        assert hits(name, (CH / name).read_bytes()) == {}, name


def test_officer_month_and_year_of_birth_is_a_low_partial_hit() -> None:
    found = hits("officers.json", subject_officer())
    dob = found[Category.DATE_OF_BIRTH]
    assert (dob.severity, dob.partial) == (Severity.LOW, True)
    assert "date_of_birth: month 9, year 1977" in dob.evidence
    assert shown(dob) == "month 9, year 1977"


def test_officer_address_fields_are_one_address() -> None:
    # premises comes last in the record: the text alone has "Larkspur Close, ..., 14".
    # The record's text line writes the parts as one address too.
    address = hits("officers.json", subject_officer())[Category.HOME_ADDRESS]
    assert (address.severity, address.partial, address.value) == (Severity.HIGH, False, HOME)
    assert "address: 14 Larkspur Close, Wickwar, United Kingdom;" in address.evidence
    assert shown(address) == "14 Larkspur Close"


def test_a_namesake_officer_born_another_year_is_not_the_subject() -> None:
    namesake = subject_officer(
        date_of_birth={"month": 9, "year": 1981},
        address={"address_line_1": "Station Road", "locality": "Yate", "postal_code": "BS37 4AB"},
    )
    assert hits("officers.json", namesake) == {}


def test_same_street_in_another_town_or_postcode_is_not_flagged() -> None:
    for address in (
        {"premises": "14", "address_line_1": "Larkspur Close", "locality": "Yate"},
        {"premises": "14", "address_line_1": "Larkspur Close", "postal_code": "BS37 4AB"},
        {"premises": "16", "address_line_1": "Larkspur Close", "locality": "Wickwar"},
    ):
        found = hits("officers.json", subject_officer(address=address, date_of_birth=None))
        assert Category.HOME_ADDRESS not in found, address


def test_the_street_without_a_number_near_the_town_is_partial() -> None:
    address = {"address_line_1": "Larkspur Close", "locality": "Wickwar"}
    found = hits("officers.json", subject_officer(address=address, date_of_birth=None))
    hit = found[Category.HOME_ADDRESS]
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, True)


def test_officer_search_result_with_the_candidate() -> None:
    data = load("search_officers_recent.json")
    item = data["items"][0]
    item.update(
        title="Eleanor WHITCOMBE",
        description="Total number of appointments 1",  # no "Born ..." text to lean on
        date_of_birth={"month": 9, "year": 1977},
        address={
            "address_line_1": "Larkspur Close",
            "locality": "Wickwar",
            "postal_code": "GL128QX",  # no space, as the register writes some
            "premises": "14,",
        },
    )
    found = hits("search.json", data)
    assert found[Category.DATE_OF_BIRTH].severity is Severity.LOW
    assert found[Category.HOME_ADDRESS].severity is Severity.HIGH


def test_officer_appointments_name_and_birth_date_at_the_top() -> None:
    data = load("officer_appointments_recent.json")
    data.update(name="Eleanor WHITCOMBE", date_of_birth={"month": 9, "year": 1977})
    dob = hits("appointments.json", data)[Category.DATE_OF_BIRTH]
    assert dob.severity is Severity.LOW


# -- date of birth in fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        # Facebook-style profile export
        {"profile_v2": {"name": {"full_name": "Eleanor Whitcombe"},
                        "birthday": {"year": 1977, "month": 9, "day": 3}}},
        # Google People API: the label is the array's key
        {"birthdays": [{"metadata": {"primary": True},
                        "date": {"year": 1977, "month": 9, "day": 3}}]},
        # a label field beside the date
        {"events": [{"type": "Birthday", "date": {"day": 3, "month": 9, "year": 1977}}]},
        {"dob": {"day": "3rd", "month": "September", "year": "1977"}},
        {"person": {"dob_day": 3, "dob_month": 9, "dob_year": 1977}},
        {"Date of birth": {"Day": "03", "Month": "09", "Year": "1977"}},
        {"member": {"dob": {"d": 3, "m": 9, "y": 1977}}},  # d/m/y fields
    ],
)  # fmt: skip
def test_day_month_and_year_under_a_birth_label_are_high(data: object) -> None:
    dob = hits("export.json", data)[Category.DATE_OF_BIRTH]
    assert (dob.severity, dob.partial, dob.value) == (Severity.HIGH, False, "1977-09-03")


@pytest.mark.parametrize(
    "data",
    [
        {"birthDate": "1977-09"},  # schema.org, month and year only
        {"user": {"dob": {"month": "Sept", "year": 1977}}},
        {"string_map_data": {"Date of birth": {"value": "Sep 1977"}}},
    ],
)
def test_month_and_year_under_a_birth_label_are_low(data: object) -> None:
    dob = hits("export.json", data)[Category.DATE_OF_BIRTH]
    assert (dob.severity, dob.partial) == (Severity.LOW, True)


def test_a_full_date_with_no_label_counts_in_a_record_naming_the_subject() -> None:
    named = {
        "first_name": "Eleanor",
        "last_name": "Whitcombe",
        "date": {"year": 1977, "month": 9, "day": 3},
    }
    dob = hits("contact.json", named)[Category.DATE_OF_BIRTH]
    assert dob.severity is Severity.MEDIUM
    assert "naming the subject" in dob.note
    top = {"name": "WHITCOMBE, Eleanor", "year": 1977, "month": 9, "day": 3}
    assert hits("contact.json", top)[Category.DATE_OF_BIRTH].severity is Severity.MEDIUM


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Eleanor Whitcombe", "created": {"month": 9, "year": 1977}},
        {"name": "Eleanor Whitcombe", "appointed_on": {"day": 3, "month": 9, "year": 1977}},
        {"name": "Jo Smith", "date": {"year": 1977, "month": 9, "day": 3}},  # not the subject
        {"name": "Eleanor Whitcombe", "date": {"year": 1977, "month": 9}},  # no day, no label
        {"name": "Eleanor Whitcombe", "dob": {"day": 4, "month": 9, "year": 1977}},  # other day
        {"name": "Eleanor Whitcombe", "dob": {"month": 13, "year": 1977}},
        {"name": "Eleanor Whitcombe", "start_month": 9, "start_year": 1977, "label": "dob"},
    ],
)
def test_dates_that_are_not_the_birth_date(data: object) -> None:
    assert Category.DATE_OF_BIRTH not in hits("export.json", data)


def test_an_event_date_beside_a_birthday_is_not_read_as_one() -> None:
    record = Record(
        (
            ("updated.month", "9"),
            ("updated.year", "1977"),
            ("date.month", "5"),
            ("date.year", "1977"),
        ),
        "birthdays[0]",
    )
    assert MATCHER.match(Extracted("", records=(record,))) == []


# -- CSV and HTML tables --------------------------------------------------------------------------


def test_csv_with_date_of_birth_and_address_columns() -> None:
    csv = (
        "First name,Surname,dob_day,dob_month,dob_year,House number,Street,Town\n"
        "Jo,Smith,4,5,1980,3,Mill Lane,Yate\n"
        "Eleanor,Whitcombe,3,9,1977,14,Larkspur Close,Wickwar\n"
    )
    found = hits("members.csv", csv)
    dob = found[Category.DATE_OF_BIRTH]
    assert (dob.severity, dob.partial) == (Severity.HIGH, False)
    assert "dob_day: 3; dob_month: 9; dob_year: 1977" in dob.evidence
    assert found[Category.HOME_ADDRESS].severity is Severity.HIGH


def test_csv_row_of_a_namesake_is_not_the_subject() -> None:
    csv = "name,dob_day,dob_month,dob_year,postcode\nEleanor Whitcombe,3,9,1981,BS37 4AB\n"
    assert hits("members.csv", csv) == {}


def test_html_table_with_a_date_of_birth_column() -> None:
    rows = "".join(
        f"<tr><td>{name}</td><td>{born}</td><td>Director</td></tr>"
        for name, born in [("SMITH, Jo", "May 1980"), ("JONES, Amy", "June 1975")] * 3
        + [("WHITCOMBE, Eleanor", "September 1977")]
    )
    page = f"<table><tr><th>Name</th><th>Date of birth</th><th>Role</th></tr>{rows}</table>"
    dob = hits("officers.html", page)[Category.DATE_OF_BIRTH]
    assert (dob.severity, dob.partial) == (Severity.LOW, True)
    assert "Date of birth: September 1977" in dob.evidence


def test_html_table_of_date_parts() -> None:
    page = (
        "<table><tr><th>Name</th><th>DOB day</th><th>DOB month</th><th>DOB year</th></tr>"
        "<tr><td>Eleanor Whitcombe</td><td>3</td><td>9</td><td>1977</td></tr></table>"
    )
    assert hits("form.html", page)[Category.DATE_OF_BIRTH].severity is Severity.HIGH


def test_schema_org_person_with_birth_date_and_postal_address() -> None:
    person = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Eleanor Whitcombe",
        "birthDate": "1977-09",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Larkspur Close",
            "addressLocality": "Wickwar",
            "addressRegion": "South Gloucestershire",
        },
    }
    page = f'<script type="application/ld+json">{json.dumps(person)}</script><p>About me</p>'
    found = hits("about.html", page)
    assert found[Category.DATE_OF_BIRTH].severity is Severity.LOW
    street = found[Category.HOME_ADDRESS]
    assert (street.severity, street.partial) == (Severity.MEDIUM, True)


# -- the record matcher on its own ----------------------------------------------------------------


def test_records_are_judged_without_any_text() -> None:
    record = Record((("dob.day", "3"), ("dob.month", "9"), ("dob.year", "1977")), "rows[0]")
    (hit,) = MATCHER.match(Extracted("", records=(record,)))
    assert (hit.category, hit.severity) == (Category.DATE_OF_BIRTH, Severity.HIGH)
    assert hit.evidence == "dob: day 3, month 9, year 1977"
    assert hit.note == "in structured data (dob fields: day, month, year at rows[0])"


def test_address_records_are_judged_as_one_written_address() -> None:
    parts = (("address.address_line_1", "Larkspur Close"), ("address.locality", "Wickwar"))
    record = Record(
        (("name", "WHITCOMBE, Eleanor"), *parts, ("address.premises", "14,")), "items[1]"
    )
    (hit,) = MATCHER.match(Extracted("", records=(record,)))
    assert (hit.category, hit.severity, hit.partial) == (
        Category.HOME_ADDRESS,
        Severity.HIGH,
        False,
    )
    assert hit.evidence == "address: 14 Larkspur Close, Wickwar"
    assert shown(hit) == "14 Larkspur Close"
    assert hit.note == (
        "in structured data (address fields: address_line_1, locality, premises at items[1])"
    )
    columns = Record((("House number", "14"), ("Street", "Larkspur Close"), ("Town", "Yate")))
    assert MATCHER.match(Extracted("", records=(columns,))) == []


def test_a_profile_without_the_detail_finds_nothing() -> None:
    bare = Matcher(
        parse_profile({"name": "Eleanor Whitcombe", "private": {"phones": ["07700 900461"]}})
    )
    record = Record((("dob.month", "9"), ("dob.year", "1977"), ("postcode", "GL12 8QX")))
    assert bare.match(Extracted("", records=(record,))) == []


# -- redaction --------------------------------------------------------------------------------


def record_findings() -> list[Finding]:
    """Findings from every kind of record evidence: a Companies House officer, a CSV row,
    a social-media export, a bare record, and a namesake's month beside the subject's."""
    docs = [
        ("officers.json", subject_officer()),
        ("members.csv", "name,dob_day,dob_month,dob_year,postcode\nEllie,3,9,1977,GL12 8QX\n"),
        ("export.json", {"profile_v2": {"birthday": {"year": 1977, "month": 9, "day": 3}}}),
    ]
    found = [h for name, data in docs for h in hits(name, data).values()]
    record = Record((("dob.month", "September"), ("dob.year", "1977"), ("town", "Wickwar")))
    found += MATCHER.match(Extracted("", records=(record,)))
    return [finding_from_hit(h, "test", "https://example.org/x", ()) for h in found]


def test_record_evidence_is_redacted() -> None:
    redactor = Redactor(PROFILE)
    findings = record_findings()
    assert {f.category for f in findings} == {Category.DATE_OF_BIRTH, Category.HOME_ADDRESS}
    for finding in findings:
        masked = redactor.evidence(finding)
        assert MATCHER.match(Extracted(masked)) == [], masked
        for leak in ("month 9", "dob_day: 3", "day 3", "September", "Larkspur", "8QX", "3,9,"):
            assert leak not in masked, masked


def test_record_lines_in_any_report_string_are_masked() -> None:
    redactor = Redactor(PROFILE)
    text = "date_of_birth: month 9, year 1977; dob_day: 3; dob_month: 9; dob_year: 1977"
    scrubbed = redactor.scrub(text)
    assert "month 9" not in scrubbed and "dob_day: 3" not in scrubbed
    assert scrubbed.startswith("date_of_birth: ••/••/1977")
    # The text as extraction keeps it: a CSV row, and JSON values lines (month, year / y, m, d).
    for raw in ("Ellie,Whitcombe,3,9,1977,14", "month year\n9, 1977", "1977, 9, 3"):
        assert "9," not in redactor.scrub(raw).replace("1977", ""), raw
    assert redactor.scrub("Eleanor,4,9,1977") == "Eleanor,4,••/••/1977"  # over-masks: accepted


def test_a_register_of_the_subjects_street_is_judged_row_by_row_in_bounded_time() -> None:
    # Every row holds the street, so every row's address is joined and judged.
    rows = "".join(f"Person {i},{i % 200 + 1},Larkspur Close,Yate\n" for i in range(2000))
    register = "name,house_number,street,town\n" + rows
    start = time.process_time()
    found = hits("register.csv", register)
    assert time.process_time() - start < 2
    assert Category.HOME_ADDRESS not in found  # number 14 is there, but in Yate
