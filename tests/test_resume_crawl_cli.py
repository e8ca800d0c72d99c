"""`footprint scan --resume` after a crawl of the candidate's site was killed half-way: the
pages read before are not fetched again, and the report is an uninterrupted crawl's."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_web import CrawlWeb, crawl_web

# Small, so that the client's polite rate for one host (2 a second after a burst of 4)
# keeps the test short: the seed, robots.txt and sitemap.xml (both 404), /a, and /c held.
PAGES = {
    "/": '<a href="/a">A</a> <a href="/c">C</a>',
    "/a": '<a href="/a/1">more</a>',
    "/a/1": "<p>Call 07700 900461 any time</p>",
    "/c": '<a href="/c/1">more</a> <p>Ring me on 07700 900461</p>',
    "/c/1": "<p>Nothing here</p>",
}


@pytest.fixture
def web() -> Iterator[CrawlWeb]:
    with crawl_web(PAGES) as site:
        yield site


@pytest.mark.parametrize("command", ["scan", "slate"])
def test_killed_crawl_resumes_without_fetching_again(
    tmp_path: Path, web: CrawlWeb, command: str
) -> None:
    """The same for a single scan and for a slate's candidate (one engine per candidate)."""
    (tmp_path / "me.toml").write_text(
        'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
        f'[public]\nurls = ["{web.base}/"]\n'
    )
    (tmp_path / "slate.csv").write_text(
        f"id,name,phones,urls\nellie,Eleanor Whitcombe,07700 900461,{web.base}/\n"
    )
    exe = shutil.which("footprint", path=str(Path(sys.executable).parent))
    assert exe
    db = tmp_path / "h.db"
    where = {"scan": ["me.toml", "-o", "report.json"], "slate": ["slate.csv", "-o", "out"]}
    args = [exe, command, *where[command], "--only", "website", "--allow-private",
            "--format", "json", "--quiet", "--db", str(db)]  # fmt: skip
    written = {"scan": "report.json", "slate": "out/candidates/ellie.json"}[command]
    proc = subprocess.Popen(args, cwd=tmp_path, stderr=subprocess.PIPE)
    conn = sqlite3.connect(db, timeout=5)
    deadline = time.monotonic() + 20
    units = 0
    while time.monotonic() < deadline:  # the seed and level 1 but the held page are read
        with contextlib.suppress(sqlite3.OperationalError):  # not created yet
            units = conn.execute("SELECT COUNT(*) FROM units").fetchone()[0]
        if units >= 2 and "/c" in web.hits:
            break
        time.sleep(0.05)
    assert units == 2  # the seed and /a
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=20)
    before = list(web.hits)

    web.release()
    web.hits.clear()
    done = subprocess.run([*args, "--resume"], cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert set(before) & set(web.hits) == {"/c"}  # only the page never answered
    reads = Counter(before + web.hits)
    reads["/c"] -= 1
    assert set(reads.values()) == {1}
    report = json.loads((tmp_path / written).read_text())
    (crawl,) = report["sources"]
    assert (crawl["state"], crawl["checked"], crawl["total"], crawl["documents"]) == (
        "ok", 5, 5, 5,
    )  # fmt: skip
    phones = {f["location"] for f in report["findings"] if f["category"] == "phone"}
    assert phones == {f"{web.base}/a/1", f"{web.base}/c"}
    assert conn.execute("SELECT state FROM scans").fetchall() == [("complete",)]
    conn.close()
