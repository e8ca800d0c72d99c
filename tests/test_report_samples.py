"""Sample findings for the report tests, built from the example candidate's fictional values.

Imported by the other tests/test_report_*.py modules; its own tests check that the samples
really are the values in examples/candidate.toml, so the redaction tests test the real thing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from footprint.model import Category, Finding, Severity, SourceState, SourceStatus
from footprint.profile import Profile, load_profile

ROOT = Path(__file__).resolve().parent.parent
PROFILE = load_profile(ROOT / "examples" / "candidate.toml")

SUBJECT = "Eleanor Whitcombe"
ADDRESS = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"
PHONE = "07700 900461"
EMAIL = "ellie.whitcombe77@example.net"
DOB = "1977-09-03"
SON = "Daniel Whitcombe"
DAUGHTER = "Isla Whitcombe"
COORDS = "51.6001, -2.3987"
GENERATED = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)

# Strings that must never appear in redacted output (and must appear with --reveal).
PRIVATE_STRINGS = {
    Category.HOME_ADDRESS: ("Larkspur", "GL12 8QX", "8QX"),
    Category.PHONE: ("07700 900461", "07700900461", "7700900461", "900461"),
    Category.EMAIL: (EMAIL, "ellie.whitcombe77"),
    Category.DATE_OF_BIRTH: ("1977-09-03", "03/09/1977", "3 September 1977"),
    Category.FAMILY: (SON, DAUGHTER, "Daniel", "Isla"),
    Category.GEOLOCATION: ("51.6001", "2.3987"),
}

HOSTILE = "<script>alert(1)</script>"


def named(name: str) -> Profile:
    """The example candidate under another (e.g. hostile) name."""
    return dataclasses.replace(PROFILE, name=name)


HOSTILE_IMG = '"><img src=x onerror=alert(2)>'


def finding(
    category: Category,
    severity: Severity,
    location: str,
    value: str,
    hit: str,
    *,
    before: str = "Contact: ",
    after: str = " (updated 2024)",
    matched: str = "",
    source: str = "web",
    partial: bool = False,
    note: str = "",
    provenance: tuple[str, ...] = (),
) -> Finding:
    """A Finding whose evidence is before + hit + after, with span on the hit."""
    evidence = before + hit + after
    start = len(before)
    return Finding(
        category=category,
        severity=severity,
        source=source,
        location=location,
        evidence=evidence,
        matched=matched or f"private.{category.value}",
        value=value,
        span=(start, start + len(hit)),
        partial=partial,
        note=note,
        provenance=provenance,
    )


def sample_findings() -> list[Finding]:
    return [
        finding(
            Category.HOME_ADDRESS,
            Severity.HIGH,
            "https://parish-news.example/committee",
            ADDRESS,
            "14 Larkspur Close, Wickwar GL12 8QX",
            before="Treasurer: Ellie Whitcombe, ",
            after=f". Phone {PHONE}.",
            matched="private.home_address",
            provenance=(
                "name Eleanor Whitcombe",
                "search",
                "https://parish-news.example/committee",
            ),
        ),
        finding(
            Category.HOME_ADDRESS,
            Severity.HIGH,
            "https://directory.example/w/whitcombe",
            ADDRESS,
            "14 Larkspur Cl, GL12 8QX",
            before="E Whitcombe, ",
            matched="private.home_address",
            source="search",
        ),
        finding(
            Category.PHONE,
            Severity.HIGH,
            "https://parish-news.example/committee",
            PHONE,
            PHONE,
            before="Treasurer: 14 Larkspur Close, Wickwar GL12 8QX. Phone ",
            matched="private.phones[0]",
        ),
        finding(
            Category.EMAIL,
            Severity.MEDIUM,
            "examples/pages/exports/contacts.csv",
            EMAIL,
            EMAIL,
            before="Ellie,",
            after=",Wickwar",
            matched="private.emails[0]",
            source="files",
        ),
        finding(
            Category.DATE_OF_BIRTH,
            Severity.MEDIUM,
            "https://club.example/members/ellie",
            DOB,
            "3 September 1977",
            before="Ellie was born on ",
            after=f" ({HOSTILE})",
            matched="private.date_of_birth",
        ),
        finding(
            Category.FAMILY,
            Severity.LOW,
            "https://school.example/news",
            DAUGHTER,
            "Isla",
            before="Well done to Isla Whitcombe and ",
            after=" again, daughter of our candidate",
            matched="private.family[1]",
            partial=True,
            note="first name near 'daughter'",
        ),
        finding(
            Category.FAMILY,
            Severity.MEDIUM,
            "javascript:alert(document.cookie)",
            SON,
            SON,
            before=HOSTILE_IMG + " ",
            after=" [click](javascript:alert(3))",
            matched="private.family[0]",
        ),
        finding(
            Category.GEOLOCATION,
            Severity.HIGH,
            "examples/pages/photos/garden.jpg",
            COORDS,
            "51.600123, -2.398701",
            before="GPS ",
            after="",
            matched="private.home_coordinates",
            source="files",
        ),
        finding(
            Category.ACCOUNT,
            Severity.LOW,
            "https://github.com/ewhitcombe",
            "ewhitcombe",
            "ewhitcombe",
            before="Account exists: ",
            after="",
            matched="public.usernames[0]",
            source="accounts",
            provenance=("username ewhitcombe", "accounts", "https://github.com/ewhitcombe"),
        ),
    ]


def sample_sources() -> list[SourceStatus]:
    return [
        SourceStatus("web", SourceState.OK, requests=12, documents=9, duration_s=3.21),
        SourceStatus(
            "files",
            SourceState.PARTIAL,
            unit="file",
            documents=4,
            duration_s=0.4,
            skipped_items=[("examples/pages/documents/broken.pdf", "corrupt PDF: no xref")],
        ),
        SourceStatus("companies_house", SourceState.SKIPPED, reason="needs COMPANIES_HOUSE_KEY"),
        SourceStatus(
            "search", SourceState.FAILED, reason="HTTP 503 from search.example", requests=3
        ),
    ]


def test_samples_use_the_example_candidates_values() -> None:
    profile = PROFILE
    assert profile.name == SUBJECT
    assert profile.private.home_addresses == (ADDRESS,)
    assert profile.private.phones == (PHONE,)
    assert profile.private.emails == (EMAIL,)
    assert profile.private.date_of_birth == dt.date.fromisoformat(DOB)
    assert profile.private.family == (SON, DAUGHTER)
    lat, lon = (float(x) for x in COORDS.split(","))
    assert profile.private.home_coordinates == (lat, lon)


def test_sample_spans_point_at_the_hit() -> None:
    for f in sample_findings():
        start, end = f.span
        assert 0 <= start < end <= len(f.evidence)
        assert f.evidence[start:end].strip() == f.evidence[start:end]
