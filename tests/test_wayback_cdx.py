"""The CDX index: the query asked, answers parsed (README examples), copies chosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanners.wayback.cdx import MAX_ROWS, Capture, CdxError, choose, parse, query

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wayback"


def test_domain_query_asks_for_readable_200s_collapsed_by_digest() -> None:
    url, params = query("https://web.archive.org", "whitcombeforwickwar.example", domain=True)
    assert url == "https://web.archive.org/cdx/search/cdx"
    asked = dict(params)
    assert asked["url"] == "whitcombeforwickwar.example"
    assert asked["output"] == "json" and asked["collapse"] == "digest"
    assert asked["matchType"] == "domain" and asked["limit"] == str(MAX_ROWS)
    assert asked["fl"] == "urlkey,timestamp,original,mimetype,statuscode,digest"
    filters = [v for k, v in params if k == "filter"]
    assert filters[0] == "statuscode:200" and filters[1].startswith("mimetype:(text/html|")


def test_page_query_asks_for_its_last_copies() -> None:
    _, params = query("http://127.0.0.1:8080/", "https://x.example/about", domain=False)
    asked = dict(params)
    assert asked["limit"] == "-25" and "matchType" not in asked


def test_readme_json_example_parses_with_the_resume_key_trailer_dropped() -> None:
    body = (FIXTURES / "cdx_json_archive.org_limit5_showResumeKey.README-example.json").read_bytes()
    captures = parse(body)
    # Five rows, one repeated; the trailing [] and ["<key>"] are not captures.
    assert len(captures) == 4
    first = captures[0]
    assert first == Capture(
        "org,archive)/",
        "19970126045828",
        "http://www.archive.org/",  # the index's ":80" dropped
        "text/html",
        "Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY",
    )
    assert first.url("https://web.archive.org") == (
        "https://web.archive.org/web/19970126045828id_/http://www.archive.org/"
    )
    assert first.date == "1997-01-26"


def test_same_content_is_read_once_per_page_newest_first() -> None:
    body = (FIXTURES / "cdx_json_archive.org_limit3.README-example.json").read_bytes()
    captures = parse(body)
    assert [c.timestamp for c in captures] == ["19970126045828", "19971011050034", "19971211122953"]
    (page,), left_out = choose(captures, per_page=3, limit=10)
    # 1997-10 and 1997-12 have the same digest: only the newer is read.
    assert [c.timestamp for c in page] == ["19971211122953", "19970126045828"]
    assert left_out == 0


def test_columns_come_from_the_header_row() -> None:
    rows = [
        ["original", "digest", "timestamp", "statuscode", "mimetype", "urlkey"],
        ["https://x.example:443/a", "D1", "20200101000000", "200", "text/html", "example,x)/a"],
    ]
    (capture,) = parse(json.dumps(rows).encode())
    assert capture.original == "https://x.example/a" and capture.digest == "D1"
    # A header without `original` (fl=timestamp,mimetype) cannot name a copy.
    schema = (FIXTURES / "cdx_json_archive.org_fl_timestamp_mimetype_from_schema.json").read_bytes()
    with pytest.raises(CdxError, match="no timestamp or original"):
        parse(schema)


@pytest.mark.parametrize("body", [b"", b"  \n", b"[]"])
def test_no_copies_is_an_empty_answer(body: bytes) -> None:
    assert parse(body) == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"org,archive)/ 19970126045828 http://www.archive.org:80/ text/html 200 Q 1415\n", "JSON"),
        (b'{"captures": []}', "not a list"),
        (b'[["urlkey", 5]]', "no header"),
        (b"[" * 100_000, "JSON"),
    ],
)
def test_malformed_answers_raise(body: bytes, reason: str) -> None:
    with pytest.raises(CdxError, match=reason):
        parse(body)


def test_junk_rows_are_dropped() -> None:
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest"]
    rows = [
        header,
        ["k", "20200101000000", "http://mailto:someone@epa.gov", "text/html", "200", "A"],
        ["k", "20200101000000", "data:text/plain;base64,SGk=", "text/html", "200", "B"],
        ["k", "2020-01-01", "http://x.example/", "text/html", "200", "C"],
        ["k", "20200101000000", "http://x.example/has space", "text/html", "200", "D"],
        ["k", "20200101000000", "http://x.example/redirect", "text/html", "301", "E"],
        ["k", "20200101000000", "http://x.example/app.js", "text/javascript", "200", "F"],
        ["k", "20200101000000", "http://x.example/short"],
        "not a row",
        ["k", "20200101000000", "http://x.example/ok", "text/html", "200", "G"],
    ]
    assert [c.digest for c in parse(json.dumps(rows).encode())] == ["G"]


def test_a_hostile_answer_is_read_only_up_to_the_row_limit() -> None:
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest"]
    row = ["k", "20200101000000", "http://x.example/", "text/html", "200"]
    rows = [header, *([*row, f"D{i}"] for i in range(50_000))]
    assert len(parse(json.dumps(rows).encode())) == MAX_ROWS


def _cap(page: str, ts: str, digest: str) -> Capture:
    return Capture(page, ts, f"https://x.example/{page}", "text/html", digest)


def test_choose_newest_distinct_contents_per_page_spread_over_pages() -> None:
    captures = [
        _cap("a", "20200101000000", "A1"),
        _cap("a", "20210101000000", "A2"),
        _cap("a", "20220101000000", "A1"),  # same content as 2020: only the newest kept
        _cap("a", "20230101000000", "A3"),
        _cap("a", "2024", "A4"),  # a short timestamp still sorts by time
        _cap("b", "20190101000000", "B1"),
        _cap("c", "20250101000000", "C1"),
    ]
    pages, left_out = choose(captures, per_page=2, limit=10)
    assert [[c.digest for c in page] for page in pages] == [["C1"], ["A4", "A3"], ["B1"]]
    assert left_out == 2  # A2 and the 2022 A1
    pages, left_out = choose(captures, per_page=2, limit=3)
    assert [[c.digest for c in page] for page in pages] == [["C1"], ["A4"], ["B1"]]
    assert left_out == 3
    assert choose([], per_page=3, limit=10) == ([], 0)
