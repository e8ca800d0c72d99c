"""Email: .eml messages and .mbox mailboxes: headers, bodies and attachments.

Read, for each message and each message attached to it (message/rfc822): the address and
subject headers (From, To, Cc, Bcc, Reply-To, Sender, Return-Path, Delivered-To,
X-Original-To, Subject, Date, Organization) with RFC 2047 encoded words decoded; text/plain
bodies in their charset and text/html bodies through the HTML extractor; every other part
(attachments, inline calendars and contact cards) through extraction's own readers, via
embedded.py's depth and size limits. An attachment that cannot be read is listed in
`Extracted.unread`, never dropped silently; signatures (S/MIME, PGP) are skipped quietly.

Bounds: the standard library's parser runs with its compat32 policy, which keeps headers as
raw strings: the default policy's address parser takes quadratic time on a long To: list.
Encoded words are decoded by one regex pass here for the same reason. MIME parameters
(Content-Type, Content-Disposition) are cut to MAX_MIME_HEADER characters before the
parser's parameter splitter sees them, and a message with more than MAX_CONTAINERS nested
parts (multipart boundaries, attached messages) is not read: the parser checks every line
against every open boundary. A mailbox is split on its "From " separator lines in one pass
and reads at most MAX_MESSAGES messages, listing the rest as unread.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from email import message_from_bytes
from email.message import Message
from email.policy import Compat32

from footprint.extract.charset import decode, normalise_charset
from footprint.extract.embedded import Embedded
from footprint.extract.errors import ExtractError, describe
from footprint.extract.html import html_text
from footprint.model import Document, Extracted, GeoPoint

MAX_MIME_HEADER = 4096
MAX_CONTAINERS = 64
MAX_MESSAGES = 10_000

_HEADERS = (
    "from", "to", "cc", "bcc", "reply-to", "sender", "return-path", "delivered-to",
    "x-original-to", "subject", "date", "organization",
)  # fmt: skip
_CONTAINER = re.compile(rb"boundary\s*=|message/(?:rfc822|global)", re.IGNORECASE)
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=")
# A "From " line after a blank line (or at the start) and followed by a header line: a body
# line that happens to start with "From " (unquoted by some mail programs) does not split.
_MBOX_SEPARATOR = re.compile(rb"^From [^\r\n]*\r?\n(?=[!-9;-~]+:)", re.MULTILINE)
_BODIES = frozenset({"text/plain", "text/html"})
_SIGNATURES = frozenset(
    {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"}
)


class _Policy(Compat32):
    """compat32, with MIME parameter headers cut short before anything parses them."""

    def header_fetch_parse(self, name: str, value: str) -> object:
        if len(value) > MAX_MIME_HEADER and name.lower() in (
            "content-type",
            "content-disposition",
        ):
            value = value[:MAX_MIME_HEADER]
        return super().header_fetch_parse(name, value)


_POLICY = _Policy()


class _Collected:
    """Text, photo positions and unread parts gathered from one message or mailbox."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.gps: list[GeoPoint] = []
        self.unread: list[tuple[str, str]] = []

    def result(self) -> Extracted:
        return Extracted("\n".join(self.lines), tuple(self.gps), tuple(self.unread))


def eml_text(content: bytes, embedded: Embedded) -> Extracted:
    out = _Collected()
    _message(content, embedded, out, "")
    return out.result()


def mbox_text(content: bytes, embedded: Embedded) -> Extracted:
    content = content.lstrip(b"\r\n")
    if not content.startswith(b"From "):
        raise ExtractError('not an mbox mailbox (it does not start with a "From " line)')
    out = _Collected()
    starts = [
        m.start()
        for m in _MBOX_SEPARATOR.finditer(content)
        if m.start() == 0 or content.endswith((b"\n\n", b"\n\r\n"), 0, m.start())
    ]
    for number, start in enumerate(starts[:MAX_MESSAGES], start=1):
        end = starts[number] if number < len(starts) else len(content)
        body_start = content.find(b"\n", start, end)
        raw = content[body_start + 1 : end] if body_start != -1 else b""
        out.lines.append("")
        try:
            _message(raw, embedded, out, f"message {number}, ")
        except ExtractError as exc:
            out.unread.append((f"message {number}", exc.reason))
        except Exception as exc:  # one damaged message must not hide the rest of the mailbox
            out.unread.append((f"message {number}", f"unreadable message ({describe(exc)})"))
    if len(starts) > MAX_MESSAGES:
        out.unread.append(
            (
                f"messages {MAX_MESSAGES + 1} to {len(starts)}",
                f"not read (a mailbox is read up to {MAX_MESSAGES} messages)",
            )
        )
    return out.result()


