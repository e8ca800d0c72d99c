"""Every kind of report opened in headless Chromium (tests/browser.py): the single-scan HTML
report of the demo and of a scan full of hostile content, and both as Markdown rendered to
HTML. For each: no script runs (none but those pinned by hash in the CSP, and the report pins
none), the page asks the network for nothing, it is screenshot at 390 and 1280 px, and its text
holds every finding's location and kind - and, redacted, none of the private values.

One Chromium pair per page (module fixtures), shared by that page's assertions.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from browser import (
    LEAK,
    MARKER,
    PAYLOADS,
    BrowserRun,
    check_in_chromium,
    csp_script_sources,
    markdown_page,
    needs_chromium,
)
from bs4 import BeautifulSoup
from test_redact_generated import leftovers
from test_report_samples import GENERATED, PRIVATE_STRINGS, finding, named

from footprint.model import Category, Severity, SourceState, SourceStatus
from reports import Report, build_report, render, write_report
from reports.view import build_view

pytestmark = needs_chromium

_HITS = (
    (Category.HOME_ADDRESS, "14 Larkspur Close, Wickwar GL12 8QX"),
    (Category.PHONE, "07700 900461"),
    (Category.EMAIL, "ellie.whitcombe77@example.net"),
    (Category.DATE_OF_BIRTH, "3 September 1977"),
    (Category.FAMILY, "Daniel Whitcombe"),
)
_VALUES = {
    Category.HOME_ADDRESS: "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX",
    Category.PHONE: "07700 900461",
    Category.EMAIL: "ellie.whitcombe77@example.net",
    Category.DATE_OF_BIRTH: "1977-09-03",
    Category.FAMILY: "Daniel Whitcombe",
}
_LOCATIONS = (
    "https://evil.example/{p}",
    "javascript:{p}",
    "data:text/html,{p}",
    "docs/{p}.pdf",
    "https://evil.example/?q={p}#{p}",
)


def hostile_report() -> Report:
    """Every payload in every field a scan fills: subject, location, snippet, note, field,
    provenance, source reasons and skipped file names."""
    findings = []
    for i, payload in enumerate(PAYLOADS):
        category, hit = _HITS[i % len(_HITS)]
        findings.append(
            finding(
                category,
                (Severity.HIGH, Severity.MEDIUM, Severity.LOW)[i % 3],
                _LOCATIONS[i % len(_LOCATIONS)].format(p=payload),
                _VALUES[category],
                hit,
                before=f"Title: {payload} ",
                after=f" {payload}",
                source="files" if i % len(_LOCATIONS) == 3 else "web",
                note=payload if i % 2 else "",
                provenance=(f"url https://evil.example/{payload}", "pages"),
            )
        )
    sources = [
        SourceStatus("web", SourceState.PARTIAL, reason=PAYLOADS[0], documents=len(PAYLOADS)),
        SourceStatus(
            "files",
            SourceState.PARTIAL,
            unit="file",
            skipped_items=[(f"docs/{p}.docx", f"unreadable ({p})") for p in PAYLOADS],
        ),
        SourceStatus("search", SourceState.FAILED, reason=PAYLOADS[1]),
    ]
    return build_report(named(f"Eleanor Whitcombe {PAYLOADS[0]}"), findings, sources, GENERATED)


def demo_report() -> Report:
    from footprint.demo import demo_request, demo_transport
    from footprint.run import run_scan, scan_notes

    with demo_request() as request:
        result = run_scan(request, demo_transport())
        return build_report(
            request.profile,
            result.findings,
            result.sources,
            GENERATED,
            notes=scan_notes(result),
            roots=request.options.paths,
        )


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {"demo": demo_report(), "hostile": hostile_report()}


class Page:
    def __init__(self, report: Report, fmt: str, served: str, run: BrowserRun) -> None:
        self.report, self.fmt, self.served, self.run = report, fmt, served, run
        self.flat = " ".join(run.text.split())


@pytest.fixture(scope="module", params=["demo-html", "hostile-html", "demo-md", "hostile-md"])
def page(
    request: pytest.FixtureRequest,
    reports: dict[str, Report],
    tmp_path_factory: pytest.TempPathFactory,
) -> Page:
    kind, fmt = request.param.split("-")
    report = reports[kind]
    folder = tmp_path_factory.mktemp(request.param)
    source = render(report, fmt)
    if fmt == "html":
        path = folder / f"report-{kind}.html"
        write_report(path, source)
    else:
        path = markdown_page(source, folder / f"report-{kind}-md.html")
    return Page(report, fmt, path.read_text(encoding="utf-8"), check_in_chromium(path))


def test_no_script_runs(page: Page) -> None:
    assert MARKER not in page.run.text
    assert not [m for m in page.run.console if MARKER in m]
    # Nothing even tried: a blocked script or load would be a CSP message in the console.
    assert not [m for m in page.run.console if "Content Security Policy" in m], page.run.console


def test_no_request_leaves_the_page(page: Page) -> None:
    assert page.run.network_log == []


def test_scripts_only_by_hash_and_no_active_markup(page: Page) -> None:
    if page.fmt == "html":
        assert csp_script_sources(page.served) == ["'none'"]  # the report needs no script
    # Rendered Markdown has no CSP (viewers add none): its own markup must be inert. The
    # HTML report's is too, CSP or not.
    soup = BeautifulSoup(page.served, "html.parser")
    assert soup.find_all(["script", "iframe", "object", "embed", "img", "link", "svg"]) == []
    assert not soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        for attr in ("href", "src", "action", "formaction"):
            value = str(tag.get(attr, "")).strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), tag
    styles = " ".join(s.get_text() for s in soup.find_all("style"))
    assert "@import" not in styles and "url(" not in styles


def test_every_finding_is_on_the_page(page: Page) -> None:
    view = build_view(page.report, False)
    assert view.actions
    for action in view.actions:
        assert " ".join(action.location.split()) in page.flat, action.location
        for detail in action.details:
            assert detail.label.lower() in page.flat.lower(), detail.label


def test_hostile_text_is_shown_as_text(page: Page, reports: dict[str, Report]) -> None:
    if page.report is reports["hostile"]:
        assert "<script>document.body.prepend('FP'+'XSS')" in page.flat
        assert LEAK in page.flat  # the would-be request, as text
    else:
        assert "<script>" not in page.flat


def test_no_private_value_on_the_page(page: Page) -> None:
    for values in PRIVATE_STRINGS.values():
        for value in values:
            assert value.lower() not in page.flat.lower(), value
    assert leftovers(page.run.text) == []


# -- The checks can fail: a page that does run a script and make requests is seen doing so.


def _page(folder: Path, name: str, head: str, body: str) -> Path:
    path = folder / f"{name}.html"
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head>'
        f"<body><h1>Control page</h1>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def test_the_browser_check_sees_scripts_and_requests(tmp_path: Path) -> None:
    unsafe = _page(tmp_path, "control-unsafe", "", "".join(PAYLOADS[:2] + PAYLOADS[6:8]))
    run = check_in_chromium(unsafe, keep=False)
    assert MARKER in run.text
    assert [m for m in run.console if MARKER in m]
    assert f"{LEAK}.png" in run.network_log and f"{LEAK}.css" in run.network_log


def test_only_a_script_pinned_by_hash_runs(tmp_path: Path) -> None:
    pinned = "console.log('pinned script ran')"
    digest = base64.b64encode(hashlib.sha256(pinned.encode()).digest()).decode()
    csp = f"default-src 'none'; script-src 'sha256-{digest}'"
    head = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    path = _page(tmp_path, "control-pinned", head, f"<script>{pinned}</script>" + PAYLOADS[0])
    with pytest.raises(AssertionError, match="not pinned by hash"):
        csp_script_sources(path.read_text(encoding="utf-8"))  # the payload's script is not
    run = check_in_chromium(path, keep=False)
    assert "pinned script ran" in run.console
    assert MARKER not in run.text
    assert [m for m in run.console if "Content Security Policy" in m]  # the payload, blocked
    # With only the pinned script in the page, the static check passes.
    path.write_text(path.read_text(encoding="utf-8").replace(PAYLOADS[0], ""), encoding="utf-8")
    assert csp_script_sources(path.read_text(encoding="utf-8")) == [f"'sha256-{digest}'"]


# -- the slate overview (reports/slate_html.py): its one script runs, pinned by hash; no other


def test_the_slate_overview_runs_only_its_pinned_script_and_asks_for_nothing(
    tmp_path: Path, reports: dict[str, Report]
) -> None:
    from reports.slate import report_link, row_from_report, row_not_checked, row_not_run
    from reports.slate_html import render_slate_html

    rows = [row_from_report("demo", reports["demo"], report_link("candidates", "demo", "html"))]
    for i, payload in enumerate(PAYLOADS):
        rows.append(row_not_checked(f"bad-{i}", payload, f"{payload}.csv: row 3", payload, payload))
        rows.append(row_not_run(f"late-{i}", payload, payload))
    rows.append(
        row_from_report("hostile", reports["hostile"], report_link("candidates", "x", "html"))
    )
    path = tmp_path / "slate-overview.html"
    write_report(path, render_slate_html(PAYLOADS[0], rows, {"web": (3, 1)}, GENERATED))
    html = path.read_text(encoding="utf-8")
    sources = csp_script_sources(html)
    assert len(sources) == 1 and sources[0].startswith("'sha256-")  # the sort/filter script
    run = check_in_chromium(path, "slate-overview")
    assert MARKER not in run.text and not any(MARKER in line for line in run.console)
    assert run.network_log == []
    flat = " ".join(run.text.split())
    assert "Eleanor Whitcombe" in flat and "Not checked" in flat
    for values in PRIVATE_STRINGS.values():  # staff see categories and counts only
        for value in values:
            assert value.lower() not in flat.lower(), value
    assert leftovers(run.text) == []
