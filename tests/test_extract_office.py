"""XLSX, OpenDocument (.ods/.odt) and PPTX: built in the test, checked with the real Matcher."""

from __future__ import annotations

import time
import zipfile

import pytest
from office_files import (
    CORE_PROPS,
    DATE_STYLES,
    DOB_SERIAL,
    EMAIL,
    ODF_NS,
    ODS_TYPE,
    ODT_TYPE,
    PHONE_DIGITS,
    PKG_REL_NS,
    SHEET_NS,
    hits_of,
    inline,
    number,
    odf,
    ods_cell,
    row,
    shared,
    text_of,
    worksheet,
    xlsx,
    zip_bytes,
)

from footprint.extract import ExtractError, Format, detect_format
from footprint.extract import cells as cells_module
from footprint.extract import package as package_module
from footprint.model import Category, Document
from footprint.profile import Profile

PRIVATE = {
    Category.PHONE: {"private.phones[0]"},
    Category.EMAIL: {"private.emails[0]"},
    Category.DATE_OF_BIRTH: {"private.date_of_birth"},
    Category.HOME_ADDRESS: {"private.home_address"},
}


def volunteers_xlsx() -> bytes:
    strings = [
        "Name",
        "Mobile",
        "Email",
        "DOB",
        "Eleanor Whitcombe",
        EMAIL,
        # A rich-text string: runs join, the phonetic guide (<rPh>) is not text.
        "<si><r><t>14 Larkspur </t></r><r><t>Close</t></r><rPh><t>PHONETIC</t></rPh></si>",
        "Address",
        "Postcode",
    ]
    volunteers = worksheet(
        row(1, shared(0, "A1"), shared(1, "B1"), shared(2, "C1"), shared(3, "D1")),
        # The phone is a number (its 0 lost); the DOB a serial in a date-formatted cell.
        row(
            2,
            shared(4, "A2"),
            number(PHONE_DIGITS, "B2"),
            shared(5, "C2"),
            number(DOB_SERIAL, "D2", 1),
        ),
    )
    canvass = worksheet(
        row(1, inline("Canvassing list, Wickwar", "A1")),  # a title row before the header
        row(2, shared(7, "A2"), shared(8, "B2"), inline("Born", "C2")),
        # C3: a serial in a general-formatted cell: the "Born" header makes it a date.
        row(3, shared(6, "A3"), inline("GL12 8QX", "B3"), number(DOB_SERIAL, "C3")),
    )
    extra = {
        "docProps/core.xml": CORE_PROPS.format(
            creator="Daniel Whitcombe", modified="Isla Whitcombe", title="Volunteers"
        ),
        "xl/comments1.xml": (
            f'<comments xmlns="{SHEET_NS}"><authors><author>Campaign office</author></authors>'
            '<commentList><comment ref="A2" authorId="0"><text><r><t>Home 14 Larkspur Close'
            "</t></r></text></comment></commentList></comments>"
        ),
        "xl/worksheets/_rels/sheet1.xml.rels": (
            f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="hyperlink" '
            f'TargetMode="External" Target="mailto:{EMAIL}"/></Relationships>'
        ),
    }
    return xlsx(
        {"Volunteers": volunteers, "Canvass": canvass}, strings, styles=DATE_STYLES, extra=extra
    )


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_rows_carry_their_headers_and_every_sheet_is_read() -> None:
    lines = text_of("volunteers.xlsx", volunteers_xlsx()).splitlines()
    assert lines[:3] == [
        "Sheet: Volunteers",
        "Name; Mobile; Email; DOB",
        f"Name: Eleanor Whitcombe; Mobile: 0{PHONE_DIGITS}; Email: {EMAIL}; DOB: 1977-09-03",
    ]
    assert "Sheet: Canvass" in lines
    assert "Address: 14 Larkspur Close; Postcode: GL12 8QX; Born: 1977-09-03" in lines
    assert "PHONETIC" not in "\n".join(lines)


def test_xlsx_properties_comments_and_links() -> None:
    text = text_of("volunteers.xlsx", volunteers_xlsx())
    for value in (
        "Daniel Whitcombe",
        "Isla Whitcombe",
        "Campaign office",
        "Home 14 Larkspur Close",
    ):
        assert value in text
    assert text.splitlines().count(EMAIL) == 1  # the mailto: hyperlink target


def test_xlsx_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "volunteers.xlsx", volunteers_xlsx())
    for category, items in PRIVATE.items():
        assert found.get(category) == items, category
    assert found[Category.FAMILY] == {"private.family[0]", "private.family[1]"}


