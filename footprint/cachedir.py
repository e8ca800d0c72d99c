"""Where footprint keeps downloaded reference data (site lists, the RDAP bootstrap file)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """$XDG_CACHE_HOME/footprint, else %LOCALAPPDATA%\\footprint on Windows, else
    ~/.cache/footprint (what platformdirs would pick, without the dependency)."""
    env = os.environ if env is None else env
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "footprint"
    if os.name == "nt" and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "footprint"
    return Path.home() / ".cache" / "footprint"
