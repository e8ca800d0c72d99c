"""The Internet Archive's CDX index: which archived copies exist, and which few to read.

Query (wayback-cdx-server README): `/cdx/search/cdx?url=...&output=json&fl=...` answers a
JSON array of arrays whose first row names the fields (every value a string). Only copies
the server answered with 200 and of types the matcher reads are asked for, `collapse=digest`
drops adjacent copies with the same content, and a domain is asked with `matchType=domain`
(its subdomains too). A single page is asked for its last copies (`limit=-N`); a domain for
its first MAX_ROWS rows, in the index's order (by page, then time).

Rows are de-duplicated (real answers repeat rows), junk rows are dropped (a timestamp that is
not digits, an `original` that is not an http(s) address), and per page only distinct
contents are kept, newest first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest")
MAX_ROWS = 1000  # rows asked of a domain listing
PAGE_ROWS = 25  # last rows asked of one page
# Types the matcher reads: pages, text, PDF and office documents, photos (EXIF GPS).
READABLE = (
    r"text/html|application/xhtml\+xml|text/plain|application/pdf|application/msword|"
    r"application/rtf|text/rtf|application/vnd\.(openxmlformats-officedocument|oasis\.opendocument)\..*|"
    r"image/(jpeg|tiff|heic|heif|webp|png)"
)
_READABLE = re.compile(READABLE, re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class CdxError(ValueError):
    """The index answer is not one; str() is a short reason."""


@dataclass(frozen=True)
class Capture:
    urlkey: str  # the index's canonical page key (SURT): one page, whatever the scheme
    timestamp: str  # yyyyMMddhhmmss (or a prefix of it)
    original: str  # the address as captured, default port dropped
    mimetype: str
    digest: str

    def url(self, endpoint: str) -> str:
        """The raw copy as captured (`id_`: no Wayback banner, no rewritten links)."""
        return f"{endpoint.rstrip('/')}/web/{self.timestamp}id_/{self.original}"

    @property
    def date(self) -> str:
        ts = self.timestamp
        return f"{ts[0:4]}-{ts[4:6]}-{ts[6:8]}" if len(ts) >= 8 else ts


def query(endpoint: str, value: str, domain: bool) -> tuple[str, list[tuple[str, str]]]:
    """(index URL, query parameters) for a domain or one page."""
    params = [
        ("url", value),
        ("output", "json"),
        ("fl", ",".join(FIELDS)),
        ("filter", "statuscode:200"),
        ("filter", f"mimetype:({READABLE})"),
        ("collapse", "digest"),
    ]
    if domain:
        params += [("matchType", "domain"), ("limit", str(MAX_ROWS))]
    else:
        params += [("limit", str(-PAGE_ROWS))]
    return f"{endpoint.rstrip('/')}/cdx/search/cdx", params


def parse(body: bytes) -> list[Capture]:
    """The captures in an index answer; an empty answer is no captures."""
    if not body.strip():
        return []
    try:
        rows = json.loads(body)
    except (ValueError, RecursionError):
        raise CdxError("not JSON") from None
    if not isinstance(rows, list):
        raise CdxError("not a list of rows")
    if not rows:
        return []
    header = rows[0]
    if not (isinstance(header, list) and all(isinstance(h, str) for h in header)):
        raise CdxError("no header row")
    column = {name: i for i, name in enumerate(header)}
    if "timestamp" not in column or "original" not in column:
        raise CdxError("the header names no timestamp or original")
    found: dict[tuple[str, str, str], Capture] = {}
    for row in rows[1 : MAX_ROWS + 1]:
        capture = _capture(row, column)
        if capture is not None:
            found.setdefault((capture.urlkey, capture.timestamp, capture.digest), capture)
    return list(found.values())


def _capture(row: object, column: dict[str, int]) -> Capture | None:
    """None for a resume-key trailer, a short row or a junk row."""
    if not isinstance(row, list) or len(row) < len(column):
        return None
    values = {name: row[i] if isinstance(row[i], str) else "" for name, i in column.items()}
    timestamp, original = values["timestamp"], _clean(values["original"])
    if not (timestamp.isdigit() and len(timestamp) <= 14) or original is None:
        return None
    status = values.get("statuscode", "200")
    mimetype = values.get("mimetype", "")
    if status != "200" or (mimetype and not _READABLE.fullmatch(mimetype)):
        return None  # servers that ignore the filters
    return Capture(
        values.get("urlkey") or original.split("://", 1)[1].lower(),
        timestamp,
        original,
        mimetype,
        values.get("digest", ""),
    )


def _clean(original: str) -> str | None:
    """An http(s) address with a host, the default port dropped; else None."""
    if any(c.isspace() for c in original):
        return None
    try:
        parts = urlsplit(original)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    netloc = parts.netloc if port not in (None, _DEFAULT_PORTS[scheme]) else parts.hostname
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def choose(captures: list[Capture], per_page: int, limit: int) -> tuple[list[list[Capture]], int]:
    """Which copies to read: per page its newest `per_page` distinct contents; pages with the
    newest copies first; at most `limit` in all, spread over as many pages as possible.
    Returns (copies per page, newest first; how many distinct copies were left out)."""
    pages: dict[str, list[Capture]] = {}
    for capture in sorted(captures, key=lambda c: c.timestamp.ljust(14, "0"), reverse=True):
        versions = pages.setdefault(capture.urlkey, [])
        if all(v.digest != capture.digest or not capture.digest for v in versions):
            versions.append(capture)
    total = sum(len(v) for v in pages.values())
    chosen: dict[str, list[Capture]] = {}
    picked = 0
    for depth in range(per_page):
        for key, versions in pages.items():  # newest page first (dict keeps that order)
            if depth < len(versions) and picked < limit:
                chosen.setdefault(key, []).append(versions[depth])
                picked += 1
    return list(chosen.values()), total - picked
