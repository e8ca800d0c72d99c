"""Which RDAP server answers for a domain: IANA's bootstrap file (RFC 9224), cached for a day.

The file maps top-level domains to base URLs:
`{"services": [[["uk", "cymru"], ["https://rdap.nominet.uk/uk/"]], ...]}`. A domain's server
is found by the label-wise longest match of the domain against those entries (`co.uk` is not
an entry, so `whitcombe.co.uk` matches `uk`); an https URL is preferred over http, and a base
URL always ends in "/" before `domain/<name>` is appended.

The downloaded file is kept in the cache folder, one file per bootstrap URL, and reused for a
day. When a fresh download fails, a stale copy is used rather than nothing (the file changes
rarely); with no copy at all the lookup fails with a one-line reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

IANA_DNS_BOOTSTRAP = "https://data.iana.org/rdap/dns.json"
MAX_AGE_S = 24 * 60 * 60
MAX_SERVICES = 10_000  # IANA's file has ~600; anything far bigger is not a bootstrap file


class BootstrapError(ValueError):
    """The bootstrap file could not be read or is not one; str() is a one-line reason."""


@dataclass(frozen=True)
class Bootstrap:
    """Domain suffix (lower-case A-labels, no dots at the ends) -> RDAP base URL."""

    services: Mapping[str, str]
    publication: str = ""

    def base_for(self, domain: str) -> str | None:
        """The base URL for `domain` by label-wise longest match, or None."""
        labels = ascii_domain(domain).split(".")
        for start in range(len(labels)):
            base = self.services.get(".".join(labels[start:]))
            if base is not None:
                return base
        return None


def ascii_domain(domain: str) -> str:
    """Lower-case, trailing dot dropped, internationalised labels as A-labels (xn--)."""
    name = domain.strip().rstrip(".").lower()
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def parse_bootstrap(data: bytes) -> Bootstrap:
    """Read a bootstrap document; raises BootstrapError naming what is wrong."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        raise BootstrapError("not JSON") from None
    services = doc.get("services") if isinstance(doc, dict) else None
    if not isinstance(services, list):
        raise BootstrapError('no "services" list')
    if len(services) > MAX_SERVICES:
        raise BootstrapError(f"more than {MAX_SERVICES} services")
    table: dict[str, str] = {}
    for service in services:
        if not (isinstance(service, list) and len(service) >= 2):
            continue  # a malformed entry costs only itself
        entries, urls = service[0], service[1]
        if not isinstance(entries, list) or not isinstance(urls, list):
            continue
        base = _preferred(urls)
        if base is None:
            continue
        for entry in entries:
            if isinstance(entry, str) and entry.strip("."):
                table.setdefault(entry.strip(".").lower(), base)
    if not table:
        raise BootstrapError("no usable services")
    publication = doc.get("publication")
    return Bootstrap(table, publication if isinstance(publication, str) else "")


def _preferred(urls: list[object]) -> str | None:
    """The https URL if there is one, else the http one; with its trailing slash."""
    usable = [u for u in urls if isinstance(u, str) and u.startswith(("https://", "http://"))]
    usable.sort(key=lambda u: not u.startswith("https://"))
    if not usable:
        return None
    return usable[0] if usable[0].endswith("/") else usable[0] + "/"


def cache_file(cache_dir: Path, url: str) -> Path:
    """One cached copy per bootstrap URL, so a test or mirror URL never replaces IANA's."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return cache_dir / "rdap" / f"bootstrap-{digest}.json"


def cached(cache_dir: Path | None, url: str, max_age: float | None = MAX_AGE_S) -> Bootstrap | None:
    """The cached copy if it is younger than `max_age` seconds (None: any age) and readable."""
    if cache_dir is None:
        return None
    path = cache_file(cache_dir, url)
    try:
        if max_age is not None and time.time() - path.stat().st_mtime > max_age:
            return None
        return parse_bootstrap(path.read_bytes())
    except (OSError, BootstrapError):
        return None


async def load_bootstrap(client: httpx.AsyncClient, url: str, cache_dir: Path | None) -> Bootstrap:
    """A fresh cached copy, else a download (cached for next time), else a stale copy."""
    fresh = cached(cache_dir, url)
    if fresh is not None:
        return fresh
    try:
        data = await _download(client, url)
        bootstrap = parse_bootstrap(data)
    except BootstrapError as exc:
        stale = cached(cache_dir, url, max_age=None)
        if stale is not None:
            return stale
        raise BootstrapError(f"RDAP bootstrap file {url} not read: {exc}") from None
    if cache_dir is not None:
        _save(cache_file(cache_dir, url), data)
    return bootstrap


async def _download(client: httpx.AsyncClient, url: str) -> bytes:
    try:
        response = await client.get(url, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise BootstrapError(f"{type(exc).__name__}") from None
    if response.status_code != 200:
        raise BootstrapError(f"HTTP {response.status_code}")
    return response.content


def _save(path: Path, data: bytes) -> None:
    """Atomic replace; a cache that cannot be written only costs a download next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bootstrap-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass
