"""PDF and DOCX extraction, built in the test from scratch (pypdf, zipfile)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from footprint.extract import ExtractError, extract
from footprint.extract import docx as docx_module
from footprint.model import Document


def minimal_pdf(text: str, *, link: str | None = None, info: dict[str, str] | None = None) -> bytes:
    """A valid one-page PDF showing `text` in Helvetica, written by hand with a correct xref."""
    stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode("latin-1")
    annots = (
        f" /Annots [<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] "
        f"/A << /S /URI /URI ({link}) >> >>]"
        if link
        else ""
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R{annots} >>"
        ).encode("latin-1"),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if info:
        entries = " ".join(f"/{key} ({value})" for key, value in info.items())
        objects.append(f"<< {entries} >>".encode("latin-1"))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % len(objects)
    out.write(b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf_with_metadata(**metadata: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf("Body text"))))
    writer.add_metadata({f"/{key}": value for key, value in metadata.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_of(location: str, content: bytes) -> str:
    return extract(Document(location, content)).text


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_page_text() -> None:
    text = text_of("leaflet.pdf", minimal_pdf("Call Eleanor on 07700 900461"))
    assert "Call Eleanor on 07700 900461" in text


def test_pdf_metadata_written_by_pypdf() -> None:
    content = pdf_with_metadata(
        Author="Eleanor Whitcombe",
        Title="Nomination papers",
        Subject="14 Larkspur Close",
        Keywords="Wickwar, GL12 8QX",
        Creator="Isla Whitcombe",
        Producer="Home Office Suite",
    )
    text = text_of("nomination.pdf", content)
    for value in ("Eleanor Whitcombe", "Nomination papers", "14 Larkspur Close", "GL12 8QX"):
        assert value in text
    assert "Isla Whitcombe" in text and "Home Office Suite" in text


def test_pdf_without_text_layer_is_an_extract_error() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)  # what a scanned page looks like to us
    writer.add_metadata({"/Author": "Scanner"})
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractError, match="no text layer"):
        text_of("scanned-letter.pdf", out.getvalue())


def test_pdf_info_dictionary_and_link_targets() -> None:
    content = minimal_pdf(
        "Contact",
        link="mailto:ellie.whitcombe77%40example.net",
        info={"Author": "Daniel Whitcombe"},
    )
    text = text_of("contact.pdf", content)
    assert "Daniel Whitcombe" in text
    assert "ellie.whitcombe77@example.net" in text


def test_pdf_sniffed_without_extension() -> None:
    assert "Sniffed" in text_of("https://example.org/download?id=3", minimal_pdf("Sniffed"))


def test_password_protected_pdf_is_an_extract_error() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractError, match="password"):
        text_of("locked.pdf", out.getvalue())


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",  # truncated right after the header
        b"%PDF-",
        b"",
        b"this is not a pdf at all",
    ],
)
def test_corrupt_pdf_is_an_extract_error(content: bytes) -> None:
    with pytest.raises(ExtractError, match="PDF"):
        text_of("broken.pdf", content)


def test_truncated_real_pdf_is_an_extract_error() -> None:
    content = minimal_pdf("Cut short")
    with pytest.raises(ExtractError, match="PDF"):
        text_of("cut.pdf", content[: len(content) // 3])


# --- DOCX --------------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in runs) + "</w:p>"


def build_docx(parts: dict[str, str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def full_docx() -> bytes:
    body = (
        paragraph("Canvassing notes for ", "Wickwar")
        + paragraph("Home: 14 Larkspur ", "Close")
        + '<w:p><w:del w:author="Daniel Whitcombe"><w:r><w:delText>07700 900461</w:delText>'
        "</w:r></w:del></w:p>"
    )
    return build_docx(
        {
            "word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>",
            "word/header1.xml": f"<w:hdr {W}>{paragraph('Header: Isla')}</w:hdr>",
            "word/footer1.xml": f"<w:ftr {W}>{paragraph('Footer: GL12 8QX')}</w:ftr>",
            "word/footnotes.xml": f"<w:footnotes {W}>{paragraph('Footnote text')}</w:footnotes>",
            "word/comments.xml": (
                f'<w:comments {W}><w:comment w:author="Ellie W">{paragraph("Comment body")}'
                "</w:comment></w:comments>"
            ),
            "word/_rels/document.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId9" Type="hyperlink" TargetMode="External" '
                'Target="mailto:ellie.whitcombe77@example.net"/></Relationships>'
            ),
            "docProps/core.xml": (
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                "<dc:creator>Eleanor Whitcombe</dc:creator>"
                "<cp:lastModifiedBy>Daniel Whitcombe</cp:lastModifiedBy>"
                "<dc:title>Leaflet draft</dc:title><dc:subject>Ward 3</dc:subject>"
                "<cp:keywords>private</cp:keywords><dc:description>Born 1977-09-03</dc:description>"
                "</cp:coreProperties>"
            ),
            "docProps/app.xml": "<Properties><Company>Whitcombe Household</Company></Properties>",
        }
    )


def test_docx_text_properties_and_hidden_parts() -> None:
    text = text_of("notes.docx", full_docx())
    lines = text.splitlines()
    assert "Canvassing notes for Wickwar" in lines  # runs of one paragraph join without gaps
    assert "Home: 14 Larkspur Close" in lines
    for value in (
        "07700 900461",  # tracked deletion
        "Daniel Whitcombe",  # revision author and lastModifiedBy
        "Header: Isla",
        "Footer: GL12 8QX",
        "Footnote text",
        "Comment body",
        "Ellie W",  # comment author
        "ellie.whitcombe77@example.net",  # hyperlink target
        "Eleanor Whitcombe",
        "Leaflet draft",
        "Ward 3",
        "Born 1977-09-03",
        "Whitcombe Household",
    ):
        assert value in text, value


def test_docx_sniffed_from_content() -> None:
    assert "Wickwar" in text_of("attachment-3", full_docx())


def test_not_a_zip_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="DOCX"):
        text_of("notes.docx", b"PK\x03\x04 but then nothing useful")


def test_truncated_docx_is_an_extract_error() -> None:
    content = full_docx()
    with pytest.raises(ExtractError, match="DOCX"):
        text_of("notes.docx", content[: len(content) // 2])


def test_zip_without_document_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match=r"word/document\.xml"):
        text_of("notes.docx", build_docx({"other.txt": "hello"}))


def test_malformed_document_xml_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="not valid XML"):
        text_of("notes.docx", build_docx({"word/document.xml": "<w:document><unclosed>"}))


def test_zip_bomb_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_module, "MAX_PART_BYTES", 10_000)
    huge = f"<w:document {W}><w:body>{paragraph('x' * 50_000)}</w:body></w:document>"
    content = build_docx({"word/document.xml": huge})
    assert len(content) < 2_000  # compresses enormously: exactly what the guard is for
    with pytest.raises(ExtractError, match="too large"):
        text_of("bomb.docx", content)


def test_docx_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-FILE-CONTENT")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">'
        '<!ENTITY y "INTERNAL-EXPANSION">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>before &x;&y; after</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    text = text_of("x.docx", build_docx({"word/document.xml": xxe}))
    assert "before" in text
    assert "LOCAL-FILE-CONTENT" not in text
    assert "INTERNAL-EXPANSION" not in text
