"""Matcher on text from real extraction: details split across tags, links and JSON-LD."""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.matcher import Matcher
from footprint.model import Document
from footprint.profile import load_profile

extract_module = pytest.importorskip("footprint.extract")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "candidate.toml"

PAGE = b"""<!DOCTYPE html><html><head><title>Wickwar directory</title>
<script type="application/ld+json">{"@type": "Person", "name": "Eleanor Whitcombe",
 "birthDate": "1977-09-03"}</script></head><body>
<table><tr><td>Whitcombe E.</td><td>14 Larkspur Close</td><td>Wickwar</td></tr></table>
<p>Mobile: <span>07700</span>
   <span>900</span><span> 461</span></p>
<a href="mailto:ellie.whitcombe77@example.net">email me</a>
<p>Office: <a href="tel:+441174960718">0117 496 0718</a></p>
<p style="display:none">Her husband Daniel Whitcombe</p>
</body></html>"""


def test_details_survive_extraction() -> None:
    text = extract_module.extract(Document("https://example.org/d", PAGE, "text/html"))
    hits = Matcher(load_profile(EXAMPLE)).match(text)
    by_item = {h.matched: h for h in hits}
    assert set(by_item) == {
        "private.date_of_birth",
        "private.home_address",
        "private.phones[0]",
        "private.emails[0]",
        "private.family[0]",
    }
    assert all(h.evidence[h.span[0] : h.span[1]] for h in hits)
    assert by_item["private.home_address"].severity.value == "high"