def test_xlsx_phone_stored_as_a_number_in_a_mobile_column(candidate: Profile) -> None:
    sheet = worksheet(row(1, inline("Mobile", "A1")), row(2, number(PHONE_DIGITS, "A2")))
    content = xlsx({"Sheet1": sheet})
    assert text_of("m.xlsx", content).splitlines()[-1] == f"Mobile: 0{PHONE_DIGITS}"
    assert hits_of(candidate, "m.xlsx", content)[Category.PHONE] == {"private.phones[0]"}


def test_xlsx_landline_number_gets_its_zero_only_under_a_phone_header() -> None:
    landline = "1174960718"
    sheet = worksheet(
        row(1, inline("Home tel", "A1"), inline("Amount", "B1")),
        row(2, number(landline, "A2"), number(landline, "B2")),
    )
    assert text_of("t.xlsx", xlsx({"S": sheet})).splitlines()[-1] == (
        f"Home tel: 0{landline}; Amount: {landline}"
    )


def test_xlsx_number_written_in_exponent_form_is_plain_digits() -> None:
    sheet = worksheet(row(1, inline("Phone", "A1")), row(2, number("7.700900461E9", "A2")))
    assert f"Phone: 0{PHONE_DIGITS}" in text_of("e.xlsx", xlsx({"S": sheet}))


def test_xlsx_serial_date_in_a_dob_column(candidate: Profile) -> None:
    sheet = worksheet(row(1, inline("D.O.B", "A1")), row(2, number(DOB_SERIAL, "A2")))
    content = xlsx({"S": sheet})
    assert text_of("d.xlsx", content).splitlines()[-1] == "D.O.B: 1977-09-03"
    assert hits_of(candidate, "d.xlsx", content)[Category.DATE_OF_BIRTH] == {
        "private.date_of_birth"
    }


def test_xlsx_serial_date_formats_and_1904_system() -> None:
    sheet = worksheet(
        row(1, inline("When", "A1"), inline("Also", "B1"), inline("Count", "C1")),
        row(2, number(DOB_SERIAL, "A2", 1), number(DOB_SERIAL, "B2", 2), number(DOB_SERIAL, "C2")),
    )
    last = text_of("d.xlsx", xlsx({"S": sheet}, styles=DATE_STYLES)).splitlines()[-1]
    assert last == f"When: 1977-09-03; Also: 1977-09-03; Count: {DOB_SERIAL}"
    serial_1904 = DOB_SERIAL - 1462  # the 1904 system counts from 1904-01-01
    sheet = worksheet(row(1, inline("DOB", "A1")), row(2, number(serial_1904, "A2", 1)))
    assert "DOB: 1977-09-03" in text_of(
        "d.xlsx", xlsx({"S": sheet}, styles=DATE_STYLES, date1904=True)
    )


def test_xlsx_absurd_numbers_in_attributes_do_not_sink_the_file() -> None:
    huge = "9" * 5_000  # Python refuses int() of so many digits
    sheet = worksheet(
        row(1, f'<c r="A1" t="s"><v>{huge}</v></c>', number(PHONE_DIGITS, "B1", huge)),  # type: ignore[arg-type]
        row(2, inline("still read", "A2")),
    )
    text = text_of("odd.xlsx", xlsx({"S": sheet}, ["x"], styles=DATE_STYLES))
    assert f"0{PHONE_DIGITS}" in text and "still read" in text


def test_xlsx_sheet_without_workbook_listing_is_still_read() -> None:
    content = zip_bytes(
        {
            "xl/workbook.xml": f'<workbook xmlns="{SHEET_NS}"/>',
            "xl/worksheets/sheet7.xml": worksheet(row(1, inline("Hidden 14 Larkspur Close", "A1"))),
        }
    )
    assert "Hidden 14 Larkspur Close" in text_of("w.xlsx", content)


def test_xlsx_sniffed_without_extension() -> None:
    assert detect_format(Document("download?id=4", volunteers_xlsx())) is Format.XLSX


def test_zip_kind_comes_from_member_names_not_member_data() -> None:
    sheet = worksheet(row(1, inline("see word/document.xml", "A1")))
    stored = xlsx({"S": sheet})
    content = zip_bytes(
        {"xl/worksheets/sheet1.xml": sheet, "xl/workbook.xml": f'<workbook xmlns="{SHEET_NS}"/>'},
        compression=zipfile.ZIP_STORED,
    )
    assert b"word/document.xml" in content and detect_format(Document("f", content)) is Format.XLSX
    assert detect_format(Document("f", stored)) is Format.XLSX


