"""`footprint init PATH`: a new private file, never written into a folder or through a link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cli_errors import one_line_error
from typer.testing import CliRunner

from footprint.cli import app

runner = CliRunner()


def init(*args: str) -> object:
    return runner.invoke(app, ["init", *args])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        result = init(str(tmp_path / "me.toml"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "me.toml") == 0o600
    assert "[private]" in (tmp_path / "me.toml").read_text()


def test_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "me.toml"
    line = one_line_error(init(str(target)))
    assert f"folder {str(target.parent)!r} does not exist" in line


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_folder_is_refused_with_or_without_force(tmp_path: Path, force: list[str]) -> None:
    line = one_line_error(init(str(tmp_path), *force))
    assert "is a folder" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_never_writes_through_a_symlink(tmp_path: Path, force: list[str]) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    link = tmp_path / "me.toml"
    link.symlink_to(victim)
    line = one_line_error(init(str(link), *force))
    assert "symbolic link" in line
    assert victim.read_text() == "keep me" and mode(victim) == 0o644
    assert link.is_symlink()


def test_a_dangling_symlink_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "me.toml"
    link.symlink_to(tmp_path / "planted.toml")
    assert "symbolic link" in one_line_error(init(str(link), "--force"))
    assert not (tmp_path / "planted.toml").exists()


def test_existing_file_needs_force_and_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "me.toml"
    target.write_text("mine")
    assert "already exists" in one_line_error(init(str(target)))
    assert target.read_text() == "mine"


def test_force_over_a_readable_file_leaves_it_0600(tmp_path: Path) -> None:
    target = tmp_path / "me.toml"
    target.write_text("old")
    target.chmod(0o644)
    result = init(str(target), "--force")
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o600
    assert "[private]" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["me.toml"]  # no temp file left


def test_a_special_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "me.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in one_line_error(init(str(fifo), "--force"))