def _message(raw: bytes, embedded: Embedded, out: _Collected, where: str) -> None:
    if len(_CONTAINER.findall(raw)) > MAX_CONTAINERS:
        raise ExtractError(
            f"message has too many nested parts to read safely (over {MAX_CONTAINERS})"
        )
    message = message_from_bytes(raw, policy=_POLICY)
    if not message.keys():
        raise ExtractError("not an email message (no headers)")
    # Depth-first in document order, without recursion; (part, whether it is a message).
    stack: list[tuple[Message, bool]] = [(message, True)]
    attachments = 0
    while stack:
        part, is_message = stack.pop()
        if is_message:
            _headers(part, out)
        payload = part.get_payload()
        if isinstance(payload, list):
            attached = part.get_content_type() in ("message/rfc822", "message/global")
            children = [(p, attached) for p in payload if isinstance(p, Message)]
            stack.extend(reversed(children))
            continue
        kind = part.get_content_type()
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or kind in _SIGNATURES:
            continue
        filename = part.get_filename()
        if filename:  # Outlook writes encoded words here too
            filename = decode_words(filename)
        charset = normalise_charset(part.get_content_charset())
        if kind in _BODIES and not filename and part.get_content_disposition() != "attachment":
            text = html_text(data, charset) if kind == "text/html" else decode(data, charset)
            out.lines.append(text)
            continue
        attachments += 1
        name = repr(filename) if filename else f"{attachments} ({kind})"
        doc = Document(filename or f"attachment-{attachments}", data, _declared(kind, charset))
        _attachment(doc, embedded, out, f"{where}attachment {name}")


def _attachment(doc: Document, embedded: Embedded, out: _Collected, label: str) -> None:
    try:
        found = embedded.read(doc)
    except ExtractError as exc:
        out.unread.append((label, exc.reason))
        return
    out.lines.append(found.text)
    out.gps.extend(found.gps)
    out.unread.extend((f"{label}, {where}", why) for where, why in found.unread)


def _declared(kind: str, charset: str | None) -> str | None:
    """The media type to trust: mail clients label most attachments octet-stream."""
    if kind in ("application/octet-stream", "application/unknown", "binary/octet-stream"):
        return None
    return f"{kind}; charset={charset}" if charset and kind.startswith("text/") else kind


def _headers(message: Message, out: _Collected) -> None:
    for name, value in message.raw_items():
        if name.lower() in _HEADERS:
            text = decode_words(_raw_text(value))
            out.lines.append(f"{name}: {' '.join(text.split())}")


def _raw_text(value: object) -> str:
    """A raw header value as text: compat32 keeps undecoded 8-bit bytes as surrogates."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = decode(text.encode("utf-8", errors="surrogateescape"))
    return text


def decode_words(value: str) -> str:
    """RFC 2047 encoded words ("=?utf-8?q?Whitcombe?=") decoded in one pass; whitespace
    between two adjacent encoded words is dropped, as the RFC says."""
    if "=?" not in value:
        return value
    pieces: list[str] = []
    last = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[last : match.start()]
        if not (last and not between.strip()):
            pieces.append(between)
        pieces.append(_decode_word(*match.groups()))
        last = match.end()
    pieces.append(value[last:])
    return "".join(pieces)


def _decode_word(charset: str, encoding: str, text: str) -> str:
    try:
        if encoding in "bB":
            data = base64.b64decode(text + "=" * (-len(text) % 4))
        else:
            data = binascii.a2b_qp(text.encode("ascii", errors="replace"), header=True)
    except (binascii.Error, ValueError):
        return text
    name = normalise_charset(charset.partition("*")[0]) or "utf-8"
    try:
        return codecs.decode(data, name, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")
