"""`footprint sites update`: download the current WhatsMyName list into the user's cache.

The download is validated with `load_sites` before it replaces the cached copy (an atomic
rename), so a truncated or corrupt download never clobbers a working list. The list's own
licence text and attribution are saved beside it, as CC BY-SA 4.0 requires.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import httpx

from footprint.cachedir import default_cache_dir
from scanners.accounts.sites import SitesError, load_sites

WMN_URL = "https://raw.githubusercontent.com/WebBreacher/WhatsMyName/main/wmn-data.json"
WMN_REPO = "https://github.com/WebBreacher/WhatsMyName"
LIST_NAME = "wmn-data.json"
LICENCE_NAME = "wmn-data.LICENCE.txt"
MAX_BYTES = 20 * 1024 * 1024  # the list is ~0.5 MB; anything this big is not it


def cached_sites(cache_dir: Path | None = None) -> Path | None:
    """The downloaded list, if there is one."""
    path = (cache_dir or default_cache_dir()) / LIST_NAME
    return path if path.is_file() else None


async def update_sites(
    client: httpx.AsyncClient, cache_dir: Path | None = None, url: str = WMN_URL
) -> Path:
    """Download, validate and atomically install the WMN list; returns its path.

    Raises SitesError (one-line message) when the download fails or does not validate; the
    previously cached list, if any, is then left exactly as it was.
    """
    cache = cache_dir or default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    data = await _download(client, url)
    target = cache / LIST_NAME
    fd, tmp_name = tempfile.mkstemp(prefix=".wmn-", suffix=".json", dir=cache)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            sites = load_sites(tmp)
        except SitesError as exc:
            problem = str(exc).removeprefix(f"{tmp}: ")
            raise SitesError(f"{url}: downloaded list is not usable: {problem}") from None
        if not sites.valid_sites():
            raise SitesError(f"{url}: downloaded list has no usable sites")
        _write_atomic(cache / LICENCE_NAME, _licence_note(sites.license, url).encode("utf-8"))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


async def _download(client: httpx.AsyncClient, url: str) -> bytes:
    try:
        async with client.stream("GET", url, follow_redirects=True) as response:
            if response.status_code != 200:
                raise SitesError(f"{url}: download failed (HTTP {response.status_code})")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise SitesError(f"{url}: download larger than {MAX_BYTES} bytes")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise SitesError(f"{url}: download failed ({type(exc).__name__})") from None
    return b"".join(chunks)


def _licence_note(licence: tuple[str, ...], url: str) -> str:
    today = dt.date.today().isoformat()
    lines = [
        f"{LIST_NAME} is the WhatsMyName site list ({WMN_REPO}),",
        f"downloaded from {url} on {today}.",
        "It is not part of footprint and keeps its own licence:",
        "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0),",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "Authors: Micah Hoffman and the WhatsMyName contributors (the file's 'authors' list).",
        "",
        "Licence text from the file's 'license' field:",
        *licence,
    ]
    return "\n".join(lines) + "\n"


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp_name, path)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
