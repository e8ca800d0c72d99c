"""A throwaway HTTP server on 127.0.0.1 answering from a table, for end-to-end CLI tests.

`serve(routes)` yields the base URL and the list of requests seen. Routes are keyed by
path, or by path with its query string (exact, as the client sent it, which wins); each
answer is (status, headers, body). Anything else is a 404.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, Mapping[str, str], bytes]


@dataclass(frozen=True)
class Seen:
    path: str  # with the query string, as sent
    headers: Mapping[str, str]


@contextmanager
def running(httpd: ThreadingHTTPServer) -> Iterator[str]:
    """`httpd` serving on a thread of its own (for every local test server); its base URL.
    Shut down and closed afterwards. A client that hung up (a killed scan, a cut-short body)
    is not reported: socketserver would print it to stderr, later, from its own thread, into
    whatever test then captures stderr."""
    httpd.daemon_threads = True
    report = httpd.handle_error

    def handle_error(request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            report(request, client_address)  # type: ignore[arg-type]

    httpd.handle_error = handle_error  # type: ignore[method-assign]
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def reply(
    handler: BaseHTTPRequestHandler, status: int, headers: Mapping[str, str], body: bytes
) -> None:
    """Answer `handler`'s request with `body` and its length (for every local test server)."""
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def serve(routes: Mapping[str, Answer]) -> Iterator[tuple[str, list[Seen]]]:
    seen: list[Seen] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep pytest output quiet
            pass

        def do_GET(self) -> None:
            seen.append(Seen(self.path, dict(self.headers.items())))
            status, headers, body = routes.get(
                self.path, routes.get(self.path.split("?", 1)[0], (404, {}, b"not here"))
            )
            reply(self, status, headers, body)

    with running(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as base:
        yield base, seen
