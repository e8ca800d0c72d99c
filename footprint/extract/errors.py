"""The one exception extraction raises."""

from __future__ import annotations

import re

# "<_io.BytesIO object at 0x7f...>" in Pillow's messages: an address that tells nobody anything.
_OBJECT_REPR = re.compile(r"\s*<[\w.]+ object at 0x[0-9a-fA-F]+>")


class ExtractError(Exception):
    """Content that cannot be read; str() is a short human reason shown in the report."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def describe(exc: BaseException) -> str:
    """First line of a library exception, short enough for a report, without object reprs."""
    text = _OBJECT_REPR.sub("", str(exc)).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:120]
