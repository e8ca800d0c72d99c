"""Body size cap, including bounded gzip/deflate decoding (mock transport, no sockets)."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest

from footprint.net import NetSettings, build_client
from footprint.net.errors import SlowResponseError

CAP = 64 * 1024
CHUNK = 16 * 1024


class ChunkSource:
    """An async body that counts how much of itself was pulled."""

    def __init__(self, data: bytes, chunk: int = CHUNK) -> None:
        self.data = data
        self.chunk = chunk
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), self.chunk):
            piece = self.data[start : start + self.chunk]
            self.pulled += len(piece)
            yield piece


def capped_client(handler, cap: int = CAP) -> httpx.AsyncClient:
    return build_client(NetSettings(max_body_bytes=cap), httpx.MockTransport(handler))


async def test_small_body_is_untouched() -> None:
    async with capped_client(lambda r: httpx.Response(200, text="hello")) as client:
        response = await client.get("https://example.org/")
    assert response.text == "hello"
    assert response.extensions["footprint_truncated"] is False
    assert response.headers["content-length"] == "5"


async def test_large_stream_is_truncated_without_reading_it_all() -> None:
    source = ChunkSource(b"x" * (10 * 1024 * 1024))
    async with capped_client(lambda r: httpx.Response(200, content=source)) as client:
        response = await client.get("https://example.org/big")
    assert len(response.content) == CAP
    assert response.extensions["footprint_truncated"] is True
    assert source.pulled <= CAP + CHUNK  # never more than one chunk past the cap


async def test_body_exactly_at_cap_is_not_truncated() -> None:
    source = ChunkSource(b"y" * CAP)
    async with capped_client(lambda r: httpx.Response(200, content=source)) as client:
        response = await client.get("https://example.org/")
    assert len(response.content) == CAP
    assert response.extensions["footprint_truncated"] is False


async def test_declared_length_stops_at_the_cap() -> None:
    source = ChunkSource(b"z" * (CAP * 4), chunk=CAP)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": str(CAP * 4)}, content=source)

    async with capped_client(handler) as client:
        response = await client.get("https://example.org/")
    assert response.extensions["footprint_truncated"] is True
    assert source.pulled == CAP  # the header said there is more: no extra chunk read
    assert response.headers["content-length"] == str(CAP)


async def test_gzip_is_decoded_within_the_cap() -> None:
    text = "Flat 2, 14 Example Road\n" * 100

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["accept-encoding"] == "gzip, deflate"
        body = gzip.compress(text.encode())
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=body)

    async with capped_client(handler) as client:
        response = await client.get("https://example.org/")
    assert response.text == text
    assert "content-encoding" not in response.headers
    assert response.extensions["footprint_truncated"] is False


async def test_gzip_bomb_is_cut_at_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < CAP  # tiny on the wire

    source = ChunkSource(bomb)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=source)

    async with capped_client(handler) as client:
        response = await client.get("https://example.org/bomb")
    assert len(response.content) == CAP
    assert response.extensions["footprint_truncated"] is True
    assert source.pulled <= CHUNK  # stopped after the first compressed chunk


@pytest.mark.parametrize("raw", [False, True])
async def test_deflate_with_and_without_zlib_header(raw: bool) -> None:
    text = b"date of birth 1 April 1980 " * 50
    if raw:
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = compressor.compress(text) + compressor.flush()
    else:
        body = zlib.compress(text)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "deflate"}, content=body)

    async with capped_client(handler) as client:
        response = await client.get("https://example.org/")
    assert response.content == text


async def test_corrupt_gzip_raises_decoding_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"not gzip")

    async with capped_client(handler) as client:
        with pytest.raises(httpx.DecodingError):
            await client.get("https://example.org/")


async def test_head_keeps_declared_length() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "123456789"})

    async with capped_client(handler) as client:
        response = await client.head("https://example.org/")
    assert response.headers["content-length"] == "123456789"
    assert response.extensions["footprint_truncated"] is False


class ClosableSource(ChunkSource, httpx.AsyncByteStream):
    pass


@pytest.mark.parametrize(
    "coding", ["br", "zstd", "compress", "x-unknown", "gzip, br", "br, gzip", "gzip, gzip"]
)
async def test_encodings_the_cap_cannot_bound_are_refused(coding: str) -> None:
    source = ClosableSource(b"\x00" * (4 * CHUNK))
    headers = {"content-encoding": coding}
    async with capped_client(lambda r: httpx.Response(200, headers=headers, stream=source)) as c:
        with pytest.raises(httpx.DecodingError, match="refused Content-Encoding"):
            await c.get("https://example.org/")
    assert source.pulled == 0  # refused before reading the body


async def test_identity_coding_is_plain() -> None:
    headers = {"content-encoding": "identity"}
    async with capped_client(lambda r: httpx.Response(200, headers=headers, text="hi")) as c:
        response = await c.get("https://example.org/")
    assert response.text == "hi"


async def test_brotli_bomb_is_refused_even_with_brotli_installed() -> None:
    brotli = pytest.importorskip("brotli")  # the bypass needs the package; never a dependency
    bomb = brotli.compress(b"\x00" * (64 * 1024 * 1024))  # 64 MB from a few hundred bytes
    headers = {"content-encoding": "br"}
    async with capped_client(lambda r: httpx.Response(200, headers=headers, content=bomb)) as c:
        with pytest.raises(httpx.DecodingError):
            await c.get("https://example.org/")


async def test_an_answer_slower_than_the_deadline_is_cut_off_and_not_retried() -> None:
    """Every chunk comes well within any read timeout; the whole answer does not."""
    pulled: list[int] = []
    asked: list[str] = []

    async def dribble() -> AsyncIterator[bytes]:
        for _ in range(1000):
            await asyncio.sleep(0.01)
            pulled.append(1)
            yield b"x"

    class Body(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            async for chunk in dribble():
                yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, stream=Body())

    settings = NetSettings(response_deadline=0.2, retries=3, backoff_base=0.01)
    async with build_client(settings, httpx.MockTransport(handler)) as client:
        with pytest.raises(SlowResponseError, match=r"took longer than 0\.2 s"):
            await client.get("https://example.org/slow")
    assert len(pulled) < 100 and len(asked) == 1
