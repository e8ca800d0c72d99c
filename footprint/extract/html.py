"""HTML to searchable text: the hot path, so one lexbor parse and few whole-tree passes.

Covers visible and hidden text (display:none, hidden, <noscript>, <template>, comments),
attribute values that carry data, JSON-LD and other JSON data blocks, and Cloudflare-obfuscated
emails. Other <script> and <style> bodies are dropped. JSON data blocks and tables with header
cells also give records (footprint.extract.records, footprint.extract.tables).
"""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from footprint.extract.attributes import attribute_values
from footprint.extract.cfemail import decode_cfemail
from footprint.extract.charset import resolve
from footprint.extract.records import RecordSink, json_records, with_lines
from footprint.extract.structured import json_lines
from footprint.extract.tables import table_records
from footprint.extract.treebound import bound_tree, looks_risky
from footprint.model import Extracted

# Elements whose bodies are code. Stripping them walks the tree in C, which costs less than
# probing the source for them (a substring test that fails reads the whole page).
_DROPPED = ["script", "style"]


def html_text(content: bytes, declared_charset: str | None = None, *, bound: bool = False) -> str:
    """Searchable text of an HTML document given as bytes; `bound` rewrites it for the parser
    whatever it looks like (see treebound)."""
    return html_document(content, declared_charset, bound=bound).text


def html_document(
    content: bytes, declared_charset: str | None = None, *, bound: bool = False
) -> Extracted:
    """html_text's text and the page's records."""
    encoding, skip = resolve(content, declared_charset, html=True)
    if skip:
        content = content[skip:]
    if encoding != "utf-8":
        # Transcode once so lexbor and the byte-regex passes both see UTF-8.
        content = content.decode(encoding, errors="replace").encode("utf-8")
    return utf8_document(content, bound=bound)


def extract_utf8(content: bytes, *, bound: bool = False) -> str:
    """Searchable text of UTF-8 HTML bytes (see utf8_document)."""
    return utf8_document(content, bound=bound).text


def utf8_document(content: bytes, *, bound: bool = False) -> Extracted:
    """Searchable text and records of UTF-8 HTML bytes.

    Every css() call walks the whole tree, so optional passes are gated on a cheap substring
    test of the source first; each absent needle still costs a read of the page, so only
    rare constructs are probed for. Pages that might make the parser slow are parsed in a
    bounded rewrite; attributes and comments are still read from the original bytes.
    """
    risky = bound or looks_risky(content)
    tree = LexborHTMLParser(bound_tree(content) if risky else content)
    data_blocks: list[str] = []
    sink = RecordSink()
    # JSON-LD ("+json") is the common case, and a probe that hits stops early.
    if b"+json" in content or b"/json" in content:
        for script in tree.css("script[type]"):
            if "json" in (script.attributes.get("type") or "").lower():
                data_blocks.append(_data_block(script.text(deep=True), sink))
    if b"data-cfemail" in content:
        _reveal_cfemails(tree)
    tree.strip_tags(_DROPPED)
    if _has_header_cells(content):
        table_records(tree, sink)

    root = tree.root
    # A separator between text nodes keeps "Close</td><td>Wickwar" from gluing together.
    parts = [root.text(separator=" ")] if root is not None else []
    if b"<template" in content or b"<TEMPLATE" in content:
        parts.extend(fragment.text(separator=" ") for fragment in tree.template_fragments())
    parts.extend(attribute_values(content))
    parts.extend(data_blocks)
    parts.extend(comment_texts(content))
    records = sink.records()
    return Extracted(with_lines("\n".join(parts), records), records=records)


def _has_header_cells(content: bytes) -> bool:
    """Whether the page may have <th> cells (table records need them). One probe costs a read
    of the page (tags are dense), so upper-case <TH> is looked for only on pages whose first
    64 KB use upper-case tags: such pages use them throughout."""
    if b"<th" in content:
        return True
    return b"<T" in content[:65536] and b"<TH" in content


def _data_block(body: str, sink: RecordSink) -> str:
    """A JSON data block's flattened text (its raw text if it is not JSON); its records go to
    `sink`."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return body
    json_records(value, sink)
    return "\n".join(json_lines(value)) or body


def comment_texts(content: bytes) -> list[str]:
    """Text of every <!-- ... --> in the raw bytes (inside scripts too), by a forward scan.

    A scan, not a regex: a lazy regex re-reads the rest of the page from every "<!--" that has
    no end, which is quadratic on a page of unterminated openers. An unterminated comment runs
    to the end of the page, as in browsers, so its text is still searched.
    """
    parts: list[str] = []
    start = content.find(b"<!--")
    while start != -1:
        end = content.find(b"-->", start + 4)
        if end == -1:
            parts.append(_text(content[start + 4 :]))
            break
        parts.append(_text(content[start + 4 : end]))
        start = content.find(b"<!--", end + 3)
    return parts


def _reveal_cfemails(tree: LexborHTMLParser) -> None:
    """Put each decoded email where the page shows "[email protected]", keeping its context."""
    for node in tree.css("[data-cfemail]"):
        email = decode_cfemail(node.attributes.get("data-cfemail") or "")
        if email:
            node.replace_with(email)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")
