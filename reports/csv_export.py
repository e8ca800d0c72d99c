"""CSV output: every finding as one spreadsheet row (`--format csv`, for a scan or a slate).

Columns: candidate, category, severity, source, location (the display form), location_note
(when the address or file name itself shows a detail), field, evidence, advice (the first
removal route's title). Every string comes from the report view
(reports/view.py), so redaction holds exactly as in the other formats: evidence and locations
are redacted unless revealed, declared secrets are masked even then.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula: such a cell is written with a leading `'`, so a hostile page's text
stays text (CSV injection). The file starts with a UTF-8 byte-order mark, for Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from reports.builder import Report
from reports.view import ReportView, build_view

COLUMNS = (
    "candidate",
    "category",
    "severity",
    "source",
    "location",
    "location_note",
    "field",
    "evidence",
    "advice",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def inert_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def finding_rows(view: ReportView, candidate: str) -> Iterator[list[str]]:
    """One row per finding, cells made inert, in the report's order."""
    for f in view.findings:
        advice = f.advice[0].title if f.advice else ""
        cells = (candidate, f.category, f.severity, f.source, f.location, f.location_note)
        cells += (f.field, f.evidence)
        yield [inert_cell(c) for c in (*cells, advice)]


def header_row() -> str:
    """The first line of a findings CSV, after a byte-order mark: without one, Excel reads
    UTF-8 as the local code page and the redaction's bullets (•) come out garbled."""
    return BOM + _rows([list(COLUMNS)])


def rows_text(view: ReportView, candidate: str) -> str:
    """The findings' rows as CSV text (no header): a slate appends each candidate's."""
    return _rows(finding_rows(view, candidate))


def _rows(rows: Iterator[list[str]] | list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def render_csv(report: Report, reveal: bool = False) -> str:
    """A single scan's findings; the candidate column holds the subject's (public) name."""
    view = build_view(report, reveal)
    return header_row() + rows_text(view, view.subject)
