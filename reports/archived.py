""" "Removed from the site, still archived": the report's judgement on Wayback Machine copies.

A finding from the `wayback` source located at a capture (`<archive>/web/<timestamp>id_/
<original>`) shows a detail in an archived copy. It is *removed from the site, still
archived* when no finding of the same detail (category and profile item) is at the original
address, from any source, and that live page was not among the items some source could not
read. The wayback scanner fetches each live page before its copies (a gone page is simply
not a document), so a capture finding always comes with an answer about its live page.

Such a finding says so in its note, with the capture date and the original address, and
starts its advice with the Internet Archive's exclusion route; every other capture finding
gets that route first too (the archive keeps copies whatever the live page shows).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from footprint.model import Finding, SourceStatus

SOURCE = "wayback"
EXCLUSION_ADVICE = "wayback-exclusion"
_CAPTURE = re.compile(r"^https?://[^/]+/web/(\d{1,14})id_/(https?://.+)$", re.IGNORECASE)


def capture_parts(location: str) -> tuple[str, str] | None:
    """(timestamp, original address) of a raw capture URL, else None."""
    match = _CAPTURE.match(location.strip())
    return (match.group(1), match.group(2)) if match else None


def page_key(url: str) -> str:
    """One page whatever the scheme, default port, "www." or trailing slash."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def mark_archived(findings: Iterable[Finding], sources: Iterable[SourceStatus]) -> list[Finding]:
    """The findings, capture findings with the exclusion advice first and, when the live page
    no longer shows the detail, a note saying it was removed from the site."""
    kept = list(findings)
    live = {
        (page_key(f.location), f.category, f.matched)
        for f in kept
        if capture_parts(f.location) is None
    }
    unread = {page_key(location) for s in sources for location, _ in s.skipped_items}
    marked = []
    for finding in kept:
        parts = capture_parts(finding.location) if finding.source == SOURCE else None
        if parts is None:
            marked.append(finding)
            continue
        timestamp, original = parts
        key = page_key(original)
        advice = (EXCLUSION_ADVICE, *(a for a in finding.advice if a != EXCLUSION_ADVICE))
        note = finding.note
        if (key, finding.category, finding.matched) not in live and key not in unread:
            said = removed_note(timestamp, original)
            note = f"{said} {note}" if note else said
        marked.append(dataclasses.replace(finding, advice=advice, note=note))
    return marked


def removed_note(timestamp: str, original: str) -> str:
    when = f"{timestamp[0:4]}-{timestamp[4:6]}-{timestamp[6:8]}" if len(timestamp) >= 8 else ""
    copy = f"the Internet Archive's copy from {when}" if when else "the Internet Archive's copy"
    return (
        f"Removed from the site, still archived: the live page {original} no longer shows "
        f"this, but {copy} (this address) does. Ask the Internet Archive to exclude it."
    )
