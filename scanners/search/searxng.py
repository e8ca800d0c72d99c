"""SearXNG (a meta-search engine you run or choose): GET {SEARXNG_URL}/search?q=...&format=json.

docs.searxng.org/dev/search_api: JSON must be among the instance's `search.formats` in
settings.yml, or the request is answered 403 (many public instances turn it off). Each result
needs only `url`; `title`, `content` (the snippet) and `engine` (where SearXNG got it) are
read when present. `results: []` with engines in `unresponsive_engines` is an outage, not
"nothing found". Errors: 400 `{"error": "No query"}`, 500 `{"error": "search error"}`, and a
bot limiter on public instances may answer 429.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote_plus

import httpx

from scanners.search.backend import (
    MAX_RESULTS,
    Backend,
    BackendError,
    Result,
    json_object,
    retry_hint,
    short,
    text,
    web_url,
    without_userinfo,
)

JSON_OFF = (
    "JSON output is turned off on this SearXNG instance (format=json answered 403): "
    "enable it in settings.yml search.formats"
)
# The public results page of the engines SearXNG most often asks: a snippet SearXNG got from
# one of them is that engine's own copy, removed through that engine.
ENGINE_PAGES = {
    "google": ("Google", "https://www.google.com/search?q="),
    "bing": ("Bing", "https://www.bing.com/search?q="),
    "brave": ("Brave Search", "https://search.brave.com/search?q="),
    "duckduckgo": ("DuckDuckGo", "https://duckduckgo.com/?q="),
    "mojeek": ("Mojeek", "https://www.mojeek.com/search?q="),
    "startpage": ("Startpage", "https://www.startpage.com/do/search?q="),
    "qwant": ("Qwant", "https://www.qwant.com/?q="),
    "yahoo": ("Yahoo", "https://search.yahoo.com/search?p="),
}


class SearXNG(Backend):
    name = "searxng"
    label = "SearXNG"
    variable = "SEARXNG_URL"

    def path(self, base: str) -> str:
        return f"{base}/search"

    def params(self, query: str, secrets: Mapping[str, str]) -> dict[str, str]:
        return {"q": query, "format": "json"}

    def results_page(self, base: str, query: str, engine: str = "") -> tuple[str, str]:
        if engine in ENGINE_PAGES:
            label, page = ENGINE_PAGES[engine]
            return label, page + quote_plus(query)
        # The instance's own results page (never with credentials the URL may carry).
        return self.label, f"{without_userinfo(base)}/search?q={quote_plus(query)}"

    def parse(self, response: httpx.Response) -> list[Result]:
        status = response.status_code
        if status == 403:
            raise BackendError(JSON_OFF, fatal=True)
        if status == 429:
            raise BackendError(
                "rate limited (HTTP 429): the instance's limiter refused the request; on your "
                "own instance set server.limiter to false" + retry_hint(response),
                fatal=True,
            )
        data = json_object(response)
        if status != 200:
            error = short(data.get("error")) if data else ""
            raise BackendError(f"answered HTTP {status}" + (f" ({error})" if error else ""))
        if data is None or not isinstance(data.get("results"), list):
            raise BackendError("the answer was not search results (not SearXNG JSON)")
        found = []
        for item in data["results"][:MAX_RESULTS]:
            if isinstance(item, dict) and (url := web_url(item.get("url"))):
                title, snippet = text(item.get("title")), text(item.get("content"))
                found.append(Result(url, title, snippet, _engine(item)))
        if not data["results"]:
            down = data.get("unresponsive_engines")
            if isinstance(down, list) and down:
                names = [short(d[0], 40) for d in down[:10] if isinstance(d, list) and d]
                raise BackendError(
                    f"no engine answered ({len(down)} unresponsive: {', '.join(names)}): "
                    "the results are unknown, not empty"
                )
        return found


def _engine(item: dict[str, object]) -> str:
    engine = item.get("engine")
    if isinstance(engine, str):
        return engine.lower()
    engines = item.get("engines")
    if isinstance(engines, list) and engines and isinstance(engines[0], str):
        return engines[0].lower()
    return ""
