"""`footprint scan --requests DIR`: checked before the scan, one private file per request."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest
from cli_errors import one_line_error
from test_report_samples import PHONE, PRIVATE_STRINGS, finding
from typer.testing import CliRunner

import footprint.run
from footprint.cli import app
from footprint.engine import ScanResult
from footprint.model import Category, Severity, SourceState, SourceStatus

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "candidate.toml"
runner = CliRunner()


@pytest.fixture
def no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scan ran although its requests could not be saved")

    monkeypatch.setattr(footprint.run, "run_scan", refuse)


@pytest.fixture
def public_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scan that finds the phone on two public pages and in one local file."""
    found = [
        finding(Category.PHONE, Severity.HIGH, url, PHONE, PHONE, matched="private.phones[0]")
        for url in ("https://a.example/committee", "https://www.tiktok.com/@ellie_w77")
    ]
    local = finding(
        Category.PHONE, Severity.HIGH, "notes/fete.md", PHONE, PHONE, source="local_files"
    )

    def fake(*args: object, **kwargs: object) -> ScanResult:
        return ScanResult([*found, local], [SourceStatus("web", SourceState.OK, checked=2)])

    monkeypatch.setattr(footprint.run, "run_scan", fake)


@pytest.mark.usefixtures("no_scan")
@pytest.mark.parametrize("command", ["scan", "demo"])
def test_a_file_given_as_the_requests_folder_is_refused_before_scanning(
    tmp_path: Path, command: str
) -> None:
    (tmp_path / "notes.txt").write_text("x")
    target = tmp_path / "notes.txt"
    args = [str(EXAMPLE), "--offline"] if command == "scan" else []
    out = ["-o", str(tmp_path / "r.html")]
    line = one_line_error(runner.invoke(app, [command, *args, *out, "--requests", str(target)]))
    assert line == f"footprint: error: --requests {str(target)!r}: is a file, not a folder"


@pytest.mark.usefixtures("no_scan")
def test_a_requests_folder_under_a_missing_one_is_refused_before_scanning(tmp_path: Path) -> None:
    target = tmp_path / "no" / "requests"
    result = runner.invoke(
        app,
        ["scan", str(EXAMPLE), "--offline", "-o", str(tmp_path / "r.html"),
         "--requests", str(target)],
    )  # fmt: skip
    assert f"folder {str(tmp_path / 'no')!r} does not exist" in one_line_error(result)


@pytest.mark.usefixtures("public_findings")
@pytest.mark.parametrize("reveal", [False, True])
def test_one_private_file_per_public_place(tmp_path: Path, reveal: bool) -> None:
    folder = tmp_path / "requests"
    args = ["scan", str(EXAMPLE), "--offline", "-o", str(tmp_path / "r.html")]
    result = runner.invoke(app, [*args, "--requests", str(folder), *(["--reveal"] * reveal)])
    assert result.exit_code == 0, result.output
    files = sorted(folder.iterdir())
    # Numbered as in the plan (the account page and the file are quicker than the letter): the
    # local file (2) is yours to clean, so it gets no request; the two public pages do.
    assert [f.name for f in files] == ["01-erasure-www.tiktok.com.txt", "03-erasure-a.example.txt"]
    assert "2 ready-to-send requests saved in" in result.output
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        text = path.read_text()
        assert "Article 17" in text and "one month" in text
        assert (PHONE in text) is reveal
        if not reveal:
            assert not [s for s in PRIVATE_STRINGS[Category.PHONE] if s in text]


@pytest.mark.usefixtures("public_findings")
def test_requests_that_cannot_be_saved_cost_a_warning_not_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports.requests

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reports.requests, "write_requests", full)
    report = tmp_path / "r.html"
    result = runner.invoke(
        app,
        ["scan", str(EXAMPLE), "--offline", "-o", str(report), "--requests", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "footprint: warning: could not save the requests in" in result.output
    assert "No space left on device; they are in the report" in result.output
    assert "Ready-to-send requests" in report.read_text()
