"""The short summary printed after a scan (rich): the removal plan, one line per place.

Each line says where (a local file relative to the folder scanned), what it shows (the text as
found, redacted unless revealed: never the profile's own value) and the route. Scan text is
never parsed as rich markup (every string goes in as `Text`) and its control characters are
escaped (`inert`), so a hostile file name or page cannot drive the terminal.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from footprint.termtext import inert
from reports.builder import Report
from reports.plan_view import ActionView
from reports.view import build_view

_STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def print_summary(report: Report, console: Console, reveal: bool = False) -> None:
    view = build_view(report, reveal)
    if not view.findings:
        style = "green" if view.verdict_level == "clear" else "bold red"
        console.print(Text(inert(view.verdict), style))
    else:
        n = len(view.actions)
        counts = ", ".join(f"{c.label} {c.count}" for c in view.severity_counts)
        console.print(
            Text(
                f"Removal plan for {inert(view.subject)}: {n} place{'s' if n != 1 else ''} "
                f"show your private details ({counts}). Most serious first:",
                "bold",
            )
        )
        for action in view.actions:
            console.print(_line(action))
        if view.verdict:
            console.print(Text(inert(view.verdict), "bold red"))
    console.print(Text(inert(view.guide.emergency), "bold"))
    for name, why in view.not_checked:
        console.print(Text(f"Not checked: {inert(name)} ({inert(why)})", "yellow"))
    if view.skipped_items:
        console.print(Text(f"{view.skipped_items} item(s) could not be read: see the report."))


def _line(a: ActionView) -> Text:
    """'3. ▲ High  documents/plan.pdf: your home address "14 L••• Close"; ... Do: ...'"""
    line = Text(f"{a.number:>2}. ")
    line.append(f"{a.severity_symbol} {a.severity_label}", _STYLES[a.severity])
    line.append(f"  {inert(a.location)}")
    if a.location_note:
        line.append(" (its name shows it too)")
    shown = [f'{d.label} "{inert(d.hit.strip())}"' if d.hit.strip() else d.label for d in a.details]
    line.append(": " + "; ".join(dict.fromkeys(shown)) + ".")
    if a.route is not None:
        line.append(f" Do: {a.route.title} ({a.effort.lower()}).", "italic")
    return line
