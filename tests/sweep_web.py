"""A local two-site web for username-sweep tests run through the real CLI: `/quick/USER`
answers a profile page at once, `/slow/USER` hangs while the test holds it, then says "no such
user". Started and stopped around each test (127.0.0.1 only)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from local_server import reply, running


@dataclass
class SweepWeb:
    port: int = 0
    hits: list[str] = field(default_factory=list)
    holding: bool = True

    def release(self) -> None:
        """The slow site answers from now on."""
        self.holding = False

    def sites(self) -> dict:
        """A WhatsMyName-format list of the two sites."""
        base = f"http://127.0.0.1:{self.port}"
        entries = [_site(name, f"{base}/{name.lower()}/{{account}}") for name in ("Quick", "Slow")]
        return {"license": ["t"], "authors": ["t"], "categories": ["social"], "sites": entries}


def _site(name: str, url: str) -> dict:
    return {"name": name, "uri_check": url, "e_code": 200, "e_string": "| Quick",
            "m_code": 404, "m_string": "no such user", "known": ["x"], "cat": "social"}  # fmt: skip


@contextmanager
def sweep_web(page: Callable[[str], str], held: Callable[[str], bool]) -> Iterator[SweepWeb]:
    """`page(user)`: the quick site's profile text; `held(user)`: whether the slow site hangs
    for that user while the test holds it."""
    web = SweepWeb()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            web.hits.append(self.path)
            user = self.path.rsplit("/", 1)[-1]
            if self.path.startswith("/slow/"):
                while web.holding and held(user):
                    time.sleep(0.05)
                body, status = b"no such user", 404
            else:
                body, status = f"<title>Profile | Quick</title> {page(user)}".encode(), 200
            reply(self, status, {"content-type": "text/html"}, body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    web.port = httpd.server_address[1]
    with running(httpd):
        try:
            yield web
        finally:
            web.release()
