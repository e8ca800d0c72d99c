"""HTTP/1.1 framing (footprint/net/h1.py) on its own: answers fed in any split, the rules
that decide a body's end and a connection's reuse, the limits, and requests that cannot be
split by what a header holds. Through sockets it is tested in test_net_http11.py and
test_hostile_web.py."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from footprint.net import NetSettings, build_client
from footprint.net.errors import CutShort
from footprint.net.h1 import MAX_HEAD, ResponseParser, request_framing, request_head


def read_all(data: bytes, method: str = "GET", *, step: int = 0, eof: bool = True):
    """(head, body, ended-with) of one answer fed `step` bytes at a time (0: all at once)."""
    parser = ResponseParser()
    pieces = [data[i : i + step] for i in range(0, len(data), step)] if step else [data]
    feed = iter(pieces)

    def more() -> None:
        piece = next(feed, None)
        if piece is None:
            if not eof:
                raise AssertionError("the parser asked for more than the answer")
            parser.feed_eof()
        else:
            parser.feed(piece)

    while (head := parser.head(method, False)) is None:
        more()
    body = []
    while True:
        part = parser.body()
        if part is None:
            more()
        elif isinstance(part, bool):
            return head, b"".join(body), part, parser
        else:
            body.append(part)


CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
    b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
)


@pytest.mark.parametrize("step", [0, 1, 2, 7])
def test_an_answer_parses_the_same_however_it_is_split(step: int) -> None:
    head, body, ended, parser = read_all(CHUNKED, step=step, eof=False)
    assert (head.status, head.reason, head.version) == (200, b"OK", b"1.1")
    assert body == b"hello world"  # chunked wins over a Content-Length
    assert ended is True and parser.reusable()


def test_bare_lf_lines_folded_headers_and_spaces_around_values() -> None:
    raw = b"HTTP/1.1 200 Fine\nX-Long: one\n  two \nX-Pad:  \t v \t\nContent-Length: 2\n\nok"
    head, body, _, _ = read_all(raw)
    assert head.headers[:2] == [(b"X-Long", b"one two"), (b"X-Pad", b"v")]
    assert body == b"ok"


def test_informational_answers_are_passed_over() -> None:
    raw = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early\r\nLink: x\r\n\r\n" + (
        b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
    )
    head, body, _, _ = read_all(raw)
    assert (head.status, body) == (201, b"ok")


@pytest.mark.parametrize(
    ("raw", "method", "body", "reusable"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n", "HEAD", b"", True),
        (b"HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", "GET", b"", True),
        (b"HTTP/1.1 200 OK\r\n\r\nto the close", "GET", b"to the close", False),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", "GET", b"ok", False),
        (
            b"HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\nok",
            "GET",
            b"ok",
            False,
        ),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok", "GET", b"ok", True),
    ],
    ids=["head", "304", "close-delimited", "http/1.0", "connection-close", "repeated-length"],
)
def test_where_a_body_ends_and_whether_the_connection_is_kept(
    raw: bytes, method: str, body: bytes, reusable: bool
) -> None:
    _, got, _, parser = read_all(raw, method, eof=not reusable)
    assert got == body and parser.reusable() is bool(reusable)


def test_bytes_after_the_end_of_an_answer_keep_the_connection_from_reuse() -> None:
    _, _, _, parser = read_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA")
    assert not parser.reusable()


def test_a_body_not_read_to_its_end_is_not_reusable() -> None:
    parser = ResponseParser()
    parser.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab")
    assert parser.head("GET", False) is not None and parser.body() == b"ab"
    assert not parser.reusable()


@pytest.mark.parametrize(
    "raw",
    [
        b"SSH-2.0-OpenSSH\r\n\r\n",
        b"HTTP/2.0 200 OK\r\n\r\n",
        b"HTTP/1.1 20 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX: a\x00b\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n folded first\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 9\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
        b"<html>no status line</html>",
    ],
)
def test_bad_http_is_a_protocol_error(raw: bytes) -> None:
    with pytest.raises(httpx.RemoteProtocolError) as caught:
        read_all(raw)
    assert not isinstance(caught.value, CutShort)


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 200 OK\r\nContent-Ty",
        b"HTTP/1.",
        b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nabc",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    ],
)
def test_a_close_mid_answer_is_cut_short(raw: bytes) -> None:
    with pytest.raises(CutShort):
        read_all(raw)


def test_a_head_or_chunk_line_past_the_limit_is_refused_without_waiting_for_its_end() -> None:
    for start in (
        b"HTTP/1.1 200 OK\r\nX: ",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1",
    ):
        parser = ResponseParser()
        parser.feed(start)
        with pytest.raises(httpx.RemoteProtocolError, match="longer than"):
            while True:
                parser.feed(b"a" * 4096)
                if parser.head("GET", False) is not None:
                    while parser.body() is not None:
                        pass
    assert MAX_HEAD == 100 * 1024


def test_a_head_dribbled_a_byte_at_a_time_costs_linear_time() -> None:
    """90 KB of headers fed byte by byte: each byte is searched once, not 90,000 times."""
    lines = b"".join(b"X-%d: %s\r\n" % (i, b" " * 40 + b"v") for i in range(1800))
    raw = b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 2\r\n\r\nok"
    assert 80_000 < len(raw) < MAX_HEAD
    start = time.process_time()
    head, body, _, _ = read_all(raw, step=1, eof=False)
    assert time.process_time() - start < 2.0
    assert len(head.headers) == 1801 and body == b"ok"


def test_a_value_of_spaces_parses_in_linear_time() -> None:
    """A value of 90,000 spaces then a letter: no backtracking regex over it."""
    raw = b"HTTP/1.1 200 OK\r\nX: a" + b" " * 90_000 + b"b\r\nContent-Length: 0\r\n\r\n"
    start = time.process_time()
    head, _, _, _ = read_all(raw)
    assert time.process_time() - start < 0.5
    assert head.headers[0][1].endswith(b" b")


def test_a_megabyte_of_one_byte_chunks_and_many_trailers_cost_linear_time() -> None:
    chunks = b"1\r\nx\r\n" * 170_000  # about 1 MB of framing for 170 KB of body
    trailers = b"T: 1\r\n" * 15_000  # 90 KB: under the limit, and no recursion per line
    raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n" + trailers
    start = time.process_time()
    _, body, ended, _ = read_all(raw + b"\r\n", step=64 * 1024, eof=False)
    assert time.process_time() - start < 3.0
    assert body == b"x" * 170_000 and ended is True


# -- requests ----------------------------------------------------------------------------------


def test_a_request_head_is_written_in_order() -> None:
    head = request_head("GET", b"/a?b=1", [(b"Host", b"site.example"), (b"Accept", b"*/*")])
    assert head == b"GET /a?b=1 HTTP/1.1\r\nHost: site.example\r\nAccept: */*\r\n\r\n"


@pytest.mark.parametrize(
    ("method", "target", "headers"),
    [
        ("GET", b"/", [(b"X-A", b"v\r\nX-Injected: 1")]),
        ("GET", b"/", [(b"X-A", b"v\nX")]),
        ("GET", b"/", [(b"X-A", b"v\x00")]),
        ("GET", b"/", [(b"X A", b"v")]),
        ("GET", b"/", [(b"X-A\r\nY", b"v")]),
        ("GET", b"/ HTTP/1.1\r\nX: y", []),
        ("GET /x", b"/", []),
    ],
)
def test_nothing_a_request_holds_can_split_it(method: str, target: bytes, headers: list) -> None:
    with pytest.raises(httpx.LocalProtocolError):
        request_head(method, target, headers)


def test_request_body_framing() -> None:
    assert request_framing([(b"Content-Length", b"12")]) == (12, False)
    assert request_framing([(b"Transfer-Encoding", b"chunked")]) == (None, False)
    assert request_framing([(b"Accept", b"*/*"), (b"Connection", b"Close")]) == (0, True)
    with pytest.raises(httpx.LocalProtocolError):
        request_framing([(b"Content-Length", b"12x")])


async def test_a_streamed_request_body_goes_out_chunked() -> None:
    got: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        got.append(await reader.readuntil(b"0\r\n\r\n"))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()

    async def parts():
        yield b"hello "
        yield b"world"

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with build_client(NetSettings(allow_private=True, retries=0)) as client:
            answer = await client.post(f"http://127.0.0.1:{port}/", content=parts())
    finally:
        server.close()
    assert answer.text == "ok"
    # The wire guard read the stream to check it: it goes out as one chunk.
    assert got[0].endswith(b"\r\n\r\nb\r\nhello world\r\n0\r\n\r\n")
    assert b"transfer-encoding: chunked" in got[0].lower()


def test_a_request_that_asked_to_close_leaves_its_connection_unused() -> None:
    parser = ResponseParser()
    parser.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    head = parser.head("GET", True)
    assert head is not None and not head.keep_alive
    assert parser.whole_body() == b"ok" and not parser.reusable()
