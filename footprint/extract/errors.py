"""The one exception extraction raises."""

from __future__ import annotations


class ExtractError(Exception):
    """Content that cannot be read; str() is a short human reason shown in the report."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def describe(exc: BaseException) -> str:
    """First line of a library exception, short enough for a report."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:120]
