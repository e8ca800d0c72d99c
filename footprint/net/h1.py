"""HTTP/1.1 framing for the pool, without I/O: a request head written, a response parsed.

It replaced h11, which cost a sixth of the client's CPU per request (benchmarks/
bench_client.py) on work a client of this kind never needs: a state machine for both roles
and a regex per header both ways. What stays is what makes hostile answers harmless:

- The head (status line and headers) may be at most `MAX_HEAD` bytes, a chunk-size line or
  the trailers as much; anything longer is a protocol error, not a growing buffer.
- Every byte is looked at a bounded number of times: a head or line dribbled a byte at a time
  is searched from where the last search stopped, so cost stays linear.
- Framing follows RFC 9112 section 6.3: no body after HEAD, 1xx, 204 or 304; chunked when
  Transfer-Encoding says so (any other transfer coding is refused); otherwise a
  Content-Length, which must be one number (repeats must agree); otherwise to the close.
- A connection is kept for another request only when the answer was HTTP/1.1, framed (not to
  the close), neither side said `Connection: close`, and nothing came after its end.
- Headers going out are checked like h11 did: a name is a token, a value holds no CR, LF or
  NUL, so no header can be smuggled in through a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from footprint.net.errors import CutShort

MAX_HEAD = 100 * 1024  # bytes of status line and headers (the limit httpcore set for h11)

_STATUS = re.compile(rb"HTTP/(1)\.(\d) ([0-9]{3})(?: ([^\x00-\x08\x0a-\x1f\x7f]*))?")
_TOKEN = rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+"
_FIELD = re.compile(rb"(" + _TOKEN + rb"):([^\x00-\x08\x0a-\x1f\x7f]*)")  # strip(), not a regex
_METHOD = re.compile(_TOKEN)
_NAMES = re.compile(rb"(?:" + _TOKEN + rb"\n)*")  # the names, each followed by \n
_BAD_VALUE = re.compile(rb"[\x00\r\n]")
_TARGET = re.compile(rb"[^\x00-\x20\x7f]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;.*)?")
_NO_BODY_STATUS = (204, 304)


def protocol_error(why: str) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError(f"the answer was not valid HTTP/1.1: {why}")


# -- the request ---------------------------------------------------------------------------


def request_head(method: str, target: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The request line and headers, ready to send; raises LocalProtocolError for a header
    or target that could split the request."""
    if not _METHOD.fullmatch(method.encode("ascii", "replace")):
        raise httpx.LocalProtocolError(f"illegal method {method[:20]!r}")
    if not _TARGET.fullmatch(target):
        raise httpx.LocalProtocolError(f"illegal request target {target[:80]!r}")
    if not _NAMES.fullmatch(b"".join(name + b"\n" for name, _ in headers)):
        raise httpx.LocalProtocolError("illegal header name")
    lines = [b"%s %s HTTP/1.1" % (method.encode("ascii"), target)]
    for name, value in headers:
        if _BAD_VALUE.search(value):
            raise httpx.LocalProtocolError(f"illegal header value in {name.decode()!r}")
        lines.append(name + b": " + value)
    lines.append(b"\r\n")
    return b"\r\n".join(lines)


def request_framing(headers: list[tuple[bytes, bytes]]) -> tuple[int | None, bool]:
    """(length, close): how a request body goes out, its declared length or None for chunked
    (0 when the request says neither: then it has no body); and whether it asks the server to
    close the connection after answering."""
    length: int | None = 0
    close = False
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"transfer-encoding" and value.strip().lower() == b"chunked":
            length = None
        elif lowered == b"content-length" and length is not None:
            if not value.strip().isdigit():
                raise httpx.LocalProtocolError(f"bad Content-Length {value[:30]!r}")
            length = int(value)
        elif lowered == b"connection":
            close = close or b"close" in value.lower()
    return length, close


# -- the response ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Head:
    status: int
    reason: bytes
    version: bytes  # b"1.1"
    headers: list[tuple[bytes, bytes]]  # as sent: names in their own case
    length: int | None  # bytes of body; None: chunked; -1: to the close
    keep_alive: bool


LENGTH_TO_CLOSE = -1


