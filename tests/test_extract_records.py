"""Structured records: JSON objects, CSV rows and HTML table rows keep their field names."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable

import pytest
from conftest import FIXTURES

from footprint.extract import Format, detect_format, extract, records
from footprint.extract.csvfile import csv_records
from footprint.extract.records import (
    MAX_FIELDS,
    MAX_RECORDS,
    MAX_VALUE,
    NEST,
    RecordSink,
    json_records,
    record_line,
)
from footprint.extract.structured import json_lines
from footprint.model import Document, Extracted, Record

OFFICERS = FIXTURES / "companies_house" / "company_officers.json"


def extracted(name: str, content: bytes | str, media_type: str | None = None) -> Extracted:
    data = content.encode() if isinstance(content, str) else content
    return extract(Document(name, data, media_type))


def fields(record: Record) -> dict[str, str]:
    return dict(record.fields)


def records_of(value: object) -> tuple[Record, ...]:
    sink = RecordSink()
    json_records(value, sink)
    return sink.records()


# -- JSON -----------------------------------------------------------------------------------------


def test_companies_house_officers_become_one_record_each() -> None:
    got = extracted("officers.json", OFFICERS.read_bytes())
    wheres = [r.where for r in got.records]
    assert wheres == ["", "items[0]", "items[1]"]
    officer = fields(got.records[2])
    assert officer["name"] == "RADCLIFFE, Harriet"
    assert officer["date_of_birth.month"] == "5"
    assert officer["date_of_birth.year"] == "1976"
    assert officer["address.postal_code"] == "BO1 1GA"
    assert officer["address.premises"] == "Borchester House"
    assert officer["identity_verification_details.preferred_name"] == "Harriet Radcliffe"
    # Arrays of scalars: one field each, named after the array.
    assert "identity_verification_details.anti_money_laundering_supervisory_bodies" in officer


def test_json_text_is_kept_and_each_record_is_a_labelled_line() -> None:
    raw = OFFICERS.read_text()
    got = extracted("officers.json", raw)
    before = "\n".join(json_lines(json.loads(raw), keys=True))
    assert got.text.startswith(before + "\n")  # what matched before still matches
    assert "date_of_birth: month 5, year 1976" in got.text
    assert "name: RADCLIFFE, Harriet;" in got.text
    line = record_line(got.records[2])
    assert line in got.text.splitlines()
    # Address parts are one written address, in the order people write one.
    assert "address: Borchester House, Mill Park, Heron Way, Borchester, BO1 1GA, United" in line


def test_objects_in_arrays_and_deep_objects_start_records() -> None:
    deep: dict[str, object] = {"leaf": "x"}
    for level in range(NEST + 1):
        deep = {f"k{level}": deep}
    value = {
        "profile": {"name": "Eleanor Whitcombe", "birthdays": [{"date": {"year": 1977}}]},
        "deep": deep,
        "flags": [True, None, 3],
    }
    got = {r.where: fields(r) for r in records_of(value)}
    assert got[""]["profile.name"] == "Eleanor Whitcombe"
    assert got[""]["flags"] == "3"  # booleans and null are left out
    assert got["profile.birthdays[0]"] == {"date.year": "1977"}
    # NEST levels merge into the record above; the next level starts its own record.
    deeper = [w for w in got if w.startswith("deep.")]
    assert len(deeper) == 1 and list(got[deeper[0]].values()) == ["x"]


def test_a_full_record_sends_more_objects_to_records_of_their_own() -> None:
    value = {f"k{i}": {"a": str(i), "b": str(i)} for i in range(MAX_FIELDS)}
    got = records_of(value)
    assert len(got[0].fields) == MAX_FIELDS
    assert sum(len(r.fields) for r in got) == 2 * MAX_FIELDS  # nothing dropped
    assert got[-1].where == f"k{MAX_FIELDS - 1}"


def test_record_line_groups_fields_of_one_object() -> None:
    record = Record(
        (
            ("name", "Eleanor"),
            ("date_of_birth.month", "9"),
            ("date_of_birth.year", "1977"),
            ("links.self", "/x"),
        )
    )
    assert record_line(record) == "name: Eleanor; date_of_birth: month 9, year 1977; links: self /x"


def test_record_line_writes_address_parts_as_one_address() -> None:
    record = Record(
        (
            ("address.address_line_1", "Larkspur Close"),
            ("address.country", "England"),
            ("address.locality", "Yate"),
            ("address.premises", "14,"),
            ("address.care_of", "J Smith"),
            ("postcode", "BS37 4AB"),
        )
    )
    assert record_line(record) == (
        "address: 14 Larkspur Close, Yate, England, care_of J Smith; postcode: BS37 4AB"
    )
    flat = Record((("Flat", "3"), ("House number", "27"), ("Street", "Acacia Avenue")))
    assert record_line(flat) == "Flat, House number, Street: Flat 3, 27 Acacia Avenue"


def test_invalid_json_has_text_and_no_records() -> None:
    got = extracted("broken.json", b'{"dob": {"month": 9, ')
    assert got.records == ()
    assert '"month": 9' in got.text


def test_json_ld_objects_are_records() -> None:
    person = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Eleanor Whitcombe",
        "birthDate": "1977-09",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "14 Larkspur Close",
            "addressLocality": "Wickwar",
            "postalCode": "GL12 8QX",
        },
    }
    page = f'<script type="application/ld+json">{json.dumps(person)}</script><p>Bio</p>'
    got = extracted("page.html", page)
    assert len(got.records) == 1
    assert fields(got.records[0])["address.postalCode"] == "GL12 8QX"
    assert fields(got.records[0])["birthDate"] == "1977-09"
    assert "address: @type PostalAddress, 14 Larkspur Close, Wickwar, GL12 8QX" in got.text


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_and_tsv_are_their_own_format() -> None:
    assert detect_format(Document("people.csv", b"a,b\n")) is Format.CSV
    assert detect_format(Document("people.tsv", b"a\tb\n")) is Format.CSV
    assert detect_format(Document("x", b"a,b\n", "text/csv; charset=utf-8")) is Format.CSV


def test_csv_rows_are_keyed_by_the_header() -> None:
    csv = (
        "name,dob_day,dob_month,dob_year,address_line_1,town,postcode\r\n"
        'Eleanor Whitcombe,3,9,1977,"14 Larkspur Close, rear",Wickwar,GL12 8QX\r\n'
        "\r\n"
        "Daniel Whitcombe,,,,,Wickwar,GL12 8QX,extra\r\n"
    )
    got = extracted("members.csv", csv)
    assert got.text.startswith(csv)
    assert [r.where for r in got.records] == ["row 1", "row 2"]
    first, second = map(fields, got.records)
    assert first["dob_month"] == "9" and first["address_line_1"] == "14 Larkspur Close, rear"
    assert "dob_day" not in second  # blank cells are left out
    assert second["column 8"] == "extra"
    assert (
        "name: Eleanor Whitcombe; dob_day: 3; dob_month: 9; dob_year: 1977; "
        "address_line_1, town, postcode: 14 Larkspur Close, rear, Wickwar, GL12 8QX"
    ) in got.text


def test_csv_delimiter_is_read_from_the_first_line() -> None:
    got = extracted("export.csv", "Name;Date of birth\nEleanor;03/09/1977\n")
    assert fields(got.records[0]) == {"Name": "Eleanor", "Date of birth": "03/09/1977"}
    tsv = extracted("export.tsv", "\ufeffName\tTown\nEleanor\tWickwar\n")
    assert fields(tsv.records[0]) == {"Name": "Eleanor", "Town": "Wickwar"}


def test_csv_without_a_header_row_gives_no_records() -> None:
    for text in ("3,9,1977\n4,10,1980\n", "Eleanor,1977\nDaniel,1975\n", "one column\nx\n"):
        got = extracted("data.csv", text)
        assert got.records == (), text
        assert got.text == text


def test_malformed_csv_keeps_the_rows_read_before_the_fault() -> None:
    huge = "x" * 200_000  # past the csv module's field size limit
    got = extracted("bad.csv", f'name,phone\nEllie,07700 900461\n"{huge}",1\n')
    assert [fields(r) for r in got.records] == [{"name": "Ellie", "phone": "07700 900461"}]
    assert huge in got.text


# -- HTML tables ----------------------------------------------------------------------------------


def test_table_rows_are_keyed_by_their_column_headers() -> None:
    page = (
        "<table><caption>Officers</caption>"
        "<thead><tr><th>Name</th><th>Date of birth</th><th>Postcode</th></tr></thead>"
        "<tbody><tr><td>WHITCOMBE, Eleanor</td><td>September 1977</td><td>GL12 8QX</td></tr>"
        "<tr><td>SMITH, <b>Jo</b></td><td>May 1980</td></tr></tbody></table>"
    )
    got = extracted("officers.html", page)
    assert [fields(r) for r in got.records] == [
        {"Name": "WHITCOMBE, Eleanor", "Date of birth": "September 1977", "Postcode": "GL12 8QX"},
        {"Name": "SMITH, Jo", "Date of birth": "May 1980"},
    ]
    assert [r.where for r in got.records] == ["table 1, row 1", "table 1, row 2"]
    assert "Name: WHITCOMBE, Eleanor; Date of birth: September 1977; Postcode: GL12 8QX" in got.text
    assert "Name: SMITH, Jo; Date of birth: May 1980" in got.text


def test_a_two_column_table_of_row_headers_is_one_record() -> None:
    page = (
        "<table><tr><th>Name</th><td>Eleanor Whitcombe</td></tr>"
        "<tr><th>Date of birth</th><td>March 1982</td></tr></table>"
    )
    (record,) = extracted("profile.html", page).records
    assert record == Record(
        (("Name", "Eleanor Whitcombe"), ("Date of birth", "March 1982")), "table 1"
    )


def test_tables_without_header_cells_and_nested_tables() -> None:
    plain = extracted("grid.html", "<table><tr><td>3</td><td>9</td></tr></table>")
    assert plain.records == ()
    nested = (
        "<table><tr><th>Outer</th><th>Other</th></tr><tr><td>"
        "<table><tr><th>Town</th><th>Postcode</th></tr>"
        "<tr><td>Wickwar</td><td>GL12 8QX</td></tr></table>"
        "</td><td>o</td></tr></table>"
    )
    got = extracted("nested.html", nested)
    inner = [fields(r) for r in got.records if r.where.startswith("table 2")]
    assert inner == [{"Town": "Wickwar", "Postcode": "GL12 8QX"}]


def test_html_text_is_kept_as_a_prefix() -> None:
    page = (
        "<table><tr><th>Name</th><th>Town</th></tr><tr><td>Ellie</td><td>Wickwar</td></tr></table>"
    )
    got = extracted("t.html", page)
    first, _, rest = got.text.partition("\nName: Ellie; Town: Wickwar")
    assert "Ellie" in first and "Wickwar" in first and rest == ""


# -- limits ---------------------------------------------------------------------------------------


def test_record_count_fields_and_values_are_capped() -> None:
    many = [{"n": i} for i in range(MAX_RECORDS + 50)]
    assert len(records_of(many)) == MAX_RECORDS
    wide = {f"f{i}": "v" for i in range(MAX_FIELDS * 3)}
    assert len(records_of(wide)[0].fields) == MAX_FIELDS
    long = records_of({"bio": "x" * (MAX_VALUE * 4)})
    assert len(long[0].fields[0][1]) == MAX_VALUE


# -- hostile input: linear time, bounded memory ------------------------------------------------


def timed(func: Callable[[], object]) -> tuple[object, float]:
    start = time.process_time()
    result = func()
    return result, time.process_time() - start


def peak_mb(func: Callable[[], object]) -> float:
    """Peak MB allocated while func ran (tracemalloc: slow, so run on smaller inputs)."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


