"""Turn a fetched or read Document into searchable text (plus photo GPS).

`extract(doc)` picks the format from the declared media type, then the file extension, then
the content itself, and raises ExtractError with a short reason for anything it cannot read.
"""

from __future__ import annotations

from footprint.extract.csvfile import csv_document
from footprint.extract.docx import docx_text
from footprint.extract.errors import ExtractError, describe
from footprint.extract.html import html_document
from footprint.extract.image import image_metadata
from footprint.extract.pdf import pdf_text
from footprint.extract.plain import json_document, text_file, xml_file
from footprint.extract.sniff import (
    EXTENSIONS,
    Format,
    detect_format,
    media_type_charset,
)
from footprint.model import Document, Extracted

__all__ = ["SUPPORTED_EXTENSIONS", "ExtractError", "Format", "detect_format", "extract"]

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(EXTENSIONS)


def extract(doc: Document, *, bounded: bool = False) -> Extracted:
    """Searchable content of `doc`; raises ExtractError for unreadable or unsupported content.

    `bounded` parses HTML through the bounded rewrite (treebound) even when the cheap gate
    would not: the retry for a page that overran its first time budget."""
    fmt = detect_format(doc)
    if fmt is None:
        what = doc.media_type or "unrecognised binary content"
        raise ExtractError(f"unsupported file type ({what})")
    charset = doc.charset or media_type_charset(doc.media_type)
    try:
        return _extract(fmt, doc.content, charset, bounded)
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError(f"{fmt} content is nested too deeply to read") from None
    except MemoryError:
        raise ExtractError(f"{fmt} content is too large to read") from None
    except Exception as exc:  # a library bug on hostile input must not stop the scan
        raise ExtractError(f"unreadable {fmt} ({describe(exc)})") from None


def _extract(fmt: Format, content: bytes, charset: str | None, bounded: bool) -> Extracted:
    if fmt is Format.HTML:
        return html_document(content, charset, bound=bounded)
    if fmt is Format.TEXT:
        return Extracted(text_file(content, charset))
    if fmt is Format.CSV:
        return csv_document(content, charset)
    if fmt is Format.JSON:
        return json_document(content, charset)
    if fmt is Format.XML:
        return Extracted(xml_file(content, charset))
    if fmt is Format.PDF:
        return Extracted(pdf_text(content))
    if fmt is Format.DOCX:
        return Extracted(docx_text(content))
    text, gps = image_metadata(content)
    return Extracted(text, gps)
