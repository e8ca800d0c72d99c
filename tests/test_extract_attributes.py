"""attribute_values: one '='-anchored scan must find what a scan per attribute name finds."""

from __future__ import annotations

import html
import random
import re

import pytest

from footprint.extract.attributes import attribute_values


def lines(content: bytes) -> list[str]:
    return "\n".join(attribute_values(content)).split("\n")


@pytest.mark.parametrize("name", ["href", "title", "alt", "aria-label", "content", "value"])
def test_each_fixed_name(name: str) -> None:
    assert '"secret-c"' in lines(f'<x {name}="secret-c">'.encode())


def test_spaces_around_equals_and_unquoted() -> None:
    found = lines(b"<a title = 'spaced' alt=bare>")
    assert "'spaced'" in found and "bare" in found


def test_mixed_case_names() -> None:
    found = lines(b'<IMG ALT="upper"><a Title="mixed">')
    assert '"upper"' in found and '"mixed"' in found


def test_name_inside_another_value_is_still_read() -> None:
    # A separate findall per name sees "title=" inside the href; so must the single scan.
    found = lines(b'<a href="/s?title=inner&amp;x=1">')
    assert "inner&x" in found


def test_same_name_inside_its_own_value_is_read_too() -> None:
    assert lines(b'<a title="a title=b">') == ['"a title=b"', "b"]


def test_wide_spacing_keeps_document_order() -> None:
    found = lines(b'<a title="one"><a title  =  "two"><a title="three"><script>x  = 1</script>')
    assert found == ['"one"', '"two"', '"three"']


def test_equals_after_whitespace_without_a_name_is_ignored() -> None:
    assert attribute_values(b"<script>var x = 'nothing';</script>") == []


def test_data_attributes_any_case_and_order_of_blocks() -> None:
    blocks = attribute_values(b'<div DATA-OWNER="d1" title="t1" data-x="d2" href="h1">')
    assert blocks == ['"h1"', '"t1"', '"d1"\n"d2"']


def test_data_attribute_names_in_mixed_case() -> None:
    assert attribute_values(b'<div Data-Owner="mixed">') == ['"mixed"']


def test_data_prefix_needs_a_name_and_an_equals() -> None:
    assert attribute_values(b"<p>data- x, data-y and in-data-z</p>") == []


def _per_name_reference(content: bytes) -> set[str]:
    """The straightforward algorithm: one case-insensitive findall per attribute name."""
    value = rb"""\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
    names = (b"href", b"title", b"alt", b"aria-label", b"content", b"value", rb"data-[\w-]+")
    found = set()
    for name in names:
        for raw in re.findall(name + value, content, re.IGNORECASE):
            found.add(html.unescape(raw.decode("utf-8", errors="replace")))
    return found


def test_single_scan_finds_everything_per_name_scans_find() -> None:
    words = "href HREF title Alt aria-label content value data-x DATA-y data - = a x?alt=1 > `"
    tokens = [*(w.encode() for w in words.split()), b" = ", b"  =", b"\t=", b'"', b"'", b"<a "]
    tokens += [b" ", b"\n", b"&amp;", b"%20", b"+"]
    rng = random.Random(20261125)
    for _ in range(3000):
        content = b"".join(rng.choice(tokens) for _ in range(rng.randint(1, 14)))
        ours = set("\n".join(attribute_values(content)).split("\n"))
        missing = {v for v in _per_name_reference(content) if "%" not in v and "\n" not in v}
        assert missing <= ours, content
