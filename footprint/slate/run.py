"""Running a slate: every candidate in one process, over ONE shared client.

One client means one set of limits: the global in-flight cap and the per-host rate and
concurrency hold for the whole slate, so no site is asked harder than by a single scan,
however many candidates there are. The client's wire guard covers every candidate
(`footprint.slate.guard.SlateGuard`) and its counter routes each request to the candidate whose
task made it (`SlateCounter`), so requests are counted per candidate and per source.

Candidates run `parallel` at a time (a small bound: their requests share the same per-host
limits anyway), each in its own task with `current_candidate` set. Memory stays bounded: a
candidate's result goes to the sinks the moment it finishes (they write its report and keep
only counts) and is then dropped.

Sinks are the seam for storage: `started` may return an engine Observer (to write findings as
they are found; one that also records tasks, footprint.resume.Recorder, is told of them), and
`finished` gets the candidate's whole result. For `--resume` (footprint.slate.record): `skip`
names candidates already checked (they are still covered by the wire guard, never run), and
`resume` gives a candidate's earlier, unfinished run to carry on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from footprint.engine import Engine, Observer, ScanResult
from footprint.model import Finding, Identifier
from footprint.net import NetSettings, build_client
from footprint.net.health import NetworkHealth
from footprint.resume import Recorder, Resume, TaskOutcome, UnitRecord
from footprint.run import ScanRequest, net_settings, run_engine, scan_notes
from footprint.scanner import Scanner, ScanOptions
from footprint.slate.guard import SlateCounter, SlateGuard, current_candidate
from footprint.slate.load import Candidate

DEFAULT_PARALLEL = 2


class SlateSink(Protocol):
    """Told about each candidate as it starts and finishes (report writer, store)."""

    def started(self, candidate: Candidate) -> Observer | None: ...

    def finished(self, candidate: Candidate, result: ScanResult, notes: list[str]) -> None: ...


@dataclass(frozen=True)
class SlateRequest:
    candidates: Sequence[Candidate]  # only those with a profile run
    scanners: list[Scanner]
    options: ScanOptions
    net: NetSettings
    max_depth: int = 2
    timeout: float | None = None  # per candidate
    parallel: int = DEFAULT_PARALLEL


@dataclass
class SlateRun:
    """What happened to the slate as a whole."""

    finished: list[str] = field(default_factory=list)  # candidate ids, in finishing order
    not_started: list[str] = field(default_factory=list)  # left when Ctrl-C came
    by_user: bool = False
    counter: SlateCounter = field(default_factory=SlateCounter)  # the whole slate's requests


class _Fanout:
    """Several observers as one (a sink's observer beside the progress display)."""

    def __init__(self, observers: list[Observer]) -> None:
        self._observers = observers

    def task_added(self, source: str) -> None:
        for o in self._observers:
            o.task_added(source)

    def task_done(self, source: str) -> None:
        for o in self._observers:
            o.task_done(source)

    def work_added(self, source: str, total: int, unit: str) -> None:
        for o in self._observers:
            o.work_added(source, total, unit)

    def item_done(self, source: str) -> None:
        for o in self._observers:
            o.item_done(source)

    def finding_added(self, finding: Finding) -> None:
        for o in self._observers:
            o.finding_added(finding)

    # footprint.resume.Recorder: handed to the observers that record progress (the store's).
    def document_read(self, source: str, location: str) -> None:
        for o in self._observers:
            if isinstance(o, Recorder):
                o.document_read(source, location)

    def task_finished(
        self, source: str, identifier: Identifier | None, outcome: TaskOutcome
    ) -> None:
        for o in self._observers:
            if isinstance(o, Recorder):
                o.task_finished(source, identifier, outcome)

    def unit_checked(
        self, source: str, identifier: Identifier | None, where: str, record: UnitRecord
    ) -> None:
        for o in self._observers:
            if isinstance(o, Recorder):
                o.unit_checked(source, identifier, where, record)

    def identifier_found(
        self, source: str, identifier: Identifier | None, found: Identifier
    ) -> None:
        for o in self._observers:
            if isinstance(o, Recorder):
                o.identifier_found(source, identifier, found)


def _observer(observers: list[Observer]) -> Observer | None:
    if not observers:
        return None
    return observers[0] if len(observers) == 1 else _Fanout(observers)


def run_slate(
    request: SlateRequest,
    sinks: Sequence[SlateSink],
    transport: httpx.AsyncBaseTransport | None = None,
    skip: Collection[str] = frozenset(),
    resume: Callable[[Candidate], Resume | None] | None = None,
) -> SlateRun:
    """Run every candidate that has a profile, but those in `skip` (ids: checked in an
    earlier run); each result goes to every sink as it finishes. `resume`, asked after the
    sinks' `started`: the candidate's earlier, unfinished run to carry on, or None. On Ctrl-C
    the candidates running are finished with their partial results (marked interrupted) and
    the rest are listed in `not_started`."""
    guarded = [c for c in request.candidates if c.profile is not None]
    runnable = [c for c in guarded if c.id not in skip]
    outcome = SlateRun()
    running: dict[str, tuple[Candidate, list[Engine]]] = {}
    health = NetworkHealth()
    queue: Iterator[Candidate] = iter(runnable)

    def scan_request(candidate: Candidate) -> ScanRequest:
        assert candidate.profile is not None
        return ScanRequest(
            candidate.profile,
            request.scanners,
            request.options,
            request.net,
            request.max_depth,
            request.timeout,
        )

    def finish(candidate: Candidate, result: ScanResult, extra: tuple[str, ...] = ()) -> None:
        if health.tripped and not result.network_down:
            result.network_down = health.describe()  # it may have come back: still said
        notes = [*scan_notes(result), *extra]
        for sink in sinks:
            sink.finished(candidate, result, notes)
        outcome.finished.append(candidate.id)
        outcome.counter.forget(candidate.id)

    async def one(client: httpx.AsyncClient, guard: SlateGuard, candidate: Candidate) -> None:
        current_candidate.set(candidate.id)  # this task's requests are this candidate's
        observers = [o for s in sinks if (o := s.started(candidate)) is not None]
        engines: list[Engine] = []
        running[candidate.id] = (candidate, engines)
        try:
            result = await run_engine(
                scan_request(candidate),
                client,
                outcome.counter.of(candidate.id),
                _observer(observers),
                engines,
                guard.gate_for(candidate.id),
                resume(candidate) if resume is not None else None,
            )
        except Exception as exc:  # a bug in one candidate's check never sinks the slate
            del running[candidate.id]
            partial = engines[0].result(interrupted=True) if engines else ScanResult([], [])
            finish(candidate, partial, (f"the check stopped on an error ({type(exc).__name__})",))
            return
        del running[candidate.id]
        finish(candidate, result)

    async def worker(client: httpx.AsyncClient, guard: SlateGuard) -> None:
        for candidate in queue:  # shared iterator: each candidate taken once
            # Its own task, so its context (current_candidate) is its own.
            await asyncio.create_task(one(client, guard, candidate))

    async def main() -> None:
        # Every candidate's details are guarded, those not run again too.
        profiles = {c.id: c.profile for c in guarded if c.profile is not None}
        guard = SlateGuard(profiles, request.scanners, request.options)
        # Scanner rates for their services' hosts, as a single scan sets them.
        settings = net_settings(scan_request(guarded[0])) if guarded else request.net
        async with build_client(
            settings,
            transport,
            outcome.counter,
            private=guard.find,
            consented=guard.consented(),
            health=health,
        ) as client:
            workers = max(1, min(request.parallel, len(runnable)))
            await asyncio.gather(*(worker(client, guard) for _ in range(workers)))

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        outcome.by_user = True
        for candidate, engines in list(running.values()):
            if engines:
                result = engines[0].result(interrupted=True)
                result.by_user = True
                finish(candidate, result)
            else:
                outcome.not_started.append(candidate.id)
        outcome.not_started.extend(c.id for c in queue)
    return outcome
