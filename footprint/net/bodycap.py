"""Reading response bodies with a hard size limit.

The body is read here, below the concurrency cap, and handed up fully buffered. gzip and
deflate are decoded here too, with bounded output, so a small compressed body cannot
expand past the cap (a decompression bomb). Any other Content-Encoding (br, zstd, compress,
unknown, or stacked like "gzip, br") is refused with httpx.DecodingError before the body is
read: httpx would decode it after the cap, unbounded (1.6 KB of brotli became 1 GB when the
brotli package was installed). A truncated response carries
`extensions["footprint_truncated"] = True`.

The whole answer, from sending the request to the body's last byte, must arrive within a
deadline: a server that dribbles a byte a second keeps every single read inside the read
timeout, so without one a 5 MB body (or an endless header) would hold a slot for days.
Overrunning it raises `SlowResponseError`, which is not retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import zlib
from collections.abc import AsyncIterator

import httpx

from footprint.net.errors import SlowResponseError

TRUNCATED = "footprint_truncated"
_DECODABLE = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}
_DROP_WHEN_REWRITTEN = ("content-length", "transfer-encoding")


def content_coding(headers: httpx.Headers) -> str:
    """The one coding to undo ("" for none); raises DecodingError for any we cannot bound."""
    codings = [
        c.strip().lower()
        for value in headers.get_list("content-encoding")
        for c in value.split(",")
        if c.strip() and c.strip().lower() != "identity"
    ]
    if not codings:
        return ""
    if len(codings) > 1 or codings[0] not in _DECODABLE:
        raise httpx.DecodingError(
            f"refused Content-Encoding {', '.join(codings)!r}: only gzip and deflate "
            "can be decoded within the body size limit"
        )
    return codings[0]


class _Inflater:
    """zlib decoding that never produces more than asked for."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes, limit: int) -> bytes:
        try:
            out = self._zlib.decompress(data, limit)
        except zlib.error as exc:
            if self._encoding == "deflate" and not self._started:
                # Some servers send raw deflate without the zlib header.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                self._started = True
                return self.feed(data, limit)
            raise httpx.DecodingError(f"bad {self._encoding} body: {exc}") from exc
        self._started = True
        return out

    def flush(self) -> bytes:
        return self._zlib.flush()


def _declared_length(headers: httpx.Headers) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


async def read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool, bool]:
    """(body, truncated, decoded) read from `response.stream`, keeping at most `cap` bytes
    (plus one incoming chunk in flight). The caller closes the response."""
    encoding = content_coding(response.headers)
    inflater = _Inflater(_DECODABLE[encoding]) if encoding else None
    declared = None if inflater else _declared_length(response.headers)
    parts: list[bytes] = []
    kept = 0
    raw = 0
    # Compressed input well beyond the cap cannot decode to a body within it.
    raw_cap = cap + cap // 8 + 1024
    truncated = False
    stream = response.stream
    source = _InMemory(stream) if isinstance(stream, httpx.ByteStream) else _iterate(stream)
    async with contextlib.aclosing(source) as chunks:
        async for chunk in chunks:
            raw += len(chunk)
            # Ask for one byte more than there is room for: getting it means "too big".
            data = inflater.feed(chunk, cap - kept + 1) if inflater else chunk[: cap - kept + 1]
            parts.append(data)
            kept += len(data)
            if kept > cap or raw > raw_cap:
                truncated = True
                break
            if kept == cap and declared is not None and declared > cap:
                truncated = True
                break
        else:
            if inflater is not None:
                tail = inflater.flush()
                parts.append(tail[: cap - kept + 1])
                kept += len(parts[-1])
                truncated = kept > cap
    body = b"".join(parts)[:cap]
    return body, truncated, inflater is not None


class _InMemory:
    """A body already in memory (an answer that came whole with its head) as an async
    iterator, without an async generator to drive per chunk."""

    def __init__(self, stream: httpx.ByteStream) -> None:
        self._chunks = iter(stream)

    def __aiter__(self) -> _InMemory:
        return self

    async def __anext__(self) -> bytes:
        try:
            return next(self._chunks)
        except StopIteration:
            raise StopAsyncIteration from None

    async def aclose(self) -> None:
        pass


async def _iterate(stream: httpx.SyncByteStream | httpx.AsyncByteStream) -> AsyncIterator[bytes]:
    if isinstance(stream, httpx.AsyncByteStream):
        async for chunk in stream:
            yield chunk
    else:
        for chunk in stream:
            yield chunk


async def _close(response: httpx.Response) -> None:
    stream = response.stream
    if isinstance(stream, httpx.AsyncByteStream):
        await stream.aclose()
    else:
        stream.close()


class BodyCapTransport(httpx.AsyncBaseTransport):
    def __init__(
        self, inner: httpx.AsyncBaseTransport, max_bytes: int, deadline: float | None = None
    ) -> None:
        self._inner = inner
        self._max = max_bytes
        self._deadline = deadline

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        scope = asyncio.timeout(self._deadline)
        try:
            async with scope:
                return await self._read(request)
        except TimeoutError as exc:
            if not scope.expired():
                raise  # someone else's timeout, not this deadline
            raise SlowResponseError(
                f"the answer took longer than {self._deadline:g} s", request=request
            ) from exc

    async def _read(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        try:
            body, truncated, decoded = await read_capped(response, self._max)
        except httpx.DecodingError as exc:
            exc.request = request
            raise
        finally:
            await _close(response)
        if not (truncated or decoded) and "content-encoding" not in response.headers:
            # The answer as it came, holding the body read: no copy of its headers and no
            # second response, the costliest steps of this layer.
            response.stream = httpx.ByteStream(body)
            response.extensions[TRUNCATED] = False
            response.request = request
            response.read()
            return response
        headers = response.headers.copy()
        if truncated or decoded:
            for name in _DROP_WHEN_REWRITTEN:
                headers.pop(name, None)
        # Nothing is left for httpx to decode: an identity coding may go too.
        headers.pop("content-encoding", None)
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=body,
            extensions={**response.extensions, TRUNCATED: truncated},
            request=request,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()
