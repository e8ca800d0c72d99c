"""XLSX (and macro-enabled .xlsm): every sheet, comments, link targets and document properties.

Cells become rows of "Header: value" text under the rules in cells.py (phone numbers stored
as numbers, serial dates). Sheets and shared strings are streamed, so a large sheet costs
memory for one row at a time, and the archive is read under package.py's zip-bomb limits.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from lxml import etree

from footprint.extract.cells import SheetText, cell_line, number_text, whole_number
from footprint.extract.errors import ExtractError
from footprint.extract.fields import join_lines, property_lines
from footprint.extract.package import Package, external_targets, local
from footprint.extract.xmlfile import element_text
from footprint.model import Extracted

LABEL = "XLSX"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_STRINGS = "xl/sharedStrings.xml"
_STYLES = "xl/styles.xml"
_SHEET_PART = re.compile(r"xl/worksheets/sheet(\d*)\.xml")
_TEXT_PARTS = re.compile(
    r"xl/comments\d*\.xml|xl/threadedComments/[^/]+\.xml|xl/persons/[^/]+\.xml"
    r"|docProps/(?:core|app|custom)\.xml"
)
_SHEET_RELS = re.compile(r"xl/worksheets/_rels/[^/]+\.xml\.rels")
# Built-in number formats that show dates (ECMA-376 18.8.30, and the East Asian ones).
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)])
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def xlsx_text(content: bytes) -> Extracted:
    with Package(content, LABEL) as package:
        if _WORKBOOK not in package.names:
            raise ExtractError("not an Excel workbook (no xl/workbook.xml)")
        sheets, date1904 = _workbook(package)
        strings = _shared_strings(package) if _STRINGS in package.names else []
        date_styles = _date_styles(package) if _STYLES in package.names else []
        ctx = _Context(strings, date_styles, date1904)
        out = SheetText(LABEL)
        for name, part in sheets:
            out.sheet(name)
            _sheet(package, part, ctx, out)
        for part in sorted(package.names):
            if part.startswith("docProps/"):
                lines = property_lines(package.xml(part), "spreadsheet")
            elif _TEXT_PARTS.fullmatch(part):
                lines = element_text(package.xml(part))
            elif _SHEET_RELS.fullmatch(part):
                lines = external_targets(package.xml(part))
            else:
                continue
            for line in lines:
                if line:
                    out.add(line)
    text, fields = join_lines(out.lines)
    return Extracted(text, fields=fields)


@dataclass(frozen=True)
class _Context:
    """What every cell of the workbook is read with."""

    strings: list[str]  # shared strings, by index
    date_styles: list[bool]  # per cell style: does its number format show a date?
    date1904: bool


def _workbook(package: Package) -> tuple[list[tuple[str, str]], bool]:
    """[(sheet name, part name)] in workbook order, then any sheet part it does not list."""
    root = package.xml(_WORKBOOK)
    targets: dict[str, str] = {}
    if _WORKBOOK_RELS in package.names:
        for rel in package.xml(_WORKBOOK_RELS):
            target = rel.get("Target") or ""
            if rel.get("Id") and target:
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[rel.get("Id", "")] = posixpath.normpath(path)
    sheets: list[tuple[str, str]] = []
    date1904 = False
    for node in root.iter(etree.Element):
        name = local(node.tag)
        if name == "workbookPr":
            date1904 = node.get("date1904", "").lower() in ("1", "true")
        elif name == "sheet":
            rel_id = next((v for k, v in node.attrib.items() if local(k) == "id"), "")
            part = targets.get(rel_id, "")
            if part in package.names:
                sheets.append((node.get("name", ""), part))
    listed = {part for _, part in sheets}
    others = [n for n in package.names if _SHEET_PART.fullmatch(n) and n not in listed]
    others.sort(key=lambda n: (len(n), n))  # sheet2 before sheet10
    sheets.extend((posixpath.basename(n), n) for n in others)
    return sheets, date1904


def _run_text(item: etree._Element) -> str:
    """Text of a shared or inline string: its <t> runs, without phonetic guides (<rPh>)."""
    pieces = []
    for node in item.iter("{*}t"):
        if not node.getparent().tag.endswith("rPh"):
            pieces.append("".join(node.itertext()) if len(node) else node.text or "")
    return "".join(pieces)


def _shared_strings(package: Package) -> list[str]:
    return [_run_text(node) for _, _, node in package.records(_STRINGS, frozenset({"si"}))]


def _date_styles(package: Package) -> list[bool]:
    """For each cell style (index in cellXfs), whether its number format shows a date."""
    root = package.xml(_STYLES)
    custom: dict[str, bool] = {}
    styles: list[bool] = []
    for node in root.iter(etree.Element):
        name = local(node.tag)
        if name == "numFmt":
            code = _FORMAT_NOISE.sub("", node.get("formatCode", "")).lower()
            custom[node.get("numFmtId", "")] = "d" in code or "y" in code
        elif name == "cellXfs":
            for xf in node:
                if local(xf.tag) != "xf":
                    continue
                format_id = xf.get("numFmtId", "0")
                builtin = whole_number(format_id) in _DATE_FORMAT_IDS
                styles.append(custom.get(format_id, builtin))
    return styles


def _sheet(package: Package, part: str, ctx: _Context, out: SheetText) -> None:
    cells: list[tuple[int, str]] = []
    next_column = 0
    for _, name, node in package.records(part, frozenset({"c", "row"})):
        if name == "c":
            column = _column(node.get("r", ""), next_column)
            cells.append((column, cell_line(_cell_text(node, column, ctx, out))))
            next_column = column + 1
        else:
            out.row(cells)
            cells, next_column = [], 0
    out.row(cells)


def _cell_text(cell: etree._Element, column: int, ctx: _Context, out: SheetText) -> str:
    kind = cell.get("t", "n")
    value = ""
    inline = None
    for child in cell:
        name = child.tag[-2:]  # local names "v" and "is" (a namespace ends in "}")
        if name == "}v":
            value = child.text or ""
        elif name == "is" and local(child.tag) == "is":
            inline = child
    if kind == "inlineStr":
        return _run_text(inline) if inline is not None else ""
    if kind == "s":
        index = whole_number(value)
        return ctx.strings[index] if 0 <= index < len(ctx.strings) else ""
    if kind in ("str", "e", "d"):
        return value
    if kind == "b":
        return {"1": "TRUE", "0": "FALSE"}.get(value.strip(), value)
    if not value:
        return ""
    style = cell.get("s", "0")
    index = whole_number(style, 0)
    is_date = 0 <= index < len(ctx.date_styles) and ctx.date_styles[index]
    return number_text(value, out.header_of(column), date_format=is_date, date1904=ctx.date1904)


def _column(ref: str, default: int) -> int:
    """Zero-based column of a cell reference ("B3" -> 1); `default` when it has none."""
    column = 0
    for count, char in enumerate(ref):
        if not ("A" <= char <= "Z" or "a" <= char <= "z") or count == 3:
            break
        column = column * 26 + (ord(char.upper()) - 64)
    return column - 1 if column else default
