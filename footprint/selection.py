"""Choosing scanners by name (--only / --skip) and describing their readiness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from footprint.scanner import Scanner


class SelectionError(ValueError):
    pass


def select_scanners(
    classes: Mapping[str, type[Scanner]], only: Sequence[str] = (), skip: Sequence[str] = ()
) -> list[Scanner]:
    """Instantiate the chosen scanners; an unknown name is an error naming the known ones."""
    for option, names in (("--only", only), ("--skip", skip)):
        for name in names:
            if name not in classes:
                known = ", ".join(classes) or "none"
                raise SelectionError(f"{option} {name!r}: no such scanner (known: {known})")
    chosen = [name for name in classes if (not only or name in only) and name not in skip]
    return [classes[name]() for name in chosen]


def readiness(scanner: Scanner, env: Mapping[str, str], offline: bool) -> str:
    """'ready', 'needs KEY', 'offline-only' (never touches the network), or 'network (off)'."""
    missing = scanner.missing_needs(env)
    if missing:
        return "needs " + ", ".join(missing)
    if not scanner.network:
        return "offline-only"
    if offline:
        return "network (disabled by --offline)"
    return "ready"
