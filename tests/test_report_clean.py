"""Scan-derived strings are cleaned once, in the view: every format renders and writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from report_formats import rendered
from test_report_samples import GENERATED, PHONE, PROFILE, finding

from footprint.model import Category, Severity, SourceState, SourceStatus
from reports import build_report, write_report
from reports.clean import clean_name, clean_text

# A file name whose bytes are not UTF-8, as os.fsdecode gives it (surrogate escapes).
BAD_NAME = os.fsdecode(b"docs/caf\xe9 \xff.pdf")
ANSI = "\x1b[31mred\x1b[0m"


def _hostile_report():
    lone = finding(
        Category.PHONE,
        Severity.HIGH,
        "https://club.example/members",
        PHONE,
        PHONE,
        before='{"@type": "Person", "name": "Ellie \ud800"} tel ',
        after=f" {ANSI} \x07bell \u202etxt.exe",
    )
    in_file = finding(
        Category.PHONE, Severity.HIGH, BAD_NAME, PHONE, PHONE, note="near \udcff", source="files"
    )
    sources = [
        SourceStatus(
            "files",
            skipped_items=[(BAD_NAME, f"corrupt: \ud800 {ANSI}"), ("a\nb\x1b[2J.txt", "bad")],
        ),
        SourceStatus("web", SourceState.FAILED, reason=f"ValueError: \udc80 {ANSI}"),
    ]
    return build_report(PROFILE, [lone, in_file], sources, GENERATED)


@pytest.mark.parametrize("reveal", [False, True])
def test_every_format_renders_and_writes_despite_surrogates_and_escapes(
    tmp_path: Path, reveal: bool
) -> None:
    for fmt, text in rendered(_hostile_report(), reveal=reveal).items():
        write_report(tmp_path / f"report.{fmt}", text)  # raised UnicodeEncodeError before
        written = (tmp_path / f"report.{fmt}").read_text(encoding="utf-8")
        assert "\x1b" not in written and "\x07" not in written and "\u202e" not in written
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    files = next(s for s in data["sources"] if s["name"] == "files")
    assert files["skipped"][0] == {
        "location": "docs/caf\\xe9 \\xff.pdf",
        "reason": "corrupt: \ufffd red",
    }
    assert files["skipped"][1]["location"] == "a\\nb\\x1b[2J.txt"
    web = next(s for s in data["sources"] if s["name"] == "web")
    assert web["reason"] == "ValueError: \\x80 red"
    locations = {f["location"] for f in data["findings"]}
    assert "docs/caf\\xe9 \\xff.pdf" in locations
    evidence = next(f["evidence"] for f in data["findings"] if f["source"] == "web")
    assert '"name": "Ellie \ufffd"} tel ' in evidence and " red bell txt.exe" in evidence


def test_cleaning_keeps_the_hit_span_in_place() -> None:
    # Removed characters before the hit must not shift the mask onto the wrong text.
    f = finding(Category.PHONE, Severity.HIGH, "x", PHONE, PHONE, before="\x1b[1m\x00\x00 tel ")
    data = json.loads(rendered(build_report(PROFILE, [f], [], GENERATED))["json"])
    assert data["findings"][0]["evidence"] == " tel 07700 9•••61 (updated 2024)"


@pytest.mark.parametrize(
    ("raw", "text", "name"),
    [
        ("plain £ text • ok", "plain £ text • ok", "plain £ text • ok"),
        ("a\x1b[31mb\x1b[0mc", "abc", "a\\x1b[31mb\\x1b[0mc"),
        ("title\x1b]0;pwned\x07 end", "title end", "title\\x1b]0;pwned\\x07 end"),
        ("line\nnext\tcol\r", "line\nnext\tcol", "line\\nnext\\tcol\\r"),
        ("c1 \x85 \x9b31m", "c1  ", "c1 \\x85 \\x9b31m"),
        ("lone \ud800 \udbff", "lone \ufffd \ufffd", "lone \ufffd \ufffd"),
        ("byte \udcff", "byte \\xff", "byte \\xff"),
        ("pair \ud83d\ude00", "pair 😀", "pair 😀"),
        ("bidi \u202egnp.exe", "bidi gnp.exe", "bidi \\u202egnp.exe"),
        ("non \ufffe \U0010ffff", "non \ufffd \ufffd", "non \ufffd \ufffd"),
    ],
)
def test_clean_text_and_name(raw: str, text: str, name: str) -> None:
    assert clean_text(raw) == text
    assert clean_name(raw) == name
    text.encode("utf-8")
    name.encode("utf-8")


def test_cleaning_is_linear() -> None:
    import time

    hostile = ("\x1b]" + "x" * 5000) * 200 + "\x1b[" * 100_000 + "\ud800" * 100_000
    start = time.process_time()
    clean_text(hostile)
    clean_name(hostile)
    assert time.process_time() - start < 2
