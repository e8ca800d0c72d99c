"""Turn a fetched or read Document into searchable text (plus photo GPS).

`extract(doc)` picks the format from the declared media type, then the file extension, then
the content itself, and raises ExtractError with a short reason for anything it cannot read.
Documents inside documents (mail attachments) go back through the same dispatch, under
embedded.py's depth and size limits.
"""

from __future__ import annotations

from footprint.extract.csvfile import csv_document
from footprint.extract.docx import docx_text
from footprint.extract.embedded import Embedded
from footprint.extract.errors import ExtractError, describe
from footprint.extract.html import html_document
from footprint.extract.ical import ical_text
from footprint.extract.image import heif_missing, image_metadata
from footprint.extract.mail import eml_text, mbox_text
from footprint.extract.odf import odf_text
from footprint.extract.pdf import pdf_text
from footprint.extract.plain import json_document, text_file, xml_file
from footprint.extract.pptx import pptx_text
from footprint.extract.rtf import rtf_text
from footprint.extract.sniff import (
    EXTENSIONS,
    Format,
    detect_format,
    media_type_charset,
)
from footprint.extract.vcard import vcard_text
from footprint.extract.xlsx import xlsx_text
from footprint.model import Document, Extracted

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ExtractError",
    "Format",
    "detect_format",
    "extract",
    "missing_reader",
]

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(EXTENSIONS)
_HEIF_EXTENSIONS = frozenset({".heic", ".heif"})


def missing_reader(suffix: str) -> str | None:
    """Why files with this (lower-case) extension cannot be read on this install, if they
    need an optional package that is not installed; None when they can be read."""
    if suffix in _HEIF_EXTENSIONS:
        return heif_missing()
    return None


def extract(doc: Document, *, bounded: bool = False) -> Extracted:
    """Searchable content of `doc`; raises ExtractError for unreadable or unsupported content.

    `bounded` parses HTML through the bounded rewrite (treebound) even when the cheap gate
    would not: the retry for a page that overran its first time budget."""
    return _read(doc, Embedded(_read), bounded)


def _read(doc: Document, embedded: Embedded, bounded: bool = False) -> Extracted:
    fmt = detect_format(doc)
    if fmt is None:
        what = doc.media_type or "unrecognised binary content"
        raise ExtractError(f"unsupported file type ({what})")
    charset = doc.charset or media_type_charset(doc.media_type)
    try:
        return _extract(fmt, doc.content, charset, embedded, bounded)
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError(f"{fmt} content is nested too deeply to read") from None
    except MemoryError:
        raise ExtractError(f"{fmt} content is too large to read") from None
    except Exception as exc:  # a library bug on hostile input must not stop the scan
        raise ExtractError(f"unreadable {fmt} ({describe(exc)})") from None


def _extract(
    fmt: Format, content: bytes, charset: str | None, embedded: Embedded, bounded: bool
) -> Extracted:
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
        return pdf_text(content)
    if fmt is Format.DOCX:
        return docx_text(content)
    if fmt is Format.XLSX:
        return xlsx_text(content)
    if fmt is Format.PPTX:
        return pptx_text(content)
    if fmt is Format.ODF:
        return odf_text(content)
    if fmt is Format.RTF:
        return Extracted(rtf_text(content))
    if fmt is Format.VCARD:
        return Extracted(vcard_text(content, charset))
    if fmt is Format.ICALENDAR:
        return Extracted(ical_text(content, charset))
    if fmt is Format.EMAIL:
        return eml_text(content, embedded)
    if fmt is Format.MBOX:
        return mbox_text(content, embedded)
    text, gps, fields = image_metadata(content)
    return Extracted(text, gps, fields=fields)
