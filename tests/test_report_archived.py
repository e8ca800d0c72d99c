"""reports/archived.py: when a Wayback Machine copy shows what the live page no longer does."""

from __future__ import annotations

from footprint.model import Category, Finding, Severity, SourceStatus
from reports.archived import capture_parts, mark_archived, page_key

ORIGINAL = "http://whitcombeforwickwar.example:80/contact-old.html"
CAPTURE = f"https://web.archive.org/web/20220301101500id_/{ORIGINAL}"


def finding(location: str, source: str = "wayback", **kw) -> Finding:
    fields = {
        "category": Category.HOME_ADDRESS,
        "severity": Severity.HIGH,
        "source": source,
        "location": location,
        "evidence": "14 Larkspur Close",
        "matched": "private.home_address",
        "value": "14 Larkspur Close",
        "advice": ("ask-site-owner", "wayback-exclusion"),
    }
    return Finding(**{**fields, **kw})


def test_capture_addresses_are_recognised_on_any_archive_host() -> None:
    assert capture_parts(CAPTURE) == ("20220301101500", ORIGINAL)
    local = "http://127.0.0.1:8080/web/2022id_/https://x.example/a?b=c"
    assert capture_parts(local) == ("2022", "https://x.example/a?b=c")
    assert capture_parts("https://web.archive.org/web/20220301101500/http://x.example/") is None
    assert capture_parts("https://x.example/contact.html") is None


def test_one_page_whatever_the_scheme_port_www_or_trailing_slash() -> None:
    same = {
        page_key("http://whitcombeforwickwar.example:80/contact-old.html"),
        page_key("https://www.whitcombeforwickwar.example/contact-old.html/"),
        page_key("HTTPS://WhitcombeForWickwar.example:443/contact-old.html"),
    }
    assert len(same) == 1
    assert page_key("https://x.example/a?b=1") != page_key("https://x.example/a?b=2")
    assert page_key("https://x.example:8080/a") != page_key("https://x.example/a")


def test_gone_from_the_live_page_is_said_with_date_and_address() -> None:
    (marked,) = mark_archived([finding(CAPTURE)], [SourceStatus("wayback")])
    assert marked.note == (
        f"Removed from the site, still archived: the live page {ORIGINAL} no longer shows "
        "this, but the Internet Archive's copy from 2022-03-01 (this address) does. Ask the "
        "Internet Archive to exclude it."
    )
    assert marked.advice == ("wayback-exclusion", "ask-site-owner")


def test_still_on_the_live_page_from_any_source_is_not_removed() -> None:
    live = finding("https://www.whitcombeforwickwar.example/contact-old.html", source="website")
    marked = mark_archived([finding(CAPTURE), live], [])
    assert "Removed" not in marked[0].note and marked[0].advice[0] == "wayback-exclusion"
    assert marked[1] == live


def test_another_detail_on_the_live_page_does_not_count() -> None:
    live = finding(ORIGINAL, category=Category.PHONE, matched="private.phones[0]")
    marked = mark_archived([finding(CAPTURE), live], [])
    assert marked[0].note.startswith("Removed from the site")


def test_a_live_page_some_source_could_not_read_is_never_called_removed() -> None:
    status = SourceStatus("wayback", skipped_items=[(ORIGINAL, "live page answered HTTP 403")])
    (marked,) = mark_archived([finding(CAPTURE)], [status])
    assert marked.note == "" and marked.advice[0] == "wayback-exclusion"


def test_only_the_wayback_source_s_captures_are_judged_and_notes_are_kept() -> None:
    other = finding(CAPTURE, source="search")
    assert mark_archived([other], []) == [other]
    (marked,) = mark_archived([finding(CAPTURE, note="street and town only")], [])
    assert marked.note.startswith("Removed from the site") and marked.note.endswith(
        "exclude it. street and town only"
    )
