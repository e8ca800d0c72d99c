"""Never a false all-clear: what a scan says, and its exit code, follow what it really checked."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from site_entries import site_entry
from typer.testing import CliRunner, Result

from footprint.cli import EXIT_INCOMPLETE, app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "candidate.toml"
PAGES = ROOT / "examples" / "pages"
runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed once we return: connections are refused


def test_offline_with_only_network_sources_checks_nothing_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run("scan", str(EXAMPLE), "--only", "accounts", "--offline", "-o", str(out),
                 "--format", "json")  # fmt: skip
    assert result.exit_code == EXIT_INCOMPLETE, result.output
    assert "Nothing could be checked" in result.output
    assert "No exposures found" not in result.output
    report = json.loads(out.read_text())
    assert report["complete"] is False
    assert report["sources"][0]["state"] == "skipped"


def test_unreachable_network_fails_the_source_stops_early_and_exits_3(tmp_path: Path) -> None:
    port = closed_port()
    # Twelve sites on twelve loopback addresses, all refusing: the network looks down.
    sites = [site_entry(f"S{i}", f"http://127.0.0.{i + 1}:{port}/{{account}}") for i in range(12)]
    doc = {"license": ["L"], "authors": ["A"], "categories": ["social"], "sites": sites}
    (tmp_path / "sites.json").write_text(json.dumps(doc))
    out = tmp_path / "r.json"
    sites_file = str(tmp_path / "sites.json")
    result = run("scan", str(EXAMPLE), "--only", "accounts", "--sites", sites_file,
                 "--allow-private", "-o", str(out), "--format", "json")  # fmt: skip
    assert result.exit_code == EXIT_INCOMPLETE, result.output
    report = json.loads(out.read_text())
    (accounts,) = report["sources"]
    assert accounts["state"] == "failed"
    assert (accounts["checked"], accounts["total"]) == (0, 12)
    assert "12 sites not checked" in accounts["reason"]
    assert any("network looks unreachable" in gap for gap in report["gaps"])
    said = " ".join(result.output.split())
    assert "No exposures found" not in said
    assert (
        "Nothing could be checked, so no exposure can be ruled out: the network looks "
        "unreachable" in said
    )


def test_nothing_found_is_said_with_what_was_checked(tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("Nothing private here, just a leaflet.")
    out = tmp_path / "r.json"
    result = run("scan", str(EXAMPLE), "--path", str(tmp_path / "clean.txt"), "--offline",
                 "-o", str(out), "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "No exposures found in what was checked: local_files: 1 of 1 file checked." in said
    assert "Not checked: accounts (offline" in result.output


def test_a_source_with_nothing_to_do_is_not_run(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run("scan", str(EXAMPLE), "--offline", "-o", str(out), "--format", "json")
    sources = {s["name"]: s for s in json.loads(out.read_text())["sources"]}
    assert sources["local_files"]["state"] == "not_run"
    assert sources["local_files"]["reason"] == "no --path given"
