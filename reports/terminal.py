"""The short summary printed after a scan (rich).

Scan text is never parsed as rich markup (every string goes in as `Text`) and its control
characters are escaped (`inert`), so a hostile file name or page cannot drive the terminal.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from footprint.termtext import inert
from reports.builder import Report
from reports.view import build_view

_STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def print_summary(report: Report, console: Console, reveal: bool = False) -> None:
    view = build_view(report, reveal)
    if not view.findings:
        style = "green" if view.verdict_level == "clear" else "bold red"
        console.print(Text(inert(view.verdict), style))
    else:
        table = Table(title=Text(f"Exposures for {inert(view.subject)}"), title_justify="left")
        table.add_column("Severity")
        table.add_column("What")
        table.add_column("Where", overflow="fold")
        table.add_column("Value")
        for f in view.findings:
            table.add_row(
                Text(f"{f.severity_symbol} {f.severity_label}", _STYLES[f.severity]),
                Text(inert(f.category_label)),
                Text(inert(f.location) + (" (its name shows it too)" if f.location_note else "")),
                Text(inert(f.value)),
            )
        console.print(table)
        counts = ", ".join(f"{c.label} {c.count}" for c in view.severity_counts)
        console.print(Text(f"{len(view.findings)} exposures: {counts}."))
        console.print(Text("What to do first:", "bold"))
        for i, step in enumerate(view.first_steps, 1):
            console.print(Text(f"  {i}. {inert(step.headline)}"))
        if view.verdict:
            console.print(Text(inert(view.verdict), "bold red"))
    for name, why in view.not_checked:
        console.print(Text(f"Not checked: {inert(name)} ({inert(why)})", "yellow"))
    if view.skipped_items:
        console.print(Text(f"{view.skipped_items} item(s) could not be read: see the report."))
