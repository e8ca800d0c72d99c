"""Flatten parsed JSON (JSON-LD, .json files) into searchable lines."""

from __future__ import annotations

import json
from typing import Any

_MAX_DEPTH = 64


def json_lines(value: Any, *, keys: bool = False) -> list[str]:
    """One line per object or array: its scalar values joined by ", ", in document order.

    Keeping an object's scalars on one line keeps address parts together
    ("14 Larkspur Close, Wickwar, GL12 8QX") for the matcher. With `keys`, object keys are
    emitted too (plain JSON files sometimes key records by phone number or email).
    """
    lines: list[str] = []
    _walk(value, keys, lines, 0)
    return lines


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


def _walk(value: Any, keys: bool, lines: list[str], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, dict):
        items = list(value.items())
        children = [v for _, v in items]
        if keys:
            lines.append(" ".join(k for k, _ in items if isinstance(k, str) and k))
    elif isinstance(value, list):
        children = value
    else:
        scalar = _scalar(value)
        if scalar:
            lines.append(scalar)
        return
    scalars = [s for s in map(_scalar, children) if s]
    if scalars:
        lines.append(", ".join(scalars))
    for child in children:
        if isinstance(child, dict | list):
            _walk(child, keys, lines, depth + 1)


def json_text(text: str, *, keys: bool = False) -> str | None:
    """Flattened text of a JSON document, or None if it is not valid JSON."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return "\n".join(json_lines(value, keys=keys))
