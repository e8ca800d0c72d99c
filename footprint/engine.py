"""Runs scanners concurrently, matches what they fetch, follows the identifiers they discover.

One shared httpx client carries every policy (rate limits, retries, SSRF guard); the engine only
schedules work, feeds documents to the matcher and keeps per-source status. Results accumulate on
the engine as they arrive, so an interrupted or timed-out scan still yields a partial report.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Protocol

from footprint.consent import CONSENTED_VIA, consented_scanners, private_seeds
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
from footprint.privacy import PrivateForms
from footprint.profile import Profile
from footprint.resume import Recorder, Resume, TaskOutcome, TaskUnits, UnitRecord, units_done
from footprint.scanner import Checked, Note, ScanContext, Scanner, Skipped, SourceFailed, Work
from footprint.scrub import declared_secrets, scrub_queries, scrub_secrets
from footprint.status import settle
from footprint.workers import Extraction, Reading

MAX_NOTES = 20  # per source: notes explain coverage, they are not a log
# Calls of one scanner running at once (one call per identifier: a page, a username). Each
# may hold a fetched body (up to the size limit) while it waits for extraction, so without
# a bound, memory grew with the number of pages times the body cap.
MAX_CALLS_PER_SOURCE = 8


class Observer(Protocol):
    """Progress callbacks (the CLI draws rich progress bars with them)."""

    def task_added(self, source: str) -> None: ...
    def task_done(self, source: str) -> None: ...
    def work_added(self, source: str, total: int, unit: str) -> None: ...
    def item_done(self, source: str) -> None: ...
    def finding_added(self, finding: Finding) -> None: ...


class _Silent:
    def task_added(self, source: str) -> None:
        pass

    def task_done(self, source: str) -> None:
        pass

    def work_added(self, source: str, total: int, unit: str) -> None:
        pass

    def item_done(self, source: str) -> None:
        pass

    def finding_added(self, finding: Finding) -> None:
        pass


@dataclass
class ScanResult:
    findings: list[Finding]
    sources: list[SourceStatus]
    interrupted: bool = False
    by_user: bool = False  # Ctrl-C rather than the time limit
    withheld_seeds: tuple[Identifier, ...] = ()  # profile identifiers holding a private detail
    network_down: str = ""  # set when the network looked unreachable during the scan
    # The profile's compiled matcher, for the report's redactor to reuse (built once a scan).
    matcher: Matcher | None = field(default=None, repr=False, compare=False)


def depth(identifier: Identifier | None) -> int:
    """How many scanner hops separate an identifier from the profile."""
    hops = 0
    while identifier is not None and identifier.via not in ("profile", CONSENTED_VIA):
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
        resume: Resume | None = None,
        matcher: Matcher | None = None,
        forms: PrivateForms | None = None,
    ) -> None:
        self.profile = profile
        self.ctx = ctx
        self.counter = counter
        self.max_depth = max_depth
        self.observer = observer or _Silent()
        # footprint.resume: an observer that records tasks and documents, and what an
        # earlier run of this scan had done (None: a fresh scan).
        self.recorder = observer if isinstance(observer, Recorder) else None
        self.resume = resume
        # Compiling a profile's matcher costs 25-70 ms: once per scan, shared by the in-process
        # extraction and the report's redactor (ScanResult.matcher); worker processes build
        # their own (a Matcher is not sent between processes).
        self.matcher = matcher or Matcher(profile)
        # What identifiers are withheld by: the profile's forms, or a slate's gate (given).
        self.forms = forms or PrivateForms(profile)
        self.extraction = Extraction(profile, ctx.options.extract_timeout, matcher=self.matcher)
        self.scanners: list[Scanner] = []
        self.status: dict[str, SourceStatus] = {}
        for scanner in scanners:
            state, reason = self._skip_reason(scanner)
            self.status[scanner.name] = SourceStatus(scanner.name, unit=scanner.unit)
            if state is not None:
                self.status[scanner.name].state = state
                self.status[scanner.name].reason = reason
            else:
                self.scanners.append(scanner)
        self._findings: dict[tuple[str, str, str, str], Finding] = {}
        self._seen: set[tuple[object, str]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._running: dict[str, int] = {}
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._started: dict[str, float] = {}
        self._errors: dict[str, list[str]] = {}
        self._withheld_seeds: list[Identifier] = []
        self._secrets = declared_secrets(self.scanners, ctx.options.env)
        # Each scanner sees only its own keys and endpoint, never the environment.
        self._contexts = {s.name: s.context(ctx) for s in self.scanners}

    def _skip_reason(self, scanner: Scanner) -> tuple[SourceState | None, str]:
        missing = scanner.missing_needs(self.ctx.options.env)
        if missing:
            return SourceState.SKIPPED, "needs " + ", ".join(missing)
        if scanner.network and self.ctx.options.offline:
            return SourceState.SKIPPED, "offline: this source needs the network"
        idle = scanner.idle_reason(self.ctx.options)
        if idle:
            return SourceState.NOT_RUN, idle
        return None, ""

    async def run(self, seeds: Iterable[Identifier], timeout: float | None = None) -> ScanResult:
        """Scan everything reachable from `seeds`; stops cleanly at `timeout` seconds."""
        if self.resume is not None:
            for finding in self.resume.findings():  # written before: kept, not announced
                self._findings.setdefault(finding.key, finding)
        for scanner in self.scanners:
            if not scanner.consumes:
                self._spawn(scanner, None)
        for seed in seeds:
            if self.forms.find(seed.value) is not None:
                self._withheld_seeds.append(seed)  # e.g. a username that is a relative's name
                continue
            self._offer(seed)
        # With --consent only: private values go to the consented scanner and to no other
        # (never through _offer, which would hand them to every scanner of that kind).
        for scanner in consented_scanners(self.scanners, self.ctx.options):
            for private in private_seeds(self.profile, scanner):
                self._spawn(scanner, private)
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
                if running and not self._errors.get(name):
                    self._fail(name, "interrupted before it finished")
        self._finish_counts()
        for status in self.status.values():
            settle(
                status,
                ran=status.name in self._started,
                errors=self._errors.get(status.name, []),
                consumes=self._consumes(status.name),
            )
        findings = sorted(
            self._findings.values(),
            key=lambda f: (f.severity.rank, f.category.value, f.location, f.matched),
        )
        return ScanResult(
            findings,
            list(self.status.values()),
            interrupted,
            withheld_seeds=tuple(self._withheld_seeds),
            matcher=self.matcher,
        )

    def _consumes(self, name: str) -> tuple[str, ...]:
        for scanner in self.scanners:
            if scanner.name == name:
                return tuple(sorted(k.value for k in scanner.consumes))
        return ()

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
        done = self.resume.finished(scanner.name, identifier) if self.resume else None
        if done is not None:
            self._replay(scanner, identifier, done)
            return
        self._running[scanner.name] = self._running.get(scanner.name, 0) + 1
        self._started.setdefault(scanner.name, time.monotonic())
        self.observer.task_added(scanner.name)
        task = asyncio.create_task(self._drive(scanner, identifier), name=scanner.name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drive(self, scanner: Scanner, identifier: Identifier | None) -> None:
        current_source.set(scanner.name)
        status = self.status[scanner.name]
        # Identifiers this call yielded and the gate accepted, by key: the only parents a
        # scanner may name (so the chain, and with it the depth limit, stays the engine's).
        accepted: dict[tuple[object, str], Identifier] = {}
        outcome = TaskOutcome()
        units = TaskUnits()
        if self.resume is not None:
            # An earlier run cut this task short: what it found is offered again, and the units
            # it checked are answered from the record (footprint.resume.checked_before).
            done, found = self.resume.progress(scanner.name, identifier)
            for owned in found:
                accepted.setdefault(owned.key, owned)
                outcome.identifiers.append(owned)
                self._offer(owned)
            units = TaskUnits(done, partial(self.resume.document_done, scanner.name))
        units_done(units)
        slots = self._slots.setdefault(scanner.name, asyncio.Semaphore(MAX_CALLS_PER_SOURCE))
        try:
            async with slots:
                async for event in scanner.scan(self._contexts[scanner.name], identifier):
                    await self._handle(scanner, identifier, event, accepted, outcome, units)
            if self.recorder is not None:
                self.recorder.task_finished(scanner.name, identifier, outcome)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # one failing source never sinks the scan
            # httpx names the URL in its errors: keys and query strings never go further.
            text = f"{type(exc).__name__}: {exc}" if str(exc) else repr(exc)
            if isinstance(exc, SourceFailed) and str(exc):
                text = str(exc)  # the scanner's own one-line reason
            self._fail(scanner.name, scrub_queries(scrub_secrets(text, self._secrets)))
        finally:
            self._running[scanner.name] -= 1
            status.duration_s = time.monotonic() - self._started[scanner.name]
            self.observer.task_done(scanner.name)

    def _replay(self, scanner: Scanner, identifier: Identifier | None, done: TaskOutcome) -> None:
        """A task an earlier run finished: its outcome counts again, its identifiers are
        offered again (to scanners that consume them), and it is not run."""
        self._started.setdefault(scanner.name, time.monotonic())
        scanner.replayed(identifier, done)
        status = self.status[scanner.name]
        status.checked += done.checked
        status.total += done.total
        status.unit = done.unit or status.unit
        status.documents += done.documents
        status.skipped_items.extend(done.skipped)
        status.withheld += done.withheld
        status.undeclared += done.undeclared
        for note in done.notes:
            if note not in status.notes and len(status.notes) < MAX_NOTES:
                status.notes.append(note)
        for identifier in done.identifiers:
            self._offer(identifier)

    def _fail(self, name: str, reason: str) -> None:
        errors = self._errors.setdefault(name, [])
        if reason not in errors:
            errors.append(reason)

    def _cancel_all(self, reason: str) -> None:
        for task in list(self._tasks):
            task.cancel()
        for name, running in self._running.items():
            if running:
                self._fail(name, reason)

    def _finish_counts(self) -> None:
        for name, status in self.status.items():
            status.requests = self.counter.counts.get(name, 0)
            status.refused = self.counter.refused.get(name, 0)

    # -- events -------------------------------------------------------------------------------

    async def _handle(
        self,
        scanner: Scanner,
        parent: Identifier | None,
        event: object,
        accepted: dict[tuple[object, str], Identifier],
        outcome: TaskOutcome | None = None,
        units: TaskUnits | None = None,
    ) -> None:
        status = self.status[scanner.name]
        outcome = outcome or TaskOutcome()  # what this task adds, recorded for resume
        units = units or TaskUnits()
        if isinstance(event, Document):
            origin = accepted.get(event.parent.key) if event.parent is not None else None
            if self.resume is not None and self.resume.document_done(scanner.name, event.location):
                status.documents += 1  # read and matched by the earlier run: not again
                outcome.documents += 1
                units.documents += 1
            elif await self._match(scanner.name, replace(event, parent=origin or parent), parent):
                status.documents += 1
                outcome.documents += 1
                units.documents += 1
                if self.recorder is not None:
                    self.recorder.document_read(scanner.name, event.location)
        elif isinstance(event, Identifier):
            self._gate(scanner, parent, event, accepted, outcome, units)
        elif isinstance(event, Finding):
            if not event.provenance and parent is not None:
                event = replace(event, provenance=parent.chain())
            self._add(event)
        elif isinstance(event, Skipped):
            status.skipped_items.append((event.location, event.reason))
            outcome.skipped.append((event.location, event.reason))
            self.observer.item_done(scanner.name)
        elif isinstance(event, Work):
            status.total += max(0, event.total)
            status.unit = event.unit
            outcome.total += max(0, event.total)
            outcome.unit = event.unit
            self.observer.work_added(scanner.name, event.total, event.unit)
        elif isinstance(event, Checked):
            status.checked += 1
            outcome.checked += 1
            self.observer.item_done(scanner.name)
            before = units.replayed(event.location)
            data = before.data if before is not None else event.data
            if data and scanner.shares_state:
                outcome.units.append((event.location, data))
            if before is not None:  # answered from the record: what it carried counts again
                status.documents += before.documents
                outcome.documents += before.documents
                status.withheld += before.withheld
                outcome.withheld += before.withheld
                status.undeclared += before.undeclared
                outcome.undeclared += before.undeclared
            elif self.recorder is not None:
                record = UnitRecord(event.data, units.documents, units.withheld, units.undeclared)
                self.recorder.unit_checked(scanner.name, parent, event.location, record)
            units.documents = units.withheld = units.undeclared = 0
        elif isinstance(event, Note):
            if event.text and event.text not in status.notes and len(status.notes) < MAX_NOTES:
                status.notes.append(event.text)
                outcome.notes.append(event.text)
        else:
            raise TypeError(f"scanner {scanner.name} yielded {type(event).__name__}")

    def _gate(
        self,
        scanner: Scanner,
        parent: Identifier | None,
        event: Identifier,
        accepted: dict[tuple[object, str], Identifier],
        outcome: TaskOutcome,
        units: TaskUnits,
    ) -> None:
        """Accept a discovered identifier only if its kind is declared and it holds no private
        detail; the engine, not the scanner, sets its parent and `via`."""
        status = self.status[scanner.name]
        if event.kind not in scanner.produces:
            status.undeclared += 1
            outcome.undeclared += 1
            units.undeclared += 1
            return
        if self.forms.find(event.value) is not None:
            status.withheld += 1
            outcome.withheld += 1
            units.withheld += 1
            return
        claimed = accepted.get(event.parent.key) if event.parent is not None else None
        owned = Identifier(event.kind, event.value, claimed or parent, scanner.name)
        accepted.setdefault(owned.key, owned)
        outcome.identifiers.append(owned)
        if self.recorder is not None:
            self.recorder.identifier_found(scanner.name, parent, owned)
        self._offer(owned)

    async def _match(self, source: str, doc: Document, parent: Identifier | None) -> bool:
        """Extract and match one document; False when it could not be read."""
        try:
            hits, unread = await self._extract_and_match(source, doc)
        except ExtractError as exc:
            self.status[source].skipped_items.append((doc.location, str(exc)))
            return False
        # Parts inside the document that could not be read (mail attachments) are listed too.
        self.status[source].skipped_items.extend(
            (f"{doc.location} ({where})", why) for where, why in unread
        )
        origin = doc.parent or parent
        chain = origin.chain() if origin else ()
        # The chain already ends with the document when it was reached as a URL identifier.
        provenance = chain if origin and origin.value == doc.location else (*chain, doc.location)
        for hit in hits:
            self._add(finding_from_hit(hit, source, doc.location, provenance, doc))
        return True

    async def _extract_and_match(self, source: str, doc: Document) -> Reading:
        """Under the per-document deadline; local sources have their own workers (a stalled
        network page never delays them)."""
        local = any(s.name == source and not s.network for s in self.scanners)
        return await self.extraction.read(doc, local=local)

    def _add(self, finding: Finding) -> None:
        known = self._findings.get(finding.key)
        if known is None:
            self.observer.finding_added(finding)  # with its proof, for the evidence record
        if finding.proof is not None:
            finding = replace(finding, proof=None)  # bounded memory: bodies are not kept
        if known is None or finding.severity.rank < known.severity.rank:
            self._findings[finding.key] = finding


def finding_from_hit(
    hit: Hit,
    source: str,
    location: str,
    provenance: tuple[str, ...],
    proof: Document | None = None,
) -> Finding:
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
        field=hit.field,
        proof=proof,
    )
