"""A lean HTTP/1.1 connection pool over httpcore network streams, no locks.

httpcore's pool takes three anyio locks per request (each a trip round the event loop) and
scans every connection it holds on each request; with the layers above (the scheduler hands
out at most one request per connection, the global cap bounds connections in use) none of
that is needed. Here connections are kept idle per origin in a dict, taken by one request at
a time, and given back only when the response was read to its end and both sides may go on.

Sockets come from an httpcore network backend (`GuardedBackend` on the real network, so
every connection is checked at connect time); TLS verifies the URL's host name (or the
request's `sni_hostname` extension). Framing and its limits (headers up to 100 KB, as
httpcore) are in footprint/net/h1.py.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import AsyncIterator, Callable

import httpcore
import httpx

from footprint.net.h1 import Head, ResponseParser, request_framing, request_head

READ_SIZE = 64 * 1024
KEEPALIVE_EXPIRY = 5.0  # seconds an idle connection is kept (httpx's default)

Origin = tuple[bytes, bytes, int]

_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
)


def _as_httpx(exc: Exception, request: httpx.Request | None = None) -> httpx.TransportError | None:
    """The httpx error for a socket or protocol error (httpx sets the request on errors
    raised while reading a body)."""
    for source, target in _ERRORS:
        if isinstance(exc, source):
            return target(str(exc) or type(exc).__name__, request=request)
    return None


class _Connection:
    __slots__ = ("idle_since", "parser", "stream")

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self.stream = stream
        self.parser = ResponseParser()
        self.idle_since = 0.0

    async def fill(self, timeout: float | None) -> None:
        data = await self.stream.read(READ_SIZE, timeout)
        if data:
            self.parser.feed(data)
        else:
            self.parser.feed_eof()


class Http11Pool(httpx.AsyncBaseTransport):
    """HTTP/1.1 over `backend`'s sockets, keeping up to `max_idle` idle connections."""

    def __init__(
        self,
        backend: httpcore.AsyncNetworkBackend,
        ssl_context: ssl.SSLContext,
        *,
        max_idle: int = 20,
        keepalive_expiry: float = KEEPALIVE_EXPIRY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._backend = backend
        self._ssl = ssl_context
        self._max_idle = max_idle
        self._expiry = keepalive_expiry
        self._clock = clock
        self._idle: dict[Origin, list[_Connection]] = {}
        self._idle_count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.raw_scheme
        if scheme not in (b"http", b"https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}")
        port = url.port or (443 if scheme == b"https" else 80)
        origin = (scheme, url.raw_host, port)
        timeouts = request.extensions.get("timeout", {})
        connection = await self._take_idle(origin)
        try:
            if connection is None:
                connection = await self._connect(request, origin, timeouts)
            length, close = request_framing(request.headers.raw)
            await self._send(connection, request, length, timeouts.get("write"))
            head = await self._receive(connection, request.method, close, timeouts.get("read"))
        except BaseException as exc:
            if connection is not None:
                await connection.stream.aclose()
            mapped = _as_httpx(exc, request) if isinstance(exc, Exception) else None
            if mapped is not None:
                raise mapped from exc
            raise
        whole = connection.parser.whole_body()
        stream: httpx.AsyncByteStream
        if whole is None:
            stream = _Body(self, origin, connection, timeouts.get("read"))
        else:  # came with the head (most small answers): the connection is free at once
            stream = httpx.ByteStream(whole)
            await self._release(origin, connection)
        return httpx.Response(
            head.status,
            headers=head.headers,
            stream=stream,
            extensions={
                "http_version": b"HTTP/" + head.version,
                "reason_phrase": head.reason,
                "network_stream": connection.stream,
            },
        )

    async def _connect(self, request: httpx.Request, origin: Origin, timeouts: dict) -> _Connection:
        scheme, host, port = origin
        name = host.decode("ascii")
        stream = await self._backend.connect_tcp(name, port, timeout=timeouts.get("connect"))
        if scheme == b"https":
            sni = request.extensions.get("sni_hostname") or name
            try:
                stream = await stream.start_tls(
                    self._ssl, server_hostname=sni, timeout=timeouts.get("connect")
                )
            except BaseException:
                await stream.aclose()
                raise
        return _Connection(stream)

    @staticmethod
    async def _send(
        connection: _Connection, request: httpx.Request, length: int | None, timeout: float | None
    ) -> None:
        """The request, its body framed by `length` (None: chunked)."""
        head = request_head(request.method, request.url.raw_path, request.headers.raw)
        out, sent = [head], 0
        async for chunk in request.stream:  # type: ignore[union-attr]
            if chunk:
                sent += len(chunk)
                if length is not None and sent > length:
                    raise httpx.LocalProtocolError("more body than its Content-Length")
                out.append(chunk if length is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk))
                if sum(map(len, out)) >= READ_SIZE:  # write big bodies as they come
                    await connection.stream.write(b"".join(out), timeout)
                    out.clear()
        if length is None:
            out.append(b"0\r\n\r\n")
        elif sent < length:
            raise httpx.LocalProtocolError("less body than its Content-Length")
        await connection.stream.write(b"".join(out), timeout)

    @staticmethod
    async def _receive(
        connection: _Connection, method: str, close: bool, timeout: float | None
    ) -> Head:
        while (head := connection.parser.head(method, close)) is None:
            await connection.fill(timeout)
        return head

    async def _take_idle(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        now = self._clock()
        while idle:
            connection = idle.pop()
            self._idle_count -= 1
            if not idle:
                del self._idle[origin]
            stale = now - connection.idle_since > self._expiry
            if (
                stale
                or connection.parser.buffered
                or connection.stream.get_extra_info("is_readable")
            ):
                await connection.stream.aclose()  # expired, or the server closed (or spoke)
                idle = self._idle.get(origin)
                continue
            return connection
        return None

    async def _release(self, origin: Origin, connection: _Connection) -> None:
        if not connection.parser.reusable() or self._idle_count >= self._max_idle:
            await connection.stream.aclose()
            connection.parser = ResponseParser()  # drops what was buffered
            return
        connection.idle_since = self._clock()
        self._idle.setdefault(origin, []).append(connection)
        self._idle_count += 1

    async def aclose(self) -> None:
        idle, self._idle, self._idle_count = self._idle, {}, 0
        for connections in idle.values():
            for connection in connections:
                await connection.stream.aclose()


class _Body(httpx.AsyncByteStream):
    def __init__(
        self, pool: Http11Pool, origin: Origin, connection: _Connection, timeout: float | None
    ) -> None:
        self._pool = pool
        self._origin = origin
        self._connection: _Connection | None = connection
        self._timeout = timeout

    async def __aiter__(self) -> AsyncIterator[bytes]:
        connection = self._connection
        if connection is None:
            raise httpx.StreamClosed()
        try:
            while True:
                data = connection.parser.body()
                if data is None:
                    await connection.fill(self._timeout)
                elif isinstance(data, bool):
                    return
                else:
                    yield data
        except Exception as exc:
            await self.aclose()  # not reusable now: closed, not kept
            mapped = _as_httpx(exc)
            if mapped is not None:
                raise mapped from exc
            raise

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await self._pool._release(self._origin, connection)
