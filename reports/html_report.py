"""HTML output: one self-contained, escaped page (inline CSS, no scripts, no remote resources)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reports.builder import Report
from reports.labels import scope, sentence, sourced
from reports.view import build_view


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Advice provenance as text: source URLs are never links (the page links only findings).
    env.filters["scope"] = scope
    env.filters["sourced"] = sourced
    env.filters["sentence"] = sentence  # escaped like any value: autoescape stays on
    return env


def render_html(report: Report, reveal: bool = False) -> str:
    template = _environment().get_template("report.html")
    return template.render(r=build_view(report, reveal))
