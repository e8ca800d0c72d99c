"""build_report: dedupe, advice, ordering and counts (the removal plan: test_report_plan.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from test_report_samples import (
    ADDRESS,
    GENERATED,
    PHONE,
    PROFILE,
    finding,
    sample_findings,
    sample_sources,
)

from footprint.model import Category, Severity, SourceState, SourceStatus
from reports import ADVICE, build_report


def _address(location: str, severity: Severity, partial: bool = False, source: str = "web"):
    return finding(
        Category.HOME_ADDRESS,
        severity,
        location,
        ADDRESS,
        "14 Larkspur Close",
        matched="private.home_address",
        partial=partial,
        source=source,
    )


def test_dedupe_keeps_the_most_severe_finding_per_key() -> None:
    low = _address("https://a.example/", Severity.LOW, source="first")
    high = _address("https://a.example/", Severity.HIGH, source="second")
    medium = _address("https://a.example/", Severity.MEDIUM, source="third")
    other_page = _address("https://b.example/", Severity.LOW)
    report = build_report(PROFILE, [low, high, medium, other_page], [])
    assert len(report.findings) == 2
    by_location = {f.location: f for f in report.findings}
    assert by_location["https://a.example/"].severity is Severity.HIGH
    assert by_location["https://a.example/"].source == "second"


def test_dedupe_prefers_a_full_match_at_equal_severity() -> None:
    partial = _address("https://a.example/", Severity.MEDIUM, partial=True)
    full = _address("https://a.example/", Severity.MEDIUM)
    report = build_report(PROFILE, [partial, full], [])
    assert [f.partial for f in report.findings] == [False]


def test_same_page_different_details_are_separate_findings() -> None:
    phone = finding(Category.PHONE, Severity.HIGH, "https://a.example/", PHONE, PHONE)
    report = build_report(PROFILE, [_address("https://a.example/", Severity.HIGH), phone], [])
    assert len(report.findings) == 2


def test_findings_sorted_by_severity_then_category_then_location() -> None:
    report = build_report(PROFILE, reversed(sample_findings()), sample_sources(), GENERATED)
    keys = [
        (f.severity.rank, list(Category).index(f.category), f.location) for f in report.findings
    ]
    assert keys == sorted(keys)
    assert report.findings[0].severity is Severity.HIGH
    assert report.findings[0].category is Category.HOME_ADDRESS
    assert report.findings[-1].severity is Severity.LOW


def test_every_finding_gets_advice_and_existing_advice_is_kept_first() -> None:
    preset = dataclasses.replace(
        _address("https://a.example/", Severity.HIGH), advice=("wayback-exclusion",)
    )
    report = build_report(PROFILE, [*sample_findings(), preset], [])
    for f in report.findings:
        assert f.advice and all(a in ADVICE for a in f.advice)
    kept = next(f for f in report.findings if f.location == "https://a.example/")
    assert kept.advice[0] == "wayback-exclusion" and "ask-site-owner" in kept.advice


def test_counts_by_severity_and_category() -> None:
    findings = sample_findings()
    report = build_report(PROFILE, findings, sample_sources(), GENERATED)
    assert sum(report.by_severity.values()) == len(report.findings) == len(findings)
    for severity in Severity:
        assert report.by_severity[severity] == sum(f.severity is severity for f in findings)
    assert report.by_category[Category.HOME_ADDRESS] == 2
    assert report.by_category[Category.FAMILY] == 2
    assert set(report.by_category) == set(Category)


def test_zero_findings() -> None:
    sources = [SourceStatus("web", SourceState.OK), SourceStatus("x", SourceState.FAILED)]
    report = build_report(PROFILE, [], sources, GENERATED)
    assert report.findings == () and report.actions == ()
    assert all(n == 0 for n in report.by_severity.values())
    assert report.sources_checked == 1


def test_generated_at_defaults_to_now_in_utc() -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    report = build_report(PROFILE, [], [])
    assert report.generated_at.tzinfo is not None
    assert before <= report.generated_at <= dt.datetime.now(dt.UTC)


def test_sources_are_copied_not_shared() -> None:
    status = SourceStatus("files", skipped_items=[("a.pdf", "corrupt")])
    report = build_report(PROFILE, [], [status])
    status.skipped_items.append(("b.pdf", "later"))
    assert report.sources[0].skipped_items == [("a.pdf", "corrupt")]


def test_scanner_suggested_advice_kept_only_when_catalogued() -> None:
    known = next(iter(ADVICE))
    suggested = dataclasses.replace(
        _address("https://a.example/", Severity.HIGH), advice=("no-such-route", known)
    )
    (kept,) = build_report(PROFILE, [suggested], []).findings
    assert kept.advice[0] == known
    assert "no-such-route" not in kept.advice
    assert all(a in ADVICE for a in kept.advice)


def test_a_page_with_a_found_account_counts_as_a_profile_page() -> None:
    shop = "https://www.depop.example/ellie_w77/"
    address = _address(shop, Severity.HIGH)
    account = finding(Category.ACCOUNT, Severity.LOW, shop, "ellie_w77", "ellie_w77")
    alone = build_report(PROFILE, [address], [])
    together = build_report(PROFILE, [address, account], [])
    assert alone.actions[0].kind == "web"
    assert together.actions[0].kind == "account"
    (with_account,) = [f for f in together.findings if f.category is Category.HOME_ADDRESS]
    assert with_account.advice != alone.findings[0].advice
