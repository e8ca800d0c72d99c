"""Exceptions raised by the network layer.

Each subclasses `httpx.TransportError`, so a scanner that already handles `httpx.HTTPError`
treats a refused or offline request like any other failed request.
"""

from __future__ import annotations

import httpx


class BlockedAddressError(httpx.TransportError):
    """A request refused by the SSRF guard (bad scheme, or a non-public address)."""

    def __init__(
        self, host: str, reason: str, address: str | None = None, *, literal: bool = False
    ) -> None:
        self.host = host
        self.reason = reason
        self.address = address
        if address is None or address == host:
            message = f"refused request to {host!r}: {reason}"
        else:
            verb = "means" if literal else "resolves to"
            message = f"refused request to {host!r}: it {verb} {address}, {reason}"
        super().__init__(message)


class OfflineError(httpx.TransportError):
    """Raised for every request when the client was built with `offline=True`."""


class RecordedMissError(httpx.TransportError):
    """A strict `RecordedTransport` has no recorded response for the request."""


class PrivateDetailError(httpx.TransportError):
    """A request refused by the wire guard: its URL, headers or body carry a private detail."""


class NetworkDownError(httpx.TransportError):
    """Refused without trying: the network has looked unreachable (many connection failures
    in a row, across different hosts)."""


class SlowResponseError(httpx.ReadTimeout):
    """The answer (headers and body) took longer than the response deadline: a server
    dribbling bytes slowly enough never trips the per-read timeout. Not retried."""


class CutShort(httpx.RemoteProtocolError):
    """The server closed the connection before its answer was complete: a broken-off
    connection, not bad HTTP."""
