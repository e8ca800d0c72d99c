"""One entry point for the CLI: render a report in a named format."""

from __future__ import annotations

from collections.abc import Callable

from reports.builder import Report
from reports.csv_export import render_csv
from reports.html_report import render_html
from reports.json_report import render_json
from reports.markdown_report import render_markdown

RENDERERS: dict[str, Callable[[Report, bool], str]] = {
    "html": render_html,
    "json": render_json,
    "md": render_markdown,
    "csv": render_csv,
}


def render(report: Report, fmt: str, reveal: bool = False) -> str:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r} (expected html, json, md or csv)"
        ) from None
    return renderer(report, reveal)
