"""Markdown report: scan data can neither inject HTML nor links, and is redacted by default."""

from __future__ import annotations

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
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

from footprint.model import Category, Severity
from reports import build_report, render_markdown
from reports.markdown_report import md_escape

BREAKOUT_URL = "https://evil.example/a)](javascript:alert(5))"


def _markdown(findings=None, reveal: bool = False, subject: str = SUBJECT) -> str:
    findings = sample_findings() if findings is None else findings
    report = build_report(named(subject), findings, sample_sources(), GENERATED)
    return render_markdown(report, reveal=reveal)


def _as_html(markdown: str) -> BeautifulSoup:
    # CommonMark with raw HTML enabled: the most permissive common renderer.
    return BeautifulSoup(MarkdownIt("commonmark").render(markdown), "html.parser")


def _hostile_findings():
    link_text = finding(
        Category.PHONE,
        Severity.LOW,
        BREAKOUT_URL,
        "07700 900461",
        "07700 900461",
        before="[click me](javascript:alert(6)) ![x](https://tracker.example/p.png) ",
    )
    return [*sample_findings(), link_text]


def test_markdown_cannot_inject_html_or_links() -> None:
    soup = _as_html(_markdown(_hostile_findings(), subject=HOSTILE))
    assert soup.find("script") is None and soup.find("img") is None
    for a in soup.find_all("a"):
        assert a["href"].startswith(("https://", "http://")), a["href"]
    text = soup.get_text()
    assert HOSTILE in text and HOSTILE_IMG in text
    assert "javascript:alert(document.cookie)" in text
    assert "[click me](javascript:alert(6))" in text


def test_breakout_url_stays_inside_its_link() -> None:
    soup = _as_html(_markdown(_hostile_findings()))
    link = next(a for a in soup.find_all("a") if "evil.example" in a["href"])
    assert link["href"].startswith("https://evil.example/a")
    assert link.get_text() == BREAKOUT_URL


def test_md_escape_keeps_the_text_readable() -> None:
    assert md_escape("a*b_c [d](e) `f` <g>\nh") == r"a\*b\_c \[d\]\(e\) \`f\` &lt;g&gt; h"


def test_markdown_structure_and_content() -> None:
    md = _markdown()
    assert md.startswith(f"# Online footprint report: {SUBJECT}\n")
    for heading in (
        "## Summary: your removal plan",
        "## The plan, one place at a time",
        "## Ready-to-send requests",
        "## How to remove it",
        "## Key contacts",
        "## Sources",
    ):
        assert f"\n{heading}\n" in md
    assert "| 1 High | https://parish-news.example/committee | Your home address and your " in md
    assert "### 1. High: Ask the owner of this page to remove two details" in md
    # Not over-escaped:
    assert "username ewhitcombe → the account check → https://github\\.com" not in md
    assert "username ewhitcombe → the account check → https://github.com/ewhitcombe" in md
    assert "| search | Failed | 3 |" in md
    assert "999" in md and "Force Elected-Official Adviser" in md


def test_markdown_redacted_by_default_full_with_reveal() -> None:
    redacted = _markdown()
    for category, secrets in PRIVATE_STRINGS.items():
        for secret in secrets:
            assert secret not in redacted, (category, secret)
    revealed = _markdown(reveal=True)
    assert "07700 900461" in revealed and "14 Larkspur Close" in revealed


def test_zero_findings_markdown() -> None:
    md = _markdown(findings=[])
    assert "**No exposures found in what could be checked \\(web: 9 of 9 items checked; " in md
    assert "incomplete: search failed.**" in md
    assert "Not checked: companies\\_house" in md
    assert "Nothing to remove." in md
