"""Evidence metadata for a fetched document: what scanners attach when they turn an
httpx.Response into a Document (`Document(..., capture=captured(response))`).

Rules:
- a document whose content is derived from the response (text rendered from an RDAP
  answer, one record of an API answer) passes `body_type`, the media type the scanner read
  the body as ("application/json"): the capture then keeps the body as sent, which its
  evidence record stores and hashes instead of the derived content;
- a request URL that carries an API key (Google's and Mojeek's `key=`) is recorded with
  each of the scanner's `secrets` masked (footprint.scrub): evidence is for the user, a key
  is not evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import httpx

from footprint.model import Capture
from footprint.net.bodycap import TRUNCATED
from footprint.scrub import scrub_secrets


def captured(
    response: httpx.Response, *, body_type: str | None = None, secrets: Iterable[str] = ()
) -> Capture:
    """The address first asked for (before any redirect), the final one, the status, now;
    with the body as sent when `body_type` is given (see the module's rules)."""
    first = response.history[0].request if response.history else response.request
    hidden = tuple(secrets)
    return Capture(
        url=scrub_secrets(str(first.url), hidden),
        final_url=scrub_secrets(str(response.url), hidden),
        status=response.status_code,
        fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        cut=bool(response.extensions.get(TRUNCATED)),
        body=response.content if body_type else None,
        media_type=body_type,
    )
