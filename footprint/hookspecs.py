"""The plugin interface: one hook, entry-point group ``footprint``."""

from __future__ import annotations

import pluggy
import typer

from footprint.scanner import Scanner

hookspec = pluggy.HookspecMarker("footprint")
hookimpl = pluggy.HookimplMarker("footprint")


@hookspec
def register_scanners() -> list[type[Scanner]]:  # type: ignore[empty-body]
    """Return scanner classes this plugin provides."""


@hookspec
def register_commands(cli: typer.Typer) -> None:
    """Add commands to the `footprint` command line (as sqlite-utils' hook of that name).
    Import what the commands need inside them, so loading the plugin stays cheap."""
