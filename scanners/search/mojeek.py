"""Mojeek Search API (its own index): GET https://api.mojeek.com/search?q=...&fmt=json&api_key=...

www.mojeek.com/support/api/search/request_parameters.html and json_response.html: the key is a
query parameter; `t` is the number of results. Success or failure is `response.status`: "OK",
or "ERROR: <message>" (e.g. "ERROR: Daily Limit Reached"), even with HTTP 200. Results are
`response.results[]` (`url`, `title`, `desc`); `response.head.results` is a count, not them.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from scanners.search.backend import (
    Backend,
    BackendError,
    Result,
    json_object,
    results,
    retry_hint,
    short,
)

KEY = "MOJEEK_API_KEY"


class Mojeek(Backend):
    name = "mojeek"
    label = "Mojeek"
    default = "https://api.mojeek.com"
    variable = "FOOTPRINT_SEARCH_MOJEEK_URL"
    keys = (KEY,)
    page = "https://www.mojeek.com/search?q="

    def path(self, base: str) -> str:
        return f"{base}/search"

    def params(self, query: str, secrets: Mapping[str, str]) -> dict[str, str]:
        return {"q": query, "fmt": "json", "t": str(self.count), "api_key": secrets.get(KEY, "")}

    def parse(self, response: httpx.Response) -> list[Result]:
        status = response.status_code
        if status in (401, 403):
            raise BackendError(f"{KEY} was refused (HTTP {status})", fatal=True)
        if status == 429:
            raise BackendError("rate limited (HTTP 429)" + retry_hint(response), fatal=True)
        if status != 200:
            raise BackendError(f"answered HTTP {status}")
        data = json_object(response)
        answer = data.get("response") if data else None
        if not isinstance(answer, dict):
            raise BackendError("the answer was not search results (not Mojeek JSON)")
        said = answer.get("status")
        if said != "OK":
            if isinstance(said, str) and said.upper().startswith("ERROR"):
                # A daily limit or a key problem: every further query would fail the same way.
                raise BackendError(f"Mojeek said {short(said)!r}", fatal=True)
            raise BackendError("the answer was not search results (no status)")
        return results(answer.get("results"), "url", "title", "desc")
