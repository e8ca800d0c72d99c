"""rdap and wayback end to end through the CLI, against a real HTTP server on 127.0.0.1
(FOOTPRINT_RDAP_URL and FOOTPRINT_WAYBACK_URL point at it; --allow-private lets it be reached)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from rdap_answers import bootstrap_with, registered_to
from typer.testing import CliRunner

from footprint.cli import app
from scanners.rdap.bootstrap import IANA_DNS_BOOTSTRAP, cache_file

DOMAIN = "whitcombeforwickwar.example"
TS = "20220301101500"
PROFILE = f"""name = "Eleanor Whitcombe"
[private]
home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"
phones = ["07700 900461"]
[public]
domains = ["{DOMAIN}"]
"""
OLD_PAGE = b"<html><body>Write to me at 14 Larkspur Close, Wickwar GL12 8QX</body></html>"


class Archive(BaseHTTPRequestHandler):
    """An RDAP server under /rdap, a CDX server, raw captures under /web, and the live site."""

    hits: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Archive.hits.append(self.path)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        old = f"{base}/contact-old.html"
        parts = urlsplit(self.path)
        if self.path == f"/rdap/domain/{DOMAIN}":
            self._send(200, json.dumps(registered_to(DOMAIN)).encode(), "application/rdap+json")
        elif parts.path == "/cdx/search/cdx":
            asked = parse_qs(parts.query)
            rows = [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest"]]
            if asked["url"] == [DOMAIN] and asked["matchType"] == ["domain"]:
                rows.append(
                    ["example,whitcombe)/contact-old.html", TS, old, "text/html", "200", "D"]
                )
            self._send(200, json.dumps(rows).encode(), "application/json")
        elif self.path == f"/web/{TS}id_/{old}":
            self._send(200, OLD_PAGE, "text/html; charset=utf-8")
        else:  # the live contact page is gone
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def archive() -> Iterator[str]:
    Archive.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Archive)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def env_for(base: str, cache: Path) -> dict[str, str]:
    return {
        "FOOTPRINT_RDAP_URL": f"{base}/rdap",
        "FOOTPRINT_WAYBACK_URL": base,
        "XDG_CACHE_HOME": str(cache),
    }


def scan(base: str, tmp_path: Path, scanner: str) -> dict:
    """`footprint scan --only SCANNER` (one at a time: the archive's polite rate applies to
    the test server too, and one scanner's few requests stay within its burst)."""
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE)
    out = tmp_path / f"{scanner}.json"
    args = ["scan", str(profile), "--only", scanner, "--allow-private",
            "--format", "json", "-o", str(out), "--quiet"]  # fmt: skip
    result = CliRunner().invoke(app, args, env=env_for(base, tmp_path / "cache"))
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def test_rdap_scan_finds_the_registrant_phone(archive: str, tmp_path: Path) -> None:
    report = scan(archive, tmp_path, "rdap")
    (source,) = report["sources"]
    assert source["state"] == "ok"
    phone = next(f for f in report["findings"] if f["category"] == "phone")
    assert phone["source"] == "rdap" and phone["location"] == f"{archive}/rdap/domain/{DOMAIN}"
    assert phone["advice"][0] == "registrar-privacy-service"
    assert Archive.hits == [f"/rdap/domain/{DOMAIN}"]  # the override is an RDAP server


def test_wayback_scan_finds_an_address_removed_from_the_site(archive: str, tmp_path: Path) -> None:
    report = scan(archive, tmp_path, "wayback")
    (source,) = report["sources"]
    assert source["state"] == "ok"
    archived = next(f for f in report["findings"] if f["category"] == "home_address")
    assert archived["location"] == f"{archive}/web/{TS}id_/{archive}/contact-old.html"
    assert archived["note"].startswith("Removed from the site, still archived")
    assert archived["advice"][0] == "wayback-exclusion"
    # The live page was asked before its copy, and no private detail went to the server.
    assert Archive.hits.index("/contact-old.html") < Archive.hits.index(
        f"/web/{TS}id_/{archive}/contact-old.html"
    )
    assert not any("900461" in hit or "Larkspur" in hit for hit in Archive.hits)


def test_plan_lists_what_each_sends_where(archive: str, tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE)
    args = ["plan", str(profile), "--only", "rdap", "--only", "wayback"]
    host = archive.removeprefix("http://")
    result = CliRunner().invoke(app, args, env=env_for(archive, tmp_path / "cache"))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # as printed, whatever the terminal width
    assert f"domain '{DOMAIN}' -> {host} (the RDAP server set by FOOTPRINT_RDAP_URL)" in said
    assert f"domain '{DOMAIN}' -> {host} (the Internet Archive: its archived pages" in said
    assert f"domain '{DOMAIN}' -> {DOMAIN} and its subdomains (live pages" in said
    assert Archive.hits == []  # planning sends nothing


def test_plan_names_the_registry_from_the_cached_bootstrap(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE)
    cached = cache_file(tmp_path / "cache" / "footprint", IANA_DNS_BOOTSTRAP)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(bootstrap_with(example="https://rdap.example-registry.test/"))
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = CliRunner().invoke(app, ["plan", str(profile), "--only", "rdap"], env=env)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        f"domain '{DOMAIN}' -> rdap.example-registry.test (the .example registry's RDAP "
        "server, from the bootstrap file from data.iana.org, which is not sent the domain"
    ) in said


def test_a_bad_endpoint_variable_stops_before_any_work(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE)
    env = {"FOOTPRINT_WAYBACK_URL": "web.archive.org", "XDG_CACHE_HOME": str(tmp_path)}
    result = CliRunner().invoke(app, ["scan", str(profile), "--only", "wayback"], env=env)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "footprint: error: FOOTPRINT_WAYBACK_URL 'web.archive.org': must be a web address "
        "starting with http:// or https://"
    )
