"""footprint.scrub: declared secrets and URL query strings out of any text."""

from __future__ import annotations

import time
from typing import ClassVar

from footprint.scanner import Scanner
from footprint.scrub import MASK, declared_secrets, scrub_queries, scrub_secrets


class _Needs(Scanner):
    name: ClassVar[str] = "needs"
    description: ClassVar[str] = "x"
    needs: ClassVar[tuple[str, ...]] = ("A_KEY", "B_KEY", "UNSET")


class _Other(Scanner):
    name: ClassVar[str] = "other"
    description: ClassVar[str] = "x"
    needs: ClassVar[tuple[str, ...]] = ("A_KEY",)


def test_declared_secrets_are_the_values_of_needed_variables_only() -> None:
    env = {"A_KEY": "alpha-123", "B_KEY": "beta/456+=", "HOME": "/home/ellie", "UNSET": ""}
    assert declared_secrets([_Needs(), _Other()], env) == ("alpha-123", "beta/456+=")


def test_every_encoding_of_a_secret_is_masked() -> None:
    secret = "beta/456+= x"
    text = f"raw {secret}; url beta%2F456%2B%3D%20x; form beta%2F456%2B%3D+x; end"
    assert scrub_secrets(text, [secret]) == f"raw {MASK}; url {MASK}; form {MASK}; end"


def test_longer_secrets_first_and_short_values_left_alone() -> None:
    assert scrub_secrets("k=abcdef", ["abc", "abcdef"]) == f"k={MASK}"
    assert scrub_secrets("a 1 b", ["1"]) == "a 1 b"  # would garble text; no key is that short


def test_query_strings_are_cut_scheme_host_and_path_kept() -> None:
    text = (
        "GET https://search.example/api/v2?q=Ellie+Whitcombe&key=sk-1 failed; "
        "redirect to 'http://a.example/x?y=1#frag' and wss://s.example/?t=2, plain https://b.example/"
    )
    assert scrub_queries(text) == (
        "GET https://search.example/api/v2?… failed; "
        "redirect to 'http://a.example/x?…#frag' and wss://s.example/?…, plain https://b.example/"
    )
    assert scrub_queries("no url? here=1") == "no url? here=1"


def test_query_scrubbing_is_linear() -> None:
    for text in ("http://" * 200_000, "https://a?" + "b" * 1_000_000, "http://x" * 100_000):
        start = time.process_time()
        scrub_queries(text)
        assert time.process_time() - start < 2
