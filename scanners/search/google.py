"""Google Programmable Search (Custom Search JSON API), optional: GET
https://www.googleapis.com/customsearch/v1?key=...&cx=...&q=...

Closed to new customers; existing customers have until 1 January 2027 to move
(developers.google.com/custom-search/v1/overview). On only when both GOOGLE_CSE_KEY and
GOOGLE_CSE_CX (the search engine's id) are set. `items[]` (`link`, `title`, `snippet`) may be
absent when nothing matches. Errors use Google's envelope `{"error": {"code", "message",
"status", "errors": [{"reason"}]}}`; a used-up daily quota is 429 RESOURCE_EXHAUSTED.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from scanners.search.backend import Backend, BackendError, Result, json_object, results, short

KEY, CX = "GOOGLE_CSE_KEY", "GOOGLE_CSE_CX"


class Google(Backend):
    name = "google"
    label = "Google"
    default = "https://www.googleapis.com/customsearch/v1"
    variable = "FOOTPRINT_SEARCH_GOOGLE_URL"
    keys = (KEY, CX)
    page = "https://www.google.com/search?q="

    def params(self, query: str, secrets: Mapping[str, str]) -> dict[str, str]:
        return {
            "key": secrets.get(KEY, ""),
            "cx": secrets.get(CX, ""),
            "q": query,
            "num": str(self.count),
        }

    def parse(self, response: httpx.Response) -> list[Result]:
        status = response.status_code
        data = json_object(response)
        if status == 200:
            if data is None:
                raise BackendError("the answer was not search results (not JSON)")
            return results(data.get("items", []), "link", "title", "snippet")
        error = data.get("error") if data else None
        message = short(error.get("message")) if isinstance(error, dict) else ""
        said = f"HTTP {status}" + (f": {message}" if message else "")
        if status == 429:
            raise BackendError(f"the daily quota is used up ({said})", fatal=True)
        if status in (400, 401, 403) and ("key" in message.lower() or status != 400):
            raise BackendError(
                f"{KEY} or {CX} was refused ({said}); the Custom Search JSON API is closed to "
                "new customers",
                fatal=True,
            )
        raise BackendError(f"answered {said}")
