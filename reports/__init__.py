"""Report builder and templates."""

from reports.advice import ADVICE, Advice, advice_for
from reports.builder import Report, build_report
from reports.html_report import render_html
from reports.json_report import render_json
from reports.markdown_report import render_markdown
from reports.output import write_report
from reports.render import render
from reports.terminal import print_summary

__all__ = [
    "ADVICE",
    "Advice",
    "Report",
    "advice_for",
    "build_report",
    "print_summary",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "write_report",
]
