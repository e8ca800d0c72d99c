"""Fetching for the web-page scanners (website, pages): media types, honest reasons for what
could not be read, and a bounded window of requests in flight."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TypeVar

import httpx

from footprint.net import BlockedAddressError, OfflineError
from footprint.net.bodycap import TRUNCATED
from footprint.net.errors import CutShort, NetworkDownError, PrivateDetailError, SlowResponseError

T = TypeVar("T")
R = TypeVar("R")

_STATUS_WORDS = {
    401: "login required",
    403: "forbidden",
    404: "not found",
    410: "gone",
    429: "rate limited",
    500: "server error",
    502: "bad gateway",
    503: "unavailable",
    504: "gateway timeout",
}


def media(response: httpx.Response) -> tuple[str | None, str | None]:
    """(media type, charset) from the response's Content-Type."""
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower() or None
    return media_type, response.charset_encoding


def truncated(response: httpx.Response) -> bool:
    """Whether the body was cut at the client's size limit."""
    return bool(response.extensions.get(TRUNCATED))


def status_reason(response: httpx.Response) -> str:
    """'HTTP 429 (rate limited; it asks to wait 3600 s)' for an answer that is not the page."""
    code = response.status_code
    words = _STATUS_WORDS.get(code, "")
    wait = response.headers.get("retry-after", "").strip()
    if code in (429, 503) and wait.isdigit():
        words += f"; it asks to wait {wait} s"
    return f"HTTP {code} ({words})" if words else f"HTTP {code}"


def error_reason(exc: BaseException) -> str:
    """A short reason for a request that failed, never naming the URL (it is the location)."""
    if isinstance(exc, PrivateDetailError):
        return "not requested: the address holds one of your private details"
    if isinstance(exc, BlockedAddressError):
        return f"not requested: {exc.reason}"
    if isinstance(exc, OfflineError | NetworkDownError):
        return "not requested: the network is unavailable"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, SlowResponseError):
        return f"timed out: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    if isinstance(exc, httpx.DecodingError):
        return "the response could not be decoded"
    if isinstance(exc, httpx.InvalidURL) or (
        isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc).lower()
    ):  # httpx's words for a redirect to javascript:, data: or an unparseable address
        return "not requested: not a valid web address (or a redirect to one)"
    if isinstance(exc, httpx.RemoteProtocolError) and not _cut_short(exc):
        return "the answer was not valid HTTP"
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return "the connection was broken off"
    return f"error ({type(exc).__name__})"


def _cut_short(exc: httpx.RemoteProtocolError) -> bool:
    """Whether the server hung up mid-answer, not bad HTTP: the pool's `CutShort`, or
    httpcore's words for it (other transports: "Server disconnected without sending a
    response", "peer closed connection without sending complete message body")."""
    if isinstance(exc, CutShort):
        return True
    text = str(exc).lower()
    return "disconnected" in text or "closed connection" in text


async def windowed(
    items: Iterable[T], work: Callable[[T], Awaitable[R]], width: int
) -> AsyncIterator[R]:
    """`work(item)` for every item, at most `width` at a time, results as they finish.

    A window rather than one task per item: finished responses wait here for the engine,
    so memory stays at `width` bodies whatever the number of items."""
    queue = iter(items)
    pending: set[asyncio.Future[R]] = set()

    def refill() -> None:
        while len(pending) < width:
            item = next(queue, _END)
            if item is _END:
                return
            pending.add(asyncio.ensure_future(work(item)))  # type: ignore[arg-type]

    try:
        refill()
        while pending:
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                pending.discard(task)
                yield task.result()
            refill()
    finally:
        for task in pending:
            task.cancel()


_END = object()
