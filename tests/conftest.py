"""Shared fixtures: the example subject and paths into the repository."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from footprint.profile import Profile, load_profile

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def candidate() -> Profile:
    return load_profile(ROOT / "examples" / "candidate.toml")


_LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", ""})
_real_getaddrinfo = socket.getaddrinfo


def _offline_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    """No test touches the internet: a lookup of any other name fails at once, as it would on
    a machine without a network, instead of asking a real resolver (which made tests depend
    on the sandbox they ran in)."""
    name = host.decode() if isinstance(host, bytes) else str(host or "")
    if name.lower() in _LOCAL_NAMES or name.startswith("127.") or name.endswith(".localhost"):
        return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]
    raise socket.gaierror(socket.EAI_NONAME, f"tests are offline: {name!r} not looked up")


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _offline_getaddrinfo)


@pytest.fixture(autouse=True)
def _data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scans record their history under the user's data folder: never the real one in tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
