"""Small office documents built in the tests from zip + XML strings (nothing read from disk).

The private details are the example candidate's (examples/candidate.toml).
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from footprint.extract import extract
from footprint.matcher import Matcher
from footprint.model import Category, Document
from footprint.profile import Profile

PHONE_DIGITS = "7700900461"  # 07700 900461 as a spreadsheet stores it: a number
EMAIL = "ellie.whitcombe77@example.net"
DOB_SERIAL = 28371  # 1977-09-03 in Excel's 1900 date system
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE_PROPS = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{modified}</cp:lastModifiedBy>"
    "<dc:title>{title}</dc:title></cp:coreProperties>"
)


def zip_bytes(
    parts: dict[str, str | bytes],
    *,
    mimetype: str | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A zip of `parts`; with `mimetype`, an OpenDocument package (stored mimetype first)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        if mimetype is not None:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def hits_of(profile: Profile, location: str, content: bytes) -> dict[Category, set[str]]:
    """{category: {profile item}} of the full (non-partial) hits in a document."""
    found: dict[Category, set[str]] = {}
    for hit in Matcher(profile).match(extract(Document(location, content))):
        if not hit.partial:
            found.setdefault(hit.category, set()).add(hit.matched)
    return found


def text_of(location: str, content: bytes) -> str:
    return extract(Document(location, content)).text


# --- XLSX --------------------------------------------------------------------------------


def shared(index: int, ref: str) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def number(value: object, ref: str, style: int | None = None) -> str:
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def inline(text: str, ref: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row(number_: int, *cells: str) -> str:
    return f'<row r="{number_}">{"".join(cells)}</row>'


def worksheet(*rows: str) -> str:
    return f'<worksheet xmlns="{SHEET_NS}"><sheetData>{"".join(rows)}</sheetData></worksheet>'


def xlsx(
    sheets: dict[str, str],
    strings: list[str] = (),  # type: ignore[assignment]
    *,
    styles: str | None = None,
    extra: dict[str, str] | None = None,
    date1904: bool = False,
) -> bytes:
    """A workbook with one worksheet part per (name, worksheet XML) in `sheets`."""
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts: dict[str, str] = {
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": (
            f'<workbook xmlns="{SHEET_NS}" xmlns:r="{REL_NS}">{pr}<sheets>{entries}</sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG_REL_NS}">'
            + "".join(
                f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="worksheet"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Relationships>"
        ),
    }
    for i, sheet in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet
    if strings:
        items = "".join(
            s if s.startswith("<si>") else f"<si><t>{escape(s)}</t></si>" for s in strings
        )
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{SHEET_NS}">{items}</sst>'
    if styles is not None:
        parts["xl/styles.xml"] = styles
    parts.update(extra or {})
    return zip_bytes(parts)


# Style 0: general; 1: a custom dd/mm/yyyy format; 2: built-in format 14 (a date).
DATE_STYLES = (
    f'<styleSheet xmlns="{SHEET_NS}"><numFmts count="1">'
    '<numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
    "</styleSheet>"
)


# --- OpenDocument -------------------------------------------------------------------------

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)
ODT_TYPE = "application/vnd.oasis.opendocument.text"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def odf(body: str, *, mimetype: str, meta: str = "", styles: str = "") -> bytes:
    parts = {
        "content.xml": (
            f"<office:document-content {ODF_NS}><office:body>{body}</office:body>"
            "</office:document-content>"
        ),
        "META-INF/manifest.xml": "<manifest/>",
    }
    if meta:
        parts["meta.xml"] = (
            f"<office:document-meta {ODF_NS}><office:meta>{meta}</office:meta>"
            "</office:document-meta>"
        )
    if styles:
        parts["styles.xml"] = (
            f"<office:document-styles {ODF_NS}><office:master-styles>{styles}"
            "</office:master-styles></office:document-styles>"
        )
    return zip_bytes(parts, mimetype=mimetype)


def ods_cell(text: str = "", **attributes: str) -> str:
    attrs = "".join(
        f' {k.replace("_", ":", 1).replace("_", "-")}="{v}"' for k, v in attributes.items()
    )
    inner = f"<text:p>{escape(text)}</text:p>" if text else ""
    return f"<table:table-cell{attrs}>{inner}</table:table-cell>"
