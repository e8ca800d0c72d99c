"""Command-line input gaps: warnings for profiles that can find nothing, bad option values,
plain profile errors as users see them, and --version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footprint import __version__
from footprint.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "candidate.toml"
runner = CliRunner()
WARNING = "[private] is empty: nothing can be found without private details"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        'name = "Eleanor Whitcombe"\n[public]\nusernames = ["ewhitcombe"]\n',
        'name = "Eleanor Whitcombe"\n[private]\n[public]\nusernames = ["ewhitcombe"]\n',
    ],
)
def test_a_profile_without_private_details_warns_but_plans(tmp_path: Path, text: str) -> None:
    profile = write(tmp_path, text)
    result = runner.invoke(app, ["plan", str(profile)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"footprint: warning: {profile}: {WARNING}"
    assert "ewhitcombe" in result.stdout


def test_a_profile_without_private_details_warns_but_scans(tmp_path: Path) -> None:
    profile = write(tmp_path, 'name = "Eleanor Whitcombe"\n')
    (tmp_path / "page.txt").write_text("a leaflet")
    out = tmp_path / "r.json"
    args = ["scan", str(profile), "--offline", "--path", str(tmp_path / "page.txt")]
    result = runner.invoke(app, [*args, "--format", "json", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert WARNING in result.stderr
    assert json.loads(out.read_text())["findings"] == []


def test_a_profile_with_private_details_does_not_warn() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLE)])
    assert result.exit_code == 0 and "warning" not in result.output


def test_plan_sends_a_handle_without_its_at(tmp_path: Path) -> None:
    profile = write(
        tmp_path, 'name = "Jo Bloggs"\n[private]\nphones = ["07700 900461"]\n'
        '[public]\nusernames = ["@jobloggs"]\n',
    )  # fmt: skip
    result = runner.invoke(app, ["plan", str(profile)])
    assert result.exit_code == 0, result.output
    assert "'jobloggs' ->" in result.stdout and "@jobloggs" not in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "X"\n[private]\ndate_of_birth = 1980-02-30\n', "line 3: private.date_of_birth"),
        ('name = "X"\n[private]\nphones = ["07700 90012"]\n', "have 11 digits (this has 10)"),
        (
            'name = "X"\n[private]\nemails = ["a@example.net"]\n'
            '[public]\nemails = ["A@example.net"]',
            "is also listed as public.emails[0]",
        ),
    ],
)
def test_profile_errors_are_one_line_exit_2(tmp_path: Path, text: str, message: str) -> None:
    result = runner.invoke(app, ["plan", str(write(tmp_path, text))])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("footprint: error: ") and message in lines[0]


def test_missing_profile_reads_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["scan", "nosuch.toml", "--offline"])
    assert result.exit_code == 2
    assert result.stderr == "footprint: error: nosuch.toml: no such file\n"


@pytest.mark.parametrize(
    ("option", "value"),
    [("--max-depth", "-1"), ("--timeout", "0"), ("--timeout", "-5"), ("--timeout", "nan")],
)
def test_out_of_range_options_are_refused(tmp_path: Path, option: str, value: str) -> None:
    result = runner.invoke(
        app, ["scan", str(EXAMPLE), "--offline", "-o", str(tmp_path / "r.html"), option, value]
    )
    assert result.exit_code == 2
    # One line naming the option and its value, no usage box.
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"footprint: error: {option} ")
    assert not (tmp_path / "r.html").exists()


def test_max_depth_zero_is_allowed(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    args = ["scan", str(EXAMPLE), "--offline", "--max-depth", "0", "--format", "json", "-o"]
    result = runner.invoke(app, [*args, str(out), "--quiet", "--path", str(EXAMPLE)])
    assert result.exit_code == 0, result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"footprint {__version__}\n"
    assert __version__ == "0.1.0"
