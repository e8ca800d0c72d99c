"""A detail in a document's properties or a photo's EXIF/XMP is labelled with its field, so the
user knows to remove it there (File > Info, the photo's details), not from the page text."""

from __future__ import annotations

import io

from office_files import zip_bytes
from pypdf import PdfWriter
from report_formats import readable, rendered
from test_extract_images import jpeg

from footprint.engine import finding_from_hit
from footprint.extract import extract
from footprint.matcher import Matcher
from footprint.model import Category, Document
from footprint.profile import Profile
from reports import build_report

CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:creator>Daniel Whitcombe</dc:creator><dc:title>Leaflet</dc:title>"
    "</cp:coreProperties>"
)
BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Call me on 07700 900461</w:t></w:r></w:p></w:body></w:document>"
)


def hits(candidate: Profile, location: str, content: bytes) -> dict[Category, str]:
    found = Matcher(candidate).match(extract(Document(location, content)))
    return {h.category: h.field for h in found}


def test_docx_author_is_labelled_and_body_text_is_not(candidate: Profile) -> None:
    docx = zip_bytes({"word/document.xml": BODY, "docProps/core.xml": CORE})
    found = hits(candidate, "leaflet.docx", docx)
    assert found[Category.FAMILY] == "the document's Author field"
    assert found[Category.PHONE] == ""  # page text: no field


def test_pdf_author_is_labelled(candidate: Profile) -> None:
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.add_metadata({"/Author": "Eleanor Whitcombe, 14 Larkspur Close, GL12 8QX"})
    out = io.BytesIO()
    writer.write(out)
    content = out.getvalue()
    # A blank page has no text layer: read the metadata through the field labelling itself.
    from pypdf import PdfReader

    from footprint.extract.fields import join_lines
    from footprint.extract.pdf import _metadata

    text, fields = join_lines(_metadata(PdfReader(io.BytesIO(content))))
    assert fields[0].name == "the PDF's Author field"  # then pypdf's own Producer field
    assert text[fields[0].start : fields[0].end].startswith("Eleanor Whitcombe")


def test_exif_artist_is_labelled(candidate: Profile) -> None:
    photo = jpeg(t013B="Daniel Whitcombe")  # Artist
    assert hits(candidate, "photo.jpg", photo)[Category.FAMILY] == "the photo's EXIF Artist field"


def test_the_report_says_which_field(candidate: Profile) -> None:
    docx = zip_bytes({"word/document.xml": BODY, "docProps/core.xml": CORE})
    found = Matcher(candidate).match(extract(Document("leaflet.docx", docx)))
    findings = [finding_from_hit(h, "local_files", "leaflet.docx", ()) for h in found]
    report = build_report(candidate, findings, [])
    for fmt, out in rendered(report).items():
        if fmt == "terminal":
            continue
        text = " ".join(readable(fmt, out).split())
        assert "the document's Author field" in text, fmt
