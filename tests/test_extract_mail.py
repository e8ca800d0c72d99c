"""Email (.eml) and mailboxes (.mbox): headers, bodies, attachments through the same readers."""

from __future__ import annotations

import asyncio
import base64
import time
from email.message import EmailMessage

import httpx
import pytest
from office_files import (
    DATE_STYLES,
    DOB_SERIAL,
    EMAIL,
    PHONE_DIGITS,
    hits_of,
    inline,
    number,
    row,
    text_of,
    worksheet,
    xlsx,
)

from footprint.engine import Engine
from footprint.extract import ExtractError, Format, detect_format, extract
from footprint.extract import embedded as embedded_module
from footprint.extract import mail as mail_module
from footprint.model import Category, Document, Identifier
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions
from footprint.workers import Extraction, Reading

OLD_WORD_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100  # a legacy .doc


def volunteers_sheet() -> bytes:
    sheet = worksheet(
        row(1, inline("Mobile", "A1"), inline("DOB", "B1")),
        row(2, number(PHONE_DIGITS, "A2"), number(DOB_SERIAL, "B2", 1)),
    )
    return xlsx({"Helpers": sheet}, styles=DATE_STYLES)


def forwarded() -> EmailMessage:
    inner = EmailMessage()
    inner["From"] = "Daniel Whitcombe <dan@example.org>"
    inner["To"] = "Campaign <office@example.org>"
    inner["Subject"] = "Ellie's number"
    inner.set_content("Her mobile is 07700 900461, don't share it.")
    inner.add_attachment(OLD_WORD_DOC, maintype="application", subtype="msword", filename="cv.doc")
    return inner


def campaign_mail() -> bytes:
    message = EmailMessage()
    message["From"] = f"Ellie Whitcombe <{EMAIL}>"
    message["To"] = "Volunteers <team@example.org>"
    message["Subject"] = "=?utf-8?q?Thanks_from_Isla_Whitcombe?="
    message["Date"] = "Sat, 02 Mar 2024 10:00:00 +0000"
    message.set_content("Plain body: meet at the hall.")
    message.add_alternative(
        "<html><body><p>Meet at <b>14 Larkspur Close</b>, Wickwar GL12 8QX</p></body></html>",
        subtype="html",
    )
    message.add_attachment(
        volunteers_sheet(), maintype="application", subtype="octet-stream", filename="helpers.xlsx"
    )
    message.add_attachment(forwarded())  # message/rfc822
    return bytes(message)


def test_eml_headers_bodies_and_attachments() -> None:
    extracted = extract(Document("thanks.eml", campaign_mail()))
    lines = extracted.text.splitlines()
    assert f"From: Ellie Whitcombe <{EMAIL}>" in lines
    assert "Subject: Thanks from Isla Whitcombe" in lines  # RFC 2047 encoded word decoded
    assert any("14 Larkspur Close , Wickwar GL12 8QX" in line for line in lines)  # HTML body
    assert "Plain body: meet at the hall." in lines
    assert f"Mobile: 0{PHONE_DIGITS}; DOB: 1977-09-03" in lines  # the .xlsx attachment
    # The attached message: its headers and body are read too.
    assert "From: Daniel Whitcombe <dan@example.org>" in lines
    assert any("Her mobile is 07700 900461" in line for line in lines)
    assert extracted.unread == (("attachment 'cv.doc'", "not read (type not supported: .doc)"),)


def test_eml_private_details_are_found(candidate: Profile) -> None:
    found = hits_of(candidate, "thanks.eml", campaign_mail())
    assert found[Category.PHONE] == {"private.phones[0]"}
    assert found[Category.EMAIL] == {"private.emails[0]"}
    assert found[Category.HOME_ADDRESS] == {"private.home_address"}
    assert found[Category.DATE_OF_BIRTH] == {"private.date_of_birth"}
    assert found[Category.FAMILY] == {"private.family[0]", "private.family[1]"}


def test_eml_sniffed_without_extension() -> None:
    assert detect_format(Document("message-4", campaign_mail())) is Format.EMAIL
    assert detect_format(Document("note", b"Shopping: eggs\nTo do: call\n\nmilk")) is Format.TEXT


def test_quoted_printable_body_and_8bit_header() -> None:
    raw = (
        "From: Ellie Whitcombe <ellie@example.org>\r\n"
        "Subject: Caf\u00e9 meeting\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "Ring 07700=\r\n 900461 caf=C3=A9\r\n"
    ).encode()
    text = text_of("qp.eml", raw)
    assert "Subject: Caf\u00e9 meeting" in text
    assert "Ring 07700 900461 caf\u00e9" in text


