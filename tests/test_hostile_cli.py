"""`footprint scan` against a hostile site on 127.0.0.1, as a user runs it: script, attribute
and URL injection in every field that reaches a report (page text, titles, final URLs,
redirects to javascript: and data:, file names, PDF, DOCX and EXIF metadata) and terminal
escape sequences in page text. Every format is written, nothing is live in any of them, the
terminal summary carries no escape sequence, and nothing is written but the report.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hostile_server import Log, answer, dribble, endless, html, redirect, serve
from markdown_it import MarkdownIt
from test_extract_documents import build_docx, paragraph, pdf_with_metadata
from test_extract_images import jpeg
from typer.testing import CliRunner

from footprint.cli import app

PHONE = "07700 900461"
EMAIL = "ellie.whitcombe77@example.net"
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x1b]8;;http://evil.example/\x07here\x1b]8;;\x07\x9b1m"
INJECT = (
    '<script>alert("s")</script> <img src=x onerror=alert("i")> "><svg onload=alert("v")> '
    '[md](javascript:alert("m")) javascript:alert("j")'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(creator: str, text: str) -> bytes:
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator>{creator}</dc:creator></cp:coreProperties>"
    )
    body = f"<w:document {W}><w:body>{paragraph(text)}</w:body></w:document>"
    return build_docx({"word/document.xml": body, "docProps/core.xml": core})


def escaped_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def site() -> dict:
    page = (
        f"<html><head><title>{escaped_xml(INJECT)} {PHONE}</title></head><body>"
        f"<p>{escaped_xml(INJECT)} call {PHONE} {ESCAPES}</p>"
        '<a href="javascript:alert(1)">x</a>'
        '<a href="data:text/html,<script>alert(2)</script>">y</a>'
        "</body></html>"
    )
    return {
        "/inject": html(page),
        # The final address carries markup: it is the finding's location.
        "/moved": redirect('/"><script>alert("u")</script>?q=<img src=x onerror=alert("q")>'),
        '/"><script>alert("u")</script>': html(f"<p>ring {PHONE}</p>"),
        "/to-js": redirect("javascript:alert('r')"),
        "/to-data": redirect("data:text/html,<script>alert('d')</script>"),
        "/leaflet.pdf": answer(
            200,
            {"Content-Type": "application/pdf"},
            pdf_with_metadata(Author=f"{INJECT} {EMAIL}", Title=f"{ESCAPES} {PHONE}"),
        ),
        "/notes.docx": answer(
            200,
            {"Content-Type": "application/octet-stream"},
            docx(escaped_xml(f"{INJECT} {EMAIL}"), f"Notes {PHONE}"),
        ),
        "/photo.jpg": answer(
            200,
            {"Content-Type": "image/jpeg"},
            jpeg(t013b=f"{INJECT} {EMAIL}", t010e=f"{ESCAPES} {PHONE}"),
        ),
    }


# A local file whose name is hostile: names reach every report and the terminal.
FILE_NAME = '<img src=x onerror=alert("f")>\x1b]0;owned\x07\x1b[2J\u202etxt.txt'
SHOWN_NAME = '<img src=x onerror=alert("f")>\\x1b]0;owned\\x07\\x1b[2J\\u202etxt.txt'
PATHS = ["/inject", "/moved", "/to-js", "/to-data", "/leaflet.pdf", "/notes.docx", "/photo.jpg"]


@pytest.fixture(autouse=True)
def brisk(monkeypatch: pytest.MonkeyPatch) -> None:
    """One host serves every page: lift the polite per-host rate (2 a second), which is not
    what these tests are about, so each scan takes a fraction of a second."""
    import footprint.run

    chosen = footprint.run.net_settings

    def faster(request):
        return replace(chosen(request), per_host_rate=500.0, per_host_burst=100)

    monkeypatch.setattr(footprint.run, "net_settings", faster)


@pytest.fixture
def web() -> Iterator[str]:
    routes = site()
    # The server decodes nothing: the redirected path arrives percent-encoded.
    routes["/%22%3E%3Cscript%3Ealert(%22u%22)%3C/script%3E"] = routes.pop(
        '/"><script>alert("u")</script>'
    )
    with serve(routes) as (base, _):
        yield base


def listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def run(
    tmp_path: Path, base: str, fmt: str, *extra: str, urls: list[str] = PATHS
) -> tuple[int, str, str, Path]:
    """The scan, from a clean folder and home; (exit code, stderr, report text, report)."""
    work = tmp_path / fmt
    home = work / "home"
    home.mkdir(parents=True)
    profile = work / "me.toml"
    profile.write_text(
        f'name = "Eleanor Whitcombe"\n[private]\nphones = ["{PHONE}"]\nemails = ["{EMAIL}"]\n'
    )
    docs = work / "docs"
    docs.mkdir()
    (docs / FILE_NAME).write_text(f"call {PHONE}\n")
    out = work / "out" / f"report.{fmt}"
    out.parent.mkdir()
    before = listing(work)
    given = [arg for path in urls for arg in ("--url", base + path)]
    args = ["scan", str(profile), *given, "--path", "docs", "--only", "pages",
            "--only", "local_files", "--allow-private",
            "--format", fmt, "-o", str(out), *extra]  # fmt: skip
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "COLUMNS": "200"}
    cwd = os.getcwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(app, args, env=env)
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    # Nothing but the report was written: not in the folder, not at home, no cache.
    assert listing(work) - before == {f"out/report.{fmt}"}
    return result.exit_code, result.stderr, out.read_text(), out


def assert_inert_html(soup: BeautifulSoup) -> None:
    assert soup.find("script") is None
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            text = " ".join(value) if isinstance(value, list) else value
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert text.startswith(("#", "http://", "https://")), (tag.name, text)
    for tag in (
        "iframe",
        "object",
        "embed",
        "svg",
        "img",
        "form",
        "base",
        "meta[http-equiv=refresh]",
    ):
        assert soup.select_one(tag) is None, tag


def test_html_report_and_terminal_summary_have_nothing_live(tmp_path: Path, web: str) -> None:
    code, stderr, text, out = run(tmp_path, web, "html")
    assert code == 0
    # The terminal: the summary names every place, the file name's escapes shown, never obeyed.
    assert "Removal plan for Eleanor Whitcombe: 6 places" in stderr
    assert f"Report written to {out}" in stderr and SHOWN_NAME in stderr
    assert "\x1b" not in stderr and "\x07" not in stderr and "\x9b" not in stderr
    # The report.
    soup = BeautifulSoup(text, "html.parser")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"]
    soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"}).decompose()
    assert_inert_html(soup)
    shown = soup.get_text()
    # The hostile text reached the report, as text.
    assert '<script>alert("s")</script>' in shown and "onerror=alert(" in shown
    assert SHOWN_NAME in shown  # the file name, as text
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_markdown_report_renders_nothing_live(tmp_path: Path, web: str) -> None:
    code, _, text, _ = run(tmp_path, web, "md", "--quiet")
    assert code in (0, 3)
    rendered = MarkdownIt("commonmark").render(text)  # raw HTML allowed: the loosest renderer
    soup = BeautifulSoup(rendered, "html.parser")
    assert_inert_html(soup)
    assert '<script>alert("s")</script>' in soup.get_text()
    assert "\x1b" not in text and "\x07" not in text


def test_json_report_holds_every_finding_and_reason(tmp_path: Path, web: str) -> None:
    code, _, text, _ = run(tmp_path, web, "json", "--quiet")
    report = json.loads(text)
    sources = {s["name"]: s for s in report["sources"]}
    pages, files = sources["pages"], sources["local_files"]
    assert files["state"] == "ok"
    by_path = {f["location"].removeprefix(web) for f in report["findings"]}
    # Every hostile page still gave its findings, metadata included.
    assert {"/inject", "/leaflet.pdf", "/notes.docx", "/photo.jpg"} <= by_path
    assert "docs/" + SHOWN_NAME in by_path  # control characters shown, never raw, in JSON too
    assert any(p.startswith("/%22%3E%3Cscript%3E") for p in by_path)
    skipped = {item["location"].removeprefix(web): item["reason"] for item in pages["skipped"]}
    assert skipped == {
        "/to-js": "not requested: not a valid web address (or a redirect to one)",
        "/to-data": "not requested: not a valid web address (or a redirect to one)",
    }
    assert code == 0 and pages["state"] == "partial"


def test_a_report_is_written_when_the_time_limit_cuts_a_slow_site_off(tmp_path: Path) -> None:
    stop = threading.Event()
    slow = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9999\r\n\r\n"
        + PHONE.encode()
    )
    routes = {"/slow": dribble(slow + b"x" * 9999, 0.05, stop), "/endless": endless(Log(), "/e")}
    try:
        with serve(routes) as (base, _):
            started = time.monotonic()
            code, stderr, text, _ = run(
                tmp_path, base, "json", "--quiet", "--timeout", "3", urls=["/slow", "/endless"]
            )
            seconds = time.monotonic() - started
    finally:
        stop.set()
    assert code == 3 and stderr == "" and seconds < 8
    report = json.loads(text)
    pages = {s["name"]: s for s in report["sources"]}["pages"]
    assert "time limit of 3 s reached" in pages["reason"]
    # The endless page was read up to the default size limit meanwhile, and said so.
    assert (
        f"{base}/endless is larger than the size limit: its first 5 MB were read" in pages["reason"]
    )
    assert {s["name"]: s for s in report["sources"]}["local_files"]["state"] == "ok"
