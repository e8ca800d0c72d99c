"""The HTTP/1.1 pool against servers that answer in every framing HTTP allows, and badly:
raw responses written on a 127.0.0.1 socket, read through the full client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from footprint.net import NetSettings, build_client


@asynccontextmanager
async def raw_server(*answers: bytes) -> AsyncIterator[tuple[str, list[tuple[int, bytes]]]]:
    """Answers each request with the next of `answers`, closing the connection after the
    last; records every request read (head and body) with the number of its connection."""
    seen: list[tuple[int, bytes]] = []
    queue = list(answers)
    connections = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        number = connections
        try:
            while queue:
                head = await reader.readuntil(b"\r\n\r\n")
                size = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        size = int(line.split(b":")[1])
                seen.append((number, head + (await reader.readexactly(size) if size else b"")))
                writer.write(queue.pop(0))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", seen
    finally:
        server.close()


def client(**kwargs: object) -> httpx.AsyncClient:
    settings = NetSettings(allow_private=True, retries=0, request_timeout=2.0, **kwargs)  # type: ignore[arg-type]
    return build_client(settings)


async def test_chunked_close_delimited_and_bodiless_answers() -> None:
    answers = (
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        b"HTTP/1.1 204 No Content\r\n\r\n",
        b"HTTP/1.1 304 Not Modified\r\ncontent-length: 99\r\n\r\n",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok",
        b"HTTP/1.1 200 OK\r\n\r\nuntil the end",  # no length: the body runs to the close
    )
    async with raw_server(*answers) as (base, seen), client() as web:
        first = await web.get(f"{base}/chunked")
        assert (first.status_code, first.text) == (200, "hello world")
        assert (await web.get(f"{base}/empty")).content == b""
        assert (await web.get(f"{base}/cached")).status_code == 304
        created = await web.post(f"{base}/form", content=b"name=value")
        assert (created.status_code, created.text) == (201, "ok")
        assert (await web.get(f"{base}/rest")).text == "until the end"
    assert seen[3][1].endswith(b"\r\n\r\nname=value")  # the body went out with its length
    assert b"content-length: 10" in seen[3][1].lower()
    assert [number for number, _ in seen] == [1] * 5  # one keep-alive connection for all


async def test_a_head_answer_has_no_body_even_with_a_length() -> None:
    async with (
        raw_server(
            b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nnext",
        ) as (base, seen),
        client() as web,
    ):
        assert (await web.head(f"{base}/")).headers["content-length"] == "1000"
        assert (await web.get(f"{base}/")).text == "next"
    assert [number for number, _ in seen] == [1, 1]  # the same connection, still in step


async def test_broken_answers_are_protocol_errors_not_hangs() -> None:
    for answer in (
        b"NOT HTTP AT ALL\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort",  # then the server closes
        b"HTTP/1.1 200 OK\r\nx-big: " + b"a" * 200_000 + b"\r\n\r\n",  # headers past the limit
        b"",  # closed without a word
    ):
        async with raw_server(answer) as (base, _), client() as web:
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                await web.get(f"{base}/")


async def test_a_truncated_body_does_not_leave_its_connection_for_reuse() -> None:
    big = b"x" * 300_000  # more than arrives with the head: the cap cuts it mid-read
    answers = (
        b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n" % len(big) + big,
        b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nfresh",
    )
    async with raw_server(*answers) as (base, seen), client(max_body_bytes=100) as web:
        capped = await web.get(f"{base}/big")
        assert capped.extensions["footprint_truncated"] and len(capped.content) == 100
        assert (await web.get(f"{base}/next")).text == "fresh"
    assert [number for number, _ in seen] == [1, 2]  # closed mid-body, not reused
