"""Runs scanners concurrently, matches what they fetch, follows the identifiers they discover.

One shared httpx client carries every policy (rate limits, retries, SSRF guard); the engine only
schedules work, feeds documents to the matcher and keeps per-source status. Results accumulate on
the engine as they arrive, so an interrupted or timed-out scan still yields a partial report.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from footprint.extract import ExtractError
from footprint.matcher import Matcher
from footprint.model import (
    Document,
    Finding,
    Hit,
    Identifier,
    SourceState,
    SourceStatus,
)
from footprint.net import RequestCounter, current_source
from footprint.profile import Profile
from footprint.scanner import ScanContext, Scanner, Skipped
from footprint.workers import Extraction


class Observer(Protocol):
    """Progress callbacks (the CLI draws rich progress bars with them)."""

    def task_added(self, source: str) -> None: ...
    def task_done(self, source: str) -> None: ...


class _Silent:
    def task_added(self, source: str) -> None:
        pass

    def task_done(self, source: str) -> None:
        pass


@dataclass
class ScanResult:
    findings: list[Finding]
    sources: list[SourceStatus]
    interrupted: bool = False
    by_user: bool = False  # Ctrl-C rather than the time limit


def depth(identifier: Identifier | None) -> int:
    """How many scanner hops separate an identifier from the profile."""
    hops = 0
    while identifier is not None and identifier.via != "profile":
        hops += 1
        identifier = identifier.parent
    return hops


class Engine:
    def __init__(
        self,
        profile: Profile,
        scanners: Iterable[Scanner],
        ctx: ScanContext,
        counter: RequestCounter,
        max_depth: int = 2,
        observer: Observer | None = None,
    ) -> None:
        self.profile = profile
        self.ctx = ctx
        self.counter = counter
        self.max_depth = max_depth
        self.observer = observer or _Silent()
        self.matcher = Matcher(profile)
        self.extraction = Extraction(profile, ctx.options.extract_timeout)
        self.scanners: list[Scanner] = []
        self.status: dict[str, SourceStatus] = {}
        for scanner in scanners:
            reason = self._skip_reason(scanner)
            self.status[scanner.name] = SourceStatus(scanner.name)
            if reason:
                self.status[scanner.name].state = SourceState.SKIPPED
                self.status[scanner.name].reason = reason
            else:
                self.scanners.append(scanner)
        self._findings: dict[tuple[str, str, str], Finding] = {}
        self._seen: set[tuple[object, str]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._running: dict[str, int] = {}
        self._started: dict[str, float] = {}

    def _skip_reason(self, scanner: Scanner) -> str:
        missing = scanner.missing_needs(self.ctx.options.env)
        if missing:
            return "needs " + ", ".join(missing)
        if scanner.network and self.ctx.options.offline:
            return "offline: this source needs the network"
        return ""

    async def run(self, seeds: Iterable[Identifier], timeout: float | None = None) -> ScanResult:
        """Scan everything reachable from `seeds`; stops cleanly at `timeout` seconds."""
        for scanner in self.scanners:
            if not scanner.consumes:
                self._spawn(scanner, None)
        for seed in seeds:
            self._offer(seed)
        try:
            async with asyncio.timeout(timeout):
                while self._tasks:
                    await asyncio.wait(set(self._tasks))
        except TimeoutError:
            self._cancel_all(f"time limit of {timeout:g} s reached")
            return self.result(interrupted=True)
        except asyncio.CancelledError:
            self._cancel_all("interrupted")
            raise
        finally:
            self.extraction.close()  # kills workers still busy with a document
        return self.result()

    def result(self, interrupted: bool = False) -> ScanResult:
        """Everything gathered so far; safe to call after an interruption."""
        if interrupted:
            for name, running in self._running.items():
                if running and self.status[name].state is SourceState.OK:
                    self._fail(name, "interrupted before it finished")
        self._finish_counts()
        findings = sorted(
            self._findings.values(),
            key=lambda f: (f.severity.rank, f.category.value, f.location, f.matched),
        )
        return ScanResult(findings, list(self.status.values()), interrupted)

    # -- scheduling ---------------------------------------------------------------------------

    def _offer(self, identifier: Identifier) -> None:
        """Queue an identifier for every scanner consuming its kind, once per (kind, value)."""
        if identifier.key in self._seen or depth(identifier) > self.max_depth:
            return
        self._seen.add(identifier.key)
        for scanner in self.scanners:
            if identifier.kind in scanner.consumes:
                self._spawn(scanner, identifier)

    def _spawn(self, scanner: Scanner, identifier: Identifier | None) -> None:
        self._running[scanner.name] = self._running.get(scanner.name, 0) + 1
        self._started.setdefault(scanner.name, time.monotonic())
        self.observer.task_added(scanner.name)
        task = asyncio.create_task(self._drive(scanner, identifier), name=scanner.name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drive(self, scanner: Scanner, identifier: Identifier | None) -> None:
        current_source.set(scanner.name)
        status = self.status[scanner.name]
        try:
            async for event in scanner.scan(self.ctx, identifier):
                await self._handle(scanner, identifier, event)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # one failing source never sinks the scan
            self._fail(scanner.name, f"{type(exc).__name__}: {exc}" if str(exc) else repr(exc))
        finally:
            self._running[scanner.name] -= 1
            status.duration_s = time.monotonic() - self._started[scanner.name]
            self.observer.task_done(scanner.name)

    def _fail(self, name: str, reason: str) -> None:
        status = self.status[name]
        status.state = SourceState.FAILED
        status.reason = f"{status.reason}; {reason}" if status.reason else reason

    def _cancel_all(self, reason: str) -> None:
        for task in list(self._tasks):
            task.cancel()
        for name, running in self._running.items():
            if running:
                self._fail(name, reason)

    def _finish_counts(self) -> None:
        for name, status in self.status.items():
            status.requests = self.counter.counts.get(name, 0)

    # -- events -------------------------------------------------------------------------------

    async def _handle(self, scanner: Scanner, parent: Identifier | None, event: object) -> None:
        status = self.status[scanner.name]
        if isinstance(event, Document):
            status.documents += 1
            await self._match(scanner.name, event, parent)
        elif isinstance(event, Identifier):
            self._offer(event)
        elif isinstance(event, Finding):
            if not event.provenance and parent is not None:
                event = replace(event, provenance=parent.chain())
            self._add(event)
        elif isinstance(event, Skipped):
            status.skipped_items.append((event.location, event.reason))
        else:
            raise TypeError(f"scanner {scanner.name} yielded {type(event).__name__}")

    async def _match(self, source: str, doc: Document, parent: Identifier | None) -> None:
        try:
            hits = await self._extract_and_match(source, doc)
        except ExtractError as exc:
            self.status[source].skipped_items.append((doc.location, str(exc)))
            return
        origin = doc.parent or parent
        chain = origin.chain() if origin else ()
        # The chain already ends with the document when it was reached as a URL identifier.
        provenance = chain if origin and origin.value == doc.location else (*chain, doc.location)
        for hit in hits:
            self._add(finding_from_hit(hit, source, doc.location, provenance))

    async def _extract_and_match(self, source: str, doc: Document) -> list[Hit]:
        """Under the per-document deadline; local sources have their own workers (a stalled
        network page never delays them)."""
        local = any(s.name == source and not s.network for s in self.scanners)
        return await self.extraction.match(doc, local=local)

    def _add(self, finding: Finding) -> None:
        known = self._findings.get(finding.key)
        if known is None or finding.severity.rank < known.severity.rank:
            self._findings[finding.key] = finding


def finding_from_hit(hit: Hit, source: str, location: str, provenance: tuple[str, ...]) -> Finding:
    return Finding(
        category=hit.category,
        severity=hit.severity,
        source=source,
        location=location,
        evidence=hit.evidence,
        matched=hit.matched,
        value=hit.value,
        span=hit.span,
        partial=hit.partial,
        note=hit.note,
        provenance=provenance,
    )
