"""`footprint evidence export`: a scan's captured evidence as a zip for takedown requests or a
police report: each captured body as a file, and a manifest (manifest.json, manifest.csv) with
one row per finding saying where and when it was found and which file proves it.

Rules:
- `sha256` and `size` in the manifest are of the file in the zip, so anyone can check them;
  `body_sha256` and `body_size` are of the whole body as fetched, the same unless the body
  was over the store's cap (`truncated`, with `body_cap`), or the client cut it at its own
  size limit while fetching (`cut_by_client`);
- a finding in text derived from an API answer (RDAP contacts, a Companies House record, a
  search result's snippet) has the answer as the server sent it as its file (Capture.body),
  so the hashes verify against what was received;
- a finding with no capture (a breach listing, a finding from before evidence was recorded)
  has a row with an empty `file`;
- the zip is written 0600, never over an existing file or through a symlink: it holds the
  candidate's private details (that is the point of evidence), for the user only. Evidence
  never goes into reports.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import zipfile
from pathlib import Path

from footprint.store.store import Store

FIELDS = (
    "finding_id",
    "category",
    "severity",
    "source",
    "location",
    "url",
    "final_url",
    "status",
    "fetched_at",
    "sha256",
    "size",
    "file",
    "body_sha256",
    "body_size",
    "truncated",
    "body_cap",
    "cut_by_client",
)
_EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/json": ".json",
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _extension(media_type: str | None, location: str) -> str:
    if media_type in _EXTENSIONS:
        return _EXTENSIONS[media_type]
    found = _SUFFIX.search(location.rsplit("/", 1)[-1].split("?", 1)[0])
    return found.group(0).lower() if found else ".bin"


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (=, +, -, @)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _name(ev: sqlite3.Row) -> str:
    ext = _extension(ev["media_type"], ev["location"])
    return f"captures/{ev['id']:05d}-{ev['sha256'][:16]}{ext}"


def _rows(store: Store, scan_id: int, files: dict[int, tuple[str, str, int]]) -> list[dict]:
    """One manifest row per finding; `files` maps evidence id to (file, sha256, size)."""
    evidence = {
        ev["id"]: ev
        for ev in store.conn.execute(
            "SELECT id, url, final_url, status, fetched_at, sha256, size, truncated, body_cap,"
            " cut_by_client FROM evidence WHERE scan_id = ?",
            (scan_id,),
        )
    }
    rows: list[dict[str, object]] = []
    for f in store.findings(scan_id):
        row: dict[str, object] = {k: f[k] for k in ("category", "severity", "source", "location")}
        row["finding_id"] = f["identity"]
        ev = evidence.get(f["evidence_id"])
        if ev is not None:
            name, digest, size = files[ev["id"]]
            row.update(
                url=ev["url"],
                final_url=ev["final_url"],
                status=ev["status"],
                fetched_at=ev["fetched_at"],
                sha256=digest,
                size=size,
                file=name,
                body_sha256=ev["sha256"],
                body_size=ev["size"],
                truncated=bool(ev["truncated"]),
                body_cap=ev["body_cap"],
                cut_by_client=bool(ev["cut_by_client"]),
            )
        rows.append({k: row.get(k, "") for k in FIELDS})
    return rows


def _csv(rows: list[dict]) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_cell(row[k]) for k in FIELDS])
    return text.getvalue()


def export(store: Store, scan_id: int, out: Path) -> int:
    """Write scan `scan_id`'s evidence zip at `out`; the number of captured files. Bodies are
    streamed one at a time (memory holds one, at most the store's cap). Raises StoreError
    (unknown scan) or OSError (the file cannot be created)."""
    store.scan(scan_id)  # StoreError for an unknown id, before any file is made
    fd = os.open(out, _NEW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)  # the mode given to open is filtered by umask
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as zf:
                files: dict[int, tuple[str, str, int]] = {}
                for ev in store.conn.execute(
                    "SELECT id, location, media_type, sha256, body FROM evidence"
                    " WHERE scan_id = ? ORDER BY id",
                    (scan_id,),
                ):
                    body = bytes(ev["body"])
                    files[ev["id"]] = (_name(ev), hashlib.sha256(body).hexdigest(), len(body))
                    zf.writestr(_name(ev), body)
                rows = _rows(store, scan_id, files)
                zf.writestr("manifest.json", json.dumps(rows, indent=2) + "\n")
                zf.writestr("manifest.csv", _csv(rows))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(out)
        raise
    return len(files)
