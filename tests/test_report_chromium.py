"""The HTML report in a real browser (headless Chromium): hostile text stays text, and the page
lays out at phone and desktop width. Skipped only when Chromium is not installed.

Set FOOTPRINT_SCREENSHOTS to a folder to keep the screenshots (CI saves them as artifacts).
Layout is measured without a browser-driving library: a copy of the report (its CSP relaxed
for this test only) carries a small script that measures the page inside an iframe of the
wanted width and posts the numbers to the wrapper page, which --dump-dom then prints.
(Headless Chromium will not make a window narrower than 500 px; an iframe can be.)
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from browser import (
    CHROMIUM,
    DESKTOP_WIDTH,
    FLAGS,
    PHONE_WIDTH,
    SHOT_HEIGHT,
    needs_chromium,
    shots_dir,
)
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

pytestmark = needs_chromium

# Measures the page it is in: horizontal overflow, and words (runs of letters and digits) split
# across lines inside table cells (web addresses and paths, class "where", may break anywhere:
# nothing else may).
_PROBE = """<script>
(function () {
  var out = {width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
             broken: []};
  document.querySelectorAll("th, td").forEach(function (cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node, m;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest(".where")) continue;
      var words = /[\\p{L}\\p{N}]+/gu;  // a break at a hyphen or a space is fine
      while ((m = words.exec(node.data))) {
        var range = document.createRange(), lines = {};
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        Array.prototype.forEach.call(range.getClientRects(), function (r) {
          if (r.width > 0) lines[Math.round(r.top)] = 1;
        });
        if (Object.keys(lines).length > 1) out.broken.push(m[0]);
      }
    }
  });
  window.parent.postMessage(JSON.stringify(out), "*");
})();
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    report = build_report(PROFILE, sample_findings(), sample_sources(), GENERATED)
    path = tmp_path / "report.html"
    write_report(path, render_html(report))
    return path


