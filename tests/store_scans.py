"""A small offline scan recorded in a history database, for the store tests."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from footprint.cli import app

runner = CliRunner()

PROFILE = """name = "Eleanor Whitcombe"
[private]
phones = [{phones}]
emails = ["ellie.whitcombe77@example.net"]
"""
PAGE = """<html><body><p>Call Ellie on 07700 900461 or 07700 900462, or write to
ellie.whitcombe77@example.net.</p></body></html>"""


def _profile(tmp_path: Path, phones: str = '"07700 900461", "07700 900462"') -> Path:
    path = tmp_path / "me.toml"
    path.write_text(PROFILE.format(phones=phones))
    return path


def scan(tmp_path: Path, *extra: str, phones: str | None = None, page: str = PAGE) -> object:
    (tmp_path / "pages").mkdir(exist_ok=True)
    (tmp_path / "pages" / "page.html").write_text(page)
    profile = _profile(tmp_path, phones) if phones else _profile(tmp_path)
    args = ["scan", str(profile), "--offline", "--path", str(tmp_path / "pages"), "--quiet"]
    args += ["--format", "json", "-o", str(tmp_path / "r.json"), "--db", str(tmp_path / "h.db")]
    return runner.invoke(app, [*args, *extra])
