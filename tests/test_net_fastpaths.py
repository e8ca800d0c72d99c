"""The client's CPU shortcuts change no answer: each is checked against the slow path."""

from __future__ import annotations

import html
import unicodedata
from urllib.parse import unquote_plus

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from props import ANY_TEXT, PROPS

from footprint.net import NetSettings, build_client
from footprint.net.cookies import Client
from footprint.privacy import normalise


def _normalise_slowly(text: str) -> str:
    """`normalise` without its ASCII shortcut."""
    for _ in range(3):
        decoded = unquote_plus(text)
        if decoded == text:
            break
        text = decoded
    text = unicodedata.normalize("NFKD", html.unescape(text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize(
    "text",
    [
        "https://site.example/u/JOHN%20Smith?q=1",
        "caf%C3%A9 &eacute; &#233; Zoë",  # ASCII in, accents out of decoding: the slow path
        "ﬁle ½ Ⅻ",  # compatibility forms NFKD rewrites
        "",
    ],
)
def test_normalise_matches_the_slow_path(text: str) -> None:
    assert normalise(text) == _normalise_slowly(text)


@PROPS
@given(st.one_of(ANY_TEXT, st.text(st.characters(max_codepoint=127), max_size=200)))
def test_normalise_matches_the_slow_path_on_any_text(text: str) -> None:
    assert normalise(text) == _normalise_slowly(text)


def _fast() -> NetSettings:
    return NetSettings(per_host_rate=1000.0, per_host_burst=1000)


async def test_a_cookie_set_on_a_redirect_is_sent_on_the_next_hop() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        if request.url.path == "/login":
            return httpx.Response(302, headers={"Location": "/home", "Set-Cookie": "s=1; Path=/"})
        return httpx.Response(200, text="home")

    async with build_client(_fast(), httpx.MockTransport(handler)) as client:
        response = await client.get("https://example.org/login")
        assert response.text == "home"
        assert client.cookies.get("s") == "1"  # kept as httpx keeps it
        await client.get("https://example.org/again")
    assert seen == [None, "s=1", "s=1"]


async def test_an_answer_without_set_cookie_skips_the_cookie_jar(monkeypatch) -> None:
    def wrapped(*args: object) -> None:
        raise AssertionError("the cookie jar wrapped an answer that sets no cookie")

    monkeypatch.setattr(httpx.Cookies, "_CookieCompatRequest", wrapped)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="ok"))
    async with build_client(_fast(), transport) as client:
        assert (await client.get("https://example.org/")).text == "ok"
        assert isinstance(client, httpx.AsyncClient)


def test_cookies_given_to_the_client_are_kept() -> None:
    client = Client(cookies={"a": "1"})
    assert client.cookies.get("a") == "1"
    client.cookies = {"b": "2"}
    assert dict(client.cookies) == {"b": "2"}
