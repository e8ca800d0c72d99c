"""--resume: an interrupted scan carries on, redoing no finished task and losing no record."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from footprint.engine import Engine, ScanResult
from footprint.kinds import Kind
from footprint.model import Document, Identifier, SourceState
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.profile import Profile, parse_profile
from footprint.scanner import Checked, Event, ScanContext, Scanner, ScanOptions
from footprint.store import Store, StoreObserver
from footprint.store.store import INTERRUPTED, finding_of

PHONES = ["07700 900461", "07700 900462", "07700 900463"]


class Quick(Scanner):
    """Finishes at once: one page with a phone, and a URL another scanner follows."""

    name = "quick"
    description = "test"
    network = False
    produces = frozenset({Kind.URL})
    calls: ClassVar[list[str]] = []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        Quick.calls.append("quick")
        yield Document("mem://quick", f"call {PHONES[0]}".encode(), "text/plain")
        yield Identifier(Kind.URL, "https://example.org/found")
        yield Checked("mem://quick")


class Follow(Scanner):
    """Reads each URL it is given (Quick's, on resume too: it was not run again)."""

    name = "follow"
    description = "test"
    network = False
    consumes = frozenset({Kind.URL})
    calls: ClassVar[list[str]] = []

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        assert identifier is not None
        Follow.calls.append(identifier.value)
        yield Document(identifier.value, b"mail ellie.whitcombe77@example.net", "text/plain")
        yield Checked(identifier.value)


class Files(Scanner):
    """Three files; the first run stops (is interrupted) after two."""

    name = "files"
    description = "test"
    network = False
    unit = "file"
    stop: ClassVar[asyncio.Event | None] = None

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield Document("f1.txt", f"home phone {PHONES[1]}".encode(), "text/plain")
        yield Document("f2.txt", b"nothing here", "text/plain")
        if Files.stop is not None:
            Files.stop.set()
            await asyncio.sleep(3600)  # interrupted here
        yield Document("f3.txt", f"mobile {PHONES[2]}".encode(), "text/plain")


@pytest.fixture
def subject() -> Profile:
    return parse_profile(
        {
            "name": "Eleanor Whitcombe",
            "private": {"phones": PHONES, "emails": ["ellie.whitcombe77@example.net"]},
        }
    )


async def _run(store: Store, scan_id: int, subject: Profile, resume: bool) -> ScanResult:
    counter = RequestCounter()
    transport = httpx.MockTransport(lambda r: httpx.Response(404))
    async with build_client(NetSettings(offline=True), transport, counter) as client:
        ctx = ScanContext(client, ScanOptions(offline=True))
        engine = Engine(
            subject,
            [Quick(), Follow(), Files()],
            ctx,
            counter,
            observer=StoreObserver(store, scan_id, "s"),
            resume=store.resumable(scan_id) if resume else None,
        )
        task = asyncio.create_task(engine.run([]))
        if Files.stop is not None:
            await Files.stop.wait()
            await asyncio.sleep(0.2)  # let the other tasks finish (they do at once)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return engine.result(interrupted=True)
        return await task


async def test_resume_redoes_no_finished_task_and_no_read_document(
    tmp_path: Path, subject: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    matched: list[str] = []
    real = Engine._extract_and_match

    async def counting(self: Engine, source: str, doc: Document):  # type: ignore[no-untyped-def]
        matched.append(doc.location)
        return await real(self, source, doc)

    monkeypatch.setattr(Engine, "_extract_and_match", counting)
    Quick.calls, Follow.calls = [], []
    store = Store.open(tmp_path / "h.db")
    scan_id = store.begin_scan("s", subject, {})

    Files.stop = asyncio.Event()
    first = await _run(store, scan_id, subject, resume=False)
    store.finish_scan(scan_id, "s", first.findings, first.sources, INTERRUPTED)
    assert {s.name: s.state for s in first.sources}["files"] is SourceState.PARTIAL
    assert sorted(r["source"] for r in store.tasks(scan_id)) == ["follow", "quick"]
    assert sorted(matched) == ["f1.txt", "f2.txt", "https://example.org/found", "mem://quick"]
    written = {r["value"] for r in store.findings(scan_id)}
    assert written == {PHONES[0], PHONES[1], "ellie.whitcombe77@example.net"}

    matched.clear()
    Files.stop = None
    store.reopen(scan_id)
    second = await _run(store, scan_id, subject, resume=True)
    assert Quick.calls == ["quick"]  # finished: not run again
    assert Follow.calls == ["https://example.org/found"]  # its identifier was offered again,
    assert matched == ["f3.txt"]  # and the task that was cut short read only its new document
    assert {f.value for f in second.findings} == {*PHONES, "ellie.whitcombe77@example.net"}
    states = {s.name: (s.state, s.checked, s.documents) for s in second.sources}
    assert states == {
        "quick": (SourceState.OK, 1, 1),
        "follow": (SourceState.OK, 1, 1),
        "files": (SourceState.OK, 0, 3),
    }
    store.close()


def test_stored_finding_reads_back_as_written(tmp_path: Path) -> None:
    from footprint.model import Category, Finding, Severity

    finding = Finding(
        Category.PHONE, Severity.HIGH, "pages", "https://x.example/", "call 07700 900461",
        "private.phones[0]", "07700 900461", span=(5, 17), partial=True, note="why",
        provenance=("url https://x.example/", "pages"), field="the Author field",
    )  # fmt: skip
    with Store.open(tmp_path / "h.db") as store:
        scan_id = store.begin_scan("s", Profile(name="S"), {})
        store.add_finding(scan_id, "s", finding)
        assert finding_of(store.findings(scan_id)[0]) == finding


def test_requests_add_up_over_the_runs_of_a_resumed_scan(tmp_path: Path) -> None:
    from footprint.model import SourceStatus

    with Store.open(tmp_path / "h.db") as store:
        scan_id = store.begin_scan("s", Profile(name="S"), {})
        store.source_started(scan_id, "accounts")
        store.record_source(scan_id, SourceStatus("accounts", SourceState.PARTIAL, requests=30))
        store.reopen(scan_id)
        store.record_source(scan_id, SourceStatus("accounts", SourceState.OK, requests=27))
        row = store.sources(scan_id)["accounts"]
        assert (row["state"], row["requests"]) == ("ok", 57)


async def test_observer_hands_everything_on_and_engine_keeps_no_bodies(
    tmp_path: Path, subject: Profile
) -> None:
    class Seen:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return lambda *args: self.calls.append(name)

    inner = Seen()
    Files.stop = None
    with Store.open(tmp_path / "h.db") as store:
        scan_id = store.begin_scan("s", subject, {})
        observer = StoreObserver(store, scan_id, "s", inner)  # type: ignore[arg-type]
        counter = RequestCounter()
        transport = httpx.MockTransport(lambda r: httpx.Response(404))
        async with build_client(NetSettings(offline=True), transport, counter) as client:
            ctx = ScanContext(client, ScanOptions(offline=True))
            engine = Engine(subject, [Files()], ctx, counter, observer=observer)
            result = await engine.run([])
        assert {"task_added", "task_done", "finding_added"} <= set(inner.calls)
        assert len(store.evidence(scan_id)) == 2  # f1's and f3's bodies, recorded
        assert observer.error == ""
    assert [f.proof for f in result.findings] == [None, None]  # not held by the engine


def test_a_failing_write_never_stops_the_scan(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from footprint.engine import ScanResult
    from footprint.store.cli import Recording

    store = Store.open(tmp_path / "h.db")
    scan_id = store.begin_scan("s", Profile(name="S"), {})
    recording = Recording(store, scan_id, "s")
    observer = recording.observer()
    store.conn.close()  # as good as a full disk: every write now fails
    observer.task_added("files")  # type: ignore[union-attr]
    assert "closed" in observer.error  # type: ignore[union-attr]
    recording.finish(ScanResult([], []), incomplete=False)  # no exception: a warning
    assert "scan 1 not fully recorded" in capsys.readouterr().err
