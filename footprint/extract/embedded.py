"""Documents inside a document (mail attachments), read through the same readers.

Limits for one outer document: attachments are read at most MAX_DEPTH levels down (an
attached message's attachment is level 2), and all attachments together are at most
MAX_EMBEDDED_BYTES. What cannot be read is not silent: readers collect it in
`Extracted.unread` as (where inside the document, reason).
"""

from __future__ import annotations

from collections.abc import Callable

from footprint.extract.errors import ExtractError
from footprint.extract.sniff import detect_format, extension
from footprint.model import Document, Extracted

MAX_DEPTH = 3
MAX_EMBEDDED_BYTES = 64 * 1024 * 1024

Reader = Callable[[Document, "Embedded"], Extracted]


class Embedded:
    """Reads the documents found inside one document; `reader` is extraction's dispatch."""

    def __init__(self, reader: Reader, depth: int = 0, budget: list[int] | None = None) -> None:
        self._reader = reader
        self.depth = depth
        self._budget = budget if budget is not None else [MAX_EMBEDDED_BYTES]

    def read(self, doc: Document) -> Extracted:
        """Extract an embedded document; raises ExtractError with the reason it is not read."""
        if detect_format(doc) is None:
            kind = extension(doc.location) or doc.media_type or "unknown"
            raise ExtractError(f"not read (type not supported: {kind})")
        if self.depth >= MAX_DEPTH:
            raise ExtractError(f"not read (attachments nested more than {MAX_DEPTH} deep)")
        if len(doc.content) > self._budget[0]:
            limit = MAX_EMBEDDED_BYTES // (1024 * 1024)
            raise ExtractError(f"not read (over the {limit} MB limit for one file's attachments)")
        self._budget[0] -= len(doc.content)
        return self._reader(doc, Embedded(self._reader, self.depth + 1, self._budget))
