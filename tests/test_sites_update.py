"""Downloading the current WhatsMyName list into the cache (httpx.MockTransport, no network)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from scanners.accounts import sites_update
from scanners.accounts.sites import SitesError, load_sites
from scanners.accounts.sites_update import (
    LICENCE_NAME,
    LIST_NAME,
    WMN_URL,
    cached_sites,
    default_cache_dir,
    update_sites,
)

REAL = Path(__file__).parent / "fixtures" / "whatsmyname" / "wmn-data.json"
OLD = (
    b'{"sites": [{"name": "Old", "uri_check": "https://old.example/{account}", "e_code": 200,'
    b' "e_string": "x", "m_code": 404, "m_string": "", "known": ["a"], "cat": "social"}]}'
)


async def update(cache: Path, handler: Callable[[httpx.Request], httpx.Response]) -> Path:
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        return await update_sites(client, cache)


def serve(body: bytes, status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        assert str(request.url) == WMN_URL
        return httpx.Response(status, content=body)

    return handler


def with_old_cache(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / LIST_NAME).write_bytes(OLD)
    return cache


async def test_downloads_validates_and_installs_with_licence(tmp_path: Path) -> None:
    cache = with_old_cache(tmp_path)
    path = await update(cache, serve(REAL.read_bytes()))
    assert path == cache / LIST_NAME
    assert path.read_bytes() == REAL.read_bytes()
    assert len(load_sites(path).sites) == 716
    note = (cache / LICENCE_NAME).read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in note and WMN_URL in note
    for line in json.loads(REAL.read_text(encoding="utf-8"))["license"]:
        assert line in note
    assert sorted(p.name for p in cache.iterdir()) == sorted([LIST_NAME, LICENCE_NAME])
    assert cached_sites(cache) == path


async def test_creates_the_cache_directory(tmp_path: Path) -> None:
    cache = tmp_path / "a" / "b"
    path = await update(cache, serve(REAL.read_bytes()))
    assert path.is_file()


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        (REAL.read_bytes()[:5000], 200, "not usable: invalid JSON"),
        (b'{"sites": [{"name": "X", "uri_check": 3}]}', 200, "site 'X': uri_check = 3"),
        (b'{"sites": []}', 200, "no usable sites"),
        (b"<html>rate limited</html>", 429, "download failed (HTTP 429)"),
        (b"", 404, "HTTP 404"),
    ],
)
async def test_bad_download_leaves_the_old_cache_intact(
    tmp_path: Path, body: bytes, status: int, problem: str
) -> None:
    cache = with_old_cache(tmp_path)
    with pytest.raises(SitesError, match=re.escape(problem)) as info:
        await update(cache, serve(body, status))
    assert "\n" not in str(info.value) and str(info.value).startswith(WMN_URL)
    assert (cache / LIST_NAME).read_bytes() == OLD
    assert [p.name for p in cache.iterdir()] == [LIST_NAME]  # no temp files, no licence note


async def test_network_error_is_a_one_line_sites_error(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route", request=request)

    cache = with_old_cache(tmp_path)
    with pytest.raises(SitesError, match=r"download failed \(ConnectError\)"):
        await update(cache, handler)
    assert (cache / LIST_NAME).read_bytes() == OLD


async def test_oversized_download_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sites_update, "MAX_BYTES", 1000)
    cache = with_old_cache(tmp_path)
    with pytest.raises(SitesError, match="larger than 1000 bytes"):
        await update(cache, serve(REAL.read_bytes()))
    assert (cache / LIST_NAME).read_bytes() == OLD


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert default_cache_dir({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/footprint")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_cache_dir({}) == tmp_path / ".cache" / "footprint"
    assert default_cache_dir({"XDG_CACHE_HOME": ""}) == tmp_path / ".cache" / "footprint"


def test_cached_sites_is_none_before_any_update(tmp_path: Path) -> None:
    assert cached_sites(tmp_path) is None