def test_xlsx_without_workbook_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match=r"xl/workbook\.xml"):
        text_of("x.xlsx", zip_bytes({"other.xml": "<a/>"}))


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 then nothing", b"", b"not a spreadsheet at all"],
    ids=["bad-zip", "empty", "text"],
)
def test_corrupt_xlsx_is_an_extract_error(content: bytes) -> None:
    with pytest.raises(ExtractError, match="XLSX"):
        text_of("broken.xlsx", content)


def test_truncated_xlsx_is_an_extract_error() -> None:
    content = volunteers_xlsx()
    with pytest.raises(ExtractError, match="XLSX"):
        text_of("cut.xlsx", content[: len(content) // 2])


def test_malformed_sheet_xml_is_an_extract_error() -> None:
    content = xlsx({"S": "<worksheet><sheetData><row>"})
    with pytest.raises(
        ExtractError, match=r"damaged XLSX \(xl/worksheets/sheet1\.xml is not valid XML"
    ):
        text_of("bad.xlsx", content)


def test_password_protected_xlsx_is_an_extract_error() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(ExtractError, match="password-protected"):
        text_of("locked.xlsx", ole)


def test_xlsx_entities_are_not_expanded() -> None:
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x "INTERNAL-EXPANSION">]>'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
        "<t>before &x; after</t></is></c></row></sheetData></worksheet>"
    )
    text = text_of("x.xlsx", xlsx({"S": sheet}))
    assert "before" in text and "INTERNAL-EXPANSION" not in text


# --- zip-bomb and size limits (package.py, cells.py) -------------------------------------


def test_zip_bomb_member_is_refused_while_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_module, "MAX_PART_BYTES", 100_000)
    bomb = worksheet(row(1, inline("x" * 1_000_000, "A1")))
    content = xlsx({"S": bomb})
    assert len(content) < 5_000  # compresses enormously: what the guard is for
    with pytest.raises(ExtractError, match="too large"):
        text_of("bomb.xlsx", content)


def test_member_whose_declared_size_lies_is_never_inflated_past_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = xlsx({"S": worksheet(row(1, inline("y" * 200_000, "A1")))})
    real_infolist = zipfile.ZipFile.infolist

    def lying(self: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
        infos = real_infolist(self)
        for info in infos:
            info.file_size = 10  # the directory claims tiny members
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    with pytest.raises(ExtractError, match="damaged XLSX"):
        text_of("liar.xlsx", content)


def test_total_of_all_members_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_module, "MAX_TOTAL_BYTES", 150_000)
    sheets = {f"S{i}": worksheet(row(1, inline("z" * 60_000, "A1"))) for i in range(3)}
    with pytest.raises(ExtractError, match="too large"):
        text_of("many.xlsx", xlsx(sheets))


def test_too_many_members_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_module, "MAX_MEMBERS", 50)
    parts = {f"xl/media/{i}.bin": "" for i in range(60)}
    parts["xl/workbook.xml"] = f'<workbook xmlns="{SHEET_NS}"/>'
    with pytest.raises(ExtractError, match="too many parts"):
        text_of("parts.xlsx", zip_bytes(parts))


def test_zip64_member_count_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # makes zipfile write ZIP64 records
    parts = {f"xl/media/{i}.bin": "" for i in range(60)}
    parts["xl/workbook.xml"] = f'<workbook xmlns="{SHEET_NS}"/>'
    content = zip_bytes(parts)
    assert b"PK\x06\x06" in content
    assert text_of("zip64.xlsx", content) == ""  # read normally under the limit
    monkeypatch.setattr(package_module, "MAX_MEMBERS", 50)
    with pytest.raises(ExtractError, match="too many parts"):
        text_of("zip64.xlsx", content)


def test_shared_string_repeated_in_every_cell_hits_the_text_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cells_module, "MAX_TEXT_CHARS", 1_000_000)
    rows = [row(i, shared(0, f"A{i}")) for i in range(1, 2_001)]
    content = xlsx({"S": worksheet(*rows)}, ["w" * 1_000])
    with pytest.raises(ExtractError, match="more text than footprint reads safely"):
        text_of("amplify.xlsx", content)