class ResponseParser:
    """One connection's answers, fed as bytes arrive. `head()` then `body()` until it says
    the body ended; each returns None when it needs more data (`feed` it, or `feed_eof`)."""

    __slots__ = (
        "_buf",
        "_chunk_state",
        "_ended",
        "_eof",
        "_head",
        "_left",
        "_scan",
        "_trailer_bytes",
    )

    def __init__(self) -> None:
        self._buf = bytearray()
        self._eof = False
        self._scan = 0  # where the search for the end of a head or line goes on
        self._head: Head | None = None
        self._left = 0  # body bytes still to come (length framing, or of the current chunk)
        self._chunk_state = 0  # chunked: 0 size line, 1 data, 2 its line end, 3 trailers, 4 end
        self._trailer_bytes = 0
        self._ended = False  # the body was read to its end

    def feed(self, data: bytes) -> None:
        self._buf += data

    def feed_eof(self) -> None:
        self._eof = True

    @property
    def buffered(self) -> bool:
        """Bytes were received that no answer has taken (or the server closed)."""
        return bool(self._buf) or self._eof

    # -- the head ----------------------------------------------------------------------

    def head(self, method: str, request_close: bool) -> Head | None:
        """The next final answer's head (1xx answers are passed over), or None for more data."""
        while True:
            end = self._find_head_end()
            if end is None:
                if len(self._buf) > MAX_HEAD:
                    raise protocol_error(f"the headers are longer than {MAX_HEAD} bytes")
                if self._eof:
                    if not _starts_like_http(self._buf):
                        raise protocol_error("no status line")
                    raise CutShort("the server closed the connection before its answer ended")
                return None
            if end > MAX_HEAD:
                raise protocol_error(f"the headers are longer than {MAX_HEAD} bytes")
            raw = bytes(self._buf[:end])
            del self._buf[:end]
            self._scan = 0
            head = _parse_head(raw, method, request_close)
            if 100 <= head.status < 200:
                if head.status == 101:
                    raise protocol_error("the server switched protocols unasked")
                continue
            self._head = head
            self._left = head.length if head.length and head.length > 0 else 0
            self._chunk_state = 0
            self._trailer_bytes = 0
            self._ended = False
            return head

    def _find_head_end(self) -> int | None:
        """The offset just past the blank line ending the head (lines end in CRLF or LF)."""
        buf = self._buf
        start = self._scan
        while (newline := buf.find(b"\n", start)) >= 0:
            after = buf[newline + 1 : newline + 3]
            if after[:1] == b"\n":
                return newline + 2
            if after == b"\r\n":
                return newline + 3
            if after in (b"", b"\r"):
                break  # the bytes that decide have not arrived yet
            start = newline + 1  # a header line follows
        else:
            newline = len(buf)
        self._scan = newline
        return None

    # -- the body ----------------------------------------------------------------------

    def body(self) -> bytes | bool | None:
        """Body bytes as they are available; None when more data is needed; True when the body
        has ended (and the connection may be kept), False when it ended at the close."""
        head = self._head
        assert head is not None, "body() before head()"
        if head.length is None:
            step = True if self._chunk_state == 4 else self._chunked()
            self._ended = step is True
            return step
        if head.length == LENGTH_TO_CLOSE:
            if self._buf:
                return self._take(len(self._buf))
            return False if self._eof else None
        if self._left == 0:
            self._ended = True
            return True
        if self._buf:
            data = self._take(min(self._left, len(self._buf)))
            self._left -= len(data)
            return data
        if self._eof:
            raise CutShort("the server closed the connection before the body ended")
        return None

    def whole_body(self) -> bytes | None:
        """The body at once if all of it has arrived with the head (a length-framed answer),
        ended as `body` would end it; None to read it with `body`."""
        head = self._head
        assert head is not None, "whole_body() before head()"
        if head.length is None or head.length == LENGTH_TO_CLOSE or self._left > len(self._buf):
            return None
        data = self._take(self._left) if self._left else b""
        self._left = 0
        self._ended = True
        return data

    def reusable(self) -> bool:
        """Whether the connection can take another request: the body was read to its end, the
        answer allows it, and nothing else came."""
        return (
            self._ended
            and bool(self._head and self._head.keep_alive)
            and not self._buf
            and not self._eof
        )

    def _take(self, size: int) -> bytes:
        data = bytes(self._buf[:size])
        del self._buf[:size]  # bytearray drops from the front without moving the rest
        return data

    def _chunked(self) -> bytes | bool | None:
        """Every chunk's data now in the buffer, joined; the end or None as `body` says."""
        parts: list[bytes] = []
        while (step := self._chunk_step()) is not None:
            if step is True:
                if parts:  # the end is still in the state: said next time
                    break
                return True
            if step:
                parts.append(step)
        if parts:
            return b"".join(parts)
        if self._eof:
            raise CutShort("the server closed the connection before the body ended")
        return None

    def _chunk_step(self) -> bytes | bool | None:
        """One step through the chunked body: data (b"" for a step without any), None when
        more input is needed, True at the end."""
        if self._chunk_state == 1:  # chunk data
            if not self._buf:
                return None
            data = self._take(min(self._left, len(self._buf)))
            self._left -= len(data)
            if self._left == 0:
                self._chunk_state = 2
            return data
        line = self._line()
        if line is None:
            return None
        if self._chunk_state == 2:  # the line end after a chunk's data
            if line:
                raise protocol_error("chunk data longer than its size")
            self._chunk_state = 0
        elif self._chunk_state == 0:  # a chunk-size line
            match = _CHUNK_SIZE.fullmatch(line)
            if match is None:
                raise protocol_error("bad chunk size line")
            self._left = int(match[1], 16)
            self._chunk_state = 1 if self._left else 3
        elif line:  # a trailer: read past and dropped
            self._trailer_bytes += len(line)
            if self._trailer_bytes > MAX_HEAD:
                raise protocol_error(f"the trailers are longer than {MAX_HEAD} bytes")
        else:  # the blank line after the trailers
            self._chunk_state = 4
            return True
        return b""

    def _line(self) -> bytes | None:
        """The next line without its end (CRLF or LF), or None until one has arrived."""
        buf = self._buf
        newline = buf.find(b"\n", self._scan)
        if newline < 0:
            self._scan = len(buf)
            if self._scan > MAX_HEAD:
                raise protocol_error(f"a chunk line longer than {MAX_HEAD} bytes")
            return None
        self._scan = 0
        line = bytes(buf[:newline])
        del buf[: newline + 1]
        return line[:-1] if line.endswith(b"\r") else line


