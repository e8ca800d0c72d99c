"""What reaches a terminal is inert: no rich markup interpreted, control characters escaped."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from site_entries import site_entry
from test_report_samples import GENERATED, PHONE, SUBJECT, finding, sample_sources
from typer.testing import CliRunner

from footprint.cli import app
from footprint.model import Category, Severity, SourceState, SourceStatus
from footprint.profile import load_profile
from footprint.progress import ProgressObserver
from footprint.termtext import inert
from reports import build_report, print_summary

EXAMPLE_PROFILE = Path(__file__).resolve().parent.parent / "examples" / "candidate.toml"

runner = CliRunner()
EVIL = "page\x1b[2J\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\.html"


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=200), out


def assert_inert(out: str) -> None:
    """Only rich's own SGR colour codes may appear; nothing the input carried."""
    assert "\x1b[2J" not in out and "\x1b]" not in out and "\x07" not in out


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text £ é 名", "plain text £ é 名"),
        ("a\x1bb", "a\\x1bb"),
        ("tab\tnew\nline\rx", "tab\\tnew\\nline\\rx"),
        ("nul\x00del\x7fcsi\x9b", "nul\\x00del\\x7fcsi\\x9b"),
        ("bidi\u202eoverride\u2066", "bidi\\u202eoverride\\u2066"),
        ("[bold]markup[/] stays text", "[bold]markup[/] stays text"),
    ],
)
def test_inert_escapes_controls_and_keeps_everything_else(raw: str, shown: str) -> None:
    assert inert(raw) == shown


def test_summary_escapes_a_hostile_location_name_and_reason() -> None:
    hostile = finding(Category.PHONE, Severity.HIGH, EVIL, PHONE, PHONE)
    failed = SourceStatus("search", SourceState.FAILED, "HTTP 503 \x1b[31mred\x1b[0m")
    subject = dataclasses.replace(load_profile(EXAMPLE_PROFILE), name=SUBJECT + "\x1b[5m")
    report = build_report(subject, [hostile], [*sample_sources(), failed], GENERATED)
    console, out = terminal()
    print_summary(report, console)
    text = out.getvalue()
    assert_inert(text)
    assert "\x1b[31m" not in text and "\x1b[5m" not in text
    assert "\\x1b[2J\\x1b]8;;http://evil" in text
    assert "HTTP 503 red" in text  # the view drops escape sequences from reasons


def test_progress_descriptions_are_not_markup_or_controls() -> None:
    console, out = terminal()
    with ProgressObserver(console) as observer:
        observer.task_added("evil[/]\x1b[2J")
        observer.task_done("evil[/]\x1b[2J")
        console.file.flush()
    assert_inert(out.getvalue())
    assert "evil[/]\\x1b[2J" in out.getvalue()


def profile_with_usernames(tmp_path: Path, *usernames: str) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(
        'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
        f"[public]\nusernames = {json.dumps(list(usernames))}\n",
        encoding="utf-8",
    )
    return path


def sites_file(tmp_path: Path, **over: str) -> Path:
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"sites": [site_entry(**over)]}), encoding="utf-8")
    return path


def test_plan_shows_markup_in_usernames_as_typed(tmp_path: Path) -> None:
    profile = profile_with_usernames(tmp_path, "ellie[dim]w", "ellie[/]")
    result = runner.invoke(app, ["plan", str(profile), "--sites", str(sites_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "'ellie[dim]w' -> example.com" in result.output
    assert "'ellie[/]' -> example.com" in result.output
    assert_inert(result.output)


def test_plan_with_a_bracket_in_a_site_host_is_a_one_line_error(tmp_path: Path) -> None:
    profile = profile_with_usernames(tmp_path, "ewhitcombe")
    sites = sites_file(tmp_path, uri_check="https://exa[mple.com/u/{account}")
    result = runner.invoke(app, ["plan", str(profile), "--sites", str(sites)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "uri_check" in lines[0] and "valid host name" in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_error_messages_echo_input_escaped(tmp_path: Path) -> None:
    missing = str(tmp_path / "no\x1b[2Jsuch.toml")
    result = runner.invoke(app, ["scan", missing, "--offline"], color=True)  # as on a tty
    assert result.exit_code == 2
    assert "no\\x1b[2Jsuch.toml" in result.output
    assert_inert(result.output)


def test_scanners_table_does_not_interpret_plugin_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    from footprint import plugins
    from footprint.scanner import Scanner

    class Odd(Scanner):
        name = "odd"
        description = "looks up [bold]x[/] and \x1b[2J"

    monkeypatch.setattr(plugins, "scanner_classes", lambda: {"odd": Odd})
    result = runner.invoke(app, ["scanners"])
    assert result.exit_code == 0, result.output
    assert "[bold]x[/]" in result.output and "\\x1b[2J" in result.output
    assert_inert(result.output)