def _measured(tmp_path: Path, report_file: Path, widths: tuple[int, ...]) -> dict[int, dict]:
    """Layout numbers for the report at each width, from one Chromium run."""
    html = report_file.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    frames = "".join(
        f'<iframe src="{probe.name}" style="width:{w}px;height:900px;border:0"></iframe>'
        for w in widths
    )
    wrapper = tmp_path / "measure.html"
    wrapper.write_text(
        "<!DOCTYPE html><html><body style=\"margin:0\"><pre id=\"out\"></pre>" + frames
        + "<script>window.addEventListener('message', function (e) {"
        "document.getElementById('out').textContent += e.data + '\\n'; });</script>"
        "</body></html>",
        encoding="utf-8",
    )  # fmt: skip
    result = _chromium(
        tmp_path,
        "--allow-file-access-from-files",
        "--virtual-time-budget=10000",
        f"--window-size={max(widths) + 100},1000",
        "--dump-dom",
        wrapper.as_uri(),
    )
    out = BeautifulSoup(result.stdout, "html.parser").find("pre", id="out")
    assert out is not None, result.stderr[-2000:]
    found = [json.loads(line) for line in out.get_text().splitlines() if line.strip()]
    return {m["width"]: m for m in found}


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


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
def test_screenshot(tmp_path: Path, report_file: Path, width: int) -> None:
    shot = shots_dir(tmp_path / "shots") / f"report-{width}.png"
    _chromium(
        tmp_path,
        "--hide-scrollbars",
        f"--window-size={width},{SHOT_HEIGHT}",
        f"--screenshot={shot}",
        report_file.as_uri(),
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(shot) as image:
        assert image.size == (width, SHOT_HEIGHT)
        # Not a blank page: the top of the report has dark text on a light background.
        top = image.convert("L").crop((0, 0, width, 200))
        darkest, lightest = top.getextrema()
        assert darkest < 80 and lightest > 230


def test_no_horizontal_overflow_and_no_word_split_in_a_table(
    tmp_path: Path, report_file: Path
) -> None:
    measured = _measured(tmp_path, report_file, (PHONE_WIDTH, 600, DESKTOP_WIDTH))
    assert set(measured) == {PHONE_WIDTH, 600, DESKTOP_WIDTH}, measured
    for width, m in measured.items():
        assert m["scrollWidth"] <= width, (width, m)
        assert m["broken"] == [], (width, m["broken"])  # e.g. "Sourc e", "Stat us"


# -- the slate overview (reports/slate_html.py) ---------------------------------------------------


def _slate_rows() -> list:
    from reports.slate import report_link, row_from_report, row_not_checked, row_not_run

    report = build_report(PROFILE, sample_findings(), sample_sources(), GENERATED)
    rows = [row_from_report("ellie", report, report_link("candidates", "ellie", "html"))]
    rows.append(
        row_not_checked(
            "bad-r3", "Bad Row", "slate.csv: row 3", "phones: not a phone number", "full"
        )
    )
    rows.append(row_not_run("late", "Late Candidate", "interrupted before it started"))
    clean = build_report(PROFILE, [], sample_sources(), GENERATED)
    rows.append(row_from_report("clean", clean, report_link("candidates", "clean", "html")))
    return rows


@pytest.fixture
def slate_file(tmp_path: Path) -> Path:
    from reports.slate_html import render_slate_html

    html = render_slate_html(
        "slate.csv", _slate_rows(), {"accounts": (57, 0), "web": (12, 1)}, GENERATED
    )
    path = tmp_path / "index.html"
    write_report(path, html)
    return path


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
def test_slate_overview_screenshot(tmp_path: Path, slate_file: Path, width: int) -> None:
    shot = shots_dir(tmp_path / "shots") / f"slate-{width}.png"
    _chromium(
        tmp_path,
        "--hide-scrollbars",
        f"--window-size={width},{SHOT_HEIGHT}",
        f"--screenshot={shot}",
        slate_file.as_uri(),
    )
    with Image.open(shot) as image:
        assert image.size == (width, SHOT_HEIGHT)
        top = image.convert("L").crop((0, 0, width, 200))
        darkest, lightest = top.getextrema()
        assert darkest < 80 and lightest > 230


def test_slate_overview_fits_phone_and_desktop(tmp_path: Path, slate_file: Path) -> None:
    measured = _measured(tmp_path, slate_file, (PHONE_WIDTH, 600, DESKTOP_WIDTH))
    assert set(measured) == {PHONE_WIDTH, 600, DESKTOP_WIDTH}, measured
    for width, m in measured.items():
        assert m["scrollWidth"] <= width, (width, m)
        assert m["broken"] == [], (width, m["broken"])


def test_slate_script_runs_under_its_csp_hash_and_only_then(
    tmp_path: Path, slate_file: Path
) -> None:
    """The page's CSP allows its one inline script by hash: the controls appear and the
    headers become sort buttons. A changed script is blocked, and the page still reads: the
    whole table, the controls (which need the script) hidden."""
    dom = BeautifulSoup(
        _chromium(tmp_path, "--dump-dom", slate_file.as_uri()).stdout, "html.parser"
    )
    assert dom.find(id="controls") is not None and not dom.find(id="controls").has_attr("hidden")
    assert len(dom.select("#slate thead button")) == 12
    tampered = tmp_path / "tampered.html"
    html = slate_file.read_text(encoding="utf-8")
    tampered.write_text(html.replace('"use strict";', '"use strict"; var x = 1;'), encoding="utf-8")
    dom = BeautifulSoup(_chromium(tmp_path, "--dump-dom", tampered.as_uri()).stdout, "html.parser")
    assert dom.find(id="controls").has_attr("hidden")
    assert dom.select("#slate thead button") == []
    assert len(dom.select("#slate tbody tr")) == 4
    assert "Bad Row" in dom.get_text()


_CLICK = """<script>
(function () {
  var out = document.createElement("pre"); out.id = "order"; document.body.appendChild(out);
  var heads = document.querySelectorAll("#slate thead button");
  function names() {
    return Array.prototype.map.call(document.querySelectorAll("#slate tbody tr"), function (r) {
      return r.hidden ? "-" : r.getAttribute("data-name").split(" ").pop();
    }).join(",");
  }
  heads[heads.length - 2].click();  // Total: most first
  var lines = [names()];
  var filter = document.getElementById("filter");
  filter.value = "bad"; filter.dispatchEvent(new Event("input"));
  lines.push(names());
  filter.value = ""; filter.dispatchEvent(new Event("input"));
  var show = document.getElementById("show");
  show.value = "incomplete"; show.dispatchEvent(new Event("change"));
  lines.push(names());
  out.textContent = lines.join("\\n");
})();
</script>"""


def test_slate_sorts_and_filters_in_the_page(tmp_path: Path, slate_file: Path) -> None:
    html = slate_file.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page = tmp_path / "click.html"
    page.write_text(html.replace("</body>", _CLICK + "</body>"), encoding="utf-8")
    dom = BeautifulSoup(_chromium(tmp_path, "--dump-dom", page.as_uri()).stdout, "html.parser")
    order = dom.find("pre", id="order")
    assert order is not None
    by_total, filtered, incomplete = order.get_text().splitlines()
    assert by_total.split(",")[0] == "ellie"
    assert [x for x in filtered.split(",") if x != "-"] == ["bad-r3"]
    expected = sorted(r.id for r in _slate_rows() if r.incomplete)
    assert {"bad-r3", "late"} <= set(expected)
    assert sorted(x for x in incomplete.split(",") if x != "-") == expected
