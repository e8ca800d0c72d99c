"""OpenDocument (.odt text, .odp presentation, .ods spreadsheet): text, links and properties.

The kind is taken from the package's own `mimetype` (or its manifest), not the file name.
Text and presentations: one line per paragraph or heading of the body (tables, frames,
notes, comments and tracked deletions included), then the header and footer text of the
page styles, link targets and document properties (meta.xml: creator, title, subject,
keywords, description, user-defined fields). Spreadsheets: every sheet as "Header: value"
rows (cells.py), streamed row by row; a run of repeated cells or rows is read once.
"""

from __future__ import annotations

from lxml import etree

from footprint.extract.cells import SheetText, cell_line, number_text, whole_number
from footprint.extract.errors import ExtractError
from footprint.extract.fields import join_lines, property_lines
from footprint.extract.package import Package, local
from footprint.extract.paragraphs import block_lines, href_targets
from footprint.model import Extracted

LABEL = "OpenDocument file"
_SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"
_BLOCKS = frozenset({"p", "h", "title", "desc", "creator"})
_SPACES = frozenset({"s", "tab", "line-break"})
_CELLS = frozenset({"table-cell", "covered-table-cell"})
_NUMERIC = frozenset({"float", "percentage", "currency"})
_MAX_REPEAT = 1 << 20  # columns a sheet can have, with room to spare


def odf_text(content: bytes) -> Extracted:
    with Package(content, LABEL) as package:
        if "content.xml" not in package.names:
            raise ExtractError("not an OpenDocument file (no content.xml)")
        media = _media_type(package)
        if media.startswith(_SPREADSHEET):
            lines, owner = _spreadsheet(package), "spreadsheet"
        else:
            lines = _document(package)
            owner = "presentation" if "presentation" in media else "document"
        if "meta.xml" in package.names:
            lines.extend(property_lines(package.xml("meta.xml"), owner))
    text, fields = join_lines(lines)
    return Extracted(text, fields=fields)


def _media_type(package: Package) -> str:
    if "mimetype" in package.names and package.names["mimetype"].file_size < 256:
        return package.read("mimetype").decode("ascii", errors="replace").strip()
    if "META-INF/manifest.xml" in package.names:
        for node in package.xml("META-INF/manifest.xml").iter(etree.Element):
            if _attribute(node, "full-path") == "/":
                return _attribute(node, "media-type")
    return ""


def _document(package: Package) -> list[str]:
    lines: list[str] = []
    links: list[str] = []
    for part, container in (("content.xml", "body"), ("styles.xml", "master-styles")):
        if part not in package.names:
            continue
        for node in package.xml(part).iter(etree.Element):
            if local(node.tag) == container:
                lines.extend(block_lines(node, _BLOCKS, _SPACES))
                links.extend(href_targets(node))
    return lines + links


def _spreadsheet(package: Package) -> list[str]:
    out = SheetText(LABEL)
    records = package.records("content.xml", frozenset({"table-row"}), frozenset({"table"}))
    for event, _, node in records:
        if event == "start":
            out.sheet(_attribute(node, "name"))
        else:
            out.row(_row(node, out))
    return out.lines


def _row(row: etree._Element, out: SheetText) -> list[tuple[int, str]]:
    cells: list[tuple[int, str]] = []
    notes: list[str] = []
    column = 0
    for cell in row:
        if local(cell.tag) not in _CELLS:
            continue
        text, note = _cell(cell, out.header_of(column))
        if text:
            cells.append((column, text))
        if note:
            notes.append(note)
        repeat = whole_number(_attribute(cell, "number-columns-repeated"), 1)
        column += min(max(repeat, 1), _MAX_REPEAT)
    cells.extend((-1, note) for note in notes)
    return cells


def _cell(cell: etree._Element, header: str) -> tuple[str, str]:
    """(value text, comment text) of one cell."""
    shown: list[str] = []
    notes: list[str] = []
    for child in cell:
        name = local(child.tag)
        if name == "annotation":
            notes.extend(block_lines(child, _BLOCKS, _SPACES))
        elif name in ("p", "h", "list"):
            shown.extend(block_lines(child, _BLOCKS, _SPACES))
    kind = _attribute(cell, "value-type")
    if kind in _NUMERIC and _attribute(cell, "value"):
        text = number_text(_attribute(cell, "value"), header)
    elif kind == "date" and _attribute(cell, "date-value"):
        day, _, time = _attribute(cell, "date-value").partition("T")
        text = day if time.strip("0:.") == "" else f"{day} {time[:5]}"
    else:
        text = cell_line("\n".join(shown)) or _attribute(cell, "string-value")
    links = [link for link in href_targets(cell) if link not in text]
    if links:
        text = f"{text} ({', '.join(links)})" if text else ", ".join(links)
    note = f"comment: {'; '.join(notes)}" if notes else ""
    return text, note


def _attribute(node: etree._Element, name: str) -> str:
    """An attribute by local name, whatever its namespace prefix."""
    for key, value in node.attrib.items():
        if local(key) == name:
            return value
    return ""
