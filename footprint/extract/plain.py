"""Text-like formats: plain text, Markdown, JSON and XML files (CSV: see csvfile)."""

from __future__ import annotations

import json

from footprint.extract.charset import decode
from footprint.extract.records import RecordSink, json_records, with_lines
from footprint.extract.structured import json_lines, json_text
from footprint.extract.xmlfile import xml_text
from footprint.model import Extracted


def text_file(content: bytes, charset: str | None) -> str:
    return decode(content, charset)


def json_file(content: bytes, charset: str | None) -> str:
    """Keys and string values; invalid JSON still has searchable text, so fall back to it."""
    text = decode(content, charset)
    return json_text(text, keys=True) or text


def json_document(content: bytes, charset: str | None) -> Extracted:
    """json_file's text, then each record as a labelled line, and the records themselves
    (footprint.extract.records); parsed once."""
    text = decode(content, charset)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return Extracted(text)
    sink = RecordSink()
    json_records(value, sink)
    records = sink.records()
    flat = "\n".join(json_lines(value, keys=True)) or text
    return Extracted(with_lines(flat, records), records=records)


def xml_file(content: bytes, charset: str | None) -> str:
    """Element text and attribute values; malformed XML falls back to its raw text."""
    if charset is None:
        found = xml_text(content)
    else:
        # Re-encode so a charset from the HTTP header wins over the XML declaration.
        text = decode(content, charset)
        found = xml_text(_without_declaration(text).encode("utf-8"))
    return found if found is not None else decode(content, charset)


def _without_declaration(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("<?xml"):
        end = stripped.find("?>")
        if end != -1:
            return stripped[end + 2 :]
    return text
