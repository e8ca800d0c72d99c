"""A scan killed outright (SIGKILL: no chance to clean up) resumes with --resume."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sweep_web import SweepWeb, sweep_web


@pytest.fixture
def server() -> Iterator[SweepWeb]:
    """A quick site with the account; a slow one that hangs until released."""
    with sweep_web(lambda user: "call 07700 900461", lambda user: True) as web:
        yield web


def test_killed_scan_resumes_losing_nothing_and_not_rereading_files(
    tmp_path: Path, server: SweepWeb
) -> None:
    (tmp_path / "sites.json").write_text(json.dumps(server.sites()))
    (tmp_path / "me.toml").write_text(
        'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
        'emails = ["ellie.whitcombe77@example.net"]\n[public]\nusernames = ["ewhitcombe"]\n'
    )
    files = tmp_path / "files"
    files.mkdir()
    (files / "note.txt").write_text("ring 07700 900461")
    exe = shutil.which("footprint", path=str(Path(sys.executable).parent))
    assert exe
    db = tmp_path / "h.db"
    args = [exe, "scan", "me.toml", "--sites", "sites.json", "--only", "accounts",
            "--only", "local_files", "--path", "files", "--allow-private", "--format", "json",
            "-o", "report.json", "--quiet", "--db", str(db)]  # fmt: skip
    proc = subprocess.Popen(args, cwd=tmp_path, stderr=subprocess.PIPE)
    conn = sqlite3.connect(db, timeout=5)
    deadline = time.monotonic() + 20
    tasks: list[tuple[str]] = []
    while time.monotonic() < deadline:  # until the files are done and the account is written
        try:
            tasks = conn.execute("SELECT source FROM tasks").fetchall()
            accounts = conn.execute("SELECT 1 FROM findings WHERE category = 'account'")
            if tasks and accounts.fetchall() and any(h.startswith("/slow/") for h in server.hits):
                break
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.05)
    assert tasks == [("local_files",)]
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=20)
    before = conn.execute("SELECT id, state FROM scans").fetchall()
    assert before == [(1, "running")]  # nothing lost: the row and its records are there

    # Had local_files run again it would find this email: it must not.
    (files / "later.txt").write_text("ellie.whitcombe77@example.net")
    server.release()
    server.hits.clear()
    done = subprocess.run([*args, "--resume"], cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert conn.execute("SELECT id, state FROM scans").fetchall() == [(1, "complete")]
    values = sorted(r[0] for r in conn.execute("SELECT category FROM findings"))
    assert values == ["account", "phone", "phone"]  # the page's phone and the file's
    report = json.loads((tmp_path / "report.json").read_text())
    assert sorted(f["category"] for f in report["findings"]) == values
    sources = {s["name"]: s["state"] for s in report["sources"]}
    assert sources == {"accounts": "ok", "local_files": "ok"}
    assert any(h.startswith("/slow/") for h in server.hits)  # the unfinished task ran again
    conn.close()
