"""The asyncio socket backend and the HTTP/1.1 pool over it: timeouts, bounded buffering,
closed idle connections, refused connections and TLS (verified, with the name checked), all
on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpcore
import httpx
import pytest

from footprint.net import NetSettings, build_client
from footprint.net.http11 import Http11Pool
from footprint.net.sockets import HIGH_WATER, AsyncioBackend

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def serving(handler: Handler, tls: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=tls)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def read_request(reader: asyncio.StreamReader) -> bytes:
    return await reader.readuntil(b"\r\n\r\n")


def answer(body: bytes, close: bool = False) -> bytes:
    extra = b"connection: close\r\n" if close else b""
    return b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n%s\r\n" % (len(body), extra) + body


def local(**kwargs: object) -> NetSettings:
    return NetSettings(allow_private=True, retries=0, **kwargs)  # type: ignore[arg-type]


async def test_a_silent_server_is_a_read_timeout() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(5)

    async with serving(silent) as port, build_client(local(request_timeout=0.3)) as client:
        start = time.perf_counter()
        with pytest.raises(httpx.ReadTimeout):
            await client.get(f"http://127.0.0.1:{port}/")
        assert time.perf_counter() - start < 2


async def test_a_refused_connection_is_a_connect_error() -> None:
    async with serving(read_request) as port:
        pass  # closed again: nothing listens on the port now
    async with build_client(local()) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{port}/")


async def test_a_connection_never_accepted_is_a_connect_timeout_and_leaves_no_socket() -> None:
    """A listener whose queue is full drops further connection attempts: the connect waits
    until its timeout, then the socket it opened is closed (no descriptor left behind)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):  # fill the accept queue (never accepted)
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        await asyncio.sleep(0.05)
        before = len(os.listdir("/proc/self/fd"))
        backend = AsyncioBackend()
        start = time.perf_counter()
        with pytest.raises(httpcore.ConnectTimeout):
            await backend.connect_tcp("127.0.0.1", port, timeout=0.3)
        assert 0.25 < time.perf_counter() - start < 2
        assert len(os.listdir("/proc/self/fd")) == before
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_a_fast_sender_is_buffered_only_up_to_the_high_water_mark() -> None:
    body = bytes(range(256)) * (4 * HIGH_WATER // 256)

    async def flood(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(body)
        await writer.drain()
        writer.close()

    async with serving(flood) as port:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        first = await stream.read(1024, timeout=5)
        await asyncio.sleep(0.3)  # the server keeps sending; nobody reads
        buffered = len(stream._s._buffer)  # type: ignore[attr-defined]
        assert buffered <= HIGH_WATER + 256 * 1024  # the mark plus one incoming chunk
        received = [first]
        while chunk := await stream.read(65536, timeout=5):
            received.append(chunk)
        await stream.aclose()
    assert b"".join(received) == body  # nothing lost by pausing


async def test_an_idle_connection_the_server_closed_is_not_reused() -> None:
    connections = 0

    async def once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await read_request(reader)
        writer.write(answer(b"hello"))  # keep-alive offered, then closed anyway
        await writer.drain()
        writer.close()

    async with serving(once) as port, build_client(local()) as client:
        first = await client.get(f"http://127.0.0.1:{port}/a")
        await asyncio.sleep(0.1)  # the close arrives while the connection is idle
        second = await client.get(f"http://127.0.0.1:{port}/b")
    assert first.text == second.text == "hello"
    assert connections == 2


async def test_keep_alive_reuses_one_connection() -> None:
    connections = 0

    async def many(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        while True:
            try:
                await read_request(reader)
            except asyncio.IncompleteReadError:
                break
            writer.write(answer(b"again"))
            await writer.drain()

    async with serving(many) as port, build_client(local()) as client:
        for _ in range(3):
            assert (await client.get(f"http://127.0.0.1:{port}/")).text == "again"
    assert connections == 1


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
    command += ["-addext", "subjectAltName=DNS:localhost"]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    return cert, key


async def test_tls_is_verified_and_the_name_checked(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    trusting = ssl.create_default_context(cafile=str(cert))

    async def hello(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await read_request(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        writer.write(answer(b"secure", close=True))
        await writer.drain()
        writer.close()

    class ToLoopback(AsyncioBackend):
        """Any name is dialled at 127.0.0.1; TLS still checks the name asked for."""

        async def connect_tcp(self, host, port, timeout=None, local_address=None, **kw):  # type: ignore[override]
            return await super().connect_tcp("127.0.0.1", port, timeout)

    async with serving(hello, tls=server_side) as port:
        for context, name, works in (
            (trusting, "localhost", True),
            (trusting, "elsewhere.example", False),  # the certificate does not name it
            (ssl.create_default_context(), "localhost", False),  # an unknown issuer
        ):
            pool = Http11Pool(ToLoopback(), context)
            async with httpx.AsyncClient(transport=pool) as client:
                if works:
                    response = await client.get(f"https://{name}:{port}/")
                    assert response.content == b"secure"
                else:
                    with pytest.raises(httpx.ConnectError):
                        await client.get(f"https://{name}:{port}/")
