"""Charset resolution: BOM, HTTP header, <meta>, detection, UTF-8 fallback."""

from __future__ import annotations

import codecs

import pytest

from footprint.extract import extract
from footprint.extract.charset import meta_charset, normalise_charset
from footprint.model import Document

# \x93 and \x94 are curly quotes in windows-1252 but control codes in ISO-8859-1 proper.
CP1252_BODY = "Café “Larkspur” – Wickwar"


def page(body: bytes, head: bytes = b"") -> bytes:
    return b"<html><head>" + head + b"</head><body><p>" + body + b"</p></body></html>"


def text_of(content: bytes, location: str = "page.html", **kwargs: object) -> str:
    return extract(Document(location, content, **kwargs)).text


@pytest.mark.parametrize("label", ["windows-1252", "iso-8859-1", "latin1", "ISO-8859-1"])
def test_charset_from_http_header(label: str) -> None:
    content = page(CP1252_BODY.encode("cp1252"))
    assert CP1252_BODY in text_of(content, charset=label)


def test_charset_from_content_type_parameter() -> None:
    content = page(CP1252_BODY.encode("cp1252"))
    assert CP1252_BODY in text_of(content, media_type="text/html; charset=windows-1252")


@pytest.mark.parametrize(
    "meta",
    [
        b'<meta charset="windows-1252">',
        b"<meta charset=iso-8859-1>",
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    ],
)
def test_charset_from_meta(meta: bytes) -> None:
    assert CP1252_BODY in text_of(page(CP1252_BODY.encode("cp1252"), meta))


def test_header_beats_meta() -> None:
    content = page(CP1252_BODY.encode("cp1252"), b'<meta charset="utf-8">')
    assert CP1252_BODY in text_of(content, charset="windows-1252")


def test_meta_beyond_first_4kb_is_ignored() -> None:
    assert meta_charset(b" " * 5000 + b'<meta charset="windows-1252">') is None
    assert meta_charset(b'<meta charset="windows-1252">') == "cp1252"


def test_detection_without_any_declaration() -> None:
    prose = (
        "Le café de la Place du Marché est fermé. Les élèves ont préparé une fête "
        "pour la réunion du comité; même le maire était présent à la soirée. "
    ) * 4
    content = page(prose.encode("cp1252"))
    assert "Marché est fermé" in text_of(content)


def test_utf8_without_declaration() -> None:
    assert "Zoë Ćwikła" in text_of(page("Zoë Ćwikła".encode()))


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_wins_over_header(bom: bytes, codec: str) -> None:
    content = bom + "<p>Zoë “quoted”</p>".encode(codec)
    text = text_of(content, charset="iso-8859-1")
    assert "Zoë “quoted”" in text
    assert "\ufeff" not in text


def test_plain_text_bom_and_bad_bytes() -> None:
    assert text_of(codecs.BOM_UTF8 + "Zoë".encode(), "notes.txt") == "Zoë"
    # Declared UTF-8 but not: undecodable bytes become U+FFFD rather than failing.
    assert text_of(b"ok \xff\xfe\xfd ok", "notes.txt", charset="utf-8").startswith("ok \ufffd")


def test_unknown_or_dangerous_labels_are_ignored() -> None:
    assert normalise_charset("no-such-charset") is None
    assert normalise_charset("base64") is None
    assert normalise_charset("rot13") is None
    assert normalise_charset("UTF8") == "utf-8"
    assert "Zoë" in text_of(page("Zoë".encode()), charset="base64")
