"""The plugin interface: one hook, entry-point group ``footprint``."""

from __future__ import annotations

import pluggy

from footprint.scanner import Scanner

hookspec = pluggy.HookspecMarker("footprint")
hookimpl = pluggy.HookimplMarker("footprint")


@hookspec
def register_scanners() -> list[type[Scanner]]:  # type: ignore[empty-body]
    """Return scanner classes this plugin provides."""
