"""The hostile-web and fault suite: real scans against a misbehaving server on 127.0.0.1.

Each fault is served beside a good page (and a local file, another source): the scan ends
within its limits, the bad page is listed with a clear reason, the good page and the file
still give their findings, and memory stays bounded. Limits are set small here (timeouts,
body caps) so the suite stays fast; README "Hostile input: faults tried" lists each fault,
the limit that holds with its default value, and the test that proves it.
"""

from __future__ import annotations

import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_server import dribble, html, serve

from footprint.model import Category, SourceState, SourceStatus
from footprint.net import NetSettings
from footprint.profile import parse_profile
from footprint.run import ScanRequest, run_scan
from footprint.scanner import ScanOptions
from scanners.local_files import LocalFiles
from scanners.pages import Pages

PHONE = "07700 900461"
EMAIL = "ellie.whitcombe77@example.net"
GOOD = f"<p>Ring Ellie on {PHONE}</p>"
FAST = {"retries": 0, "request_timeout": 1.0, "backoff_base": 0.01, "backoff_max": 0.1}


@dataclass
class Scan:
    pages: SourceStatus
    files: SourceStatus
    found: set[tuple[str, str]]  # (category, path on the server, or "file")
    seconds: float  # wall time
    peak: int  # bytes, traced in this process


def subject():
    return parse_profile(
        {"name": "Eleanor Whitcombe", "private": {"phones": [PHONE], "emails": [EMAIL]}}
    )


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    """Set at the end of a test: slow replies stop dribbling."""
    event = threading.Event()
    yield event
    event.set()


def scan(tmp_path: Path, base: str, paths: list[str], timeout: float = 20, **net) -> Scan:
    """`pages` on each path of the server, `local_files` on a file holding the email."""
    note = tmp_path / "notes.txt"
    if not note.exists():
        note.write_text(f"write to {EMAIL}\n")
    request = ScanRequest(
        subject(),
        [Pages(), LocalFiles()],
        ScanOptions(paths=(note,), urls=tuple(base + p for p in paths)),
        NetSettings(**{"allow_private": True, **FAST, **net}),
        timeout=timeout,
    )
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = run_scan(request)
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    by_name = {s.name: s for s in result.sources}
    found = {
        (f.category.value, f.location.removeprefix(base) if f.source == "pages" else "file")
        for f in result.findings
    }
    return Scan(by_name["pages"], by_name["local_files"], found, seconds, peak)


def assert_others_complete(result: Scan, good: str = "/good") -> None:
    """The good page and the local file gave their findings, whatever the bad page did."""
    assert (Category.PHONE.value, good) in result.found
    assert (Category.EMAIL.value, "file") in result.found
    assert result.files.state is SourceState.OK


def reasons(status: SourceStatus) -> dict[str, str]:
    return {location.rsplit("/", 1)[-1]: why for location, why in status.skipped_items}


# -- slow and endless answers ---------------------------------------------------------------


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"


@pytest.mark.parametrize("where", ["headers", "body"])
def test_slowloris_is_cut_off_by_the_response_deadline(
    tmp_path: Path, stop: threading.Event, where: str
) -> None:
    # One byte every 50 ms: each read is well within the 1 s read timeout, yet the answer
    # would take 100 s (body) or minutes (an endless header); only a whole-answer deadline
    # stops it.
    raw = HEAD[:20] + b"X-Pad: " + b"a" * 10_000 if where == "headers" else HEAD + b"x" * 100_000
    routes = {"/slow": dribble(raw, 0.05, stop), "/good": html(GOOD)}
    with serve(routes) as (base, _):
        result = scan(tmp_path, base, ["/slow", "/good"], response_deadline=1.5)
    assert result.seconds < 6
    assert reasons(result.pages) == {"slow": "timed out: the answer took longer than 1.5 s"}
    assert result.pages.state is SourceState.PARTIAL
    assert_others_complete(result)


def test_a_slow_answer_is_not_asked_for_again(tmp_path: Path, stop: threading.Event) -> None:
    routes = {"/slow": dribble(HEAD + b"x" * 100_000, 0.05, stop), "/good": html(GOOD)}
    with serve(routes) as (base, log):
        result = scan(tmp_path, base, ["/slow", "/good"], response_deadline=0.5, retries=3)
    assert log.count("/slow") == 1  # a retry would cost the whole deadline again
    assert result.seconds < 5
    assert_others_complete(result)
