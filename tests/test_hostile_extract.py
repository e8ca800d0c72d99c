"""Hostile documents cost linear time: each extracts within a generous bound, and a detail
planted after (or inside) the hostile structure is still found.

Bounds are loose (a loaded 2-core machine); before the fixes each input took 5 s to minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from lxml import etree

from footprint.extract import extract
from footprint.extract.docx import _word_text
from footprint.extract.structured import json_lines
from footprint.model import Document

PHONE = "07700 900461"
P = PHONE.encode()


def timed(func: Callable[[], str]) -> tuple[str, float]:
    """CPU seconds of this process: a quadratic stage shows, other processes' load does not."""
    start = time.process_time()
    result = func()
    return result, time.process_time() - start


def extract_text(name: str, content: bytes) -> tuple[str, float]:
    return timed(lambda: extract(Document(name, content, None)).text)


HOSTILE = {
    # 50,000 unterminated openers: a lazy comment regex re-read the rest from each (76 s).
    "unterminated comments": b"<p>call " + P + b"</p>" + b"<!--" * 50_000,
    "one unterminated comment": b"<p>x</p><!--" + b"a" * 200_000 + b" call " + P,
    "escaped script openers": b"<p>" + P + b"</p><script>" + b"<!--<script>" * 20_000,
    "data- runs": b"<a " + b"data-" * 200_000 + b">" + P,
    "one 5 MB line": b"<p>" + b"x" * 5_000_000 + b" " + P + b"</p>",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_html_is_linear(name: str) -> None:
    text, seconds = extract_text("page.html", HOSTILE[name])
    assert PHONE in text
    assert seconds < 2, f"{name}: {seconds:.1f} s"


def test_text_inside_an_unterminated_comment_is_searched() -> None:
    text, _ = extract_text("page.html", b"<p>hello</p><!-- call " + P)
    assert PHONE in text


def test_deep_json_keeps_deep_values() -> None:
    value: object = {"phone": PHONE}
    for _ in range(900):  # deeper than the old depth cap of 64, shallower than json's limit
        value = {"next": [value]}
    lines, seconds = timed(lambda: "\n".join(json_lines(value)))
    assert PHONE in lines
    assert seconds < 1


@pytest.mark.parametrize("ext", [".json", ".xml", ".html"])
def test_100k_deep_json_and_xml_fall_back_to_text(ext: str) -> None:
    if ext == ".json":
        content = b"[" * 100_000 + b'"' + P + b'"' + b"]" * 100_000
    else:
        content = b"<a>" * 100_000 + P + b"</a>" * 100_000
    text, seconds = extract_text("deep" + ext, content)
    assert PHONE in text
    assert seconds < 2


def test_nested_docx_paragraphs_are_read_once() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    runs = "".join(f"<w:r><w:t>word {i}</w:t></w:r>" for i in range(4000))
    phone = f"<w:r><w:t>{PHONE}</w:t></w:r>"
    xml = f'<w:document xmlns:w="{w}"><w:body>{"<w:p>" * 250}{runs}{phone}{"</w:p>" * 250}'
    root = etree.fromstring((xml + "</w:body></w:document>").encode())
    lines, seconds = timed(lambda: "\n".join(_word_text(root)))
    assert lines.count(PHONE) == 1  # once, not once per enclosing paragraph
    assert seconds < 0.5  # 1.2 s before


def nested(opener: bytes, count: int, closer: bytes = b"") -> bytes:
    return opener * count + b" call " + P + b" " + closer * count


DEEP = {
    # Quadratic (or worse) inside the HTML parser before the bounded rewrite.
    "100k nested div, 1 MB": nested(b"<div>", 100_000, b"</div>"),  # 38 s
    "nested ul, 800 KB": nested(b"<ul>", 200_000),  # 420 s
    "nested ul li": nested(b"<ul><li>", 80_000),
    "select with 100k options": b"<select>" + b"<option>x" * 100_000 + P,
    "misnested formatting": b"".join(b"<b id=%d><p>x" % i for i in range(40_000)) + P,
    "nested b": b"".join(b"<b id=%d>" % i for i in range(60_000)) + P,
    "em with ids": b"".join(b"<em id=%d>" % i for i in range(60_000)) + P,
    "dl dt": nested(b"<dl><dt>", 60_000),
    "a tag with 100k attributes": b"<a " + b" ".join(b"a%d" % i for i in range(100_000)) + b">" + P,
}


@pytest.mark.parametrize("name", DEEP)
def test_deep_or_misnested_html_is_bounded(name: str) -> None:
    text, seconds = extract_text("page.html", DEEP[name])
    assert PHONE in text
    assert seconds < 3, f"{name}: {seconds:.1f} s"


def test_the_gate_leaves_ordinary_pages_alone() -> None:
    from footprint.extract.treebound import looks_risky

    row = b'<tr><td><a href="/p/1" title="x">Name</a></td><td><img src="a.png"> 14 Road</td></tr>'
    page = b"<html><body><table>" + row * 5000 + b"</table></body></html>"
    assert not looks_risky(page)
    assert looks_risky(nested(b"<div>", 3000))
