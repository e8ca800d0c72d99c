"""RecordedTransport and its writer: a round trip through the on-disk format."""

from __future__ import annotations

import tomllib
from pathlib import Path

import httpx
import pytest

from footprint.net import (
    NetSettings,
    RecordedMissError,
    RecordedTransport,
    RecordedWeb,
    RequestCounter,
    build_client,
    normalise_url,
)

PAGE = "<html><body>Jane Example, 14 Example Road, 0113 496 0000</body></html>"


def fast() -> NetSettings:
    return NetSettings(per_host_rate=1000.0, per_host_burst=1000)


@pytest.fixture
def web(tmp_path: Path) -> Path:
    writer = RecordedWeb(tmp_path)
    writer.add(
        "GET",
        "HTTPS://WWW.Example.ORG:443/people?name=jane&page=1#top",
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=PAGE,
    )
    writer.add("POST", "https://search.example.org/find", body=b'{"hits": 0}')  # any body
    writer.add(
        "POST",
        "https://search.example.org/find",
        headers={"Content-Type": "application/json"},
        body=b'{"hits": 1}',
        body_match="q=jane+example",
    )
    writer.add("GET", "https://example.org/old", status=301, headers={"Location": "/new"})
    writer.add("GET", "https://example.org/new", body="moved\n")
    writer.save()
    return tmp_path


def test_index_is_plain_toml_with_body_files(web: Path) -> None:
    data = tomllib.loads((web / "index.toml").read_text(encoding="utf-8"))
    entries = {(e["method"], e["url"], e.get("match_body")): e for e in data["response"]}
    page = entries[("GET", "https://www.example.org/people?name=jane&page=1", None)]
    assert page["status"] == 200
    assert page["headers"] == {"content-type": "text/html; charset=utf-8"}
    assert page["body_file"].endswith(".html")
    assert (web / page["body_file"]).read_text(encoding="utf-8") == PAGE
    assert ("POST", "https://search.example.org/find", "q=jane+example") in entries


async def test_get_round_trip_with_normalised_url(web: Path) -> None:
    async with build_client(fast(), RecordedTransport(web)) as client:
        response = await client.get("https://www.example.org/people?name=jane&page=1")
    assert response.status_code == 200
    assert response.text == PAGE
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-footprint-recorded"] == "hit"


async def test_post_matches_body_then_falls_back(web: Path) -> None:
    async with build_client(fast(), RecordedTransport(web)) as client:
        hit = await client.post("https://search.example.org/find", data={"q": "jane example"})
        other = await client.post("https://search.example.org/find", data={"q": "someone"})
    assert hit.json() == {"hits": 1}
    assert other.json() == {"hits": 0}


async def test_miss_is_a_marked_404(web: Path) -> None:
    async with build_client(fast(), RecordedTransport(web)) as client:
        response = await client.get("https://www.example.org/people?page=1&name=jane")
    # Query order is part of the key, so this reordered query is a different URL.
    assert response.status_code == 404
    assert response.headers["x-footprint-recorded"] == "miss"


async def test_strict_mode_raises_on_miss(web: Path) -> None:
    async with build_client(fast(), RecordedTransport(web, strict=True)) as client:
        with pytest.raises(RecordedMissError, match=r"GET https://unknown\.example\.org/"):
            await client.get("https://unknown.example.org/")


async def test_recorded_redirects_are_followed_and_counted(web: Path) -> None:
    counter = RequestCounter()
    async with build_client(fast(), RecordedTransport(web), counter) as client:
        response = await client.get("https://example.org/old")
    assert response.text == "moved\n"
    assert counter.total == 2


async def test_head_falls_back_to_get_without_body(web: Path) -> None:
    async with build_client(fast(), RecordedTransport(web)) as client:
        response = await client.head("https://example.org/new")
    assert response.status_code == 200
    assert response.content == b""


async def test_writer_extends_and_replaces_existing_entries(web: Path) -> None:
    writer = RecordedWeb(web)
    writer.add("GET", "https://example.org/new", body="replaced")
    writer.add("GET", "https://example.org/extra", status=410)
    writer.save()
    transport = RecordedTransport(web)
    assert transport.find("GET", "https://example.org/new").body == b"replaced"
    assert transport.find("GET", "https://example.org/extra").status == 410
    assert transport.find("GET", "https://www.example.org/people?name=jane&page=1") is not None


async def test_add_response_records_a_live_response(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "application/json"}, json={"ok": 1})

    async with build_client(fast(), httpx.MockTransport(handler)) as client:
        live = await client.post("https://api.example.org/lookup", content=b"id=7")
    writer = RecordedWeb(tmp_path)
    writer.add_response(live)
    writer.save()
    async with build_client(fast(), RecordedTransport(tmp_path)) as client:
        replay = await client.post("https://api.example.org/lookup", content=b"id=7")
    assert replay.json() == {"ok": 1}
    assert "content-length" not in dict(RecordedTransport(tmp_path).find(
        "POST", "https://api.example.org/lookup", b"id=7").headers)  # fmt: skip


def test_hand_written_entries_with_inline_text(tmp_path: Path) -> None:
    (tmp_path / "index.toml").write_text(
        '[[response]]\nmethod = "get"\nurl = "http://Example.org"\ntext = "hi"\n'
        'headers = { "set-cookie" = ["a=1", "b=2"] }\n',
        encoding="utf-8",
    )
    entry = RecordedTransport(tmp_path).find("GET", "http://example.org/")
    assert entry is not None and entry.body == b"hi" and entry.status == 200
    assert entry.headers == (("set-cookie", "a=1"), ("set-cookie", "b=2"))


def test_bad_index_names_the_entry(tmp_path: Path) -> None:
    (tmp_path / "index.toml").write_text('[[response]]\nurl = "http://example.org/"\n')
    with pytest.raises(ValueError, match="response #1"):
        RecordedTransport(tmp_path)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG:443/a b?z=1&a=2#frag", "https://example.org/a%20b?z=1&a=2"),
        ("http://example.org:8080", "http://example.org:8080/"),
        ("http://bücher.example/", "http://xn--bcher-kva.example/"),
        ("http://[::1]:80/x", "http://[::1]/x"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected
