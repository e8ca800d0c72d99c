"""The wire guard: the last line of defence, refusing any request that carries a private detail.

Independent of the engine's gate on discovered identifiers: a plugin that builds a request
from a private value itself (a `mailto:` address it scraped, a phone number in a query) is
stopped here. The URL, every header and the body are checked in the same normalised forms
the gate uses (`footprint.privacy`). The only exception: a scanner the user consented to send
some private details (`--consent`, listed by `footprint plan`) has its requests checked with
its own check instead, which leaves out exactly those details and still refuses the rest.

The error names the scanner and the kind of detail, never the value or the URL (which would
hold it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum

import httpx

from footprint.net.counting import RequestCounter, current_source
from footprint.net.errors import PrivateDetailError

Check = Callable[[str], Enum | str | None]
_MAX_LINES = 4096


class WireGuardTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        check: Check,
        counter: RequestCounter | None = None,
        consented: Mapping[str, Check] | None = None,
    ) -> None:
        """`consented`: scanner name -> the check its requests get instead of `check`."""
        self._inner = inner
        self._check = check
        self._counter = counter
        self._consented = dict(consented or {})
        # Header lines repeat on nearly every request (User-Agent, Accept-Encoding, a site's
        # own headers), and a check is a pure function: each line is checked once per check.
        self._lines: dict[tuple[Check, str], Enum | str | None] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        source = current_source.get()
        found = await self._carried(request, self._consented.get(source, self._check))
        if found is not None:
            if self._counter is not None:
                self._counter.refuse(source)
            kind = getattr(found, "value", str(found)).replace("_", " ")
            raise PrivateDetailError(
                f"refused a request by scanner {source!r}: it carries a private detail ({kind})",
                request=request,
            )
        return await self._inner.handle_async_request(request)

    async def _carried(self, request: httpx.Request, check: Check) -> Enum | str | None:
        found = check(str(request.url))
        if found is not None:
            return found
        lines = self._lines
        host = request.url.netloc.decode("ascii", "replace")
        for name, value in request.headers.items():
            if name == "host" and value == host:
                continue  # the URL's own, checked with it (and new on every new site)
            key = (check, f"{name}: {value}")
            if key in lines:
                found = lines[key]
            else:
                if len(lines) >= _MAX_LINES:
                    lines.clear()  # many distinct Host lines: start afresh, memory stays bounded
                found = lines[key] = check(key[1])
            if found is not None:
                return found
        body = await request.aread()
        if body:
            return check(body.decode("utf-8", "replace"))
        return None

    async def aclose(self) -> None:
        await self._inner.aclose()
