"""Answering requests from responses recorded on disk (tests, the sandbox web, demos).

On-disk format: `root/index.toml` holds one `[[response]]` table per response:

    [[response]]
    method = "GET"
    url = "https://example.org/search?q=jane"   # normalised, see normalise_url
    status = 200
    headers = { "content-type" = "text/html; charset=utf-8" }
    body_file = "bodies/4be1c0a9e2d35f70.html"      # relative to root; or `text = "..."`
    match_body = "q=jane"                            # optional: exact request body

Entries with `match_body` win over one without for the same method and URL. HEAD falls
back to the GET entry with an empty body. Unknown requests get a 404 carrying
`X-Footprint-Recorded: miss` (or raise `RecordedMissError` with `strict=True`).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import tomllib
from dataclasses import dataclass
from pathlib import Path

import httpx

from footprint.net.errors import RecordedMissError

INDEX = "index.toml"
MARKER = "X-Footprint-Recorded"
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Framing headers describe the original transfer, not the stored body.
_FRAMING = frozenset({"content-length", "content-encoding", "transfer-encoding", "connection"})


def normalise_url(url: str | httpx.URL) -> str:
    """Lower-case scheme and host (IDNA as punycode), default port and fragment dropped,
    empty path as "/", path and query otherwise kept exactly (query order matters)."""
    parsed = httpx.URL(url)
    scheme = parsed.scheme.lower()
    host = parsed.raw_host.decode("ascii").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parsed.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return f"{scheme}://{netloc}{parsed.raw_path.decode('ascii')}"


@dataclass(frozen=True)
class RecordedEntry:
    method: str
    url: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    match_body: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.url)


def load_entries(root: Path) -> list[RecordedEntry]:
    index = root / INDEX
    if not index.exists():
        return []
    data = tomllib.loads(index.read_text(encoding="utf-8"))
    entries = []
    for number, item in enumerate(data.get("response", []), start=1):
        try:
            entries.append(_entry_from_toml(root, item))
        except (KeyError, TypeError, ValueError, OSError) as exc:
            raise ValueError(f"{index}: response #{number}: {exc}") from exc
    return entries


def _entry_from_toml(root: Path, item: dict[str, object]) -> RecordedEntry:
    if "body_file" in item:
        body = (root / str(item["body_file"])).read_bytes()
    else:
        body = str(item.get("text", "")).encode("utf-8")
    headers: list[tuple[str, str]] = []
    for name, value in dict(item.get("headers", {})).items():  # type: ignore[call-overload]
        values = value if isinstance(value, list) else [value]
        headers.extend((str(name), str(v)) for v in values)
    match = item.get("match_body")
    return RecordedEntry(
        method=str(item["method"]).upper(),
        url=normalise_url(str(item["url"])),
        status=int(item.get("status", 200)),  # type: ignore[call-overload]
        headers=tuple(headers),
        body=body,
        match_body=None if match is None else str(match),
    )


class RecordedTransport(httpx.AsyncBaseTransport):
    """Serves recorded responses; never touches the network."""

    def __init__(self, root: Path, *, strict: bool = False) -> None:
        self.root = Path(root)
        self.strict = strict
        self._entries: dict[tuple[str, str], list[RecordedEntry]] = {}
        for entry in load_entries(self.root):
            self._entries.setdefault(entry.key, []).append(entry)

    def find(self, method: str, url: str | httpx.URL, body: bytes = b"") -> RecordedEntry | None:
        url = normalise_url(url)
        method = method.upper()
        found = self._pick(self._entries.get((method, url), []), body)
        if found is None and method == "HEAD":
            found = self._pick(self._entries.get(("GET", url), []), body)
        return found

    @staticmethod
    def _pick(candidates: list[RecordedEntry], body: bytes) -> RecordedEntry | None:
        fallback = None
        for entry in candidates:
            if entry.match_body is None:
                fallback = fallback or entry
            elif entry.match_body.encode("utf-8") == body:
                return entry
        return fallback

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        entry = self.find(request.method, request.url, body)
        if entry is None:
            if self.strict:
                raise RecordedMissError(
                    f"no recorded response for {request.method} {normalise_url(request.url)}",
                    request=request,
                )
            return httpx.Response(
                404,
                headers={MARKER: "miss", "content-type": "text/plain; charset=utf-8"},
                content=f"no recorded response for {request.method} {request.url}\n".encode(),
                request=request,
            )
        content = b"" if request.method.upper() == "HEAD" else entry.body
        return httpx.Response(
            entry.status,
            headers=[*entry.headers, (MARKER, "hit")],
            content=content,
            request=request,
        )


class RecordedWeb:
    """Builds or extends a recorded-response directory for `RecordedTransport`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._entries: dict[tuple[str, str, str | None], RecordedEntry] = {}
        for entry in load_entries(self.root):
            self._entries[(*entry.key, entry.match_body)] = entry

    def add(
        self,
        method: str,
        url: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
        body: bytes | str = b"",
        body_match: bytes | str | None = None,
    ) -> RecordedEntry:
        """Add or replace the response for `method url` (and `body_match`, if given)."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if isinstance(body_match, bytes):
            body_match = body_match.decode("utf-8")
        entry = RecordedEntry(
            method=method.upper(),
            url=normalise_url(url),
            status=status,
            headers=tuple((headers or {}).items()),
            body=body,
            match_body=body_match,
        )
        self._entries[(*entry.key, entry.match_body)] = entry
        return entry

    def add_response(self, response: httpx.Response) -> RecordedEntry:
        """Record a real response (its body must have been read)."""
        request = response.request
        headers = {k: v for k, v in response.headers.items() if k.lower() not in _FRAMING}
        body_match = request.content.decode("utf-8") if request.content else None
        return self.add(
            request.method, str(request.url), response.status_code, headers,
            response.content, body_match,
        )  # fmt: skip

    def save(self) -> Path:
        """Write index.toml and the body files; returns the index path."""
        bodies = self.root / "bodies"
        bodies.mkdir(parents=True, exist_ok=True)
        blocks = ["# Recorded responses for footprint.net.RecordedTransport.\n"]
        for entry in sorted(self._entries.values(), key=_sort_key):
            name = _body_name(entry)
            (bodies / name).write_bytes(entry.body)
            blocks.append(_entry_to_toml(entry, f"bodies/{name}"))
        index = self.root / INDEX
        index.write_text("\n".join(blocks), encoding="utf-8")
        return index


def _sort_key(entry: RecordedEntry) -> tuple[str, str, str]:
    return (entry.url, entry.method, entry.match_body or "")


def _body_name(entry: RecordedEntry) -> str:
    ident = f"{entry.method} {entry.url}\n{entry.match_body or ''}"
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]
    content_type = dict((k.lower(), v) for k, v in entry.headers).get("content-type", "")
    extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ".bin"
    return digest + extension


def _toml_str(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; TOML also forbids raw DEL.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _entry_to_toml(entry: RecordedEntry, body_file: str) -> str:
    grouped: dict[str, list[str]] = {}
    for name, value in entry.headers:
        grouped.setdefault(name.lower(), []).append(value)
    pairs = []
    for name, values in grouped.items():
        rendered = (
            _toml_str(values[0])
            if len(values) == 1
            else "[" + ", ".join(_toml_str(v) for v in values) + "]"
        )
        pairs.append(f"{_toml_str(name)} = {rendered}")
    lines = [
        "[[response]]",
        f"method = {_toml_str(entry.method)}",
        f"url = {_toml_str(entry.url)}",
        f"status = {entry.status}",
        "headers = { " + ", ".join(pairs) + " }" if pairs else "headers = {}",
        f"body_file = {_toml_str(body_file)}",
    ]
    if entry.match_body is not None:
        lines.append(f"match_body = {_toml_str(entry.match_body)}")
    return "\n".join(lines) + "\n"
