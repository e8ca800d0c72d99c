"""A slate's overview: one row per candidate, one cell per category (highest severity, count).

Built from each candidate's report as it finishes (`row_from_report`), so the overview holds
only counts, never findings: a slate of thousands stays small in memory. Staff see categories
and counts. The only values an overview could show are those of a row that could not be read
(a bad phone number in the sheet): its problem names the field and the reason, and the value
only with --reveal. Reasons a check was incomplete come through the candidate's report view
(reports/view.py), redacted like the report itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from footprint.model import Category, Severity
from reports.builder import Report
from reports.clean import clean_name, clean_text
from reports.labels import CATEGORY_LABELS, SEVERITY_LABELS, SEVERITY_SYMBOLS
from reports.view import ReportView, build_view

STATE_LABELS = {
    "exposures": "Exposures found",
    "clear": "Nothing found",
    "incomplete": "Incomplete check",
    "unchecked": "Nothing could be checked",
    "invalid": "Not checked: bad input",
    "not_run": "Not checked: not run",
}
# The states that make a slate's result incomplete (exit code 3).
INCOMPLETE_STATES = frozenset({"incomplete", "unchecked", "invalid", "not_run"})
_SEVERITY_SCORE = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


@dataclass(frozen=True)
class Cell:
    """One category for one candidate."""

    count: int
    severity: str  # the highest severity found, "" when none
    label: str  # "High"
    symbol: str  # "▲"
    sort: int  # highest severity first, then count


@dataclass(frozen=True)
class SlateRow:
    id: str
    name: str
    where: str  # the row of the sheet or the profile file
    state: str  # a key of STATE_LABELS
    cells: tuple[Cell, ...]  # in Category order
    total: int
    highest: str  # the highest severity of all, "" when none
    report: str  # relative link to the candidate's report, "" when none was written
    problem: str  # why not checked, or why incomplete ("" when neither)
    requests: tuple[tuple[str, int], ...]  # (source, requests sent) for sources that sent any
    refused: int  # requests the wire guard refused

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def incomplete(self) -> bool:
        """Not checked, or checked with gaps (even when something was found)."""
        return self.state in INCOMPLETE_STATES or bool(self.problem)

    @property
    def request_total(self) -> int:
        return sum(n for _, n in self.requests)


def report_link(folder: str, cid: str, fmt: str) -> str:
    """The relative link from the overview to a candidate's report."""
    return f"{quote(folder)}/{quote(cid)}.{quote(fmt)}"


def _empty_cells() -> tuple[Cell, ...]:
    return tuple(Cell(0, "", "", "", 0) for _ in Category)


def row_from_report(
    cid: str, report: Report, link: str, reveal: bool = False, view: ReportView | None = None
) -> SlateRow:
    """`view`: the report's view if already built (it is the same for the same `reveal`)."""
    view = view or build_view(report, reveal)
    cells = []
    for category in Category:
        found = [f.severity for f in report.findings if f.category is category]
        if not found:
            cells.append(Cell(0, "", "", "", 0))
            continue
        top = min(found, key=lambda s: s.rank)
        n = len(found)
        cells.append(
            Cell(
                n,
                top.value,
                SEVERITY_LABELS[top],
                SEVERITY_SYMBOLS[top],
                _SEVERITY_SCORE[top] * 100000 + n,
            )
        )
    severities = [f.severity for f in report.findings]
    highest = min(severities, key=lambda s: s.rank).value if severities else ""
    return SlateRow(
        id=clean_name(cid),
        name=view.subject,
        where="",
        state=view.verdict_level,
        cells=tuple(cells),
        total=len(report.findings),
        highest=highest,
        report=link,
        problem="; ".join(view.gaps),
        requests=tuple((s.name, s.requests) for s in view.sources if s.requests),
        refused=sum(s.refused for s in report.sources),
    )


def row_not_checked(
    cid: str, name: str, where: str, problem: str, full: str, reveal: bool = False
) -> SlateRow:
    """A candidate whose row or profile could not be used: `problem` names the field and the
    reason; `full` (the whole message, with the value) is shown only with --reveal."""
    return SlateRow(
        id=clean_name(cid),
        name=clean_text(name),
        where=clean_name(where),
        state="invalid",
        cells=_empty_cells(),
        total=0,
        highest="",
        report="",
        problem=clean_text(full if reveal else problem),
        requests=(),
        refused=0,
    )


def row_not_run(cid: str, name: str, why: str) -> SlateRow:
    return SlateRow(
        id=clean_name(cid),
        name=clean_text(name),
        where="",
        state="not_run",
        cells=_empty_cells(),
        total=0,
        highest="",
        report="",
        problem=why,
        requests=(),
        refused=0,
    )


def category_headers() -> tuple[tuple[str, str], ...]:
    """(category key, label) in the overview's column order."""
    return tuple((c.value, CATEGORY_LABELS[c]) for c in Category)
