"""CSV export of findings (`--format csv`, for a scan and a slate): one row per finding,
redacted through the report view like every format, and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from test_report_samples import GENERATED, PHONE, PROFILE, finding, sample_findings, sample_sources
from typer.testing import CliRunner

from footprint.cli import app
from footprint.model import Category, Severity
from reports import build_report, render
from reports.csv_export import COLUMNS, inert_cell

ROOT = Path(__file__).resolve().parent.parent


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # for Excel
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_one_row_per_finding_with_the_columns() -> None:
    report = build_report(PROFILE, sample_findings(), sample_sources(), GENERATED)
    header, *body = rows(render(report, "csv"))
    assert tuple(header) == COLUMNS
    assert len(body) == len(report.findings)
    first = dict(zip(COLUMNS, body[0], strict=True))
    assert first["candidate"] == PROFILE.name
    assert first["category"] in {c.value for c in Category}
    assert first["severity"] == report.findings[0].severity.value
    assert first["advice"]  # the first removal route's title


def test_redacted_unless_revealed() -> None:
    report = build_report(PROFILE, sample_findings(), sample_sources(), GENERATED)
    hidden, shown = render(report, "csv"), render(report, "csv", reveal=True)
    assert PHONE not in hidden and "900461" not in hidden
    assert PHONE in shown


def test_formula_looking_cells_are_made_inert() -> None:
    assert [inert_cell(v) for v in ("=1+1", "+44", "-2", "@SUM(A1)", "\t=x", "ok", "")] == [
        "'=1+1",
        "'+44",
        "'-2",
        "'@SUM(A1)",
        "'\t=x",
        "ok",
        "",
    ]
    hostile = finding(
        Category.PHONE,
        Severity.HIGH,
        '=HYPERLINK("https://evil.example/","click")',
        PHONE,
        PHONE,
        before="=cmd|' /C calc'!A0 ",
        source="@web",
    )
    report = build_report(PROFILE, [hostile], sample_sources(), GENERATED)
    for reveal in (False, True):
        _, row = rows(render(report, "csv", reveal=reveal))
        assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row), row
        assert row[COLUMNS.index("evidence")].startswith("'=cmd")
        assert row[COLUMNS.index("source")] == "'@web"


def test_scan_writes_csv(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(
        app,
        [
            "scan",
            str(ROOT / "examples" / "candidate.toml"),
            "--offline",
            "--path",
            str(ROOT / "examples" / "pages"),
            "--format",
            "csv",
            "-o",
            str(out),
            "--quiet",
        ],
    )
    assert result.exit_code in (0, 3), result.output
    header, *body = rows(out.read_text(encoding="utf-8"))
    assert tuple(header) == COLUMNS
    assert body and all(r[0] == PROFILE.name for r in body)
    assert PHONE not in out.read_text(encoding="utf-8")