OFFICER = {"name": "SMITH, Jo", "date_of_birth": {"month": 9, "year": 1977}}


def test_a_million_json_objects_stop_at_the_record_limit() -> None:
    value = [OFFICER] * 1_000_000  # a million objects (one dict, shared: cheap to build)
    got, seconds = timed(lambda: records_of(value))
    assert isinstance(got, tuple) and len(got) == MAX_RECORDS
    assert seconds < 2, seconds


def test_json_records_memory_does_not_grow_with_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_RECORDS", 200)  # a small limit keeps tracemalloc quick
    few, many = [OFFICER] * 201, [OFFICER] * 200_000
    small = peak_mb(lambda: records_of(few))
    large = peak_mb(lambda: records_of(many))
    assert large < small * 1.2 + 0.1, (small, large)


def test_many_keys_in_one_object_are_walked_once() -> None:
    wide = {f"k{i}": i for i in range(300_000)}
    got, seconds = timed(lambda: records_of(wide))
    assert isinstance(got, tuple) and len(got[0].fields) == MAX_FIELDS
    assert seconds < 2, seconds


def test_deep_json_paths_stay_short() -> None:
    value: object = {"phone": "07700 900461"}
    for _ in range(900):
        value = {"next": [value]}
    got, seconds = timed(lambda: records_of(value))
    assert isinstance(got, tuple) and fields(got[-1]) == {"phone": "07700 900461"}
    assert len(got[-1].where) <= 121
    assert seconds < 1, seconds


