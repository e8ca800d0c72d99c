"""Loads scanner plugins lazily from the ``footprint`` entry-point group (built-ins included)."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

import pluggy

from footprint import hookspecs
from footprint.scanner import Scanner


def plugin_manager(extra: Iterable[ModuleType | object] = ()) -> pluggy.PluginManager:
    """A fresh manager with entry-point plugins loaded; `extra` plugins are for tests."""
    pm = pluggy.PluginManager("footprint")
    pm.add_hookspecs(hookspecs)
    pm.load_setuptools_entrypoints("footprint")
    for plugin in extra:
        pm.register(plugin)
    return pm


def scanner_classes(pm: pluggy.PluginManager | None = None) -> dict[str, type[Scanner]]:
    """All registered scanner classes by name; a duplicate name is an error."""
    pm = pm or plugin_manager()
    found: dict[str, type[Scanner]] = {}
    for batch in pm.hook.register_scanners():
        for cls in batch:
            if cls.name in found and found[cls.name] is not cls:
                raise ValueError(f"two scanners are named {cls.name!r}")
            found[cls.name] = cls
    return dict(sorted(found.items()))
