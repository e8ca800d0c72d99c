"""What every web-search backend is: a request to build, an answer to parse, errors to map.

A backend is on when its endpoint is set (SearXNG: SEARXNG_URL) and every key it needs is
(Brave: BRAVE_SEARCH_API_KEY). `parse` turns an answer into `Result`s or raises
`BackendError` with a reason for the report; a fatal one (a refused key, JSON output off, a
quota used up) stops further queries to that backend for the rest of the scan, since each
would fail the same way, while the other backends carry on.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import quote_plus, urlsplit

import httpx

from footprint.net.retry import parse_retry_after

MAX_RESULTS = 20  # results read from one answer
MAX_TEXT = 2000  # characters kept of a title or snippet
_TAG = re.compile(r"<[^<>]{0,200}>")  # highlight markup some engines put in snippets
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Result:
    url: str
    title: str = ""
    snippet: str = ""
    engine: str = ""  # the engine a meta-search backend (SearXNG) got it from, if known


class BackendError(Exception):
    """An answer that is not results; `reason` is said in the report (no URL, no key)."""

    def __init__(self, reason: str, *, fatal: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal


class Backend:
    """One search service. Subclasses set the class attributes and implement `params` and
    `parse` (and `headers` when the key goes in a header)."""

    name: ClassVar[str]  # its endpoint's name in Search.endpoints
    label: ClassVar[str]  # as the report says it: "Brave Search"
    default: ClassVar[str] = ""  # base URL; "" means it must be configured
    variable: ClassVar[str]  # the environment variable that sets or overrides the base URL
    keys: ClassVar[tuple[str, ...]] = ()  # every one must be set for the backend to be on
    page: ClassVar[str] = ""  # its public results page for a query ("...?q="), if it has one
    count: ClassVar[int] = 10  # results asked for per query
    rate: ClassVar[tuple[float, int] | None] = None  # (per second, burst) it documents

    def enabled(self, base: str, secrets: Mapping[str, str]) -> bool:
        return bool(base) and all(secrets.get(k) for k in self.keys)

    def url(self, base: str, query: str, secrets: Mapping[str, str]) -> httpx.URL:
        """The request URL exactly as sent (the sandbox web records answers under it)."""
        return httpx.URL(self.path(base), params=self.params(query, secrets))

    def path(self, base: str) -> str:
        return base

    def params(self, query: str, secrets: Mapping[str, str]) -> dict[str, str]:
        raise NotImplementedError

    def headers(self, secrets: Mapping[str, str]) -> dict[str, str]:
        return {"Accept": "application/json"}

    def parse(self, response: httpx.Response) -> list[Result]:
        raise NotImplementedError

    def results_page(self, base: str, query: str, engine: str = "") -> tuple[str, str]:
        """(engine label, the public page where a person sees this query's results)."""
        return self.label, self.page + quote_plus(query)


def json_object(response: httpx.Response) -> dict[str, Any] | None:
    """The answer as a JSON object, or None (not JSON, not an object, nested too deep)."""
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def text(value: Any) -> str:
    """A title or snippet as plain text: markup and entities undone, spaces collapsed."""
    if not isinstance(value, str):
        return ""
    plain = html.unescape(_TAG.sub("", value[: MAX_TEXT * 2]))
    return _SPACE.sub(" ", plain).strip()[:MAX_TEXT]


def web_url(value: Any) -> str:
    """`value` when it is an absolute http(s) URL with a host, else ''."""
    if not isinstance(value, str) or len(value) > 2048:
        return ""
    candidate = value.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return candidate


def results(items: Any, url_key: str, title_key: str, snippet_key: str) -> list[Result]:
    """Results from a list of objects; items without an http(s) URL are left out."""
    if not isinstance(items, list):
        return []
    found = []
    for item in items[:MAX_RESULTS]:
        if isinstance(item, dict) and (url := web_url(item.get(url_key))):
            found.append(Result(url, text(item.get(title_key)), text(item.get(snippet_key))))
    return found


def short(value: Any, limit: int = 200) -> str:
    """A remote message, one line and bounded, for a reason."""
    return _SPACE.sub(" ", value if isinstance(value, str) else "").strip()[:limit]


def wait_words(seconds: float) -> str:
    """'in 45 seconds', 'in 24 minutes', 'in 5 hours', 'in 16 days'."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= 2 * size:
            return f"in {int(seconds // size)} {unit}s"
    return f"in {max(1, int(seconds))} seconds"


def retry_hint(response: httpx.Response) -> str:
    """'; try again in 5 minutes' from a Retry-After header, or ''."""
    wait = parse_retry_after(response.headers.get("retry-after"), time.time())
    return f"; try again {wait_words(wait)}" if wait else ""


def without_userinfo(base: str) -> str:
    """`base` without any user:password@ (a configured URL may carry them; reports must not)."""
    parts = urlsplit(base)
    if "@" not in parts.netloc:
        return base
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
