"""Extraction and matching under a per-document deadline, in worker processes that can be killed.

A thread running C code (lexbor, lxml, pypdf) cannot be stopped, so a document that is slow to
read used to hold a scan past --timeout and Ctrl-C. Here each large document goes to a worker
process; when it overruns its deadline, or the scan is cancelled (time limit, Ctrl-C), that
worker is killed and replaced, and the document is reported as skipped.

Rules:
- Documents up to IN_PROCESS_BYTES are read in a thread of this process: every extraction
  stage is linear, so they finish in milliseconds, and a process round trip would cost more
  than the work (about 1 ms against 0.1-1 ms of extraction for a 10 KB page).
- Local documents and network documents have separate lanes (their own workers), so a stalled
  network page never delays a local file.
- HTML gets two tries within its deadline: as is, then, if that overruns a budget for its size,
  through the bounded rewrite (treebound) whatever the cheap gate said, which is linear.
- The matcher is compiled once per worker from the pickled Profile; in this process the
  engine's is used (a Matcher is safe to share between threads: match() keeps no state).
- `close()` kills every worker; workers also exit when their pipe closes (the scan died).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import signal
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from footprint.extract import ExtractError, Format, detect_format, extract
from footprint.matcher import Matcher
from footprint.model import Document, Extracted, Hit
from footprint.profile import Profile

IN_PROCESS_BYTES = 64 * 1024
DEFAULT_DEADLINE = 30.0
# First try for HTML: generous for the normal path (30-100 MB/s), well short of the deadline.
_FIRST_TRY_S = 2.0
_FIRST_TRY_S_PER_MB = 2.0

Extractor = Callable[[Document, bool], Extracted]
# What reading one document gives the engine: its hits, and the parts inside it that could
# not be read (Extracted.unread: a mail attachment of an unsupported type).
Reading = tuple[list[Hit], tuple[tuple[str, str], ...]]


def default_extractor(doc: Document, bounded: bool) -> Extracted:
    return extract(doc, bounded=bounded)


class _Overrun(Exception):
    pass


def _serve(conn: Connection, profile: Profile, extractor: Extractor) -> None:
    """Worker loop: (document, bounded) in, ("ok", reading) or ("skip", reason) out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    matcher = Matcher(profile)
    while True:
        try:
            doc, bounded = conn.recv()
        except (EOFError, OSError):
            return  # the scan closed the pipe or died
        try:
            extracted = extractor(doc, bounded)
            reply: tuple[str, object] = ("ok", (matcher.match(extracted), extracted.unread))
        except ExtractError as exc:
            reply = ("skip", str(exc))
        except Exception as exc:  # a library bug must not kill the worker
            reply = ("skip", f"extraction failed ({type(exc).__name__})")
        conn.send(reply)


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, args: tuple) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, *args), daemon=True, name="footprint-extract"
        )
        self.process.start()
        child.close()

    async def run(self, doc: Document, bounded: bool, timeout: float) -> Reading:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            # Extraction never reads the capture: a fetched body kept for evidence stays here.
            self.conn.send((replace(doc, capture=None), bounded))
            async with asyncio.timeout(timeout):
                await ready
            kind, value = self.conn.recv()
        except TimeoutError:
            raise _Overrun from None
        except (EOFError, OSError):
            raise ExtractError("extraction failed (worker process died)") from None
        finally:
            loop.remove_reader(fd)
        if kind == "skip":
            raise ExtractError(str(value))
        return value  # type: ignore[return-value]

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(1)
        self.conn.close()


class WorkerLane:
    """`size` worker processes, started when first needed, for one kind of source."""

    def __init__(self, args: tuple, size: int, context: multiprocessing.context.BaseContext):
        self._args = args
        self._context = context
        self._idle: list[_Worker] = []
        self._slots = asyncio.Semaphore(size)
        self._busy: set[_Worker] = set()

    async def run(self, doc: Document, bounded: bool, timeout: float) -> Reading:
        async with self._slots:
            worker = self._idle.pop() if self._idle else _Worker(self._context, self._args)
            self._busy.add(worker)
            try:
                reading = await worker.run(doc, bounded, timeout)
            except BaseException as exc:
                self._busy.discard(worker)
                if isinstance(exc, ExtractError) and worker.process.is_alive():
                    self._idle.append(worker)  # an unreadable document: the worker is fine
                else:
                    worker.kill()  # overrun, cancelled (time limit, Ctrl-C) or dead
                raise
            self._busy.discard(worker)
            self._idle.append(worker)
            return reading

    def pids(self) -> list[int]:
        return [w.process.pid for w in (*self._idle, *self._busy) if w.process.pid]

    def close(self) -> None:
        for worker in (*self._idle, *self._busy):
            worker.kill()
        self._idle.clear()
        self._busy.clear()


class Extraction:
    """Extract and match documents for one scan: `await match(doc, local=...)`; `close()`."""

    def __init__(
        self,
        profile: Profile,
        deadline: float = DEFAULT_DEADLINE,
        *,
        network_workers: int = 2,
        extractor: Extractor = default_extractor,
        in_process_bytes: int = IN_PROCESS_BYTES,
        matcher: Matcher | None = None,
    ) -> None:
        """`matcher`: `profile`'s, if already compiled (the engine's): threads share it."""
        self.deadline = deadline
        self._matcher = matcher or Matcher(profile)
        self._extractor = extractor
        self._in_process_bytes = in_process_bytes
        # forkserver: workers fork from a clean single-threaded server, never from the
        # threaded event-loop process; the Profile travels pickled.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["footprint.workers"])  # workers fork with it imported
        args = (profile, extractor)
        self._lanes = {
            True: WorkerLane(args, 1, context),
            False: WorkerLane(args, network_workers, context),
        }

    async def match(self, doc: Document, *, local: bool) -> list[Hit]:
        """Hits in `doc`; raises ExtractError for unreadable content or an overrun deadline."""
        hits, _ = await self.read(doc, local=local)
        return hits

    async def read(self, doc: Document, *, local: bool) -> Reading:
        """Hits in `doc` and the parts inside it that could not be read; raises ExtractError
        for unreadable content or an overrun deadline."""
        if len(doc.content) <= self._in_process_bytes:
            return await asyncio.to_thread(self._match_here, doc)
        lane = self._lanes[local]
        loop = asyncio.get_running_loop()
        started = loop.time()
        tries = [False]
        if detect_format(doc) is Format.HTML:
            mb = len(doc.content) / 1e6
            first = min(self.deadline, _FIRST_TRY_S + _FIRST_TRY_S_PER_MB * mb)
            tries = [False, True]
        for bounded in tries:
            remaining = self.deadline - (loop.time() - started)
            timeout = first if (len(tries) == 2 and not bounded) else remaining
            try:
                return await lane.run(doc, bounded, max(0.0, min(timeout, remaining)))
            except _Overrun:
                continue
        raise ExtractError(f"extraction took longer than {self.deadline:g} s")

    def _match_here(self, doc: Document) -> Reading:
        extracted = self._extractor(doc, False)
        return self._matcher.match(extracted), extracted.unread

    def pids(self) -> list[int]:
        return [pid for lane in self._lanes.values() for pid in lane.pids()]

    def close(self) -> None:
        for lane in self._lanes.values():
            lane.close()
