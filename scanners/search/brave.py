"""Brave Search API: GET https://api.search.brave.com/res/v1/web/search?q=..., key in the
X-Subscription-Token header (api-dashboard.search.brave.com/documentation).

`web.results[]` (`url`, `title`, `description`); `web` is absent when there are no web results.
Errors are read from `error.code` (what the live API sends) or `errors[0].code` (the
documentation's examples): 422 SUBSCRIPTION_TOKEN_INVALID is a bad key (not a 401; 422 is also
a bad request, hence the code), 404 SUBSCRIPTION_NOT_FOUND, 402 USAGE_LIMIT_EXCEEDED, 429
RATE_LIMITED (per second) or QUOTA_LIMITED (the plan). X-RateLimit-Reset holds seconds until
each window resets, per second first, then per month ("1, 1419704").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from scanners.search.backend import (
    Backend,
    BackendError,
    Result,
    json_object,
    results,
    short,
    wait_words,
)

KEY = "BRAVE_SEARCH_API_KEY"
_FATAL = {
    "SUBSCRIPTION_TOKEN_INVALID": f"{KEY} was refused (SUBSCRIPTION_TOKEN_INVALID): check the key",
    "SUBSCRIPTION_NOT_FOUND": f"no subscription found for {KEY} (SUBSCRIPTION_NOT_FOUND)",
    "USAGE_LIMIT_EXCEEDED": "the account's spending limit is reached (USAGE_LIMIT_EXCEEDED)",
    "QUOTA_LIMITED": "the plan's quota is used up (QUOTA_LIMITED)",
}


class Brave(Backend):
    name = "brave"
    label = "Brave Search"
    default = "https://api.search.brave.com/res/v1"
    variable = "FOOTPRINT_SEARCH_BRAVE_URL"
    keys = (KEY,)
    page = "https://search.brave.com/search?q="
    rate = (1.0, 1)  # the free plan's limit: one request a second

    def path(self, base: str) -> str:
        return f"{base}/web/search"

    def params(self, query: str, secrets: Mapping[str, str]) -> dict[str, str]:
        # UK results, plain text snippets (no <strong> highlighting).
        return {"q": query, "count": str(self.count), "country": "GB", "text_decorations": "false"}

    def headers(self, secrets: Mapping[str, str]) -> dict[str, str]:
        return {"Accept": "application/json", "X-Subscription-Token": secrets.get(KEY, "")}

    def parse(self, response: httpx.Response) -> list[Result]:
        status = response.status_code
        data = json_object(response)
        if status == 200:
            if data is None:
                raise BackendError("the answer was not search results (not JSON)")
            web = data.get("web")
            return (
                results(web.get("results"), "url", "title", "description")
                if isinstance(web, dict)
                else []
            )
        code, detail = _error(data)
        if code in _FATAL:
            raise BackendError(_FATAL[code] + _reset(response, monthly=True), fatal=True)
        if status == 429:
            raise BackendError(
                f"rate limited (HTTP 429 {code or 'RATE_LIMITED'})" + _reset(response)
            )
        if status in (401, 403):
            raise BackendError(f"{KEY} was refused (HTTP {status} {code})".rstrip(), fatal=True)
        said = ": ".join(p for p in (code, detail) if p)
        raise BackendError(f"answered HTTP {status}" + (f" ({said})" if said else ""))


def _error(data: dict[str, Any] | None) -> tuple[str, str]:
    """(code, detail) from `error` (an object) or `errors` (a list of them)."""
    if data is None:
        return "", ""
    error = data.get("error")
    if not isinstance(error, dict):
        errors = data.get("errors")
        error = errors[0] if isinstance(errors, list) and errors else None
    if not isinstance(error, dict):
        return "", ""
    return short(error.get("code"), 60), short(error.get("detail"))


def _reset(response: httpx.Response, monthly: bool = False) -> str:
    """'; it resets in 16 days', from X-RateLimit-Reset (per-second window, then monthly)."""
    windows = [w.strip() for w in response.headers.get("x-ratelimit-reset", "").split(",")]
    value = windows[-1] if monthly else windows[0]
    return f"; it resets {wait_words(float(value))}" if value.isdigit() else ""
