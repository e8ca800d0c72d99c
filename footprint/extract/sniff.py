"""Decide what a document is: declared media type, then file extension, then magic bytes."""

from __future__ import annotations

import posixpath
import re
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
    "image/jpeg": Format.IMAGE,
    "image/png": Format.IMAGE,
    "image/tiff": Format.IMAGE,
    "image/webp": Format.IMAGE,
    "image/heic": Format.IMAGE,
    "image/heif": Format.IMAGE,
}

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
        return Format.DOCX if b"word/" in content[:65536] else None
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        return Format.IMAGE
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return Format.IMAGE
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return Format.IMAGE
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text: sniff it as UTF-8
        content = decode(content[:2048]).encode("utf-8")
    start = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
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


def detect_format(doc: Document) -> Format | None:
    """Declared media type, then extension, then content sniffing."""
    return (
        media_type_format(doc.media_type)
        or EXTENSIONS.get(extension(doc.location))
        or sniff(doc.content)
    )