def message_with_attached_file(depth: int) -> bytes:
    """A message whose attachment is a message file, `depth` levels down, ending in a phone."""
    content = b"From: a@example.org\nSubject: level %d\n\nInnermost 07700 900461\n" % depth
    for level in range(depth - 1, -1, -1):
        outer = EmailMessage()
        outer["From"] = "a@example.org"
        outer["Subject"] = f"level {level}"
        outer.set_content(f"level {level} body")
        outer.add_attachment(
            content, maintype="application", subtype="octet-stream", filename=f"l{level + 1}.eml"
        )
        content = bytes(outer)
    return content


def test_attachment_depth_is_limited() -> None:
    within = extract(Document("m.eml", message_with_attached_file(embedded_module.MAX_DEPTH)))
    assert "Innermost 07700 900461" in within.text and within.unread == ()
    beyond = extract(Document("m.eml", message_with_attached_file(embedded_module.MAX_DEPTH + 1)))
    assert "Innermost" not in beyond.text
    assert f"level {embedded_module.MAX_DEPTH} body" in beyond.text
    [(where, why)] = beyond.unread
    assert (
        where
        == "attachment 'l1.eml', attachment 'l2.eml', attachment 'l3.eml', attachment 'l4.eml'"
    )
    assert why == "not read (attachments nested more than 3 deep)"


def test_total_attachment_size_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded_module, "MAX_EMBEDDED_BYTES", 3_000)
    message = EmailMessage()
    message["From"] = "a@example.org"
    message.set_content("body")
    for name in ("a.txt", "b.txt"):
        message.add_attachment(b"x" * 2_000, maintype="text", subtype="plain", filename=name)
    extracted = extract(Document("big.eml", bytes(message)))
    assert extracted.unread == (
        ("attachment 'b.txt'", "not read (over the 0 MB limit for one file's attachments)"),
    )


def test_encoded_attachment_name_keeps_its_extension() -> None:
    raw = (
        b'From: a@example.org\nContent-Type: multipart/mixed; boundary="zz"\n\n'
        b"--zz\nContent-Type: text/plain\n\nsee attached\n"
        b"--zz\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
        b'Content-Disposition: attachment; filename="=?utf-8?q?Ellie=E2=80=99s_notes.doc?="\n\n'
        + base64.b64encode(OLD_WORD_DOC)
        + b"\n--zz--\n"
    )
    assert extract(Document("a.eml", raw)).unread == (
        ("attachment 'Ellie\u2019s notes.doc'", "not read (type not supported: .doc)"),
    )


def test_signatures_are_skipped_quietly() -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message.set_content("signed")
    message.add_attachment(b"\x30\x82", maintype="application", subtype="pkcs7-signature",
                           filename="smime.p7s")  # fmt: skip
    assert extract(Document("s.eml", bytes(message))).unread == ()


def test_too_many_nested_parts_is_an_extract_error() -> None:
    head = b"From: a@example.org\nMIME-Version: 1.0\n"
    nest = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(100)
    )
    with pytest.raises(ExtractError, match="too many nested parts"):
        text_of("deep.eml", head + nest + b"Content-Type: text/plain\n\nhi\n")


def test_long_recipient_list_is_linear() -> None:
    recipients = ", ".join(f"Volunteer {i} <v{i}@example.org>" for i in range(40_000))
    raw = f"From: a@example.org\nTo: {recipients}, {EMAIL}\nSubject: all\n\nbody\n".encode()
    started = time.process_time()
    text = text_of("list.eml", raw)
    assert time.process_time() - started < 2.0
    assert EMAIL in text


def test_many_encoded_words_are_linear() -> None:
    subject = " ".join(["=?utf-8?q?Isla?="] * 40_000)
    raw = f"From: a@example.org\nSubject: {subject}\n\nbody\n".encode()
    started = time.process_time()
    text = text_of("words.eml", raw)
    assert time.process_time() - started < 2.0
    assert "IslaIslaIsla" in text  # adjacent encoded words join without the spaces


def test_long_mime_parameters_are_cut_before_parsing() -> None:
    params = "; ".join(f'p{i}="v"' for i in range(200_000))
    raw = (
        f'From: a@example.org\nContent-Type: multipart/mixed; boundary="zz"; {params}\n\n'
        "--zz\nContent-Type: text/plain\n\nInside 07700 900461\n--zz--\n"
    ).encode()
    started = time.process_time()
    text_of("params.eml", raw)
    assert time.process_time() - started < 2.0


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02 binary junk", b"no headers here at all"])
def test_corrupt_eml_is_an_extract_error(content: bytes) -> None:
    with pytest.raises(ExtractError, match="not an email message"):
        text_of("broken.eml", content)


