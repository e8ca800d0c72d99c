"""A local site for crawl-resume tests (127.0.0.1 only): pages from a table, and one path that
hangs while the test holds it, so a crawl can be cut short with that page unanswered.

`crawl_web(pages, held)` yields a CrawlWeb: its `base` URL, each request's path in `hits` and
`release()`; a path not in the table answers 404."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from local_server import reply, running


@dataclass
class CrawlWeb:
    base: str = ""
    hits: list[str] = field(default_factory=list)
    holding: bool = True

    def release(self) -> None:
        """The held page answers from now on."""
        self.holding = False


# A site three levels deep: the seed links a, b and the held c; a and b link a page each,
# one holding the phone; robots.txt disallows /private/ (tried, 404) and the sitemap adds /s.
SITE = {
    "/": '<a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a>',
    "/a": '<a href="/a/1">more</a> <p>The Whitcombe campaign</p>',
    "/b": '<a href="/b/1">more</a> <a href="/">home</a>',
    "/c": '<a href="/c/1">more</a> <p>Ring me on 07700 900461</p>',
    "/a/1": "<p>Call 07700 900461 any time</p>",
    "/b/1": "<p>Nothing here</p>",
    "/c/1": "<p>Still nothing</p>",
    "/s": '<a href="/a">A</a>',
    "/robots.txt": "User-agent: *\nDisallow: /private/\n",
    "/sitemap.xml": "",  # filled in with the base URL (a sitemap lists absolute URLs)
}


def site_pages(base: str) -> dict[str, str]:
    pages = dict(SITE)
    pages["/sitemap.xml"] = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/s</loc></url></urlset>"
    )
    return pages


@contextmanager
def crawl_web(pages: Mapping[str, str] | None = None, held: str = "/c") -> Iterator[CrawlWeb]:
    """`pages` by path (SITE by default); `held` hangs while the test holds it."""
    web = CrawlWeb()
    table: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            web.hits.append(self.path)
            while self.path == held and web.holding:
                time.sleep(0.02)
            text = table.get(self.path)
            body = (text if text is not None else "not found").encode()
            media = "application/xml" if self.path.endswith(".xml") else "text/html"
            if self.path.endswith(".txt"):
                media = "text/plain"
            reply(self, 200 if text is not None else 404, {"content-type": media}, body)

        def log_message(self, *args: object) -> None:
            pass

    with running(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as web.base:
        table.update(pages if pages is not None else site_pages(web.base))
        try:
            yield web
        finally:
            web.release()
