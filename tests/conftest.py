"""Shared fixtures: the example subject and paths into the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.profile import Profile, load_profile

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def candidate() -> Profile:
    return load_profile(ROOT / "examples" / "candidate.toml")


@pytest.fixture(autouse=True)
def _data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scans record their history under the user's data folder: never the real one in tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
