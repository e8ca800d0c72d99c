"""RTF, vCard (.vcf) and iCalendar (.ics): written in the test, checked with the real Matcher."""

from __future__ import annotations

import time

import pytest
from office_files import EMAIL, hits_of, text_of

from footprint.extract import ExtractError, Format, detect_format
from footprint.model import Category, Document
from footprint.profile import Profile

# --- RTF --------------------------------------------------------------------------------------

LETTER_RTF = rb"""{\rtf1\ansi\ansicpg1252\deff0
{\fonttbl{\f0\fswiss Helvetica;}{\f1 Secret Font Name;}}
{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s0 Normal Style Name;}}
{\info{\title Nomination letter}{\author Eleanor Whitcombe}{\operator Daniel Whitcombe}
{\creatim\yr2024\mo3\dy1}}
{\*\generator Riched20 10.0}
{\header\pard Wickwar ward\par}
\pard\plain Home: 14 Larkspur Close, Wickwar GL12 8QX\par
Mobile: 07700\~900461\par
Born 3\u160? September 1977 in a caf\'e9\par
{\field{\*\fldinst{HYPERLINK "mailto:ellie.whitcombe77@example.net"}}{\fldrslt{write to me}}}\par
\trowd\cellx2000\cellx4000 Isla\cell Whitcombe\cell\row
{\pict\pngblip 89504e470d0a1a0a0000000d49484452}
{\*\annotation{\*\atnauthor Campaign office}\chatn check this}
{\*\unknowndestination hidden junk}
\bin4 {}\\x after binary\par
}"""


def test_rtf_text_info_fields_and_links() -> None:
    lines = text_of("letter.rtf", LETTER_RTF).splitlines()
    for line in (
        "Nomination letter",
        "Eleanor Whitcombe",
        "Daniel Whitcombe",
        "Wickwar ward",
        "Home: 14 Larkspur Close, Wickwar GL12 8QX",
        "Mobile: 07700 900461",
        "Born 3 September 1977 in a caf\u00e9",
        "Isla Whitcombe",
        "Campaign office",
        "check this",
    ):
        assert line in lines, line
    text = "\n".join(lines)
    assert EMAIL in text  # from the HYPERLINK field instruction
    assert "write to me" in text
    for hidden in ("Secret Font Name", "Normal Style Name", "89504e47", "hidden junk", "Riched20"):
        assert hidden not in text, hidden
    assert "after binary" in text and "{}" not in text  # \bin4 skipped exactly four bytes


def test_rtf_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "letter.rtf", LETTER_RTF)
    assert found[Category.PHONE] == {"private.phones[0]"}
    assert found[Category.EMAIL] == {"private.emails[0]"}
    assert found[Category.HOME_ADDRESS] == {"private.home_address"}
    assert found[Category.DATE_OF_BIRTH] == {"private.date_of_birth"}
    assert found[Category.FAMILY] == {"private.family[0]", "private.family[1]"}


def test_rtf_unicode_fallbacks_and_code_pages() -> None:
    content = rb"{\rtf1\ansi\ansicpg1251\uc2 \u1040\'c0\'c0 \'c1\u-10179\u-8704??\par}"
    # \uc2: two fallback characters follow each \u; cp1251 \'c1 is Cyrillic Be; a surrogate pair.
    assert text_of("u.rtf", content) == "\u0410 \u0411\U0001f600"


def test_rtf_sniffed_before_json() -> None:
    assert detect_format(Document("download", LETTER_RTF)) is Format.RTF


def test_rtf_unbalanced_braces_are_tolerated() -> None:
    assert text_of("cut.rtf", rb"{\rtf1 Home: 14 Larkspur Close}}}{{{") == "Home: 14 Larkspur Close"


@pytest.mark.parametrize("content", [b"", b"{\\notrtf}", b"\x00\x01 binary"])
def test_not_an_rtf_is_an_extract_error(content: bytes) -> None:
    with pytest.raises(ExtractError, match="not an RTF file"):
        text_of("broken.rtf", content)


def test_rtf_is_linear_in_hostile_nesting() -> None:
    content = b"{\\rtf1 " + b"{\\b " * 200_000 + b"deep 07700 900461" + b"}" * 200_000 + b"}"
    started = time.process_time()
    text = text_of("deep.rtf", content)
    assert time.process_time() - started < 2.0
    assert text == "deep 07700 900461"


# --- vCard ------------------------------------------------------------------------------------

CARDS_VCF = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\n"
    b"FN:Eleanor Whitcombe\r\n"
    b"N:Whitcombe;Eleanor;;;\r\n"
    b"TEL;TYPE=CELL,VOICE:07700 9004\r\n 61\r\n"  # folded across two lines
    b"EMAIL;TYPE=INTERNET,HOME:ellie.whitcombe77@example.net\r\n"
    b"ADR;TYPE=HOME:;;14 Larkspur Close;Wickwar\\, Wotton-under-Edge;;GL12 8QX;UK\r\n"
    b"BDAY:19770903\r\n"
    b"item1.X-ABRELATEDNAMES:Daniel Whitcombe\r\n"
    b"item1.X-ABLabel:_$!<Spouse>!$_\r\n"
    b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
    b"END:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
    b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Whitcombe;Isla=\r\n"
    b"=C3=A9;;;\r\n"  # a quoted-printable soft line break
    b"TEL;CELL:tel:+44-7700-900461\r\n"
    b"NOTE:Daughter\\nlikes horses\r\n"
    b"END:VCARD\r\n"
)


