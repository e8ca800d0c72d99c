"""Sockets for httpcore straight on asyncio: the default network backend.

httpcore's own asyncio backend goes through anyio, which wraps every read and write in a
cancel scope and yields to the event loop on every send: a third of the client's CPU per
request in a sweep (benchmarks/bench_client.py). This backend does the same job on an
asyncio protocol: received data is buffered (reading pauses above `HIGH_WATER`, so memory
stays bounded however fast a server sends), and timeouts are one timer per wait.

Only literal addresses are connected to by the guarded client: `GuardedBackend` resolves and
checks names before calling `connect_tcp` (footprint/net/guard.py).
"""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

# Bytes buffered before the socket stops being read: one read of the pool (64 KB), so that a
# connection holds little more than the body cap lets through (asyncio adds up to 256 KB a read).
HIGH_WATER = 64 * 1024
SSL_SHUTDOWN_TIMEOUT = 2.0  # seconds a closing TLS connection may hold its socket


class _Stream(asyncio.Protocol):
    """The protocol and the stream in one: data arrives in `data_received`, is taken by
    `read`. One reader and one writer at a time (httpcore's connections guarantee it)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._eof = False
        self._error: BaseException | None = None
        self._reading_paused = False
        self._writing_paused = False
        self._waiter: asyncio.Future[bool] | None = None  # a read waiting for data
        self._drain: asyncio.Future[bool] | None = None  # a write waiting for room

    # -- protocol callbacks (the event loop calls these) -----------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > HIGH_WATER and not self._reading_paused and self._transport:
            self._reading_paused = True
            self._transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._eof = True
        if exc is not None and self._error is None:
            self._error = exc
        self._wake()
        drain, self._drain = self._drain, None
        if drain is not None:
            _settle(drain, True)

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        drain, self._drain = self._drain, None
        if drain is not None:
            _settle(drain, True)

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None:
            _settle(waiter, True)

    # -- waiting ---------------------------------------------------------------------------

    async def _wait(self, future: asyncio.Future[bool], timeout: float | None) -> bool:
        """Wait for `future`: True when woken, False if `timeout` passed first."""
        if timeout is None:
            return await future
        timer = self._loop.call_later(timeout, _settle, future, False)
        try:
            return await future
        finally:
            timer.cancel()


def _settle(future: asyncio.Future[bool], woken: bool) -> None:
    if not future.done():
        future.set_result(woken)


class AsyncioStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: _Stream) -> None:
        self._s = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        s = self._s
        if not s._buffer and not s._eof:
            s._waiter = waiter = s._loop.create_future()
            try:
                if not await s._wait(waiter, timeout):
                    raise httpcore.ReadTimeout("timed out reading from the server")
            finally:
                s._waiter = None
        if not s._buffer:
            if s._error is not None:
                raise httpcore.ReadError(str(s._error) or type(s._error).__name__)
            return b""  # end of stream
        data = bytes(s._buffer[:max_bytes])
        del s._buffer[:max_bytes]
        if s._reading_paused and len(s._buffer) <= HIGH_WATER // 2 and s._transport:
            s._reading_paused = False
            s._transport.resume_reading()
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        s = self._s
        if not buffer:
            return
        transport = s._transport
        if transport is None or transport.is_closing() or s._error is not None:
            raise httpcore.WriteError("the connection is closed")
        transport.write(buffer)
        if s._writing_paused:
            s._drain = drain = s._loop.create_future()
            if not await s._wait(drain, timeout):
                raise httpcore.WriteTimeout("timed out writing to the server")
            if s._error is not None:
                raise httpcore.WriteError(str(s._error) or type(s._error).__name__)

    async def aclose(self) -> None:
        transport = self._s._transport
        # What was read and not taken is dropped now, not when the stream is collected: a
        # cut-short body (the size cap) leaves a full buffer behind.
        self._s._buffer = bytearray()
        if transport is not None and not transport.is_closing():
            transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        s = self._s
        assert s._transport is not None
        try:
            tls = await s._loop.start_tls(
                s._transport,
                s,
                ssl_context,
                server_hostname=server_hostname,
                ssl_handshake_timeout=timeout,
                ssl_shutdown_timeout=SSL_SHUTDOWN_TIMEOUT,
            )
        except TimeoutError as exc:
            s._transport.abort()
            raise httpcore.ConnectTimeout("the TLS handshake timed out") from exc
        except (OSError, ssl.SSLError, ConnectionError) as exc:
            s._transport.abort()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        if tls is None:  # the connection closed during the handshake
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        assert isinstance(tls, asyncio.Transport)
        s._transport = tls
        return self

    def get_extra_info(self, info: str) -> Any:
        s = self._s
        transport = s._transport
        if info == "is_readable":  # an idle connection the server closed (or wrote to)
            return bool(s._buffer) or s._eof
        if transport is None:
            return None
        if info == "ssl_object":
            return transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        if info == "socket":
            return transport.get_extra_info("socket")
        return None


def _is_ipv4(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET, host)
    except OSError:
        return False
    return True


async def _connect_ipv4(
    loop: asyncio.AbstractEventLoop,
    host: str,
    port: int,
    local_address: str | None,
    timeout: float | None,
) -> socket.socket:
    """A connected non-blocking socket to an IPv4 literal. asyncio's own path resolves the
    literal twice and wraps the wait in more coroutines and timers (a third of this
    backend's CPU per new connection, benchmarks/bench_client.py)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        if local_address:
            sock.bind((local_address, 0))
        try:
            sock.connect((host, port))
        except BlockingIOError:
            done: asyncio.Future[bool] = loop.create_future()
            fd = sock.fileno()
            loop.add_writer(fd, _settle, done, True)
            timer = loop.call_later(timeout, _settle, done, False) if timeout is not None else None
            try:
                if not await done:
                    raise TimeoutError from None
            finally:
                loop.remove_writer(fd)
                if timer is not None:
                    timer.cancel()
            error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, os.strerror(error)) from None
        return sock
    except BaseException:
        sock.close()
        raise


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections with asyncio; no unix sockets."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        stream = _Stream(loop)
        try:
            if _is_ipv4(host):  # what the guarded client always connects to
                sock = await _connect_ipv4(loop, host, port, local_address, timeout)
                transport, _ = await loop.create_connection(lambda: stream, sock=sock)
            else:
                async with asyncio.timeout(timeout):
                    transport, _ = await loop.create_connection(
                        lambda: stream,
                        host,
                        port,
                        local_addr=(local_address, 0) if local_address else None,
                    )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"connecting to {host} timed out") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # asyncio's default too
            for option in socket_options or ():
                sock.setsockopt(*option)
        return AsyncioStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not supported")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
