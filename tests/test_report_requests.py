"""Ready-to-send requests: the right one per place, pre-filled, redacted, and saved privately."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from test_report_samples import (
    ADDRESS,
    EMAIL,
    GENERATED,
    PHONE,
    PRIVATE_STRINGS,
    PROFILE,
    finding,
    sample_sources,
)

from footprint.model import Category, Severity
from reports import build_report, render_html, render_markdown
from reports.requests import (
    RequestDataError,
    parse_request_data,
    unusable_folder,
    write_requests,
)
from reports.view import build_view

PAGE = "https://parish-news.example/committee"


def _address(location: str = PAGE, source: str = "web", hit: str = "14 Larkspur Close"):
    return finding(
        Category.HOME_ADDRESS,
        Severity.HIGH,
        location,
        ADDRESS,
        hit,
        matched="private.home_address",
        source=source,
    )


def _phone(location: str = PAGE):
    return finding(
        Category.PHONE, Severity.HIGH, location, PHONE, PHONE, matched="private.phones[0]"
    )


def _requests(findings, reveal: bool = False):
    report = build_report(PROFILE, findings, sample_sources(), GENERATED)
    return [q for _, q in build_view(report, reveal).requests]


def _leaks(text: str) -> list[str]:
    return [s for secrets in PRIVATE_STRINGS.values() for s in secrets if s in text]


def test_an_erasure_request_is_prefilled_with_the_page_the_details_and_the_law() -> None:
    (q,) = _requests([_address(), _phone()])
    assert q.kind == "erasure"
    body = q.body
    assert f"The page: {PAGE}" in body
    assert "- my home address\n- my personal phone number" in body
    assert "Article 17 of the UK GDPR" in body and "Article 17(1)(c)" in body
    assert "within one month" in body and "Article 12(3)" in body
    assert "Eleanor Whitcombe" in body and "25 November 2026" in body
    assert q.subject == "Erasure request under Article 17 UK GDPR"
    assert "data protection officer" in q.to
    assert q.file_name == "01-erasure-parish-news.example.txt"
    assert q.text.startswith(f"To: {q.to}\nSubject: {q.subject}\n\n")


def test_values_only_with_reveal() -> None:
    (redacted,) = _requests([_address(), _phone()])
    assert _leaks(redacted.text) == []
    assert "14 L" not in redacted.text and "9•••61" not in redacted.text  # categories only
    (revealed,) = _requests([_address(), _phone()], reveal=True)
    assert "- my home address: 14 Larkspur Close" in revealed.body
    assert f"- my personal phone number: {PHONE}" in revealed.body


def test_an_address_that_shows_a_detail_is_hidden_in_the_request_unless_revealed() -> None:
    url = "https://forum.example/members/ellie.whitcombe77%40example.net"
    email = finding(Category.EMAIL, Severity.HIGH, url, EMAIL, EMAIL, matched="private.emails[0]")
    (q,) = _requests([email])
    assert "ellie.whitcombe77" not in q.text
    assert "run the scan with --reveal to fill it in" in q.body
    assert q.file_name == "01-erasure.txt"  # the host is shown, but the address is not whole
    (revealed,) = _requests([email], reveal=True)
    assert url in revealed.body and "--reveal" not in revealed.body


@pytest.mark.parametrize(
    ("location", "source", "kind", "to"),
    [
        (
            "https://web.archive.org/web/2019/https://parish-news.example/committee",
            "wayback",
            "archive",
            "info@archive.org",
        ),
        (PAGE, "search", "search", "support.google.com/websearch/answer/9673730"),
        (
            "https://www.truecaller.com/search/gb/07700900461",
            "web",
            "optout",
            "truecaller.com/unlisting",
        ),
        (
            "https://find-and-update.company-information.service.gov.uk/officers/x/appointments",
            "companies_house",
            "register",
            "register",
        ),
    ],
)
def test_special_places_get_their_own_route(location: str, source: str, kind: str, to: str) -> None:
    (q,) = _requests([_address(location, source)])
    assert q.kind == kind and to in q.to
    assert _leaks(q.text) == []


def test_the_optout_request_links_the_sites_own_form() -> None:
    (q,) = _requests([_phone("https://www.truecaller.com/search/gb/x")])
    assert q.link == "https://www.truecaller.com/unlisting"
    assert "https://www.truecaller.com/unlisting" in q.body


def test_no_request_for_a_local_file_or_an_account_that_merely_exists() -> None:
    local = dataclasses.replace(_address(), location="docs/leaflet.txt", source="files")
    account = finding(
        Category.ACCOUNT, Severity.LOW, "https://github.com/ewhitcombe", "ewhitcombe", "ewhitcombe"
    )
    assert _requests([local, account]) == []


def test_an_account_page_request_says_to_edit_your_own_account_first() -> None:
    (q,) = _requests([_address("https://www.tiktok.com/@ellie_w77")])
    assert q.kind == "erasure" and "if this account is yours" in q.note
    assert q.text.startswith("Before you send this: if this account is yours")


def test_html_shows_each_request_once_as_a_copyable_block() -> None:
    report = build_report(PROFILE, [_address(), _phone("https://b.example/")], [], GENERATED)
    soup = BeautifulSoup(render_html(report), "html.parser")
    section = soup.find("section", id="requests")
    blocks = section.find_all("pre", class_="letter")
    assert len(blocks) == 2
    assert blocks[0].get_text().startswith("Subject: Erasure request under Article 17 UK GDPR")
    # Each action links to its request, and the request back to its action.
    for article in soup.find_all("article", class_="action"):
        target = article.find("p", class_="ask").a["href"]
        assert soup.find(id=target[1:]).find("pre") is not None


def test_markdown_requests_are_fenced_so_no_content_closes_them() -> None:
    url = "https://evil.example/```</pre><script>alert(1)</script>"
    report = build_report(PROFILE, [_address(url)], [], GENERATED)
    md = render_markdown(report)
    html = MarkdownIt("commonmark").render(md)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    code = next(c for c in soup.find_all("code") if "Subject: Erasure" in c.get_text())
    assert "<script>alert(1)</script>" in code.get_text()
    assert "Dear Data Protection Officer" in code.get_text()


def test_requests_are_written_as_new_private_files(tmp_path: Path) -> None:
    requests = _requests([_address(), _phone("https://b.example/")])
    folder = tmp_path / "requests"
    written = write_requests(folder, requests)
    assert [p.name for p in written] == [
        "01-erasure-b.example.txt",
        "02-erasure-parish-news.example.txt",
    ]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path, request in zip(written, requests, strict=True):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text() == request.text
        assert _leaks(path.read_text()) == []
    # Again into the same folder: nothing is overwritten.
    again = write_requests(folder, requests)
    assert [p.name for p in again] == [
        "01-erasure-b.example-2.txt",
        "02-erasure-parish-news.example-2.txt",
    ]


def test_a_planted_symlink_is_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    folder = tmp_path / "requests"
    folder.mkdir()
    (folder / "01-erasure-parish-news.example.txt").symlink_to(victim)
    (written,) = write_requests(folder, _requests([_address()]))
    assert victim.read_text() == "keep"
    assert written.name == "01-erasure-parish-news.example-2.txt"


def test_unusable_request_folders_are_named(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    assert unusable_folder(tmp_path / "file.txt") == "is a file, not a folder"
    assert unusable_folder(tmp_path / "no" / "such") == (
        f"folder {str(tmp_path / 'no')!r} does not exist"
    )
    assert unusable_folder(tmp_path) is None
    assert unusable_folder(tmp_path / "new") is None
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert "cannot write in folder" in (unusable_folder(locked) or "")


def test_bad_request_data_is_named() -> None:
    import tomllib
    from importlib import resources

    raw = tomllib.loads(resources.files("reports").joinpath("data/requests.toml").read_text())
    good = raw["template"]["erasure"]["body"]
    raw["template"]["erasure"]["body"] = "Dear {owner}"
    with pytest.raises(RequestDataError, match=r"template.erasure.body: unknown placeholders"):
        parse_request_data(raw)
    raw["template"]["erasure"]["body"] = good
    del raw["template"]["archive"]
    with pytest.raises(RequestDataError, match=r"\[template.archive\] is missing"):
        parse_request_data(raw)


def test_a_family_members_name_is_written_as_the_candidate_would() -> None:
    child = finding(
        Category.FAMILY, Severity.MEDIUM, PAGE, "Isla Whitcombe", "Isla Whitcombe",
        matched="private.family[1]",
    )  # fmt: skip
    (q,) = _requests([child])
    assert "- the name of a member of my family" in q.body
    assert "Isla" not in q.text
