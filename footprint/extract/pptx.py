"""PPTX: text of every slide in order, speaker notes, comments, link targets and properties.

One line per paragraph (text boxes, tables, grouped shapes). Slide layouts and masters hold
placeholder text ("Click to edit"), so they are not read. Parts are read under package.py's
zip-bomb limits.
"""

from __future__ import annotations

import re

from footprint.extract.errors import ExtractError
from footprint.extract.fields import join_lines, property_lines
from footprint.extract.package import Package, external_targets
from footprint.extract.paragraphs import block_lines
from footprint.extract.xmlfile import element_text
from footprint.model import Extracted

LABEL = "PPTX"
_SLIDES = re.compile(r"ppt/(slides|notesSlides)/(?:slide|notesSlide)(\d+)\.xml")
_TEXT_PARTS = re.compile(
    r"ppt/comments/[^/]+\.xml|ppt/commentAuthors\.xml|ppt/authors\.xml"
    r"|docProps/(?:core|app|custom)\.xml"
)
_RELS = re.compile(r"ppt/(?:slides|notesSlides)/_rels/[^/]+\.xml\.rels")
_BLOCKS = frozenset({"p"})
_SPACES = frozenset({"br", "tab"})


def pptx_text(content: bytes) -> Extracted:
    with Package(content, LABEL) as package:
        if "ppt/presentation.xml" not in package.names:
            raise ExtractError("not a PowerPoint presentation (no ppt/presentation.xml)")
        slides = sorted(
            (int(m.group(2)), m.group(1) == "notesSlides", name)
            for name in package.names
            if (m := _SLIDES.fullmatch(name))
        )
        lines: list[str] = []
        for _, _, name in slides:
            lines.extend(block_lines(package.xml(name), _BLOCKS, _SPACES))
        for name in sorted(package.names):
            if name.startswith("docProps/"):
                lines.extend(property_lines(package.xml(name), "presentation"))
            elif _TEXT_PARTS.fullmatch(name):
                lines.extend(element_text(package.xml(name)))
            elif _RELS.fullmatch(name):
                lines.extend(external_targets(package.xml(name)))
    text, fields = join_lines(lines)
    return Extracted(text, fields=fields)
