"""Markdown output. Every value from a scan is escaped: no raw HTML, no injected links."""

from __future__ import annotations

import re
from urllib.parse import quote

from reports.builder import Report
from reports.labels import scope, sentence, sourced
from reports.plan_view import ActionView, DetailView
from reports.view import ReportView, build_view

# Punctuation that can start emphasis, links, images, code spans or table cells mid-line.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|~])")


def md_escape(text: str) -> str:
    """Inline-safe text: one line, HTML as entities, Markdown syntax backslash-escaped."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _link(a: ActionView) -> str:
    if not a.link:
        return md_escape(a.location)
    # Percent-encode anything that could end the link target or start markup.
    target = quote(a.link, safe=":/?#@!$&+,;=%-._~")
    return f"[{md_escape(a.location)}](<{target}>)"


def _evidence(d: DetailView) -> str:
    """The evidence with the hit in bold (Markdown's highlight); every part escaped."""
    hit = d.hit.strip()
    if not hit:
        return md_escape(d.evidence)
    lead = d.hit[: len(d.hit) - len(d.hit.lstrip())]
    trail = d.hit[len(d.hit.rstrip()) :]
    # No spaces added inside or around the bold: the snippet reads as found.
    before = _spaced(d.before + lead).lstrip()
    after = _spaced(trail + d.after).rstrip()
    return f"{before}**{md_escape(hit)}**{after}"


def _spaced(text: str) -> str:
    """md_escape, keeping one space at either end where the text had any (it joins a hit)."""
    inner = md_escape(text)
    if not inner:
        return " " if text[:1].isspace() else ""
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")


def _fenced(text: str) -> list[str]:
    """A code block no content can close early: the fence outruns any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *text.splitlines(), fence]


def render_markdown(report: Report, reveal: bool = False) -> str:
    view = build_view(report, reveal)
    out: list[str] = []
    out += _header(view)
    out += _summary(view)
    out += _plan(view)
    out += _requests(view)
    out += _howto(view)
    out += _contacts(view)
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
        lines.append(
            f"Private details are partly hidden (your own, for example, shows as "
            f"{md_escape(v.banner_example)}). Run the scan with `--reveal` to see them."
        )
    return [*lines, ""]


def _summary(v: ReportView) -> list[str]:
    lines = ["## Summary: your removal plan" if v.actions else "## Summary", ""]
    if v.findings:
        n = len(v.actions)
        lines.append(
            f"**{n} place{'' if n == 1 else 's'} show{'s' if n == 1 else ''} your private "
            "details.** Work down the plan from the top, most serious first, and tick each one "
            "off when it is done."
        )
        lines += ["", " · ".join(f"{c.symbol} {c.label}: **{c.count}**" for c in v.severity_counts)]
    g = v.guide
    lines += ["", f"> **{g.emergency}**", ">", f"> {g.red_flags_title}:", ">"]
    lines += [f"> - {flag}" for flag in g.red_flags]
    if v.verdict:
        lines += ["", f"**{md_escape(v.verdict)}**"]
    if v.actions:
        lines += ["", "| # | Where | What it shows | How | Effort |", "|---|---|---|---|---|"]
        for a in v.actions:
            how = a.route.title if a.route else "see below"
            lines.append(
                f"| {a.number} {a.severity_label} | {md_escape(a.location)} "
                f"| {md_escape(sentence(a.shows))} | {md_escape(how)} | {a.effort} |"
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


def _plan(v: ReportView) -> list[str]:
    lines = ["## The plan, one place at a time", ""]
    if not v.actions:
        return [*lines, "Nothing to remove.", ""]
    if v.roots:
        roots = ", ".join(md_escape(r) for r in v.roots)
        lines += [f"Files are shown relative to the folder(s) you scanned: {roots}.", ""]
    for a in v.actions:
        lines += [f"### {a.number}. {a.severity_label}: {md_escape(a.headline)}", ""]
        lines.append(f"- **{sentence(a.kind_label)}:** {_link(a)}")
        if a.location_note:
            lines.append(f"- **{md_escape(a.location_note)}**")
        for d in a.details:
            where = f", in {md_escape(d.field)} (not the page text)" if d.field else ""
            partial = " (partial match)" if d.partial else ""
            lines.append(f"- **{md_escape(sentence(d.label))}**{where}{partial}: {_evidence(d)}")
            if d.note:
                lines.append(f"  {md_escape(d.note)}")
        if a.route:
            also = "; ".join(x.title for x in a.also)
            lines.append(
                f"- **How:** {a.route.title} ({a.effort.lower()})."
                + (f" See also: {also}." if also else "")
            )
        if a.safety:
            lines.append(f"- **{a.safety}**")
        if a.request:
            lines.append(f"- **Ready-to-send request:** {a.request.title} (below, for {a.number})")
        lines.append(f"- How it was found: {md_escape('; '.join(a.found))}.")
        lines += ["- ☐ Done    Date: ______________", ""]
    return lines


def _requests(v: ReportView) -> list[str]:
    if not v.requests:
        return []
    lines = ["## Ready-to-send requests", ""]
    lines.append(
        "One for every place anyone can see your details: copy a block into an email or the "
        "site's form. `footprint scan --requests FOLDER` saves each as a file."
    )
    lines.append("")
    for a, q in v.requests:
        lines += [f"### For {a.number}. {md_escape(q.title)}", ""]
        if q.note:
            lines += [f"Before you send this: {md_escape(q.note)}", ""]
        lines += [f"Send to: {md_escape(q.to)}", ""]
        lines += [*_fenced(f"Subject: {q.subject}\n\n{q.body}"), ""]
    return lines


def _contacts(v: ReportView) -> list[str]:
    lines = [f"## {v.contacts_title}", "", v.contacts_intro, "", "| Who | Number |", "|---|---|"]
    lines += [f"| {c.who} | {c.number or '______________'} |" for c in v.contacts]
    return [*lines, ""]


def _howto(v: ReportView) -> list[str]:
    # Advice and guide text is our own catalogue: left readable, unlike scan data.
    if not v.advice_used:
        return []
    lines = ["## How to remove it", "", "Each route once, in full, with the places it is for.", ""]
    for advice in v.advice_used:
        tag = f" ({scope(advice.nations)})" if advice.nations else ""
        lines += [f"### {advice.title}{tag}", ""]
        users = v.route_users.get(advice.id, ())
        if users:
            lines += ["For: " + ", ".join(str(u.number) for u in users), ""]
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
    lines += [f"### {g.red_flags_title}", "", "See the list in the summary at the top.", ""]
    lines += [f"**{g.emergency}**", "", f"_{g.source}_", ""]
    return lines
