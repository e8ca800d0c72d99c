"""Every report format of one report, as text a reader would see (for leak checks)."""

from __future__ import annotations

import csv
import html
import json
import re
from io import StringIO
from typing import Any

from rich.console import Console

from reports import Report, print_summary, render

FORMATS = ("html", "json", "md", "csv", "terminal")


def rendered(report: Report, reveal: bool = False) -> dict[str, str]:
    """{format: output} for html, json, md, csv and the terminal summary."""
    out = {fmt: render(report, fmt, reveal=reveal) for fmt in ("html", "json", "md", "csv")}
    console = Console(file=StringIO(), record=True, width=400, color_system=None)
    print_summary(report, console, reveal=reveal)
    out["terminal"] = console.export_text()
    return out


def readable(fmt: str, text: str) -> str:
    """What a reader sees: HTML entities and Markdown escapes undone, JSON escapes decoded."""
    if fmt == "html":
        return html.unescape(text)
    if fmt == "md":
        return html.unescape(re.sub(r"\\(.)", r"\1", text))
    if fmt == "json":
        return "\n".join(_strings(json.loads(text)))
    if fmt == "csv":
        sheet = StringIO(text.removeprefix("\ufeff"), newline="")
        return "\n".join(cell for row in csv.reader(sheet) for cell in row)
    return text


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [*data, *(s for v in data.values() for s in _strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [str(data)]