def test_large_sheet_is_read_in_linear_time() -> None:
    rows = [row(1, inline("Name", "A1"), inline("Mobile", "B1"))]
    rows += [
        row(i, inline(f"Volunteer {i}", f"A{i}"), number(i, f"B{i}")) for i in range(2, 10_002)
    ]
    content = xlsx({"S": worksheet(*rows)})
    started = time.process_time()
    text = text_of("big.xlsx", content)
    assert time.process_time() - started < 2.0
    assert "Name: Volunteer 10001; Mobile: 10001" in text


# --- OpenDocument spreadsheet (.ods) -------------------------------------------------------


def volunteers_ods() -> bytes:
    header = "".join(ods_cell(t) for t in ("Name", "Mobile", "Address", "DOB", "Email"))
    data = (
        ods_cell("Eleanor Whitcombe")
        + ods_cell(PHONE_DIGITS, office_value_type="float", office_value=PHONE_DIGITS)
        + "<table:table-cell><text:p>14 Larkspur Close</text:p><text:p>GL12 8QX</text:p>"
        "</table:table-cell>"
        + ods_cell("03/09/77", office_value_type="date", office_date_value="1977-09-03")
        + '<table:table-cell><text:p><text:a xlink:href="mailto:ellie.whitcombe77%40example.net">'
        "email</text:a></text:p></table:table-cell>"
        # A trailing run of empty cells, as LibreOffice writes to the sheet's edge.
         + '<table:table-cell table:number-columns-repeated="16379"/>'
    )
    note = (
        '<table:table-cell table:number-columns-repeated="2"><office:annotation>'
        "<dc:creator>Daniel Whitcombe</dc:creator><text:p>daughter Isla helps</text:p>"
        "</office:annotation><text:p>see note</text:p></table:table-cell>"
    )
    body = (
        '<office:spreadsheet><table:table table:name="Volunteers">'
        f"<table:table-row>{header}</table:table-row>"
        f"<table:table-row>{data}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
        f"<table:table-row>{note}</table:table-row>"
        "</table:table></office:spreadsheet>"
    )
    meta = "<dc:creator>Isla Whitcombe</dc:creator><dc:title>Helpers</dc:title>"
    return odf(body, mimetype=ODS_TYPE, meta=meta)


def test_ods_rows_carry_their_headers() -> None:
    lines = text_of("helpers.ods", volunteers_ods()).splitlines()
    assert lines[:3] == [
        "Sheet: Volunteers",
        "Name; Mobile; Address; DOB; Email",
        f"Name: Eleanor Whitcombe; Mobile: 0{PHONE_DIGITS}; "
        f"Address: 14 Larkspur Close, GL12 8QX; DOB: 1977-09-03; Email: email ({EMAIL})",
    ]
    assert "Name: see note; comment: Daniel Whitcombe; daughter Isla helps" in lines
    assert "Isla Whitcombe" in lines and "Helpers" in lines  # meta.xml


def test_ods_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "helpers.ods", volunteers_ods())
    for category, items in PRIVATE.items():
        assert found.get(category) == items, category


def test_ods_sniffed_from_its_mimetype_member() -> None:
    assert detect_format(Document("attachment-2", volunteers_ods())) is Format.ODF


def test_ods_huge_repeat_counts_cost_nothing() -> None:
    started = time.process_time()
    text_of("helpers.ods", volunteers_ods())
    assert time.process_time() - started < 1.0


# --- OpenDocument text (.odt) ---------------------------------------------------------------


def letter_odt() -> bytes:
    body = (
        "<office:text><text:h>Letter</text:h>"
        "<text:p>Home: 14<text:s/>Larkspur<text:tab/>Close, Wickwar GL12 8QX</text:p>"
        "<text:p>Call <text:span>07700</text:span> 900461</text:p>"
        '<text:p><text:a xlink:href="mailto:ellie.whitcombe77@example.net">write</text:a></text:p>'
        "<text:tracked-changes><text:changed-region><text:deletion><office:change-info>"
        "<dc:creator>Daniel Whitcombe</dc:creator></office:change-info>"
        "<text:p>Born 3 September 1977</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes></office:text>"
    )
    styles = (
        '<style:master-page style:name="Standard"><style:footer><text:p>Isla Whitcombe'
        "</text:p></style:footer></style:master-page>"
    )
    meta = "<dc:creator>Eleanor Whitcombe</dc:creator><meta:keyword>private</meta:keyword>"
    return odf(body, mimetype=ODT_TYPE, meta=meta, styles=styles)


