"""Per-document deadline: runaway extraction is killed, the scan goes on, and stops promptly."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from slow_extractors import runaway

from footprint.engine import Engine
from footprint.extract import ExtractError
from footprint.model import Category, Document, Identifier
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import PrivateDetails, Profile
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions
from footprint.workers import Extraction

PHONE = "07700 900461"
PROFILE = Profile("Eleanor Whitcombe", private=PrivateDetails(phones=(PHONE,)))
BIG = b"<p>" + b"x " * 50_000 + PHONE.encode() + b"</p>"  # over the in-process size


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a killed child not yet reaped is a zombie: dead for our purpose
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_runaway_document_is_skipped_and_its_worker_replaced() -> None:
    async def main() -> tuple[list, list, float]:
        extraction = Extraction(PROFILE, deadline=1.0, extractor=runaway)
        try:
            start = time.monotonic()
            with pytest.raises(ExtractError, match="longer than 1 s"):
                await extraction.match(Document("https://x.example/runaway.txt", BIG), local=False)
            took = time.monotonic() - start
            hits = await extraction.match(Document("https://x.example/ok.txt", BIG), local=False)
            return hits, extraction.pids(), took
        finally:
            extraction.close()

    hits, pids, took = asyncio.run(main())
    assert took < 3
    assert [h.category for h in hits] == [Category.PHONE]  # a fresh worker did the next one
    assert not any(alive(pid) for pid in pids)


def test_html_overrunning_its_first_budget_is_retried_bounded() -> None:
    async def main() -> list:
        extraction = Extraction(PROFILE, deadline=20.0, extractor=runaway)
        try:
            doc = Document("https://x.example/runaway-retry.html", BIG, "text/html")
            return await extraction.match(doc, local=False)
        finally:
            extraction.close()

    assert [h.category for h in asyncio.run(main())] == [Category.PHONE]


class Pages(Scanner):
    """Network source: one page that never finishes extracting, then nothing."""

    name = "pages"
    description = "test: a hostile page"
    consumes = frozenset()

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield Document("https://x.example/runaway.html", BIG, "text/html")


class Files(Scanner):
    """Local source: a few files, each read a little after the last."""

    name = "files"
    description = "test: local files"
    consumes = frozenset()
    network = False

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        for i in range(4):
            await asyncio.sleep(0.05)
            yield Document(f"/home/me/note{i}.txt", BIG)


def engine(scanners: list[Scanner], runaway_extraction: bool = True) -> Engine:
    client = build_client(NetSettings(), httpx.MockTransport(lambda r: httpx.Response(404)))
    found = Engine(PROFILE, scanners, ScanContext(client, ScanOptions()), RequestCounter())
    found.extraction = Extraction(PROFILE, 30.0, extractor=runaway)
    return found


def test_time_limit_stops_a_scan_promptly_while_extraction_runs() -> None:
    scan = engine([Pages(), Files()])
    start = time.monotonic()
    result = asyncio.run(scan.run([], timeout=2.5))
    took = time.monotonic() - start
    assert result.interrupted and took < 4
    assert not any(alive(pid) for pid in scan.extraction.pids())
    # Local files do not queue behind the stalled network page: all four were matched.
    local = [f for f in result.findings if f.source == "files"]
    assert len(local) == 4


def test_cancelling_a_scan_kills_busy_workers() -> None:
    scan = engine([Pages()])
    pids: list[int] = []

    async def main() -> None:
        task = asyncio.create_task(scan.run([]))
        while not scan.extraction.pids():
            await asyncio.sleep(0.02)
        pids.extend(scan.extraction.pids())
        task.cancel()  # what Ctrl-C does to the scan
        with pytest.raises(asyncio.CancelledError):
            await task

    start = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - start < 3
    assert pids and not any(alive(pid) for pid in pids)
