"""Registers the built-in scanners through the same hook third-party plugins use.

Imports happen inside the hook so that loading the plugin has no side effects.
"""

from __future__ import annotations

from footprint.hookspecs import hookimpl
from footprint.scanner import Scanner


@hookimpl
def register_scanners() -> list[type[Scanner]]:
    from scanners.accounts import Accounts
    from scanners.local_files import LocalFiles

    return [LocalFiles, Accounts]
