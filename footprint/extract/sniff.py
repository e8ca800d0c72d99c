"""Decide what a document is: declared media type, then file extension, then magic bytes."""

from __future__ import annotations

import posixpath
import re
import struct
from enum import StrEnum
from urllib.parse import urlsplit

from footprint.extract.charset import decode
from footprint.model import Document


class Format(StrEnum):
    HTML = "html"
    TEXT = "text"
    CSV = "csv"
    JSON = "json"
    XML = "xml"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODF = "opendocument"
    RTF = "rtf"
    VCARD = "vcard"
    ICALENDAR = "icalendar"
    EMAIL = "email"
    MBOX = "mbox"
    IMAGE = "image"


EXTENSIONS: dict[str, Format] = {
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.TEXT,
    ".markdown": Format.TEXT,
    ".csv": Format.CSV,
    ".tsv": Format.CSV,
    ".json": Format.JSON,
    ".jsonld": Format.JSON,
    ".xml": Format.XML,
    ".svg": Format.XML,
    ".pdf": Format.PDF,
    ".docx": Format.DOCX,
    ".xlsx": Format.XLSX,
    ".xlsm": Format.XLSX,
    ".pptx": Format.PPTX,
    ".odt": Format.ODF,
    ".ods": Format.ODF,
    ".odp": Format.ODF,
    ".rtf": Format.RTF,
    ".vcf": Format.VCARD,
    ".vcard": Format.VCARD,
    ".ics": Format.ICALENDAR,
    ".eml": Format.EMAIL,
    ".mbox": Format.MBOX,
    ".jpg": Format.IMAGE,
    ".jpeg": Format.IMAGE,
    ".png": Format.IMAGE,
    ".tif": Format.IMAGE,
    ".tiff": Format.IMAGE,
    ".webp": Format.IMAGE,
    ".heic": Format.IMAGE,
    ".heif": Format.IMAGE,
}

_MEDIA_TYPES: dict[str, Format] = {
    "text/html": Format.HTML,
    "application/xhtml+xml": Format.HTML,
    "text/plain": Format.TEXT,
    "text/markdown": Format.TEXT,
    "text/csv": Format.CSV,
    "text/tab-separated-values": Format.CSV,
    "application/json": Format.JSON,
    "text/json": Format.JSON,
    "application/xml": Format.XML,
    "text/xml": Format.XML,
    "application/pdf": Format.PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Format.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Format.XLSX,
    "application/vnd.ms-excel.sheet.macroenabled.12": Format.XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Format.PPTX,
    "application/vnd.oasis.opendocument.text": Format.ODF,
    "application/vnd.oasis.opendocument.spreadsheet": Format.ODF,
    "application/vnd.oasis.opendocument.presentation": Format.ODF,
    "application/rtf": Format.RTF,
    "text/rtf": Format.RTF,
    "text/vcard": Format.VCARD,
    "text/x-vcard": Format.VCARD,
    "text/directory": Format.VCARD,
    "text/calendar": Format.ICALENDAR,
    "message/rfc822": Format.EMAIL,
    "application/mbox": Format.MBOX,
    "image/jpeg": Format.IMAGE,
    "image/png": Format.IMAGE,
    "image/tiff": Format.IMAGE,
    "image/webp": Format.IMAGE,
    "image/heic": Format.IMAGE,
    "image/heif": Format.IMAGE,
}

_ODF_PREFIX = b"application/vnd.oasis.opendocument."
# The main part of each OOXML kind, looked for among the zip's member names.
_OOXML_PARTS = (
    (b"word/document", Format.DOCX),
    (b"xl/workbook.xml", Format.XLSX),
    (b"ppt/presentation.xml", Format.PPTX),
)
_ZIP_END = b"PK\x05\x06"
_ZIP_ENTRY = b"PK\x01\x02"
_MAX_SNIFFED_ENTRIES = 4096
_HEADER_LINE = re.compile(rb"([!-9;-~]+):")
_MAIL_HEADERS = frozenset(
    b"from to cc subject date message-id mime-version received return-path delivered-to".split()
)
# "From sender@example.net Sat Sep  3 10:00:00 1977", then a header line.
_MBOX_START = re.compile(rb"From \S+ [^\r\n]*\d{4}\r?\n[!-9;-~]+:")
_HTML_TAG = re.compile(rb"<(?:!--|div|p|a|span|br|table|ul|li|h[1-6]|img|b|i|script|style)[\s>/]")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")