# --- mbox -------------------------------------------------------------------------------------


def mailbox(*messages: bytes) -> bytes:
    return b"".join(
        b"From sender@example.org Sat Mar  2 10:00:00 2024\n" + m.rstrip(b"\n") + b"\n\n"
        for m in messages
    )


def test_mbox_every_message_is_read(candidate: Profile) -> None:
    content = mailbox(
        b"From: a@example.org\nSubject: one\n\nFirst, about Daniel Whitcombe\n>From the start\n",
        campaign_mail(),
        b"From: c@example.org\nSubject: three\n\nThird: born 03/09/1977\n",
    )
    extracted = extract(Document("Inbox.mbox", content))
    assert "First, about Daniel Whitcombe" in extracted.text
    assert "Third: born 03/09/1977" in extracted.text
    assert extracted.unread == (
        ("message 2, attachment 'cv.doc'", "not read (type not supported: .doc)"),
    )
    found = hits_of(candidate, "Inbox.mbox", content)
    assert found[Category.PHONE] == {"private.phones[0]"}
    assert found[Category.DATE_OF_BIRTH] == {"private.date_of_birth"}
    assert detect_format(Document("Inbox", content)) is Format.MBOX


def test_mbox_body_line_starting_with_from_does_not_split_a_message() -> None:
    body = b"From: a@example.org\nSubject: one\n\nWe met.\n\nFrom 9 to 5 at 14 Larkspur Close\n"
    extracted = extract(Document("m.mbox", mailbox(body, b"From: b@example.org\n\ntwo\n")))
    assert "From 9 to 5 at 14 Larkspur Close" in extracted.text
    assert extracted.unread == ()


def test_large_mbox_is_split_in_linear_time() -> None:
    content = mailbox(*(b"From: a@example.org\nSubject: s\n\nbody %d\n" % i for i in range(5_000)))
    started = time.process_time()
    text = text_of("big.mbox", content)
    assert time.process_time() - started < 2.0
    assert "body 4999" in text


def test_mbox_message_limit_lists_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail_module, "MAX_MESSAGES", 2)
    content = mailbox(*(b"From: a@example.org\n\nbody %d\n" % i for i in range(5)))
    extracted = extract(Document("big.mbox", content))
    assert "body 1" in extracted.text and "body 2" not in extracted.text
    assert extracted.unread == (
        ("messages 3 to 5", "not read (a mailbox is read up to 2 messages)"),
    )


def test_mbox_bad_message_is_listed_and_the_rest_read() -> None:
    deep = b"From: a@example.org\n" + b'Content-Type: multipart/mixed; boundary="b"\n' * 70
    content = mailbox(deep, b"From: b@example.org\n\nstill read\n")
    extracted = extract(Document("m.mbox", content))
    assert "still read" in extracted.text
    assert [where for where, _ in extracted.unread] == ["message 1"]


def test_not_an_mbox_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="not an mbox"):
        text_of("x.mbox", b"Subject: hi\n\nno separator line")


# --- the engine lists what could not be read inside a document ------------------------------


async def test_unread_attachment_is_a_skipped_item_of_the_scan(candidate: Profile) -> None:
    class Mailbox(Scanner):
        name = "mailbox"
        description = "test: one message"
        network = False

        async def scan(self, ctx: ScanContext, identifier: Identifier | None):  # type: ignore[override]
            event: Event = Document("thanks.eml", campaign_mail())
            yield event

    counter = RequestCounter()
    async with build_client(
        NetSettings(offline=True), httpx.MockTransport(lambda r: None), counter
    ) as client:  # type: ignore[arg-type,return-value]
        engine = Engine(
            candidate, [Mailbox()], ScanContext(client, ScanOptions(offline=True)), counter
        )
        result = await engine.run(candidate.seeds())
    status = {s.name: s for s in result.sources}["mailbox"]
    assert status.skipped_items == [
        ("thanks.eml (attachment 'cv.doc')", "not read (type not supported: .doc)")
    ]
    assert status.documents == 1
    assert {f.category for f in result.findings} >= {Category.PHONE, Category.DATE_OF_BIRTH}


def test_unread_parts_come_back_from_a_worker_process(candidate: Profile) -> None:
    async def main() -> Reading:
        extraction = Extraction(candidate, in_process_bytes=0)  # every document to a worker
        try:
            return await extraction.read(Document("thanks.eml", campaign_mail()), local=True)
        finally:
            extraction.close()

    hits, unread = asyncio.run(main())
    assert unread == (("attachment 'cv.doc'", "not read (type not supported: .doc)"),)
    assert Category.PHONE in {hit.category for hit in hits}
