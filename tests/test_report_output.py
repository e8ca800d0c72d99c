"""Writing reports (atomic, 0600), the format dispatcher and the terminal summary."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from rich.console import Console
from test_report_samples import (
    GENERATED,
    HOSTILE,
    PRIVATE_STRINGS,
    PROFILE,
    SUBJECT,
    named,
    sample_findings,
    sample_sources,
)

from reports import build_report, print_summary, render, write_report


def _report(findings=None):
    findings = sample_findings() if findings is None else findings
    return build_report(PROFILE, findings, sample_sources(), GENERATED)


def test_write_report_creates_a_private_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_report(target, "<p>hello • £</p>")
    assert target.read_text(encoding="utf-8") == "<p>hello • £</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp file left


def test_write_report_replaces_a_readable_file_with_a_private_one(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o644)
    write_report(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_write_report_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_report(tmp_path / "r.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o600


def test_failed_write_leaves_the_old_report_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_report(target, "bad \udc80 surrogate")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_render_dispatches_by_format() -> None:
    report = _report()
    assert json.loads(render(report, "json"))["subject"] == SUBJECT
    assert render(report, "html").startswith("<!DOCTYPE html>")
    assert render(report, "md").startswith("# Online footprint report")
    assert "07700 900461" in render(report, "md", reveal=True)
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(report, "pdf")


def test_terminal_summary_is_redacted_and_lists_the_plan() -> None:
    console = Console(record=True, width=400, color_system=None)
    print_summary(_report(), console)
    out = console.export_text()
    assert "Removal plan for Eleanor Whitcombe: 8 places show your private details" in out
    assert "07700 9•••61" in out and "14 L••• Close" in out
    # One line per place, with the text as found (redacted), not the profile's own value.
    line = next(x for x in out.splitlines() if x.lstrip().startswith("1. "))
    assert "https://parish-news.example/committee" in line
    assert 'your home address "14 L••• Close, Wickwar GL•••"' in line
    assert 'your personal phone number "07700 9•••61"' in line
    assert "Do: Ask the site owner to take it down" in line
    assert "Call 999" in out
    assert "Not checked: companies_house (needs COMPANIES_HOUSE_KEY)" in out
    for secrets in PRIVATE_STRINGS.values():
        for secret in secrets:
            assert secret not in out, secret


def test_terminal_summary_does_not_interpret_markup() -> None:
    console = Console(record=True, width=160, color_system=None)
    report = build_report(named(HOSTILE + "[bold]x[/bold]"), sample_findings(), [], GENERATED)
    print_summary(report, console)
    assert "[bold]x[/bold]" in console.export_text()


def test_terminal_summary_with_no_findings() -> None:
    console = Console(record=True, width=120, color_system=None)
    print_summary(_report(findings=[]), console)
    out = console.export_text()
    assert "No exposures found in what could be checked" in out
    assert "incomplete: search failed" in out
    assert "Not checked: search (HTTP 503 from search.example)" in out


def test_write_report_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "r.html").symlink_to(victim)
    write_report(tmp_path / "r.html", "report")
    assert victim.read_text() == "keep"
    assert not (tmp_path / "r.html").is_symlink()
    assert (tmp_path / "r.html").read_text() == "report"
