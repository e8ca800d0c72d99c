"""Profile pages that link other accounts feed new usernames back into the scan."""

from __future__ import annotations

from footprint.kinds import Kind
from footprint.model import Document, Identifier
from scanners.accounts import linked_usernames
from scanners.accounts.links import http_links
from scanners.accounts.sites import bundled_sites

LINK_PAGE = b"""<html><body>
<a href="https://www.tiktok.com/@ellie_w77">TikTok</a>
<a href='https://x.com/ewhitcombe'>X (myself, already known)</a>
<a href=https://www.instagram.com/ellie.bakes/?hl=en-gb>Insta</a>
<a href="https://github.com/someone/some-repo">a repository, not a profile</a>
<a href="https://www.tiktok.com/@ellie_w77#top">duplicate</a>
<a href="https://ellie-bakes.example/?a=1&amp;b=2">shop</a>
</body></html>"""


def test_http_links_are_absolute_unique_and_decoded() -> None:
    links = http_links(LINK_PAGE)
    assert links[0] == "https://www.tiktok.com/@ellie_w77"
    assert "https://ellie-bakes.example/?a=1&b=2" in links
    assert len(links) == len(set(links))
    assert http_links(b'<a href="/relative">x</a><a href="mailto:a@b.example">m</a>') == []


def test_linked_usernames_with_provenance() -> None:
    seed = Identifier(Kind.USERNAME, "ewhitcombe")
    page = Identifier(Kind.URL, "https://linktr.ee/ewhitcombe", seed, "accounts")
    events = [page, Document(page.value, LINK_PAGE, "text/html", parent=page)]
    found = linked_usernames(events, bundled_sites().valid_sites(), seed)
    assert [i.value for i in found] == ["ellie_w77", "ellie.bakes"]
    assert found[0].kind is Kind.USERNAME
    assert found[0].chain() == (
        "username ewhitcombe",
        "accounts",
        "url https://linktr.ee/ewhitcombe",
        "accounts",
        "username ellie_w77",
    )


def test_no_document_no_usernames() -> None:
    seed = Identifier(Kind.USERNAME, "ewhitcombe")
    assert linked_usernames([], bundled_sites().valid_sites(), seed) == []
