"""The network layer: one policy-enforcing `httpx.AsyncClient` shared by all scanners.

Scanners only call `client.get(...)` / `client.post(...)`; SSRF refusal, rate limits,
concurrency, retries, body caps and request counting all live in transports below it.
"""

from footprint.net.client import build_client
from footprint.net.counting import RequestCounter, current_source
from footprint.net.errors import BlockedAddressError, OfflineError, RecordedMissError
from footprint.net.recorded import RecordedTransport, RecordedWeb, normalise_url
from footprint.net.settings import NetSettings

__all__ = [
    "BlockedAddressError",
    "NetSettings",
    "OfflineError",
    "RecordedMissError",
    "RecordedTransport",
    "RecordedWeb",
    "RequestCounter",
    "build_client",
    "current_source",
    "normalise_url",
]
