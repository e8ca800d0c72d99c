"""No scan is ever lost: the report's destination is checked before scanning, and a report
that still cannot be written at the end is saved to a fallback file."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from cli_errors import one_line_error
from typer.testing import CliRunner

import footprint.run
from footprint import privatefile
from footprint.cli import EXIT_REPORT_ELSEWHERE, app
from reports.output import save_fallback

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "candidate.toml"
PAGES = ROOT / "examples" / "pages"
runner = CliRunner()


@pytest.fixture
def no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any scan started fails the test: bad destinations must be refused before the work."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scan ran although its report could not be written")

    monkeypatch.setattr(footprint.run, "run_scan", refuse)


@pytest.mark.usefixtures("no_scan")
@pytest.mark.parametrize("command", ["scan", "demo"])
def test_output_that_is_a_folder_is_refused_before_scanning(tmp_path: Path, command: str) -> None:
    args = [str(EXAMPLE), "--offline"] if command == "scan" else []
    line = one_line_error(runner.invoke(app, [command, *args, "--output", str(tmp_path)]))
    assert f"--output {str(tmp_path)!r}: is a folder" in line


@pytest.mark.usefixtures("no_scan")
@pytest.mark.parametrize("command", ["scan", "demo"])
def test_output_in_a_missing_folder_is_refused_before_scanning(
    tmp_path: Path, command: str
) -> None:
    target = tmp_path / "nonexistent" / "dir" / "r.html"
    args = [str(EXAMPLE), "--offline"] if command == "scan" else []
    line = one_line_error(runner.invoke(app, [command, *args, "-o", str(target)]))
    assert f"--output {str(target)!r}: folder {str(target.parent)!r} does not exist" in line


@pytest.mark.usefixtures("no_scan")
def test_output_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    target = tmp_path / "notes.txt" / "r.html"
    line = one_line_error(
        runner.invoke(app, ["scan", str(EXAMPLE), "--offline", "-o", str(target)])
    )
    assert "is not a folder" in line


@pytest.mark.usefixtures("no_scan")
@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in a read-only folder")
def test_output_in_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        line = one_line_error(
            runner.invoke(app, ["scan", str(EXAMPLE), "--offline", "-o", str(folder / "r.html")])
        )
    finally:
        folder.chmod(0o700)
    assert "cannot write in folder" in line and "Permission denied" in line


@pytest.mark.usefixtures("no_scan")
def test_default_report_in_an_unwritable_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def no_create(path: object, flags: int, *args: object) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(privatefile.os, "open", no_create)
    line = one_line_error(runner.invoke(app, ["scan", str(EXAMPLE), "--offline"]))
    assert "report 'footprint-report.html': cannot write in folder '.': Permission denied" in line
    assert "--output" in line
    assert list(tmp_path.iterdir()) == []  # the probe left nothing behind


def test_the_probe_leaves_no_file(tmp_path: Path) -> None:
    assert privatefile.unwritable(tmp_path / "r.html") is None
    assert list(tmp_path.iterdir()) == []


def scan_removing_the_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The folder passes the check, then disappears while the scan runs."""
    real = footprint.run.run_scan

    def run_then_remove(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)
        shutil.rmtree(folder)
        return result

    monkeypatch.setattr(footprint.run, "run_scan", run_then_remove)


def test_report_is_saved_elsewhere_when_its_folder_vanishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    scan_removing_the_folder(monkeypatch, out)
    target = out / "r.json"
    result = runner.invoke(
        app,
        ["scan", str(EXAMPLE), "--offline", "--path", str(PAGES), "--format", "json",
         "-o", str(target), "--quiet"],
    )  # fmt: skip
    assert result.exit_code == EXIT_REPORT_ELSEWHERE, result.output
    saved = list(here.iterdir())
    assert len(saved) == 1 and saved[0].name.startswith("footprint-report-unsaved-")
    assert saved[0].suffix == ".json"
    assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
    assert json.loads(saved[0].read_text())["findings"]
    assert f"could not write the report to {str(target)!r}" in result.output
    assert str(saved[0]) in result.output
    assert "Traceback" not in result.output


def test_a_full_disk_at_the_end_saves_the_report_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports

    def disk_full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reports, "write_report", disk_full)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["scan", str(EXAMPLE), "--offline", "--path", str(PAGES)])
    assert result.exit_code == EXIT_REPORT_ELSEWHERE, result.output
    assert "No space left on device" in result.output and "saved it to" in result.output
    assert "Report written to" not in result.output
    (saved,) = tmp_path.iterdir()
    assert saved.read_text().startswith("<!DOCTYPE html>")


def test_when_no_folder_takes_it_the_report_goes_to_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports
    import reports.output

    def gone(path: Path, text: str) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    monkeypatch.setattr(reports, "write_report", gone)
    monkeypatch.setattr(reports.output, "fallback_folders", lambda: [tmp_path / "nope"])
    result = runner.invoke(
        app, ["scan", str(EXAMPLE), "--offline", "--format", "md", "-o", str(tmp_path / "r.md")]
    )
    assert result.exit_code == EXIT_REPORT_ELSEWHERE
    assert "no folder would take it" in result.output
    assert "# Online footprint report" in result.stdout


def test_save_fallback_never_clobbers_and_skips_bad_folders(tmp_path: Path) -> None:
    first = save_fallback("one", "md", [tmp_path / "missing", tmp_path])
    second = save_fallback("two", "md", [tmp_path])
    assert first is not None and second is not None and first != second
    assert first.read_text() == "one" and second.read_text() == "two"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert save_fallback("x", "md", [tmp_path / "missing"]) is None


def test_save_fallback_keeps_text_that_cannot_be_encoded(tmp_path: Path) -> None:
    saved = save_fallback("file \udc80.txt", "md", [tmp_path])
    assert saved is not None and saved.read_text() == "file \\udc80.txt"