def test_odt_text_footer_links_changes_and_metadata() -> None:
    lines = text_of("letter.odt", letter_odt()).splitlines()
    assert "Home: 14 Larkspur Close, Wickwar GL12 8QX" in lines
    assert "Call 07700 900461" in lines
    for value in (EMAIL, "Daniel Whitcombe", "Born 3 September 1977", "Isla Whitcombe", "private"):
        assert value in lines, value


def test_odt_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "letter.odt", letter_odt())
    for category, items in PRIVATE.items():
        assert found.get(category) == items, category
    assert found[Category.FAMILY] == {"private.family[0]", "private.family[1]"}


def test_odf_without_content_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match=r"content\.xml"):
        text_of("empty.odt", zip_bytes({"meta.xml": "<a/>"}, mimetype=ODT_TYPE))


def test_malformed_odf_content_is_an_extract_error() -> None:
    content = zip_bytes({"content.xml": f"<office:document-content {ODF_NS}>"}, mimetype=ODT_TYPE)
    with pytest.raises(ExtractError, match="not valid XML"):
        text_of("bad.odt", content)


def test_corrupt_ods_is_an_extract_error() -> None:
    content = volunteers_ods()
    with pytest.raises(ExtractError, match="OpenDocument"):
        text_of("cut.ods", content[: len(content) // 2])


# --- PPTX ------------------------------------------------------------------------------------

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"


def slide(*paragraphs: str, root: str = "sld") -> str:
    paras = "".join(f"<a:p><a:r><a:t>{p}</a:t></a:r></a:p>" for p in paragraphs)
    return (
        f'<p:{root} xmlns:a="{A_NS}" xmlns:p="{P_NS}"><p:cSld><p:spTree><p:sp><p:txBody>'
        f"{paras}</p:txBody></p:sp></p:spTree></p:cSld></p:{root}>"
    )


def talk_pptx() -> bytes:
    return zip_bytes(
        {
            "ppt/presentation.xml": f'<p:presentation xmlns:p="{P_NS}"/>',
            "ppt/slides/slide1.xml": slide("Meet your candidate", "Ring 07700 900461"),
            "ppt/slides/slide10.xml": slide("Thank you"),
            "ppt/slides/slide2.xml": slide("Surgery at 14 Larkspur Close, GL12 8QX"),
            "ppt/notesSlides/notesSlide2.xml": slide("Mention Isla Whitcombe", root="notes"),
            "ppt/slideLayouts/slideLayout1.xml": slide("Click to edit Master title style"),
            "ppt/commentAuthors.xml": (
                f'<p:cmAuthorLst xmlns:p="{P_NS}"><p:cmAuthor id="0" name="Daniel Whitcombe"/>'
                "</p:cmAuthorLst>"
            ),
            "ppt/slides/_rels/slide1.xml.rels": (
                f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId2" Type="hyperlink" '
                f'TargetMode="External" Target="mailto:{EMAIL}"/></Relationships>'
            ),
            "docProps/core.xml": CORE_PROPS.format(
                creator="Eleanor Whitcombe", modified="Eleanor Whitcombe", title="Talk"
            ),
        }
    )


def test_pptx_slides_in_order_with_notes_comments_and_links() -> None:
    lines = text_of("talk.pptx", talk_pptx()).splitlines()
    order = [lines.index(v) for v in ("Ring 07700 900461", "Surgery at 14 Larkspur Close, GL12 8QX",
                                      "Mention Isla Whitcombe", "Thank you")]  # fmt: skip
    assert order == sorted(order)
    for value in ("Daniel Whitcombe", EMAIL, "Eleanor Whitcombe", "Talk"):
        assert value in lines
    assert "Click to edit Master title style" not in lines


def test_pptx_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "talk.pptx", talk_pptx())
    assert found[Category.PHONE] == {"private.phones[0]"}
    assert found[Category.EMAIL] == {"private.emails[0]"}
    assert found[Category.HOME_ADDRESS] == {"private.home_address"}
    assert found[Category.FAMILY] == {"private.family[0]", "private.family[1]"}


def test_pptx_sniffed_without_extension() -> None:
    assert detect_format(Document("slides", talk_pptx())) is Format.PPTX


def test_pptx_without_presentation_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="PowerPoint"):
        text_of("x.pptx", zip_bytes({"ppt/slides/slide1.xml": slide("x")}))


def test_corrupt_pptx_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="PPTX"):
        text_of("x.pptx", b"PK\x03\x04garbage" * 10)
