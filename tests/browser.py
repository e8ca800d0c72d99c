"""A report opened in headless Chromium, and what the browser did with it.

`check_in_chromium(path)` opens one page twice (in parallel): at 1280 px it dumps the DOM and
takes a screenshot, at 390 px it takes a screenshot; both runs write Chromium's net log and
its console. It returns what a test asserts on:
- `text`: the page as the browser ended up with it (after any script ran), as text - every
  text node outside <style>, and every attribute value (a private value in an href or title
  leaks too);
- `network_log`: every URL the page asked the network for, from the net log (the browser's
  own background traffic - update checks, sign-in - is told apart by its initiator: it has
  none, "not an origin"; a page's requests carry the page's origin). file:// and data: loads
  never reach the net log, so for a self-contained report this is empty;
- `console`: every console message, CSP violations among them.
Screenshots are checked (PNG, the asked width, not blank) and kept in FOOTPRINT_SCREENSHOTS
when set. A proxy on a closed local port takes anything that would go off the machine, so no
test reaches the internet whatever a page or the browser tries.

The hostile payloads below would put MARKER in the page text and console if any ran: the
marker is only ever built by the script ('FP' + 'XSS'), so it cannot appear as escaped text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest
from bs4 import BeautifulSoup
from PIL import Image

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not on PATH (Debian: apt-get install -y chromium chromium-driver)",
)
PHONE_WIDTH = 390
DESKTOP_WIDTH = 1280
SHOT_HEIGHT = 3000
# Background networking off, nothing phoned home; a dead proxy for whatever still tries.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--no-pings",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
    "--proxy-server=127.0.0.1:9",
    "--hide-scrollbars",
)

MARKER = "FP" + "XSS"
_JS = "document.body.prepend('FP'+'XSS');console.log('FP'+'XSS')"
LEAK = "http://127.0.0.1:9/leak"  # a closed local port: a request fails at once, but is logged
PAYLOADS = (
    f"<script>{_JS}</script>",
    f'"><img src=x onerror="{_JS}">',
    f"'><svg onload=\"{_JS}\">",
    f"javascript:{_JS}",
    f'<a href="javascript:{_JS}">x</a>',
    f"<iframe srcdoc=\"<script>{_JS}</script>\"></iframe>",
    f'<img src="{LEAK}.png"><link rel="stylesheet" href="{LEAK}.css">',
    f"<style>@import '{LEAK}-import.css';</style>",
    f"<meta http-equiv=\"refresh\" content=\"0;url={LEAK}-refresh\">",
    f"![x]({LEAK}-md.png) [click](javascript:{_JS})",
    "data:text/html,<script>alert(1)</script>",
)


class BrowserRun(NamedTuple):
    text: str
    network_log: list[str]
    console: list[str]


def shots_dir(fallback: Path) -> Path:
    kept = os.environ.get("FOOTPRINT_SCREENSHOTS")
    folder = Path(kept) if kept else fallback
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_in_chromium(html_path: Path, name: str | None = None, keep: bool = True) -> BrowserRun:
    """Open `html_path` at 1280 and 390 px; screenshots named `{name}-{width}.png`, kept in
    FOOTPRINT_SCREENSHOTS unless `keep` is False (control pages)."""
    assert CHROMIUM is not None
    name = name or html_path.stem
    work = html_path.parent / f".chromium-{name}"
    work.mkdir(exist_ok=True)
    local = html_path.parent / "shots"
    shots = shots_dir(local) if keep else local
    shots.mkdir(exist_ok=True)
    runs = {}
    for width in (DESKTOP_WIDTH, PHONE_WIDTH):
        shot = shots / f"{name}-{width}.png"
        command = [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={work / f'profile-{width}'}",
            f"--log-net-log={work / f'net-{width}.json'}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",  # timers and error handlers get their turn
            f"--window-size={width},{SHOT_HEIGHT}",
            f"--screenshot={shot}",
            *(["--dump-dom"] if width == DESKTOP_WIDTH else []),
            html_path.as_uri(),
        ]
        shot.unlink(missing_ok=True)
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        runs[width] = (process, shot)
    dom, console, network = "", [], []
    for width, (process, shot) in runs.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
        _check_screenshot(shot, width)
        console += _console(err)
        network += page_requests(work / f"net-{width}.json")
        if width == DESKTOP_WIDTH:
            dom = out
    assert "<html" in dom, "no DOM dumped"
    return BrowserRun(page_text(dom), network, console)


def page_text(dom: str) -> str:
    """Text nodes (not <style>) and attribute values, one per line, whitespace collapsed."""
    soup = BeautifulSoup(dom, "html.parser")
    for style in soup.find_all("style"):
        style.decompose()
    parts = [" ".join(s.split()) for s in soup.find_all(string=True)]
    for tag in soup.find_all(True):
        for value in tag.attrs.values():
            parts += value if isinstance(value, list) else [value]
    return "\n".join(p for p in parts if p.strip())


def page_requests(net_log: Path) -> list[str]:
    """URLs the page (not the browser itself) asked the network for."""
    data = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in data["events"]:
        params = event.get("params", {})
        page_made = params.get("initiator") != "not an origin"
        if event["type"] == start_job and "url" in params and page_made:
            urls.append(params["url"])
    return urls


_CONSOLE = re.compile(r':CONSOLE[^\]]*\] "(?P<message>.*)", source: ')


def _console(stderr: str) -> list[str]:
    return [m.group("message") for m in _CONSOLE.finditer(stderr)]


def _check_screenshot(shot: Path, width: int) -> None:
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot
    with Image.open(shot) as image:
        assert image.size == (width, SHOT_HEIGHT)
        # Not a blank page: the top has dark text on a light background.
        top = image.convert("L").crop((0, 0, width, 200))
        darkest, lightest = top.getextrema()
        assert darkest < 80 and lightest > 230, shot


def csp_script_sources(html: str) -> list[str]:
    """The page's script sources from its CSP meta (script-src, else default-src): asserts
    there is a CSP, that it allows scripts only by sha256 hash (or not at all), and that every
    inline script in the page is one of those hashes and no script is loaded from anywhere."""
    soup = BeautifulSoup(html, "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    assert meta is not None, "no Content-Security-Policy"
    directives = {}
    for part in meta["content"].split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    sources = directives.get("script-src", directives.get("default-src"))
    assert sources is not None, meta["content"]
    hashed = all(re.fullmatch(r"'sha256-[A-Za-z0-9+/=]+'", s) for s in sources)
    assert sources == ["'none'"] or hashed, sources
    pinned = {s.strip("'").removeprefix("sha256-") for s in sources}
    for script in soup.find_all("script"):
        assert not script.get("src"), script
        digest = base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
        assert digest in pinned, f"inline script not pinned by hash: {script.string[:80]!r}"
    return sources


def markdown_page(markdown: str, path: Path) -> Path:
    """The Markdown rendered as a permissive viewer would: CommonMark with raw HTML passed
    through (so any HTML left unescaped in the .md would reach the page) and tables, in a
    page with no CSP of its own (viewers add none) - the .md alone must be safe."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Markdown report</title></head><body>" + body + "</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path
