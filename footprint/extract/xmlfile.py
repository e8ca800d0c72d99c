"""XML to text with a parser that never fetches, never expands entities, never loads DTDs."""

from __future__ import annotations

from lxml import etree


def safe_parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse(content: bytes) -> etree._Element:
    """Parse XML bytes; raises etree.XMLSyntaxError (or ValueError) when malformed."""
    root = etree.fromstring(content, parser=safe_parser())
    if root is None:
        raise etree.XMLSyntaxError("empty document", None, 0, 0)
    return root


def element_text(root: etree._Element) -> list[str]:
    """Text, tail, comment text and attribute values of every element, in document order."""
    parts: list[str] = []
    for node in root.iter():
        if isinstance(node, etree._Entity | etree._ProcessingInstruction):
            pass
        elif isinstance(node, etree._Comment):
            if node.text:
                parts.append(node.text)
        else:
            parts.extend(v for v in node.attrib.values() if v.strip())
            if node.text and node.text.strip():
                parts.append(node.text)
        if node.tail and node.tail.strip() and node is not root:
            parts.append(node.tail)
    return [p.strip() for p in parts]


def xml_text(content: bytes) -> str | None:
    """Searchable text of an XML document, or None if it does not parse."""
    try:
        root = parse(content)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return "\n".join(element_text(root))
