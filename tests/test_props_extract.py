"""Property: extraction of arbitrary bytes under every media type it knows (and a few it does
not) either gives an Extracted or raises ExtractError, the one documented skip reason (a short
one-line reason for the report); never another exception. The text it gives is bounded by the
input: what a document says, plus its labelled records, never an amplification of it.

Bytes are arbitrary, or a format's magic followed by arbitrary bytes, or a real zip (the
container of DOCX/XLSX/PPTX/ODF) holding the parts those readers look for with arbitrary
content, so the readers behind the sniffing are reached too.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from props import PROPS

from footprint.extract import ExtractError, extract
from footprint.extract.records import MAX_NAME
from footprint.extract.sniff import _MEDIA_TYPES
from footprint.model import Document, Extracted

MEDIA_TYPES = (
    *_MEDIA_TYPES,
    None,
    "application/octet-stream",
    "text/html; charset=utf-16",
    "text/plain; charset=no-such-charset",
    "TEXT/CSV;charset=latin-1",
    "",
)
LOCATIONS = (
    "https://site.example/page", "https://site.example/a.html", "notes.txt", "data.csv",
    "data.json", "feed.xml", "doc.pdf", "doc.docx", "book.xlsx", "deck.pptx", "doc.odt",
    "doc.rtf", "card.vcf", "cal.ics", "mail.eml", "box.mbox", "photo.jpg", "photo.png",
    "photo.heic", "noextension",
)  # fmt: skip
MAGIC = (
    b"%PDF-1.4\n", b"PK\x03\x04", b"\xff\xd8\xff\xe1", b"\x89PNG\r\n\x1a\n", b"II*\x00",
    b"RIFF\x00\x00\x00\x00WEBP", b"{\\rtf1 ", b"BEGIN:VCARD\r\n", b"BEGIN:VCALENDAR\r\n",
    b"From a@b.example Sat Sep  3 10:00:00 1977\nFrom: x\n", b"From: a@b\nSubject: x\n\n",
    b"<!DOCTYPE html><html>", b"<?xml version='1.0'?>", b"{\"a\": [", b"a,b,c\r\n",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b",
)  # fmt: skip
PARTS = (
    "[Content_Types].xml", "word/document.xml", "word/header1.xml", "docProps/core.xml",
    "docProps/app.xml", "xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
    "ppt/presentation.xml", "ppt/slides/slide1.xml", "mimetype", "content.xml", "meta.xml",
    "styles.xml",
)  # fmt: skip
# XML-ish content for the parts: tags the readers know, entities, and arbitrary text.
_XMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            (
                "<w:t>", "</w:t>", "<w:p>", "<t>", "</t>", "<si>", "<c r='A1' t='s'><v>0</v></c>",
                "<a:t>", "<text:p>", "<table:table-cell table:number-columns-repeated='99'>",
                "<dc:creator>", "&amp;", "&#x1F;", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;",
                "application/vnd.oasis.opendocument.text", "<?xml version='1.0'?>", "<",
            )
        ),
        st.text(max_size=30),
    ),
    max_size=20,
).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return out.getvalue()


CONTENT = st.one_of(
    st.binary(max_size=600),
    st.builds(lambda m, b: m + b, st.sampled_from(MAGIC), st.binary(max_size=400)),
    st.builds(
        lambda m, t: m + t.encode("utf-8", "surrogatepass"),
        st.sampled_from(MAGIC),
        st.text(max_size=300),
    ),
    st.lists(
        st.tuples(st.sampled_from(PARTS), st.one_of(_XMLISH, st.binary(max_size=100))),
        max_size=6,
        unique_by=lambda m: m[0],
    ).map(_zip),
)
# Text out per byte in: records repeat a CSV's header names on every row (each name clipped to
# records.MAX_NAME), so a row of one-character cells says more than it holds - by that much.
MAX_RATIO = MAX_NAME + 16
SLACK = 4096


def _bounded(got: Extracted, content: bytes) -> None:
    size = len(got.text) + sum(len(where) + len(why) for where, why in got.unread)
    assert size <= MAX_RATIO * len(content) + SLACK, (size, len(content))


@PROPS
@given(CONTENT, st.sampled_from(MEDIA_TYPES), st.sampled_from(LOCATIONS))
def test_extract_gives_text_or_a_one_line_reason(
    content: bytes, media_type: str | None, location: str
) -> None:
    try:
        got = extract(Document(location, content, media_type))
    except ExtractError as exc:
        assert exc.reason and "\n" not in exc.reason, repr(exc.reason)
        assert len(exc.reason) < 400
        return
    assert isinstance(got, Extracted)
    _bounded(got, content)
    for f in got.fields:
        assert 0 <= f.start <= f.end <= len(got.text)


_NAME_CHARS = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters=",;\t|\"'"
)
_CELL = st.text(st.sampled_from("ax7 -"), min_size=1, max_size=2)  # one byte a character


@PROPS
@given(
    st.lists(st.text(_NAME_CHARS, min_size=80, max_size=300), min_size=1, max_size=30),
    st.lists(st.lists(_CELL, max_size=30), min_size=1, max_size=40),
    st.sampled_from(",;\t|"),
)
def test_csv_records_say_at_most_a_header_name_per_cell(
    header: list[str], rows: list[list[str]], sep: str
) -> None:
    # The worst case for the labelled records: long header names over rows of tiny cells.
    lines = [sep.join(header), *(sep.join(row) for row in rows * 20)]
    content = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        got = extract(Document("rows.csv", content, None))
    except ExtractError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    _bounded(got, content)