def test_a_csv_of_a_million_rows_is_read_to_the_limit_only(monkeypatch: pytest.MonkeyPatch) -> None:
    content = ("dob_day,dob_month,dob_year\n" + "3,9,1977\n" * 1_000_000).encode()
    got, seconds = timed(lambda: extracted("big.csv", content))
    assert isinstance(got, Extracted) and len(got.records) == MAX_RECORDS
    assert got.text.startswith(content.decode())
    assert seconds < 3, seconds
    monkeypatch.setattr(records, "MAX_RECORDS", 200)
    text = "dob_day,dob_month,dob_year\n" + "3,9,1977\n" * 200_000
    # Beyond the records kept, only the csv module's copy of the text (4 bytes a character).
    assert peak_mb(lambda: csv_records(text)) < 4 * len(text) / 1e6 + 2


def test_a_page_of_huge_tables_stops_at_the_record_limit() -> None:
    rows = "<tr><td>a</td><td>b</td></tr>" * (MAX_RECORDS + 5000)
    page = f"<table><tr><th>x</th><th>y</th></tr>{rows}</table>".encode()
    got, seconds = timed(lambda: extracted("big.html", page))
    assert isinstance(got, Extracted) and len(got.records) == MAX_RECORDS
    assert seconds < 3, seconds


def test_upper_case_tables_are_read_too() -> None:
    page = "<HTML><TITLE>x</TITLE><TABLE><TR><TH>Name<TH>Town<TR><TD>Ellie<TD>Wickwar</TABLE>"
    (record,) = extracted("old.html", page).records
    assert fields(record) == {"Name": "Ellie", "Town": "Wickwar"}
