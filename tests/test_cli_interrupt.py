"""Ctrl-C in a real shell: the scan stops, writes a partial report and exits 130."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sweep_web import SweepWeb, sweep_web


@pytest.fixture
def server() -> Iterator[SweepWeb]:
    """The quick site answers a profile at once; the slow one never answers before Ctrl-C."""
    with sweep_web(lambda user: "call 07700 900461", lambda user: True) as web:
        yield web


def _slow_asked(web: SweepWeb) -> bool:
    return any(h.startswith("/slow/") for h in web.hits)


def test_ctrl_c_writes_partial_report(tmp_path: Path, server: SweepWeb) -> None:
    (tmp_path / "sites.json").write_text(json.dumps(server.sites()))
    (tmp_path / "me.toml").write_text(
        'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
        '[public]\nusernames = ["ewhitcombe"]\n'
    )
    exe = shutil.which("footprint", path=str(Path(sys.executable).parent))
    assert exe
    out = tmp_path / "report.json"
    args = [exe, "scan", "me.toml", "--sites", "sites.json", "--only", "accounts",
            "--allow-private", "--format", "json", "-o", str(out), "--quiet"]  # fmt: skip
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    deadline = time.monotonic() + 20
    while not _slow_asked(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # let the quick profile page be matched
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, stderr
    assert b"Traceback" not in stderr
    report = json.loads(out.read_text())
    (accounts,) = report["sources"]
    # The quick site was answered before Ctrl-C: partly checked, and it says why.
    assert accounts["state"] == "partial" and "interrupted" in accounts["reason"]
    assert (accounts["checked"], accounts["total"]) == (1, 2)
    categories = {f["category"] for f in report["findings"]}
    assert {"account", "phone"} <= categories


def _parents() -> dict[int, int]:
    """Each live, non-zombie process's parent, read from /proc/*/stat (readable where environ
    of another process may not be, as in sandboxed CI)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        if state != "Z":  # zombies are gone already
            parents[int(entry.name)] = int(ppid)
    return parents


def _tree(root: int) -> set[int]:
    """`root` and every live process descended from it."""
    parents = _parents()
    if root not in parents:
        return set()
    tree = {root}
    grew = True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def _alive(pids: set[int]) -> set[int]:
    return pids & set(_parents())


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_ctrl_c_keeps_every_local_file_and_leaves_no_worker(
    tmp_path: Path, server: SweepWeb
) -> None:
    sites = server.sites()
    sites["sites"] = [s for s in sites["sites"] if s["name"] == "Slow"]
    (tmp_path / "sites.json").write_text(json.dumps(sites))
    (tmp_path / "me.toml").write_text(
        'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
        '[public]\nusernames = ["ewhitcombe"]\n'
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(9):  # the last one is large enough to go to a worker process
        filler = "leaflet text " * (6000 if i == 8 else 20)
        (docs / f"note{i}.txt").write_text(f"{filler} call 07700 900461 {filler}")
    exe = shutil.which("footprint", path=str(Path(sys.executable).parent))
    assert exe
    out = tmp_path / "report.json"
    # Only these two: people_search would ask real hosts, and in a sandbox their DNS failures
    # trip the network-down check, which fails the stalled site at once (the scan then ends
    # before Ctrl-C, at random under load).
    args = [exe, "scan", "me.toml", "--sites", "sites.json", "--path", "docs", "--allow-private",
            "--only", "accounts", "--only", "local_files",
            "--format", "json", "-o", str(out), "--quiet"]  # fmt: skip
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)  # fmt: skip
    deadline = time.monotonic() + 20
    while not _slow_asked(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3.0)  # local files need a fraction of this, whatever the stalled site does
    assert proc.poll() is None, proc.communicate()[1].decode()
    running = _tree(proc.pid)
    if not running:  # alive, yet not in /proc: this sandbox hides processes
        proc.kill()
        pytest.skip("/proc does not show the scan process here")
    assert len(running) > 1, running  # the scan and its extraction workers
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=20)
    assert time.monotonic() - sent < 5, "Ctrl-C took too long"
    assert proc.returncode == 130, stderr
    report = json.loads(out.read_text())
    local = {s["name"]: s for s in report["sources"]}["local_files"]
    assert (local["checked"], local["total"]) == (9, 9)
    found = {f["location"] for f in report["findings"] if f["category"] == "phone"}
    assert found == {f"docs/note{i}.txt" for i in range(9)}
    time.sleep(0.5)
    assert _alive(running) == set(), "a worker process outlived the scan"
