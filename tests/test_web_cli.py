"""website and pages end to end: `footprint scan` and `footprint plan` against a site on
127.0.0.1 (they have no endpoint: the candidate's own URLs are what they fetch)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from local_server import reply
from test_extract_documents import pdf_with_metadata
from typer.testing import CliRunner

from footprint.cli import app


def leaflet() -> bytes:
    return pdf_with_metadata(Author="ellie.whitcombe77@example.net")


SITE: dict[str, tuple[int, str, bytes]] = {
    "/": (200, "text/html", b'<a href="/leaflet.pdf">Leaflet</a>'
          b"<footer>Promoted by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX</footer>"),
    "/leaflet.pdf": (200, "application/pdf", leaflet()),
    "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /drafts/\n"),
    "/drafts/": (200, "text/html", b"<p>Ring me on 07700 900461</p>"),
    "/news": (200, "text/html", b"<p>Daniel Whitcombe ran the tombola.</p>"),
}  # fmt: skip


class Site(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared with the test through the class

    def do_GET(self) -> None:
        Site.hits.append(self.path)
        status, media, body = SITE.get(self.path, (404, "text/plain", b"not found"))
        reply(self, status, {"content-type": media}, body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Site.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def profile(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(
        'name = "Eleanor Whitcombe"\narea = "Wickwar"\n[private]\n'
        'home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"\n'
        'phones = ["07700 900461"]\nemails = ["ellie.whitcombe77@example.net"]\n'
        'family = ["Daniel Whitcombe"]\n'
        f'[public]\nurls = ["{base}/"]\n'
    )
    return path


def scan(tmp_path: Path, server: str, *extra: str) -> dict:
    out = tmp_path / "report.json"
    args = ["scan", str(profile(tmp_path, server)), *extra, "--allow-private",
            "--format", "json", "-o", str(out), "--quiet"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def found(report: dict, server: str) -> set[tuple[str, str]]:
    return {(f["category"], f["location"].removeprefix(server)) for f in report["findings"]}


def test_website_scan_crawls_the_site(tmp_path: Path, server: str) -> None:
    report = scan(tmp_path, server, "--only", "website")
    (website,) = report["sources"]
    assert website["state"] == "ok", website
    assert (website["checked"], website["total"]) == (3, 3)
    assert "robots.txt asks crawlers to skip /drafts/" in website["reason"]
    assert found(report, server) == {
        ("home_address", "/"),
        ("email", "/leaflet.pdf"),
        ("phone", "/drafts/"),
    }
    imprint = next(f for f in report["findings"] if f["category"] == "home_address")
    assert imprint["severity"] == "high" and "imprint" in imprint["note"]
    assert imprint["advice"][0] == "imprint-address"
    # The disallowed page was read anyway; nothing was asked for twice.
    assert sorted(Site.hits) == ["/", "/drafts/", "/leaflet.pdf", "/robots.txt", "/sitemap.xml"]


def test_pages_scan_reads_public_urls_and_each_url_flag(tmp_path: Path, server: str) -> None:
    report = scan(tmp_path, server, "--only", "pages", "--url", f"{server}/news")
    (pages,) = report["sources"]
    assert pages["state"] == "ok" and (pages["checked"], pages["total"]) == (2, 2)
    assert found(report, server) == {("home_address", "/"), ("family", "/news")}
    assert sorted(Site.hits) == ["/", "/news"]  # only the given pages, no crawl


def test_plan_lists_exactly_what_each_sends_where(tmp_path: Path, server: str) -> None:
    args = ["plan", str(profile(tmp_path, server)), "--only", "website", "--only", "pages",
            "--url", f"{server}/news"]  # fmt: skip
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert (
        f"site '{server}/' -> 127.0.0.1 (the pages it links to, robots.txt, sitemap.xml)" in lines
    )
    assert f"url '{server}/' -> 127.0.0.1" in lines
    assert f"url '{server}/news' -> 127.0.0.1" in lines
    assert Site.hits == []  # planning sends nothing


def test_a_domain_whose_home_page_is_also_a_public_url_is_planned_once() -> None:
    from footprint.plan import plan
    from footprint.profile import parse_profile
    from footprint.scanner import ScanOptions
    from scanners.website import Website

    subject = parse_profile(
        {
            "name": "Eleanor Whitcombe",
            "private": {"phones": ["07700 900461"]},
            "public": {"domains": ["whitcombe.example"], "urls": ["https://whitcombe.example/"]},
        }
    )
    sends = plan(subject, [Website()], ScanOptions())
    assert [(s.kind, s.value) for s in sends] == [("site", "https://whitcombe.example/")]


def test_no_endpoint_variable_redirects_them() -> None:
    from scanners.pages import Pages
    from scanners.website import Website

    env = {"FOOTPRINT_WEBSITE_URL": "http://127.0.0.1:1", "FOOTPRINT_PAGES_URL": "http://x"}
    assert Website().endpoint_for(env) == ("", "none")
    assert Pages().endpoint_for(env) == ("", "none")
    result = CliRunner().invoke(app, ["scanners"], env=env)
    assert result.exit_code == 0 and "127.0.0.1:1" not in result.output
