"""DOCX: body, headers, footers, notes, comments, tracked changes and document properties."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote

from lxml import etree

from footprint.extract.errors import ExtractError
from footprint.extract.fields import join_lines, property_lines
from footprint.extract.xmlfile import parse
from footprint.model import Extracted

# Zip-bomb guard: limits on what we inflate, checked against the directory and while reading.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY_PARTS = re.compile(
    r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments|comments\w*)\.xml"
)
_PROPERTY_PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
_RELS = re.compile(r"word/_rels/[^/]+\.xml\.rels")


def docx_text(content: bytes) -> Extracted:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractError(f"not a valid DOCX (bad zip: {exc})") from None
    with archive:
        names = {info.filename: info for info in archive.infolist()}
        if "word/document.xml" not in names:
            raise ExtractError("not a Word document (no word/document.xml)")
        wanted = [n for n in names if _BODY_PARTS.fullmatch(n)]
        wanted.sort(key=lambda n: (n != "word/document.xml", n))
        wanted += [n for n in _PROPERTY_PARTS if n in names]
        wanted += sorted(n for n in names if _RELS.fullmatch(n))
        _check_sizes([names[n] for n in wanted])

        parts: list[str] = []
        budget = MAX_TOTAL_BYTES
        for name in wanted:
            root, used = _read_xml(archive, name, budget)
            budget -= used
            if name.startswith("word/_rels/"):
                parts.extend(_external_targets(root))
            elif name.startswith("word/"):
                parts.extend(_word_text(root))
            else:
                parts.extend(property_lines(root, "document"))
    text, fields = join_lines(parts)
    return Extracted(text, fields=fields)


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise ExtractError(f"DOCX part {info.filename} is too large to read safely")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ExtractError("DOCX is too large to read safely")


def _read_xml(archive: zipfile.ZipFile, name: str, budget: int) -> tuple[etree._Element, int]:
    limit = min(MAX_PART_BYTES, budget)
    try:
        with archive.open(name) as handle:
            # Read one byte past the cap: declared sizes in the zip directory can lie.
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ExtractError(f"damaged DOCX ({name}: {exc})") from None
    except Exception as exc:  # zlib.error and friends
        raise ExtractError(f"damaged DOCX ({name}: {type(exc).__name__})") from None
    if len(data) > limit:
        raise ExtractError(f"DOCX part {name} is too large to read safely")
    try:
        return parse(data), len(data)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractError(f"damaged DOCX ({name} is not valid XML: {exc})") from None


def _word_text(root: etree._Element) -> list[str]:
    """One line per paragraph; deleted (tracked) text and comment/revision authors included.

    One walk with start and end events: text belongs to its innermost paragraph, so paragraphs
    nested in text boxes cost linear time (iterating each paragraph's subtree re-read nested
    ones once per level).
    """
    lines: list[str] = []
    open_paragraphs: list[list[str]] = []
    tags = (f"{_W}p", f"{_W}t", f"{_W}delText", f"{_W}tab", f"{_W}br", f"{_W}cr")
    for event, node in etree.iterwalk(root, events=("start", "end"), tag=tags):
        if node.tag == f"{_W}p":
            if event == "start":
                open_paragraphs.append([])
            else:
                line = "".join(open_paragraphs.pop()).strip()
                if line:
                    lines.append(line)
        elif event == "start" and open_paragraphs:
            text = (node.text or "") if node.tag in (f"{_W}t", f"{_W}delText") else " "
            open_paragraphs[-1].append(text)
    authors: set[str] = set()
    for node in root.iter(f"{_W}comment", f"{_W}ins", f"{_W}del"):
        author = node.get(f"{_W}author")
        if author:
            authors.add(author)
    lines.extend(sorted(authors))
    return lines


def _external_targets(root: etree._Element) -> list[str]:
    """Hyperlink targets (mailto:, http) live in relationships, not in the text."""
    targets = []
    for rel in root:
        if rel.get("TargetMode") == "External" and rel.get("Target"):
            target = unquote(rel.get("Target", ""))
            if target[:7].lower().startswith(("mailto:", "tel:")):
                target = target.partition(":")[2]
            targets.append(target)
    return targets
