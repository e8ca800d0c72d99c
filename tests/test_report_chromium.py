"""The HTML report in a real browser (headless Chromium): hostile text stays text, and the page
renders at phone width. Skipped only when Chromium is not installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from test_report_samples import (
    GENERATED,
    HOSTILE,
    HOSTILE_IMG,
    PROFILE,
    sample_findings,
    sample_sources,
)

from reports import build_report, render_html, write_report

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not on PATH (Debian: apt-get install -y chromium chromium-driver)",
)
PHONE_WIDTH = 390


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    report = build_report(PROFILE, sample_findings(), sample_sources(), GENERATED)
    path = tmp_path / "report.html"
    write_report(path, render_html(report))
    return path


def test_hostile_evidence_is_text_in_the_browser_dom(tmp_path: Path, report_file: Path) -> None:
    result = _chromium(tmp_path, "--dump-dom", report_file.as_uri())
    dom = BeautifulSoup(result.stdout, "html.parser")
    assert dom.find("h1") is not None, result.stderr[-2000:]
    assert dom.find("script") is None
    assert dom.find("img") is None
    assert not any(a.startswith("on") for tag in dom.find_all(True) for a in tag.attrs)
    text = dom.get_text()
    assert HOSTILE in text and HOSTILE_IMG in text
    assert "javascript:alert(document.cookie)" in text
    assert not any("javascript" in a["href"] for a in dom.find_all("a", href=True))


def test_phone_width_screenshot(tmp_path: Path, report_file: Path) -> None:
    shot = tmp_path / "phone.png"
    _chromium(
        tmp_path,
        "--hide-scrollbars",
        f"--window-size={PHONE_WIDTH},2000",
        f"--screenshot={shot}",
        report_file.as_uri(),
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(shot) as image:
        assert image.size == (PHONE_WIDTH, 2000)
        # Not a blank page: the top of the report has dark text on a light background.
        top = image.convert("L").crop((0, 0, PHONE_WIDTH, 200))
        darkest, lightest = top.getextrema()
        assert darkest < 80 and lightest > 230
