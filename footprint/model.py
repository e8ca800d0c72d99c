"""Plain data passed between scanners, the matcher, the engine and the report builder."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from footprint.kinds import Kind


class Category(StrEnum):
    HOME_ADDRESS = "home_address"
    PHONE = "phone"
    EMAIL = "email"
    DATE_OF_BIRTH = "date_of_birth"
    FAMILY = "family"
    GEOLOCATION = "geolocation"
    ACCOUNT = "account"
    BREACH = "breach"  # an email address in a data breach (a fact, not content)


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Sort key: high first."""
        return {"high": 0, "medium": 1, "low": 2}[self.value]


@dataclass(frozen=True)
class Identifier:
    """A public identifier to search by, with the chain that led to it."""

    kind: Kind
    value: str
    parent: Identifier | None = None
    via: str = "profile"  # scanner name (and where) that produced it

    @property
    def key(self) -> tuple[Kind, str]:
        """Seen-set key: kind plus normalised value. A URL's path and query keep their case
        (`/Reports/Q1.pdf` and `/reports/q1.pdf` are two documents); only its scheme and host
        are case-free."""
        if self.kind is Kind.URL:
            return (self.kind, url_key(self.value))
        return (self.kind, self.value.strip().lower())

    def chain(self) -> tuple[str, ...]:
        """Provenance from the profile down to this identifier, oldest first."""
        links: list[str] = []
        node: Identifier | None = self
        while node is not None:
            links.append(f"{node.kind.value} {node.value}")
            if node.via != "profile":
                links.append(node.via)
            node = node.parent
        return tuple(reversed(links))


def url_key(url: str) -> str:
    """A URL with its scheme and host lower-cased, its fragment and a trailing slash dropped."""
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float


@dataclass(frozen=True)
class Capture:
    """How a fetched document was got, for its evidence record (footprint.capture builds it
    from an httpx.Response): the address asked for, the address after redirects, the HTTP
    status, when, and whether the client cut the body at its size limit.

    `body` is the body as the server sent it when the document's content was derived from
    it (RDAP JSON rendered as text, one record of an API answer), with its `media_type`;
    None when the document's content is the body itself (a fetched page), which is then
    the evidence. The evidence record stores and hashes `body` when set, so its SHA-256 is
    of what the server sent. It is the response's own bytes object, never a copy."""

    url: str
    final_url: str
    status: int
    fetched_at: str  # ISO 8601, UTC
    cut: bool = False
    body: bytes | None = field(default=None, repr=False)
    media_type: str | None = None  # of `body`


@dataclass(frozen=True)
class Document:
    """Something a scanner fetched or read, handed to extraction and the matcher."""

    location: str  # URL, or the file path as given on the command line
    content: bytes
    media_type: str | None = None  # e.g. "text/html"; None means guess from location/content
    charset: str | None = None  # from HTTP headers when known
    parent: Identifier | None = None
    capture: Capture | None = None  # for a fetched document: its evidence metadata


@dataclass(frozen=True)
class Field:
    """A span of extracted text that is one metadata field's value (a document's Author)."""

    start: int
    end: int
    name: str  # as the report says it: "the document's Author field"


@dataclass(frozen=True)
class Record:
    """One structured record in a document: a JSON object, a CSV row, an HTML table row.

    `fields` are (name, value) pairs in document order, values as strings: a JSON object's own
    scalars by key and those of objects nested in it by dotted path ("date_of_birth.month"); a
    CSV or table row's cells by their column header. `where` says where the record sits
    ("items[1]", "row 12", "table 1, row 3"). Built by footprint.extract.records (see its rules
    and limits); judged by footprint.matcher.records."""

    fields: tuple[tuple[str, str], ...]
    where: str = ""


@dataclass(frozen=True)
class Extracted:
    """Searchable content of a document: text from every place data hides, plus photo GPS, plus
    the structured records it holds (JSON objects, CSV rows, table rows), bounded in number.

    The text also holds each record as one labelled line ("name: value; name: value"), so
    text detectors see field names as context; `records` keep the structure itself."""

    text: str
    gps: tuple[GeoPoint, ...] = ()
    # Parts inside the document that could not be read (a mail attachment of an unsupported
    # type): (where inside the document, reason). Listed in the report like skipped files.
    unread: tuple[tuple[str, str], ...] = ()
    fields: tuple[Field, ...] = ()  # metadata fields inside `text`, in order
    records: tuple[Record, ...] = ()  # structured records (JSON objects, CSV and table rows)


@dataclass(frozen=True)
class Hit:
    """One private detail found in extracted content (the matcher's verdict)."""

    category: Category
    severity: Severity
    matched: str  # profile item path, e.g. "private.phones[0]"
    value: str  # the profile value itself (redacted in reports unless --reveal)
    evidence: str  # short snippet around the hit
    span: tuple[int, int]  # where the hit sits inside evidence, for redaction
    partial: bool = False
    note: str = ""  # why, for lower-confidence hits ("first name near 'daughter'")
    at: int = -1  # where the hit starts in the extracted text (-1: not known)
    field: str = ""  # the metadata field it was in ("the document's Author field"), if any


@dataclass(frozen=True)
class Finding:
    """An exposure the report shows, with where it was and what to do about it."""

    category: Category
    severity: Severity
    source: str  # scanner name
    location: str
    evidence: str
    matched: str
    value: str
    span: tuple[int, int] = (0, 0)
    partial: bool = False
    note: str = ""
    advice: tuple[str, ...] = ()
    provenance: tuple[str, ...] = ()
    field: str = ""  # found in this metadata field, not in the page text
    # The document that proves it (the page it is on; an account's check response), handed
    # to the observer with the finding for its evidence record, then dropped by the engine.
    proof: Document | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """One finding per (location, category, matched item); for a breach also per value,
        since every email in one breach has the same location (the breach's page)."""
        shared = self.category is Category.BREACH
        return (self.location, self.category.value, self.matched, self.value if shared else "")


class SourceState(StrEnum):
    """How much a source really checked. Only OK means everything it set out to check."""

    OK = "ok"  # every item checked
    PARTIAL = "partial"  # some items checked, some not (see checked / total)
    FAILED = "failed"  # nothing could be checked
    SKIPPED = "skipped"  # could not run: offline, or a key is missing
    NOT_RUN = "not_run"  # nothing to do (no --path given, no username to search by)


@dataclass
class SourceStatus:
    """Per-scanner outcome shown in the report.

    `checked` of `total` counts the source's units of work (sites, files); a source that
    does not declare units counts the documents it handed over and the items it skipped.
    """

    name: str
    state: SourceState = SourceState.OK
    reason: str = ""
    requests: int = 0
    documents: int = 0
    duration_s: float = 0.0
    skipped_items: list[tuple[str, str]] = field(default_factory=list)  # (location, reason)
    checked: int = 0
    total: int = 0
    unit: str = "item"
    withheld: int = 0  # discovered identifiers refused: they hold a private detail
    undeclared: int = 0  # discovered identifiers refused: a kind the scanner did not declare
    refused: int = 0  # requests the wire guard refused: they carried a private detail
    notes: list[str] = field(default_factory=list)  # Note events: good outcomes, how it checked
