"""Markdown output. Every value from a scan is escaped: no raw HTML, no injected links."""

from __future__ import annotations

import re
from urllib.parse import quote

from reports.builder import Report
from reports.labels import scope, sourced
from reports.view import FindingView, ReportView, build_view

# Punctuation that can start emphasis, links, images, code spans or table cells mid-line.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|~])")


def md_escape(text: str) -> str:
    """Inline-safe text: one line, HTML as entities, Markdown syntax backslash-escaped."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _link(f: FindingView) -> str:
    if not f.link:
        return md_escape(f.location)
    # Percent-encode anything that could end the link target or start markup.
    target = quote(f.link, safe=":/?#@!$&+,;=%-._~")
    return f"[{md_escape(f.location)}](<{target}>)"


def render_markdown(report: Report, reveal: bool = False) -> str:
    view = build_view(report, reveal)
    out: list[str] = []
    out += _header(view)
    out += _summary(view)
    out += _exposures(view)
    out += _howto(view)
    out += _sources(view)
    out += _guide(view)
    return "\n".join(out).rstrip() + "\n"


def _header(v: ReportView) -> list[str]:
    lines = [f"# Online footprint report: {md_escape(v.subject)}", ""]
    lines.append(f"Generated {md_escape(v.generated_human)} by footprint.")
    lines.append("")
    if v.revealed:
        lines.append("**This report shows private details in full. Keep it private.**")
    else:
        lines.append("Private details are partly hidden. Run the scan with `--reveal` to see them.")
    return [*lines, ""]


def _summary(v: ReportView) -> list[str]:
    lines = ["## Summary", ""]
    if v.findings:
        lines.append(" · ".join(f"{c.symbol} {c.label}: **{c.count}**" for c in v.severity_counts))
        lines += ["", "| What | Found |", "|---|---|"]
        lines += [f"| {c.label} | {c.count} |" for c in v.category_counts]
        lines += ["", "### What to do first", ""]
        for i, step in enumerate(v.first_steps, 1):
            lines.append(f"{i}. **{step.severity.title()}**: {step.headline}")
            if step.locations:
                lines.append(f"   For example: {md_escape(step.locations[0])}")
    if v.verdict:
        lines += (
            ["", f"**{md_escape(v.verdict)}**"] if v.findings else [f"**{md_escape(v.verdict)}**"]
        )
    lines.append("")
    checked = "; ".join(md_escape(n) for n in v.checked)
    lines.append(f"Checked: {checked}." if v.checked else "No source completed a check.")
    if v.not_checked:
        missing = "; ".join(f"{md_escape(n)} ({md_escape(why)})" for n, why in v.not_checked)
        lines += ["", f"Not checked: {missing}."]
    if v.skipped_items:
        lines += ["", f"{v.skipped_items} item(s) could not be read (listed under Sources)."]
    if not v.findings:
        lines += [
            "",
            "This does not prove your details are not online: footprint only looks in the "
            "sources above.",
        ]
    return [*lines, ""]


def _exposures(v: ReportView) -> list[str]:
    lines = ["## Exposures", ""]
    if not v.findings:
        return [*lines, "None found.", ""]
    for group in v.groups:
        lines += [f"### {group.symbol} {group.label} severity ({len(group.findings)})", ""]
        for f in group.findings:
            partial = " (partial match)" if f.partial else ""
            lines += [f"#### {f.severity_label}: {md_escape(f.category_label)}{partial}", ""]
            lines.append(f"- **Where:** {_link(f)}")
            if f.field:
                lines.append(f"- **Found in:** {md_escape(f.field)} (not the page text)")
            if f.location_note:
                lines.append(f"- **{md_escape(f.location_note)}**")
            lines.append(f"- **What it shows:** {md_escape(f.evidence)}")
            lines.append(f"- **Matches:** {md_escape(f.value)} ({md_escape(f.matched)})")
            if f.note:
                lines.append(f"- **Note:** {md_escape(f.note)}")
            chain = " → ".join(md_escape(p) for p in f.provenance) or md_escape(f.source)
            lines.append(f"- **How it was found:** {chain}")
            if f.advice:
                titles = "; ".join(a.title for a in f.advice)
                lines.append(f"- **What to do:** {titles} (steps below)")
            lines.append("")
    return lines


def _howto(v: ReportView) -> list[str]:
    # Advice and guide text is our own catalogue: left readable, unlike scan data.
    if not v.advice_used:
        return []
    lines = ["## How to remove it: all steps", ""]
    for advice in v.advice_used:
        tag = f" ({scope(advice.nations)})" if advice.nations else ""
        lines += [f"### {advice.title}{tag}", ""]
        lines += [f"{i}. {s}" for i, s in enumerate(advice.steps, 1)]
        lines.append("")
        lines += [advice.differs, ""] if advice.differs else []
        lines += [sourced(advice), ""] if advice.sources else []
    return lines


def _sources(v: ReportView) -> list[str]:
    lines = ["## Sources", "", "| Source | Status | Requests | Documents | Time | Notes |"]
    lines.append("|---|---|---|---|---|---|")
    for s in v.sources:
        notes = md_escape(f"{s.coverage}. {s.reason}" if s.reason else s.coverage)
        if s.skipped:
            notes += f" {len(s.skipped)} item(s) not read."
        lines.append(
            f"| {md_escape(s.name)} | {s.state_label} | {s.requests} | {s.documents} "
            f"| {s.duration_s:.1f} s | {notes.strip()} |"
        )
    if not v.sources:
        lines.append("| (none) | | | | | |")
    skipped = [(s.name, loc, why) for s in v.sources for loc, why in s.skipped]
    if skipped:
        lines += ["", "Items that could not be read:", ""]
        lines += [f"- {md_escape(n)}: {md_escape(loc)}: {md_escape(w)}" for n, loc, w in skipped]
    return [*lines, ""]


def _guide(v: ReportView) -> list[str]:
    g = v.guide
    lines = ["## Staying safe as a candidate", "", g.intro, ""]
    for section in g.sections:
        lines += [f"### {section.title}", ""]
        lines += [f"- {s}" for s in section.steps]
        lines.append("")
        lines += [sourced(section), ""] if section.sources else []
    lines += [f"### {g.red_flags_title}", ""]
    lines += [f"- {flag}" for flag in g.red_flags]
    lines += ["", f"**{g.emergency}**", "", f"_{g.source}_", ""]
    return lines
