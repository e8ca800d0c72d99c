"""Per-source request accounting (shown as `requests` in each source's status)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

import httpx

# The engine sets this in each scanner task; contextvars follow the task through httpx.
current_source: ContextVar[str] = ContextVar("footprint_current_source", default="-")


@dataclass
class RequestCounter:
    """Attempts actually handed to the network transport, by source name."""

    counts: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # by the wire guard

    def add(self, source: str | None = None) -> None:
        name = current_source.get() if source is None else source
        self.counts[name] = self.counts.get(name, 0) + 1

    def refuse(self, source: str | None = None) -> None:
        name = current_source.get() if source is None else source
        self.refused[name] = self.refused.get(name, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class CountingTransport(httpx.AsyncBaseTransport):
    """Counts every attempt (retries included) against `current_source`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, counter: RequestCounter) -> None:
        self._inner = inner
        self._counter = counter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._counter.add()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
