"""Lines of text from a document XML tree: one line per paragraph-like element.

Used by the OpenDocument and PowerPoint readers. Elements are named by local name, so the
transitional and strict OOXML namespaces (and ODF's) are treated alike.
"""

from __future__ import annotations

from lxml import etree

from footprint.extract.package import link_text, local

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def block_lines(root: etree._Element, blocks: frozenset[str], spaces: frozenset[str]) -> list[str]:
    """Text under `root` in document order; a `blocks` element starts and ends a line, a
    `spaces` element (tab, line break, ODF's <text:s/>) stands for a space. Runs of
    whitespace become one space, so "14 Larkspur<text:s/>Close" reads "14 Larkspur Close".
    One pass over the tree: linear in its size."""
    lines: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        line = " ".join("".join(pieces).split())
        if line:
            lines.append(line)
        pieces.clear()

    for event, node in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):  # not text, but the text after one is
            if node.tail:
                pieces.append(node.tail)
            continue
        name = local(node.tag)
        if event == "start":
            if name in blocks:
                flush()
            elif name in spaces:
                pieces.append(" ")
            if node.text:
                pieces.append(node.text)
        else:
            if name in blocks:
                flush()
            if node.tail and node is not root:
                pieces.append(node.tail)
    flush()
    return lines


def href_targets(root: etree._Element) -> list[str]:
    """xlink:href link targets (ODF hyperlinks): contact details often live only there."""
    return [
        link_text(node.get(XLINK_HREF, ""))
        for node in root.iter(etree.Element)
        if node.get(XLINK_HREF)
    ]