def test_vcard_properties_one_per_line() -> None:
    lines = text_of("contacts.vcf", CARDS_VCF).splitlines()
    for line in (
        "Name: Eleanor Whitcombe",
        "Name: Eleanor Whitcombe",
        "Phone (cell, voice): 07700 900461",
        f"Email (home): {EMAIL}",
        "Address (home): 14 Larkspur Close, Wickwar, Wotton-under-Edge, GL12 8QX, UK",
        "Birthday: 1977-09-03",
        "Related: Daniel Whitcombe",
        "Label: Spouse",
        "Name: Isla\u00e9 Whitcombe",
        "Phone (cell): +44-7700-900461",
        "Note: Daughter, likes horses",
    ):
        assert line in lines, line
    assert not any("/9j/" in line for line in lines)  # the photo's base64


def test_vcard_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "contacts.vcf", CARDS_VCF)
    assert found[Category.PHONE] == {"private.phones[0]"}
    assert found[Category.EMAIL] == {"private.emails[0]"}
    assert found[Category.HOME_ADDRESS] == {"private.home_address"}
    assert found[Category.DATE_OF_BIRTH] == {"private.date_of_birth"}
    assert "private.family[0]" in found[Category.FAMILY]


def test_vcard_sniffed() -> None:
    assert detect_format(Document("contact", CARDS_VCF)) is Format.VCARD


@pytest.mark.parametrize("content", [b"", b"FN:No card here", b"\x00\x01\x02"])
def test_not_a_vcard_is_an_extract_error(content: bytes) -> None:
    with pytest.raises(ExtractError, match="not a vCard file"):
        text_of("broken.vcf", content)


def test_vcard_with_huge_folded_value_is_linear() -> None:
    content = b"BEGIN:VCARD\r\nNOTE:start" + b"\r\n x" * 300_000 + b"\r\nEND:VCARD\r\n"
    started = time.process_time()
    text = text_of("long.vcf", content)
    assert time.process_time() - started < 2.0
    assert text.startswith("Note: startxxx")


# --- iCalendar --------------------------------------------------------------------------------

DIARY_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Diary//EN\r\n"
    b"BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nTZNAME:GMT\r\nEND:VTIMEZONE\r\n"
    b"BEGIN:VEVENT\r\nUID:1@example\r\nDTSTAMP:20240301T090000Z\r\n"
    b"SUMMARY:Ellie's birthday\r\n"
    b"DTSTART;VALUE=DATE:19770903\r\nRRULE:FREQ=YEARLY\r\n"
    b"END:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:2@example\r\n"
    b"SUMMARY:Volunteer evening\r\n"
    b"DTSTART:20240301T183000Z\r\n"
    b"LOCATION:14 Larkspur Close\\, Wickwar GL12 8QX\r\n"
    b"DESCRIPTION:Bring leaflets.\\nCall 07700 900461 if la\r\n te.\r\n"
    b'ORGANIZER;CN="Eleanor Whitcombe":mailto:ellie.whitcombe77@example.net\r\n'
    b"ATTENDEE;CN=Daniel Whitcombe;ROLE=REQ-PARTICIPANT:mailto:dan@example.org\r\n"
    b'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS="14 Larkspur Close, Wickwar";'
    b"X-TITLE=Home:geo:51.6001,-2.3987\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_ical_events_one_property_per_line() -> None:
    lines = text_of("diary.ics", DIARY_ICS).splitlines()
    for line in (
        "Summary: Ellie's birthday",
        "Start: 1977-09-03",
        "Start: 2024-03-01 18:30",
        "Location: 14 Larkspur Close, Wickwar GL12 8QX",
        "Description: Bring leaflets., Call 07700 900461 if late.",
        f"Organiser: Eleanor Whitcombe <{EMAIL}>",
        "Attendee: Daniel Whitcombe <dan@example.org>",
        "X-APPLE-STRUCTURED-LOCATION: Home",
        "X-APPLE-STRUCTURED-LOCATION: 14 Larkspur Close, Wickwar",
    ):
        assert line in lines, line
    text = "\n".join(lines)
    for noise in ("1@example", "FREQ=YEARLY", "Europe/London", "GMT", "PRODID", "20240301T09"):
        assert noise not in text, noise


def test_ical_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "diary.ics", DIARY_ICS)
    assert found[Category.PHONE] == {"private.phones[0]"}
    assert found[Category.EMAIL] == {"private.emails[0]"}
    assert found[Category.HOME_ADDRESS] == {"private.home_address"}
    assert found[Category.DATE_OF_BIRTH] == {"private.date_of_birth"}
    assert found[Category.FAMILY] == {"private.family[0]"}


def test_ical_sniffed() -> None:
    assert detect_format(Document("invite", DIARY_ICS)) is Format.ICALENDAR


@pytest.mark.parametrize("content", [b"", b"SUMMARY:no calendar", b"\xff\xfe\x00garbage"])
def test_not_an_ical_is_an_extract_error(content: bytes) -> None:
    with pytest.raises(ExtractError, match="not an iCalendar file"):
        text_of("broken.ics", content)
