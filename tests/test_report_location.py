"""Where a finding points stays usable: exact identity in JSON, a display form elsewhere, and a
note when the file name or web address itself shows a detail (its own reason to act)."""

from __future__ import annotations

import json

from report_formats import readable, rendered
from test_report_samples import GENERATED, PROFILE, finding

from footprint.model import Category, Severity
from reports import build_report

FILE = "/home/ellie/Campaign/14 Larkspur Close leaflet.docx"
URL = "https://forum.example/u/07700900461"
PLAIN = "https://forum.example/thread/42"


def _report(location: str):
    phone = finding(Category.PHONE, Severity.HIGH, location, "07700 900461", "07700 900461")
    return build_report(PROFILE, [phone], [], GENERATED)


def test_json_location_is_exact_and_the_display_form_keeps_folder_and_extension() -> None:
    data = json.loads(rendered(_report(FILE))["json"])
    (f,) = data["findings"]
    assert f["location"] == FILE
    assert f["display_location"] == "/home/ellie/Campaign/14 L••• Close leaflet.docx"
    assert f["location_note"].startswith("This file's name itself shows your home address")


def test_a_name_that_shows_a_detail_is_said_in_every_format_even_revealed() -> None:
    for reveal in (False, True):
        for fmt, out in rendered(_report(URL), reveal=reveal).items():
            text = " ".join(readable(fmt, out).split())
            if fmt == "terminal":
                assert "its name shows it too" in text, (fmt, reveal)
            else:
                assert "This web address itself shows your personal phone number" in text, (
                    fmt,
                    reveal,
                )


def test_a_folder_name_is_named_as_a_folder() -> None:
    note = json.loads(rendered(_report("/home/ellie/Daniel Whitcombe/report.pdf"))["json"])
    assert note["findings"][0]["location_note"].startswith(
        "A folder in this file's path shows your family member's name"
    )


def test_an_ordinary_address_has_no_note() -> None:
    data = json.loads(rendered(_report(PLAIN))["json"])
    assert data["findings"][0]["location_note"] == ""
