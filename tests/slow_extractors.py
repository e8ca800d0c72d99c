"""Extractors for the worker tests; a module of its own so worker processes can import them."""

from __future__ import annotations

import time

from footprint.extract import extract
from footprint.model import Document, Extracted


def runaway(doc: Document, bounded: bool) -> Extracted:
    """Never finishes on documents whose location says so, unless given the bounded path."""
    if b"runaway" in doc.location.encode() and not (bounded and "retry" in doc.location):
        while True:
            time.sleep(0.01)
    return extract(doc, bounded=bounded)


def capture_refused(doc: Document, bounded: bool) -> Extracted:
    """Refuses a document that still carries its capture (a worker is sent content only)."""
    if doc.capture is not None:
        raise ValueError("the capture was sent to the worker")
    return extract(doc, bounded=bounded)
