"""PDF: text of every page (capped), document metadata, link targets and form values."""

from __future__ import annotations

import io
import logging
from urllib.parse import unquote

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from footprint.extract.errors import ExtractError, describe
from footprint.extract.fields import FieldLine, join_lines
from footprint.model import Extracted

MAX_PAGES = 500
# pypdf logs every repair it makes on damaged files; without a handler Python would print
# them to stderr mid-scan. A NullHandler hushes that, yet apps that configure logging see them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
_INFO_KEYS = ("/Author", "/Title", "/Subject", "/Keywords", "/Creator", "/Producer")


def pdf_text(content: bytes) -> Extracted:
    if not content.startswith(b"%PDF-") and b"%PDF-" not in content[:1024]:
        raise ExtractError("not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        _unlock(reader)
        parts = _metadata(reader)
        pages = reader.pages
        count = len(pages)
    except ExtractError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise ExtractError(f"unreadable PDF ({describe(exc)})") from None

    pages_text: list[str] = []
    failures = 0
    for index in range(min(count, MAX_PAGES)):
        try:
            page = pages[index]
            pages_text.append(page.extract_text() or "")
            parts.extend(_link_targets(page))
        except Exception:  # one damaged page should not hide the rest
            failures += 1
    if count and failures == min(count, MAX_PAGES):
        raise ExtractError("unreadable PDF (no page could be read)")
    if count and not any(text.strip() for text in pages_text):
        # Saying so beats reporting "nothing found" for a document nobody could read.
        raise ExtractError("PDF has no text layer (scanned pages?); OCR is not supported")
    parts.extend(pages_text)
    parts.extend(_form_values(reader))
    text, fields = join_lines(parts)
    return Extracted(text, fields=fields)


def _unlock(reader: PdfReader) -> None:
    if not reader.is_encrypted:
        return
    try:
        # Many PDFs are "encrypted" only to set permissions, with an empty user password.
        ok = reader.decrypt("")
    except (DependencyError, NotImplementedError):
        raise ExtractError("PDF is encrypted with a cipher this install cannot read") from None
    except (FileNotDecryptedError, PyPdfError):
        ok = 0
    if not ok:
        raise ExtractError("PDF is password-protected")


def _metadata(reader: PdfReader) -> list[str]:
    info = reader.metadata
    if not info:
        return []
    values: list[str] = []
    for key in _INFO_KEYS:
        value = info.get(key)
        if value is not None and str(value).strip():
            values.append(FieldLine(str(value), f"the PDF's {key[1:]} field"))
    return values


def _link_targets(page: object) -> list[str]:
    """mailto:/tel:/http URIs of link annotations: contact details often live only there."""
    targets: list[str] = []
    annots = page.get("/Annots")  # type: ignore[attr-defined]
    if annots is None:
        return targets
    for ref in annots.get_object():
        annot = ref.get_object()
        action = annot.get("/A")
        if action is None:
            continue
        uri = action.get_object().get("/URI")
        if uri:
            text = str(uri)
            if text[:7].lower().startswith(("mailto:", "tel:")):
                text = text.partition(":")[2]
            targets.append(unquote(text))
    return targets


def _form_values(reader: PdfReader) -> list[str]:
    try:
        fields = reader.get_form_text_fields() or {}
    except Exception:
        return []
    return [str(v) for v in fields.values() if v]