def _parse_head(raw: bytes, method: str, request_close: bool) -> Head:
    lines = raw.split(b"\n")
    status_line = lines[0].removesuffix(b"\r")
    match = _STATUS.fullmatch(status_line)
    if match is None:
        raise protocol_error(f"bad status line {status_line[:60]!r}")
    headers: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        line = line.removesuffix(b"\r")
        if not line:
            continue  # the blank line ending the head
        if line[0] in b" \t":  # an obsolete folded line: part of the value above
            if not headers:
                raise protocol_error("a folded line before any header")
            name, value = headers[-1]
            headers[-1] = (name, (value + b" " + line.strip(b" \t")).strip(b" \t"))
            continue
        field = _FIELD.fullmatch(line)
        if field is None:
            raise protocol_error(f"bad header line {line[:60]!r}")
        headers.append((field[1], field[2].strip(b" \t")))
    version = match[1] + b"." + match[2]
    status = int(match[3])
    length, framed = _framing(headers, status, method)
    connection = b",".join(v for n, v in headers if n.lower() == b"connection").lower()
    keep_alive = (
        version == b"1.1"
        and framed
        and not request_close
        and b"close" not in (token.strip() for token in connection.split(b","))
    )
    return Head(status, match[4] or b"", version, headers, length, keep_alive)


def _framing(
    headers: list[tuple[bytes, bytes]], status: int, method: str
) -> tuple[int | None, bool]:
    """(length, framed): the body's length (None: chunked, -1: to the close) and whether its
    end is known without the connection closing."""
    if method == "HEAD" or status in _NO_BODY_STATUS or 100 <= status < 200:
        return 0, True
    codings = [v for n, v in headers if n.lower() == b"transfer-encoding"]
    if codings:
        if b",".join(codings).strip().lower() != b"chunked":
            raise protocol_error(f"unsupported Transfer-Encoding {b', '.join(codings)[:60]!r}")
        return None, True
    lengths = {
        part.strip() for n, v in headers if n.lower() == b"content-length" for part in v.split(b",")
    }
    if not lengths:
        return LENGTH_TO_CLOSE, False
    if len(lengths) > 1:
        raise protocol_error("conflicting Content-Length headers")
    (length,) = lengths
    if not length.isdigit() or len(length) > 18:
        raise protocol_error(f"bad Content-Length {length[:30]!r}")
    return int(length), True


def _starts_like_http(buf: bytearray) -> bool:
    """Whether what came could be the start of an answer (so a close there cut it short)."""
    first = bytes(buf[:64]).split(b"\n", 1)
    if len(first) == 1:  # the status line itself was cut
        return first[0].startswith(b"HTTP/"[: len(first[0])])
    return _STATUS.fullmatch(first[0].removesuffix(b"\r")) is not None
