"""The shared client's cookie handling: the same as httpx's, without its cost on every answer.

httpx hands every response to its cookie jar, which first wraps the request and response in
urllib's compatibility objects (parsing the URL again, copying the headers): about a fifth of
the client's own CPU per request in a sweep, where almost no answer sets a cookie. Here an
answer without a Set-Cookie header skips that; one with it is handled exactly as before (a
cookie set on a redirect is sent on the next hop).
"""

from __future__ import annotations

from typing import Any

import httpx
from httpx._types import CookieTypes


class SetCookieCookies(httpx.Cookies):
    """`httpx.Cookies` that only looks at responses carrying Set-Cookie."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


class Client(httpx.AsyncClient):
    """`httpx.AsyncClient` with `SetCookieCookies` as its jar (httpx reads the jar through
    the public `cookies` property, so that is all that changes)."""

    def __init__(self, *, cookies: CookieTypes | None = None, **kwargs: Any) -> None:
        self._jar = SetCookieCookies(cookies)
        super().__init__(**kwargs)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: CookieTypes) -> None:
        self._jar = SetCookieCookies(cookies)
