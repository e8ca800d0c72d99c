"""Each search backend: the request it builds and how it reads answers and errors, against the
documented samples in tests/fixtures/search (see SOURCE.md there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from scanners.search.backend import MAX_RESULTS, BackendError, Result, text, wait_words
from scanners.search.brave import Brave
from scanners.search.google import Google
from scanners.search.mojeek import Mojeek
from scanners.search.searxng import JSON_OFF, SearXNG

FIXTURES = Path(__file__).parent / "fixtures" / "search"
QUERY = '"Eleanor Whitcombe" Wickwar'


def sample(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def answer(status: int, body: bytes | dict[str, Any] = b"", **headers: str) -> httpx.Response:
    content = json.dumps(body).encode() if isinstance(body, dict) else body
    return httpx.Response(
        status, content=content, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )


def refused(backend: Any, response: httpx.Response) -> BackendError:
    with pytest.raises(BackendError) as caught:
        backend.parse(response)
    return caught.value


# -- requests ---------------------------------------------------------------------------


def test_each_backend_builds_its_documented_request() -> None:
    url = SearXNG().url("https://searx.example", QUERY, {})
    assert str(url) == "https://searx.example/search?q=%22Eleanor+Whitcombe%22+Wickwar&format=json"
    brave = Brave()
    url = brave.url(brave.default, QUERY, {"BRAVE_SEARCH_API_KEY": "bk"})
    assert url.host == "api.search.brave.com" and url.path == "/res/v1/web/search"
    assert url.params["q"] == QUERY and url.params["country"] == "GB"
    assert "bk" not in str(url)  # the key goes in a header
    assert brave.headers({"BRAVE_SEARCH_API_KEY": "bk"})["X-Subscription-Token"] == "bk"
    mojeek = Mojeek()
    url = mojeek.url(mojeek.default, QUERY, {"MOJEEK_API_KEY": "mk"})
    assert (url.host, url.path, url.params["fmt"], url.params["api_key"]) == (
        "api.mojeek.com",
        "/search",
        "json",
        "mk",
    )
    google = Google()
    url = google.url(google.default, QUERY, {"GOOGLE_CSE_KEY": "gk", "GOOGLE_CSE_CX": "cx1"})
    assert (url.host, url.path) == ("www.googleapis.com", "/customsearch/v1")
    assert (url.params["key"], url.params["cx"], url.params["q"]) == ("gk", "cx1", QUERY)


def test_a_backend_is_on_only_with_its_endpoint_and_every_key() -> None:
    assert not SearXNG().enabled("", {}) and SearXNG().enabled("https://s.example", {})
    assert not Brave().enabled(Brave.default, {}) and Brave().enabled(
        Brave.default, {"BRAVE_SEARCH_API_KEY": "k"}
    )
    assert not Google().enabled(Google.default, {"GOOGLE_CSE_KEY": "k"})


def test_public_results_pages_say_where_a_person_sees_the_result() -> None:
    assert Brave().results_page("", QUERY) == (
        "Brave Search",
        "https://search.brave.com/search?q=%22Eleanor+Whitcombe%22+Wickwar",
    )
    searx = SearXNG()
    assert searx.results_page("https://s.example", QUERY, "google")[0] == "Google"
    assert searx.results_page("https://s.example", QUERY, "somewhere") == (
        "SearXNG",
        "https://s.example/search?q=%22Eleanor+Whitcombe%22+Wickwar",
    )


# -- SearXNG ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["searxng_from_schema.json", "searxng_pre_2026-05_from_schema.json"]
)
def test_searxng_results_old_and_new_shapes(name: str) -> None:
    assert SearXNG().parse(answer(200, sample(name))) == [
        Result("http://first.test.xyz", "First Test", "first test content", "startpage"),
        Result("http://second.test.xyz", "Second Test", "second test content", "startpage"),
    ]


def test_searxng_403_means_json_output_is_off_and_stops_that_backend() -> None:
    error = refused(SearXNG(), answer(403, b"<html><h1>Forbidden</h1></html>"))
    assert error.fatal and error.reason == JSON_OFF
    assert "format=json answered 403" in JSON_OFF and "settings.yml search.formats" in JSON_OFF


def test_searxng_every_engine_down_is_an_outage_not_nothing_found() -> None:
    error = refused(
        SearXNG(), answer(200, sample("searxng_all_engines_suspended_from_schema.json"))
    )
    assert not error.fatal
    assert "no engine answered (5 unresponsive: brave, duckduckgo" in error.reason
    assert SearXNG().parse(answer(200, {"results": [], "unresponsive_engines": []})) == []


def test_searxng_errors_and_malformed_answers() -> None:
    error = refused(SearXNG(), answer(400, sample("searxng_error_400_no_query_from_schema.json")))
    assert error.reason == "answered HTTP 400 (No query)" and not error.fatal
    assert refused(SearXNG(), answer(429, b"Too Many Requests")).fatal
    for body in (b"<html>results</html>", b'{"results": "none"}', b"[1, 2]", b"{" * 50_000):
        assert "not search results" in refused(SearXNG(), answer(200, body)).reason
    odd = {
        "results": [
            {"url": "javascript:alert(1)"},
            {"title": "no url"},
            "x",
            {"url": "https://ok.example/"},
        ]
    }
    assert [r.url for r in SearXNG().parse(answer(200, odd))] == ["https://ok.example/"]


def test_results_read_from_one_answer_are_bounded_and_snippets_are_plain() -> None:
    many = {
        "results": [
            {"url": f"https://r{i}.example/", "content": "<b>x</b> &amp; y"} for i in range(500)
        ]
    }
    found = SearXNG().parse(answer(200, many))
    assert len(found) == MAX_RESULTS and found[0].snippet == "x & y"
    assert len(text("a" * 100_000)) <= 2000


# -- Brave ------------------------------------------------------------------------------


def test_brave_reads_web_results_and_skips_placeholder_urls() -> None:
    doc = json.loads(sample("brave_web_from_schema.json"))
    assert Brave().parse(answer(200, doc)) == []  # the documented example's url is "string"
    doc["web"]["results"][0].update(url="https://news.example/a", title="A", description="d")
    assert Brave().parse(answer(200, doc)) == [Result("https://news.example/a", "A", "d")]
    del doc["web"]
    assert Brave().parse(answer(200, doc)) == []  # no web section: no web results


def test_brave_bad_key_is_a_422_read_from_its_code() -> None:
    error = refused(Brave(), answer(422, sample("brave_error_422_docs_example.json")))
    assert (
        error.fatal
        and "BRAVE_SEARCH_API_KEY was refused (SUBSCRIPTION_TOKEN_INVALID)" in error.reason
    )
    # The live API's shape: one error object.
    live = {"type": "ErrorResponse", "error": {"code": "SUBSCRIPTION_TOKEN_INVALID", "status": 422}}
    assert refused(Brave(), answer(422, live)).fatal
    # Any other 422 is a bad request, not a bad key: the other queries still go.
    other = {"error": {"code": "VALIDATION", "detail": "q is too long"}}
    error = refused(Brave(), answer(422, other))
    assert not error.fatal and error.reason == "answered HTTP 422 (VALIDATION: q is too long)"


def test_brave_rate_and_quota_limits_with_when_they_reset() -> None:
    reset = {"x_ratelimit_reset": "1, 1419704"}
    error = refused(
        Brave(), answer(429, sample("brave_error_429_rate_limited_docs_example.json"), **reset)
    )
    assert not error.fatal
    assert error.reason == "rate limited (HTTP 429 RATE_LIMITED); it resets in 1 seconds"
    error = refused(
        Brave(), answer(429, sample("brave_error_429_quota_limited_docs_example.json"), **reset)
    )
    assert (
        error.fatal
        and error.reason == "the plan's quota is used up (QUOTA_LIMITED); it resets in 16 days"
    )
    assert refused(Brave(), answer(500, b"")).reason == "answered HTTP 500"


# -- Mojeek -----------------------------------------------------------------------------


def test_mojeek_results_and_its_status_field() -> None:
    [result] = Mojeek().parse(answer(200, sample("mojeek_from_schema.json")))
    assert result.url == "http://www.mojeek.com/" and result.title == "Mojeek"
    error = refused(Mojeek(), answer(200, sample("mojeek_error_daily_limit_from_schema.json")))
    assert error.fatal and error.reason == "Mojeek said 'ERROR: Daily Limit Reached'"
    assert "not search results" in refused(Mojeek(), answer(200, b"<html/>")).reason
    assert refused(Mojeek(), answer(403)).fatal


# -- Google -----------------------------------------------------------------------------


def test_google_items_and_a_missing_items_list() -> None:
    found = Google().parse(answer(200, sample("google_cse.json")))
    assert len(found) == 6
    assert found[0].url.startswith("https://www.google.com/search/howsearchworks/")
    assert "rigorous testing" in found[0].snippet
    assert Google().parse(answer(200, {"kind": "customsearch#search"})) == []


def test_google_errors_quota_and_key() -> None:
    quota = {
        "error": {
            "code": 429,
            "message": "Quota exceeded for quota metric 'Queries'",
            "status": "RESOURCE_EXHAUSTED",
        }
    }
    error = refused(Google(), answer(429, quota))
    assert error.fatal and error.reason.startswith("the daily quota is used up (HTTP 429: Quota")
    key = {
        "error": {
            "code": 400,
            "message": "API key not valid. Please pass a valid API key.",
            "status": "INVALID_ARGUMENT",
        }
    }
    error = refused(Google(), answer(400, key))
    assert error.fatal and "closed to new customers" in error.reason
    assert not refused(Google(), answer(500, b"")).fatal


def test_wait_words() -> None:
    assert wait_words(45) == "in 45 seconds"
    assert wait_words(24 * 60) == "in 24 minutes"
    assert wait_words(1419704) == "in 16 days"


def test_rate_limits_say_when_to_try_again_from_retry_after() -> None:
    error = refused(SearXNG(), answer(429, b"slow down", retry_after="300"))
    assert error.fatal and error.reason.endswith("; try again in 5 minutes")
    assert refused(Mojeek(), answer(429, retry_after="45")).reason == (
        "rate limited (HTTP 429); try again in 45 seconds"
    )


def test_credentials_in_searxng_url_never_reach_a_location() -> None:
    _, page = SearXNG().results_page("https://me:pa55@searx.example:8443", QUERY)
    assert page == "https://searx.example:8443/search?q=%22Eleanor+Whitcombe%22+Wickwar"
