"""Metadata fields inside extracted text: where a document's Author, a photo's Artist, sit.

A detail found in a document's properties is not page text: the user removes it in a
different place (File > Info, the photo's EXIF). Readers emit such values as `FieldLine`s,
a str that remembers the field it came from; `join_lines` joins lines as usual and records
where each field's value sits, so the matcher can say "in the document's Author field".
"""

from __future__ import annotations

from collections.abc import Iterable

from footprint.model import Field

# Property elements of OOXML (docProps/core.xml, app.xml) and ODF (meta.xml), by local name,
# with the label Word, LibreOffice and Windows show for them.
PROPERTY_LABELS: dict[str, str] = {
    "creator": "Author",
    "initial-creator": "Author",
    "lastModifiedBy": "Last modified by",
    "title": "Title",
    "subject": "Subject",
    "keywords": "Keywords",
    "keyword": "Keywords",
    "description": "Comments",
    "category": "Category",
    "Company": "Company",
    "Manager": "Manager",
    "contentStatus": "Status",
}


class FieldLine(str):
    """A line of extracted text that is the value of a named metadata field."""

    field: str

    def __new__(cls, value: str, field: str) -> FieldLine:
        line = super().__new__(cls, value)
        line.field = field
        return line


def join_lines(lines: Iterable[str]) -> tuple[str, tuple[Field, ...]]:
    """'\\n'.join of the non-empty lines, with the span of every FieldLine."""
    parts: list[str] = []
    fields: list[Field] = []
    pos = 0
    for line in lines:
        if not line:
            continue
        if parts:
            pos += 1  # the newline
        if isinstance(line, FieldLine):
            fields.append(Field(pos, pos + len(line), line.field))
        parts.append(str(line))
        pos += len(line)
    return "\n".join(parts), tuple(fields)


def property_lines(root: object, owner: str) -> list[str]:
    """Values of the known property elements under `root` (an lxml element) as FieldLines
    ("the document's Author field"); a custom property is named by its name attribute."""
    lines: list[str] = []
    for node in root.iter():  # type: ignore[attr-defined]
        if not isinstance(node.tag, str):
            continue
        name = node.tag.rpartition("}")[2]
        text = (node.text or "").strip()
        if not text:
            continue
        label = PROPERTY_LABELS.get(name)
        if label is None and name in ("property", "user-defined"):
            label = next((v for k, v in node.attrib.items() if k.endswith("name")), None)
        if label is None:
            lines.append(text)
        else:
            lines.append(FieldLine(text, f"the {owner}'s {label} field"))
    return lines
