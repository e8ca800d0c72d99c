"""Emails: plain, mailto, any case, obfuscated; never a longer address, never a public one."""

from __future__ import annotations

import pytest

from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Hit
from footprint.profile import PrivateDetails, Profile, PublicIdentifiers, parse_profile

PROFILE = {
    "name": "Eleanor Whitcombe",
    "private": {"emails": ["ellie.whitcombe77@example.net", "e.w@example.org"]},
    "public": {"emails": ["eleanor@whitcombeforwickwar.example"]},
}


def email_hits(text: str, profile: dict | None = None) -> list[Hit]:
    hits = Matcher(parse_profile(profile or PROFILE)).match(Extracted(text))
    return [h for h in hits if h.category is Category.EMAIL]


@pytest.mark.parametrize(
    "written",
    [
        "ellie.whitcombe77@example.net",
        "mailto:ellie.whitcombe77@example.net",
        "mailto:ellie.whitcombe77@example.net?subject=Hi",
        "Ellie.Whitcombe77@Example.NET",
        "ELLIE.WHITCOMBE77@EXAMPLE.NET",
        "ellie.whitcombe77 @ example.net",
        "ellie.whitcombe77[at]example.net",
        "ellie.whitcombe77 [at] example [dot] net",
        "ellie.whitcombe77(at)example(dot)net",
        "ellie.whitcombe77 (at) example (dot) net",
        "ellie.whitcombe77{at}example{dot}net",
        "ellie.whitcombe77 <at> example <dot> net",
        "ellie.whitcombe77 at example dot net",
        "ellie.whitcombe77 AT example DOT net",
        "ellie [dot] whitcombe77 [at] example [dot] net",
        "ellie.whitcombe77-at-example-dot-net",
        "ellie.whitcombe77%40example.net",
        "ellie.whitcombe77 [@] example [.] net",
    ],
)
def test_every_written_form_hits(written: str) -> None:
    hits = email_hits(f"Write to {written} today.")
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.matched, hit.value, hit.severity) == (
        "private.emails[0]",
        "ellie.whitcombe77@example.net",
        "high",
    )
    found = hit.evidence[hit.span[0] : hit.span[1]].lower()
    assert found.startswith("ellie") and found.endswith("net")


def test_address_at_the_end_of_a_sentence_hits() -> None:
    assert len(email_hits("Her address is ellie.whitcombe77@example.net.")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "xellie.whitcombe77@example.net",
        "my.ellie.whitcombe77@example.net",
        "ellie.whitcombe77@example.network",
        "ellie.whitcombe77@example.net.uk",
        "ellie.whitcombe77@example.net-mail.example",
        "ellie.whitcombe77@sub.example.net.example",
        "ellie.whitcombe77 [at] example [dot] net [dot] uk",
        "ellie.whitcombe777@example.net",
        "ellie.whitcombe78@example.net",
        "ellie.whitcombe77@example.com",
        "eleanor@whitcombeforwickwar.example",  # public
        "ellie whitcombe77 example net",  # no @ at all
    ],
)
def test_other_and_public_addresses_do_not_hit(text: str) -> None:
    assert email_hits(f"Contact {text} now") == []


def test_short_local_part_uses_domain_or_local_anchor() -> None:
    hits = email_hits("reach me: E.W@example.org")
    assert [h.matched for h in hits] == ["private.emails[1]"]
    assert email_hits("reach me: xe.w@example.org") == []


def test_private_address_also_listed_public_is_never_flagged() -> None:
    # load_profile refuses this contradiction; the matcher stays safe if handed one anyway.
    profile = Profile(
        "A",
        private=PrivateDetails(emails=("a.b@example.net",)),
        public=PublicIdentifiers(emails=("a.b@example.net",)),
    )
    hits = Matcher(profile).match(Extracted("a.b@example.net"))
    assert [h for h in hits if h.category is Category.EMAIL] == []


def test_one_hit_per_address_with_span_on_the_address() -> None:
    text = "x " * 100 + "ellie.whitcombe77@example.net\n\n and ellie.whitcombe77 at example dot net"
    (hit,) = email_hits(text)
    assert hit.evidence[hit.span[0] : hit.span[1]] == "ellie.whitcombe77@example.net"
    assert hit.span[0] <= 60
