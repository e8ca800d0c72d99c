"""Plain text, JSON, XML files, and how extract() decides what a document is."""

from __future__ import annotations

import json

import pytest

from footprint.extract import ExtractError, Format, detect_format, extract
from footprint.model import Document


def text_of(location: str, content: bytes, media_type: str | None = None) -> str:
    return extract(Document(location, content, media_type)).text


@pytest.mark.parametrize("name", ["notes.txt", "README.md", "NOTES.TXT"])
def test_text_like_files_are_decoded(name: str) -> None:
    content = "name,phone\nEllie,07700 900461\nZoë,0117 496 0718\n".encode()
    assert text_of(name, content) == content.decode()


def test_csv_text_is_kept_whole_then_each_row_is_labelled() -> None:
    content = "name,phone\nEllie,07700 900461\nZoë,0117 496 0718\n".encode()
    text = text_of("contacts.csv", content)
    assert text.startswith(content.decode())
    assert text.endswith("\nname: Ellie; phone: 07700 900461\nname: Zoë; phone: 0117 496 0718")


def test_json_keys_and_values() -> None:
    data = {
        "07700900461": {"owner": "Eleanor", "tags": ["home", "mobile"], "since": 2019},
        "address": {"line1": "14 Larkspur Close", "postcode": "GL12 8QX"},
    }
    text = text_of("export.json", json.dumps(data).encode())
    assert "07700900461" in text  # a key carrying data
    assert "Eleanor" in text and "home, mobile" in text and "2019" in text
    assert "14 Larkspur Close, GL12 8QX" in text
    assert "{" not in text  # parsed, not raw


def test_invalid_json_falls_back_to_raw_text() -> None:
    assert "07700 900461" in text_of("broken.json", b'{"phone": "07700 900461", ')


def test_deeply_nested_json_does_not_crash() -> None:
    deep = b"[" * 5000 + b'"x"' + b"]" * 5000
    text_of("deep.json", deep)  # no exception: either flattened or raw


def test_xml_text_and_attributes() -> None:
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><people>'
        b'<person phone="07700 900461"><name>Eleanor &amp; Daniel</name>'
        b"<!-- note: GL12 8QX --></person></people>"
    )
    text = text_of("people.xml", xml)
    assert "07700 900461" in text
    assert "Eleanor & Daniel" in text
    assert "GL12 8QX" in text


def test_xml_declared_encoding_is_honoured() -> None:
    xml = '<?xml version="1.0" encoding="windows-1252"?><n>Café “x”</n>'.encode("cp1252")
    assert "Café “x”" in text_of("n.xml", xml)


def test_xml_http_charset_beats_declaration() -> None:
    xml = '<?xml version="1.0" encoding="utf-8"?><n>Café</n>'.encode("cp1252")
    doc = Document("n.xml", xml, "application/xml", charset="windows-1252")
    assert "Café" in extract(doc).text


def test_xml_entities_are_not_expanded() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "LOL"><!ENTITY b "&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;">]><l>start &c; end</l>'
    )
    text = text_of("laughs.xml", laughs)
    assert "LOL" not in text
    assert len(text) < 1000


def test_malformed_xml_falls_back_to_raw_text() -> None:
    assert "07700 900461" in text_of("bad.xml", b"<a><b>07700 900461</a>")


@pytest.mark.parametrize(
    ("location", "media_type", "content", "expected"),
    [
        ("page.HTM", None, b"plain", Format.HTML),
        ("https://example.org/a/b.pdf?dl=1#x", None, b"", Format.PDF),
        ("https://example.org/profile", "text/html; charset=utf-8", b"{}", Format.HTML),
        ("https://example.org/api", "application/ld+json", b"", Format.JSON),
        ("https://example.org/feed", "application/atom+xml", b"", Format.XML),
        ("file", "application/octet-stream", b"%PDF-1.7\n", Format.PDF),
        ("download", None, b"  <!DOCTYPE html><p>x", Format.HTML),
        ("download", None, b"<?xml version='1.0'?><html><body/></html>", Format.HTML),
        ("download", None, b"<?xml version='1.0'?><feed/>", Format.XML),
        ("download", None, b'{"a": 1}', Format.JSON),
        ("download", None, b"\xff\xd8\xff\xe0rest", Format.IMAGE),
        ("download", None, b"\x89PNG\r\n\x1a\nrest", Format.IMAGE),
        ("download", None, b"\x00\x00\x00\x18ftypheic", Format.IMAGE),
        ("download", None, b"just words", Format.TEXT),
        ("fragment", None, b"<div class='x'><p>Hi</p></div>", Format.HTML),
        ("fragment", None, b"<!-- saved --><p>Hi</p>", Format.HTML),
        ("record", None, b"<record><phone>1</phone></record>", Format.XML),
        ("download", None, "<html>".encode("utf-16"), Format.HTML),
        ("download", None, b"\x00\x01\x02binary", None),
    ],
)
def test_detect_format(
    location: str, media_type: str | None, content: bytes, expected: Format | None
) -> None:
    assert detect_format(Document(location, content, media_type)) is expected


def test_unsupported_binary_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="unsupported"):
        text_of("blob", b"\x00\x01\x02\x03")


def test_unknown_media_type_falls_back_to_extension() -> None:
    assert "hello" in text_of("notes.txt", b"hello", "application/x-unknown")
