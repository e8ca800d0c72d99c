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
