"""HTML report: escaped, self-contained, accessible, redacted by default."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from test_report_samples import (
    GENERATED,
    HOSTILE,
    HOSTILE_IMG,
    PRIVATE_STRINGS,
    SUBJECT,
    finding,
    named,
    sample_findings,
    sample_sources,
)

from footprint.model import Category, Severity, SourceState, SourceStatus
from reports import build_report, render_html

TRICKY_URL = 'https://evil.example/x"onmouseover="alert(4)'


def _html(reveal: bool = False, findings=None, sources=None, subject: str = SUBJECT) -> str:
    findings = sample_findings() if findings is None else findings
    sources = sample_sources() if sources is None else sources
    return render_html(build_report(named(subject), findings, sources, GENERATED), reveal=reveal)


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _hostile_findings():
    return [
        *sample_findings(),
        finding(Category.PHONE, Severity.LOW, TRICKY_URL, "07700 900461", "07700 900461"),
        finding(
            Category.EMAIL,
            Severity.LOW,
            "data:text/html,<script>x</script>",
            "a@b.example",
            "a@b.example",
        ),
    ]


def test_hostile_text_is_escaped_not_markup() -> None:
    html = _html(findings=_hostile_findings())
    soup = _soup(html)
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs), (
        "an event-handler attribute was injected"
    )
    text = soup.get_text()
    assert HOSTILE in text and HOSTILE_IMG in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_http_locations_become_links_with_noopener() -> None:
    soup = _soup(_html(findings=_hostile_findings()))
    links = soup.find_all("a", href=True)
    external = [a for a in links if not a["href"].startswith("#")]
    hrefs = {a["href"] for a in external}
    assert "https://parish-news.example/committee" in hrefs
    for a in external:
        assert re.match(r"https?://", a["href"]), a["href"]
        assert {"noopener", "noreferrer"} <= set(a.get("rel", []))
    # javascript:, data: and quote-breaking URLs are shown as text only.
    assert not any("javascript" in h or h.startswith("data:") or "onmouseover" in h for h in hrefs)
    text = soup.get_text()
    assert "javascript:alert(document.cookie)" in text
    assert TRICKY_URL in text
    # Local file paths are text, not links.
    assert "examples/pages/photos/garden.jpg" in text
    assert not any("garden.jpg" in h for h in hrefs)


def test_no_external_resources() -> None:
    html = _html(findings=_hostile_findings())
    soup = _soup(html)
    for name in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "base"):
        assert soup.find(name) is None, name
    for tag in soup.find_all(True):
        for attr in ("src", "srcset", "action", "poster", "data", "formaction"):
            assert attr not in tag.attrs, (tag.name, attr)
        if "href" in tag.attrs:
            assert tag.name == "a"
    style = " ".join(s.get_text() for s in soup.find_all("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    finding_hrefs = {a["href"] for a in soup.find_all("a", href=re.compile("^http"))}
    all_urls = set(re.findall(r"""(?:href|src)\s*=\s*["']?(https?://[^"'\s>]+)""", html))
    assert all_urls == finding_hrefs


def test_page_is_phone_readable_printable_and_accessible() -> None:
    html = _html()
    soup = _soup(html)
    assert soup.html["lang"] == "en-GB"
    viewport = soup.find("meta", attrs={"name": "viewport"})
    assert viewport and "width=device-width" in viewport["content"]
    assert "@media print" in html and "@media (max-width" in html
    assert soup.find("h1") and len(soup.find_all("h2")) >= 4
    # The summary (with the plan's overview) comes first, then the plan place by place.
    order = [h.get_text(" ", strip=True) for h in soup.find_all("h2")]
    assert order[0] == "Summary: your removal plan"
    assert order[1] == "The plan, one place at a time"
    assert order.index("Sources") < order.index("Staying safe as a candidate")
    # Severity is spelled out in words, never by colour alone.
    for article in soup.find_all("article"):
        assert re.search(r"\b(High|Medium|Low)\b", article.h3.get_text())


def test_summary_and_plan_details() -> None:
    soup = _soup(_html())
    summary = soup.find("section").get_text(" ", strip=True)
    assert "High: 4" in summary and "Medium: 3" in summary and "Low: 2" in summary
    assert "8 places show your private details" in summary
    assert "Not checked: companies_house (needs COMPANIES_HOUSE_KEY)" in summary
    # One overview row per place, before the details.
    rows = soup.find("table", class_="overview").tbody.find_all("tr")
    assert len(rows) == len({f.location for f in sample_findings()})
    first = rows[0].get_text(" ", strip=True)
    assert "parish-news.example/committee" in first
    assert "Your home address and your personal phone number" in first
    assert "Ask the site owner to take it down" in first and "An email or letter" in first
    articles = soup.find_all("article")
    assert len(articles) == len(rows)
    account = next(a for a in articles if "github.com" in a.get_text())
    assert "username ewhitcombe → the account check → https://github.com/ewhitcombe" in (
        account.get_text(" ", strip=True)
    )
    photo = next(a for a in articles if "garden.jpg" in a.get_text())
    route = photo.find("p", class_="route").a["href"]
    steps = soup.find(id=route[1:]).get_text()
    assert "iPhone" in steps and "Android" in steps
    table = soup.find("table", class_="sources").get_text(" ", strip=True)
    assert "Failed" in table and "HTTP 503 from search.example" in table
    assert "broken.pdf" in table and "corrupt PDF: no xref" in table
    guide = soup.find_all("section")[-1].get_text(" ", strip=True)
    assert "999" in guide and "101" in guide and "Force Elected-Official Adviser" in guide


def test_html_redacted_by_default_full_with_reveal() -> None:
    redacted = _html()
    revealed = _html(reveal=True)
    for category, secrets in PRIVATE_STRINGS.items():
        for secret in secrets:
            assert secret not in redacted, (category, secret)
    assert "07700 9•••61" in redacted and "14 L••• Close" in redacted
    for value in ("07700 900461", "14 Larkspur Close", "ellie.whitcombe77@example.net"):
        assert value in revealed
    assert "Keep it private" in revealed


def test_hostile_subject_and_source_names_are_escaped() -> None:
    sources = [SourceStatus(HOSTILE, SourceState.FAILED, reason=HOSTILE_IMG)]
    soup = _soup(_html(findings=[], sources=sources, subject=HOSTILE))
    assert soup.find("script") is None and soup.find("img") is None
    assert HOSTILE in soup.title.get_text()


def test_zero_findings_says_what_was_and_was_not_checked() -> None:
    soup = _soup(_html(findings=[]))
    text = soup.get_text(" ", strip=True)
    # Never a bare all-clear: what was checked, and that the check is incomplete.
    assert "No exposures found in what could be checked" in text
    assert "Checked: web: 9 of 9 items checked; files: 4 of 5 files checked." in text
    assert "incomplete: search failed" in text
    assert "companies_house (needs COMPANIES_HOUSE_KEY)" in text
    assert "search (HTTP 503 from search.example)" in text
    assert "does not prove" in text
    assert soup.find("article") is None


def test_each_route_is_shown_once_in_full_and_referenced_from_its_actions() -> None:
    soup = _soup(_html())
    howto = soup.find("h2", id="howto-h").parent
    titles = [h.get_text(strip=True) for h in howto.find_all("h3")]
    assert len(titles) == len(set(titles)) and "Ask the site owner to take it down" in titles
    # No action repeats a route's steps: it links to the one full copy.
    for article in soup.find_all("article"):
        assert article.find("ol") is None
        assert [d["class"] for d in article.find_all("details")] in ([], [["found"]])
        for link in article.find_all("a", href=re.compile("^#advice-")):
            assert howto.find(id=link["href"][1:]) is not None, link["href"]
    # And the route says which actions it is for.
    owner = howto.find(id="advice-ask-site-owner")
    users = [a["href"] for a in owner.find("p", class_="for").find_all("a")]
    assert users and all(soup.find(id=u[1:]).name == "article" for u in users)
    # The routes actions take are open; the others (see also, prevention) are folded.
    assert owner.name == "section"
    folded = howto.find(id="advice-uk-gdpr-erasure")
    assert folded.name == "details" and "Article 17" in folded.get_text()


def test_a_location_containing_a_private_value_is_scrubbed_and_not_linked() -> None:
    url = "https://forum.example/members/ellie.whitcombe77%40example.net"
    f = finding(
        Category.EMAIL,
        Severity.HIGH,
        url,
        "ellie.whitcombe77@example.net",
        "ellie.whitcombe77@example.net",
    )
    redacted = _soup(_html(findings=[f]))
    assert "ellie.whitcombe77" not in str(redacted)
    assert "https://forum.example/members/e•••@example.net" in redacted.get_text()
    assert not redacted.find_all("a", href=re.compile("forum.example"))
    revealed = _soup(_html(findings=[f], reveal=True))
    assert revealed.find("a", href=url) is not None
