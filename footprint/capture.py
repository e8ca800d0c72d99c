"""Evidence metadata for a fetched document: what scanners attach when they turn an
httpx.Response into a Document (`Document(..., capture=captured(response))`)."""

from __future__ import annotations

import datetime as dt

import httpx

from footprint.model import Capture
from footprint.net.bodycap import TRUNCATED


def captured(response: httpx.Response) -> Capture:
    """The address first asked for (before any redirect), the final one, the status, now."""
    first = response.history[0].request if response.history else response.request
    return Capture(
        url=str(first.url),
        final_url=str(response.url),
        status=response.status_code,
        fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        cut=bool(response.extensions.get(TRUNCATED)),
    )
