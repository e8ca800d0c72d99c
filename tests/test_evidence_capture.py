"""Capture.body: the body as sent, kept for the evidence record when a document's content was
derived from it; stored and hashed in its place, capped like any body, never logged, never
sent to an extraction worker."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import httpx
from slow_extractors import capture_refused

from footprint.capture import captured
from footprint.model import Capture, Category, Document, Finding, Severity
from footprint.profile import PrivateDetails, Profile
from footprint.store import Store
from footprint.workers import Extraction


def test_the_store_keeps_the_captured_body_not_the_derived_content(tmp_path: Path) -> None:
    sent = b'{"tel": "07700 900461", "pad": "' + b"x" * 100 + b'"}'
    when = "2026-01-01T00:00:00+00:00"
    capture = Capture("https://a.example/q", "https://a.example/r", 200, when, body=sent,
                      media_type="application/json")  # fmt: skip
    doc = Document("https://a.example/r", b"tel 07700 900461", "text/plain", capture=capture)
    finding = Finding(Category.PHONE, Severity.HIGH, "rdap", doc.location, "...",
                      "private.phones[0]", "07700 900461", proof=doc)  # fmt: skip
    assert "xxxx" not in repr(capture)  # a body never fills a log line
    with Store.open(tmp_path / "h.db", body_cap=20) as store:
        scan_id = store.begin_scan("s", Profile(name="S"), {})
        store.add_finding(scan_id, "s", finding)
        (ev,) = store.evidence(scan_id)
    assert (ev["sha256"], ev["size"]) == (hashlib.sha256(sent).hexdigest(), len(sent))
    assert (bytes(ev["body"]), ev["truncated"]) == (sent[:20], 1)  # the cap as for any body
    assert (ev["media_type"], ev["status"], ev["final_url"]) == (
        "application/json", 200, "https://a.example/r",
    )  # fmt: skip


def test_a_captured_body_is_not_sent_to_an_extraction_worker() -> None:
    page = b"<p>" + b"x " * 50_000 + b"07700 900461</p>"  # over the in-process size: a worker
    when = "2026-01-01T00:00:00+00:00"
    capture = Capture("https://a.example/", "https://a.example/", 200, when, body=page * 2,
                      media_type="application/json")  # fmt: skip
    profile = Profile("Eleanor Whitcombe", private=PrivateDetails(phones=("07700 900461",)))

    async def main() -> list:
        extraction = Extraction(profile, deadline=20.0, extractor=capture_refused)
        try:
            doc = Document("https://a.example/p.html", page, "text/html", capture=capture)
            return await extraction.match(doc, local=False)
        finally:
            extraction.close()

    assert [h.value for h in asyncio.run(main())] == ["07700 900461"]


def test_captured_keeps_the_body_as_sent_only_for_derived_content_and_masks_keys() -> None:
    sent = b'{"results": []}'

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(302, headers={"Location": "/new?api_key=sk-live-0042"})
        return httpx.Response(200, content=sent, headers={"content-type": "application/json"})

    async def main() -> httpx.Response:
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
            return await client.get("https://api.example/old?q=x&api_key=sk-live-0042")

    response = asyncio.run(main())
    plain = captured(response)
    assert plain.body is None and plain.media_type is None  # the content is the body
    derived = captured(response, body_type="application/json", secrets=["sk-live-0042", "ab"])
    assert derived.body is response.content and derived.media_type == "application/json"
    assert (derived.url, derived.final_url, derived.status) == (
        "https://api.example/old?q=x&api_key=•••", "https://api.example/new?api_key=•••", 200,
    )  # fmt: skip
