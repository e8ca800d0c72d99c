"""Flatten parsed JSON (JSON-LD, .json files) into searchable lines."""

from __future__ import annotations

import json
from typing import Any


def json_lines(value: Any, *, keys: bool = False) -> list[str]:
    """One line per object or array: its scalar values joined by ", ", in document order.

    Keeping an object's scalars on one line keeps address parts together
    ("14 Larkspur Close, Wickwar, GL12 8QX") for the matcher. With `keys`, object keys are
    emitted too (plain JSON files sometimes key records by phone number or email).
    Walked with an explicit stack: no depth limit, so nothing deep is dropped, and no recursion.
    """
    lines: list[str] = []
    pending: list[Any] = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            children = list(node.values())
            if keys:
                lines.append(" ".join(k for k in node if isinstance(k, str) and k))
        elif isinstance(node, list):
            children = node
        else:
            scalar = _scalar(node)
            if scalar:
                lines.append(scalar)
            continue
        scalars = [s for s in map(_scalar, children) if s]
        if scalars:
            lines.append(", ".join(scalars))
        # Reversed, so the first child container is walked next: pre-order, as in the text.
        pending.extend(c for c in reversed(children) if isinstance(c, dict | list))
    return lines


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


def json_text(text: str, *, keys: bool = False) -> str | None:
    """Flattened text of a JSON document, or None if it is not valid JSON."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return "\n".join(json_lines(value, keys=keys))