def media_type_format(media_type: str | None) -> Format | None:
    if not media_type:
        return None
    essence = media_type.partition(";")[0].strip().lower()
    found = _MEDIA_TYPES.get(essence)
    if found is None and essence.endswith("+json"):
        found = Format.JSON
    elif found is None and essence.endswith("+xml"):
        found = Format.XML
    return found


def media_type_charset(media_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value, if any."""
    for param in (media_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def extension(location: str) -> str:
    """Lower-case extension of a path or URL path ('' if none)."""
    path = urlsplit(location).path if "://" in location else location
    return posixpath.splitext(path.replace("\\", "/"))[1].lower()


def sniff(content: bytes) -> Format | None:
    """Format from the first bytes, or None for unrecognised binary."""
    head = content[:16]
    if head.startswith(b"%PDF-"):
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(content)
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        return Format.IMAGE
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return Format.IMAGE
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return Format.IMAGE
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text: sniff it as UTF-8
        content = decode(content[:2048]).encode("utf-8")
    start = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{\\rtf"):
        return Format.RTF
    if start.startswith(b"begin:vcard"):
        return Format.VCARD
    if start.startswith(b"begin:vcalendar"):
        return Format.ICALENDAR
    if _MBOX_START.match(content):
        return Format.MBOX
    if _looks_like_mail(content):
        return Format.EMAIL
    if start.startswith(_HTML_STARTS) or (start.startswith(b"<?xml") and b"<html" in start):
        return Format.HTML
    if start.startswith(b"<?xml"):
        return Format.XML
    if start.startswith(b"<"):
        # A bare fragment ("<div>...") is HTML if it uses HTML's everyday tags.
        return Format.HTML if _HTML_TAG.search(start) else Format.XML
    if start.startswith((b"{", b"[")):
        return Format.JSON
    if b"\x00" not in content[:8192]:
        return Format.TEXT
    return None


def _zip_format(content: bytes) -> Format | None:
    """OpenDocument names its type in a first, uncompressed member called "mimetype"."""
    if len(content) < 30:
        return None
    name_length, extra_length = struct.unpack("<HH", content[26:30])
    if content[30 : 30 + name_length] == b"mimetype":
        start = 30 + name_length + extra_length
        return Format.ODF if content[start : start + 80].startswith(_ODF_PREFIX) else None
    names = _zip_names(content)
    for name in names:
        for prefix, fmt in _OOXML_PARTS:
            if name.startswith(prefix):
                return fmt
    if not names:  # no readable directory (a cut-off file): look in the local headers
        head = content[:65536]
        return next((fmt for prefix, fmt in _OOXML_PARTS if prefix in head), None)
    return None


def _zip_names(content: bytes) -> list[bytes]:
    """Member names from the zip's central directory (the first few thousand); [] if none.
    A name inside a stored member's data is never mistaken for one."""
    end = content.rfind(_ZIP_END, max(0, len(content) - 65557))
    if end == -1 or len(content) < end + 22:
        return []
    (offset,) = struct.unpack("<I", content[end + 16 : end + 20])
    names: list[bytes] = []
    while content[offset : offset + 4] == _ZIP_ENTRY and len(names) < _MAX_SNIFFED_ENTRIES:
        name_len, extra_len, comment_len = struct.unpack("<HHH", content[offset + 28 : offset + 34])
        names.append(content[offset + 46 : offset + 46 + name_len])
        offset += 46 + name_len + extra_len + comment_len
    return names


def _looks_like_mail(content: bytes) -> bool:
    """Header lines from the first byte to the first blank line, two of them mail's own."""
    names: set[bytes] = set()
    for line in content[:8192].splitlines()[:100]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            return False
        names.add(match.group(1).lower())
    return len(names & _MAIL_HEADERS) >= 2


def detect_format(doc: Document) -> Format | None:
    """Declared media type, then extension, then content sniffing."""
    return (
        media_type_format(doc.media_type)
        or EXTENSIONS.get(extension(doc.location))
        or sniff(doc.content)
    )
