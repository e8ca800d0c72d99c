"""A hostile web server on 127.0.0.1 for the fault suite (tests/test_hostile_web.py).

`serve(routes)` yields the base URL and a log of the paths asked for. Each route is a
function that writes the whole answer itself on the raw socket (`Reply`), so it can
misbehave in ways a well-mannered server cannot: dribble a byte at a time, never end, reset
the connection, lie about its length or type. A route ending in "*" answers every path
that starts with what comes before it (the longest such wins); anything unrouted is a 404.

`PublicNames` lets a test keep the SSRF guard on (allow_private off) while still reaching
this server: its resolver gives the test's public-looking names a public address, and its
network backend, which the guard hands only connections it has already allowed, opens them
all to the server on 127.0.0.1. Names it maps to a private address, and literal private
addresses in every spelling, meet the real guard, and are refused before any socket opens.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpcore
from local_server import running

Reply = Callable[[BaseHTTPRequestHandler], None]
PUBLIC_ADDRESS = "93.184.215.14"  # a global address: the guard lets it through


@dataclass
class Log:
    paths: list[str] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)  # bytes of body written, by path

    def count(self, path: str) -> int:
        return sum(p == path for p in self.paths)


def _head(handler: BaseHTTPRequestHandler, status: int, headers: Mapping[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def answer(status: int, headers: Mapping[str, str], body: bytes = b"") -> Reply:
    """A plain answer with a right Content-Length (unless `headers` already give one)."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        given = {k.lower() for k in headers}
        length = {} if "content-length" in given else {"Content-Length": str(len(body))}
        _head(handler, status, {**headers, **length})
        handler.wfile.write(body)

    return reply


def html(body: str | bytes, status: int = 200, **extra: str) -> Reply:
    data = body.encode() if isinstance(body, str) else body
    return answer(status, {"Content-Type": "text/html; charset=utf-8", **extra}, data)


NOT_FOUND = answer(404, {"Content-Type": "text/plain"}, b"not here")


def redirect(location: str, status: int = 302) -> Reply:
    return answer(status, {"Location": location})


def endless(log: Log, path: str, chunk: bytes = b"<p>" + b"x" * 65_533) -> Reply:
    """200 with no length, then body until the client hangs up."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, 200, {"Content-Type": "text/html"})
        with suppress(OSError):
            while True:
                handler.wfile.write(chunk)
                log.sent[path] = log.sent.get(path, 0) + len(chunk)

    return reply


def dribble(raw: bytes, every: float, stop: threading.Event) -> Reply:
    """`raw` (status line, headers and body, as bytes) one byte every `every` seconds:
    a slowloris. Stops when the client hangs up or the test ends."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        with suppress(OSError):
            for i in range(len(raw)):
                handler.wfile.write(raw[i : i + 1])
                handler.wfile.flush()
                if stop.wait(every):
                    return

    return reply


def raw(data: bytes) -> Reply:
    """`data` as the whole answer, written as is, then the connection closed (FIN)."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        with suppress(OSError):
            handler.wfile.write(data)

    return reply


def reset(after: bytes = b"") -> Reply:
    """Write `after` (maybe part of a response), then reset the connection (RST, not FIN)."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        with suppress(OSError):
            handler.wfile.write(after)
            handler.wfile.flush()
        linger = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends RST
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        handler.connection.close()

    return reply


def in_turn(replies: Iterable[Reply]) -> Reply:
    """Each request gets the next reply; the last one repeats (5xx flapping, storms)."""
    queue = list(replies)
    lock = threading.Lock()

    def reply(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            chosen = queue.pop(0) if len(queue) > 1 else queue[0]
        chosen(handler)

    return reply


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops the SYN of a sixth connection opened at once,
    # and the client's retransmission comes a second later: a false "timed out".
    request_queue_size = 128


@contextmanager
def serve(routes: Mapping[str, Reply]) -> Iterator[tuple[str, Log]]:
    log = Log()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, chunked and lengths as real servers do

        def log_message(self, format: str, *args: object) -> None:  # keep pytest quiet
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            log.paths.append(path)
            prefixes = sorted((k for k in routes if k.endswith("*")), key=len, reverse=True)
            reply = routes.get(path) or next(
                (routes[k] for k in prefixes if path.startswith(k[:-1])), NOT_FOUND
            )
            reply(self)

    with running(_Server(("127.0.0.1", 0), Handler)) as base:
        yield base, log


class PublicNames:
    """A resolver and network backend: `names` resolve as given (a public address unless
    said otherwise), anything else fails like a name that does not exist, and every
    connection the guard allows is opened to the server on 127.0.0.1:`port`."""

    def __init__(self, port: int, names: Mapping[str, str]) -> None:
        self.port = port
        self.names = dict(names)
        self.lookups: list[str] = []

    async def resolve(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.names:
            raise OSError(f"[Errno -2] Name or service not known: {host}")
        return [self.names[host]]

    def backend(self) -> httpcore.AsyncNetworkBackend:
        port = self.port
        inner = httpcore.AnyIOBackend()

        class ToTheServer(httpcore.AsyncNetworkBackend):
            async def connect_tcp(self, host, port_, timeout=None, local_address=None,
                                  socket_options=None):  # fmt: skip
                return await inner.connect_tcp("127.0.0.1", port, timeout=timeout)

            async def sleep(self, seconds: float) -> None:
                await inner.sleep(seconds)

        return ToTheServer()


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
