"""The command line as users drive it: CliRunner for behaviour, a real shell for the script."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footprint.cli import app
from footprint.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent

runner = CliRunner()
EXAMPLE = ROOT / "examples" / "candidate.toml"
PAGES = ROOT / "examples" / "pages"


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


def test_init_writes_private_template_to_fill_in(tmp_path: Path) -> None:
    target = tmp_path / "me.toml"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    again = run("init", str(target))
    assert again.exit_code == 2 and "already exists" in again.output
    # Straight from init, the profile is refused until its example name is replaced.
    unfilled = run("plan", str(target))
    assert unfilled.exit_code == 2
    assert "name = 'Your Name': is the template's example: replace it" in unfilled.output


def test_bad_profile_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "X"\n[private]\nphones = ["not a phone"]\n')
    result = run("scan", str(bad), "--offline")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert str(bad) in lines[0] and "private.phones[0]" in lines[0] and "not a phone" in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--path", "no/such/dir"], "no/such/dir"),
        (["--only", "nope"], "no such scanner"),
        (["--format", "pdf"], "--format"),
    ],
)
def test_bad_options_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = run("scan", str(EXAMPLE), "--offline", "-o", str(tmp_path / "r.html"), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_offline_scan_of_example_writes_reports(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run(
        "scan",
        str(EXAMPLE),
        "--path",
        str(PAGES),
        "--offline",
        "--format",
        "json",
        "-o",
        str(out),
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    report = json.loads(out.read_text())
    categories = {f["category"] for f in report["findings"]}
    assert {"home_address", "phone", "email", "family", "geolocation"} <= categories
    sources = {s["name"]: s for s in report["sources"]}
    # One unreadable file (a scanned letter with no text layer): partly checked, not "ok".
    local = sources["local_files"]
    assert local["state"] == "partial"
    assert local["checked"] == local["total"] - 1 > 0
    assert sources["accounts"]["state"] == "skipped"
    skipped = [item["location"] for item in sources["local_files"]["skipped"]]
    assert any(loc.endswith("scanned-letter.pdf") for loc in skipped)
    # Redacted by default: the private phone's digits never appear.
    assert "900461" not in out.read_text().replace(" ", "")


def test_plan_never_shows_private_details() -> None:
    result = run("plan", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    profile = load_profile(EXAMPLE)
    assert "ewhitcombe" in result.output
    private = [*profile.private.phones, *profile.private.emails, *profile.private.family]
    private += [profile.private.home_addresses[0].split(",")[0], "1977", "Larkspur", "GL12"]
    for value in private:
        assert value not in result.output


def test_scanners_lists_status() -> None:
    result = run("scanners")
    assert result.exit_code == 0
    assert "local_files" in result.output and "offline-only" in result.output
    assert "accounts" in result.output


def test_real_shell_entry_point(tmp_path: Path) -> None:
    exe = shutil.which("footprint", path=str(Path(sys.executable).parent))
    assert exe, "the console script is installed with the package"
    bad = tmp_path / "bad.toml"
    bad.write_text("aliases = []\n")
    proc = subprocess.run(
        [exe, "scan", str(bad), "--offline"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"footprint: error: {bad}: name = None: is required"


def test_bad_sites_file_is_one_line_exit_2(tmp_path: Path) -> None:
    sites = tmp_path / "sites.json"
    sites.write_text('{"sites": [{"name": "X", "uri_check": "https://x.example/{account}"}]}')
    result = run("scan", str(EXAMPLE), "--sites", str(sites), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(sites) in lines[0] and "X" in lines[0]
