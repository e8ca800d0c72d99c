"""What every renderer shows: the report as plain strings, redacted once, in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from footprint.model import Severity, SourceState
from footprint.status import coverage, describe, gaps, ran_anything
from reports.advice import ADVICE, Advice, Guide, guide
from reports.builder import Report
from reports.labels import CATEGORY_LABELS, SEVERITY_LABELS, SEVERITY_SYMBOLS, STATE_LABELS
from reports.redact import Redactor


@dataclass(frozen=True)
class FindingView:
    category: str
    category_label: str
    severity: str
    severity_label: str
    severity_symbol: str
    source: str
    location: str
    link: str | None  # set only for a safe http(s) URL that redaction left untouched
    evidence: str
    matched: str
    value: str
    partial: bool
    note: str
    advice_ids: tuple[str, ...]
    advice: tuple[Advice, ...]
    provenance: tuple[str, ...]
    open_advice: str | None  # shown expanded: the first step, unless an earlier finding did


@dataclass(frozen=True)
class SeverityGroup:
    severity: str
    label: str
    symbol: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class StepView:
    headline: str
    severity: str
    advice: Advice
    locations: tuple[str, ...]


@dataclass(frozen=True)
class SourceView:
    name: str
    state: str
    state_label: str
    reason: str
    requests: int
    documents: int
    duration_s: float
    skipped: tuple[tuple[str, str], ...]
    coverage: str  # "52 of 57 sites checked, 3 documents read"
    checked: int
    total: int
    unit: str


@dataclass(frozen=True)
class CountView:
    key: str
    label: str
    symbol: str
    count: int


@dataclass(frozen=True)
class ReportView:
    subject: str
    generated_at: str  # ISO 8601
    generated_human: str  # "25 November 2026, 09:30 UTC"
    revealed: bool
    findings: tuple[FindingView, ...]
    groups: tuple[SeverityGroup, ...]
    severity_counts: tuple[CountView, ...]
    category_counts: tuple[CountView, ...]  # only categories with findings
    first_steps: tuple[StepView, ...]
    sources: tuple[SourceView, ...]
    checked: tuple[str, ...]  # "accounts: 57 of 57 sites checked", for sources that checked
    not_checked: tuple[tuple[str, str], ...]  # (name, why) for sources that checked nothing
    verdict: str  # the headline when nothing was found, saying how much was checked
    verdict_level: str  # "exposures", "clear", "incomplete" or "unchecked"
    gaps: tuple[str, ...]  # why the check is incomplete ([] when it is not)
    skipped_items: int
    advice_used: tuple[Advice, ...]  # every advice entry a finding points at, once
    guide: Guide


def safe_link(location: str) -> str | None:
    """The location as a link target, or None unless it is a plain http(s) URL."""
    candidate = location.strip()
    if candidate != location or any(ord(c) < 0x21 or c in "<>\"'`\\" for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


def _human_time(when: dt.datetime) -> str:
    zone = when.tzname() or ""
    return (
        f"{when.day} {when:%B %Y, %H:%M} {'UTC' if zone in ('UTC', 'UTC+00:00') else zone}".strip()
    )


def _level(found: bool, ran: bool, missing: tuple[str, ...]) -> str:
    if found:
        return "exposures"
    if not ran:
        return "unchecked"
    return "incomplete" if missing else "clear"


def _verdict(found: bool, ran: bool, missing: tuple[str, ...], checked: tuple[str, ...]) -> str:
    """Never a bare all-clear: "nothing found" always comes with what was checked."""
    if found:
        return "The check is incomplete: " + "; ".join(missing) + "." if missing else ""
    if not ran:
        why = [m for m in missing if m != "nothing could be checked"]
        return "Nothing could be checked, so no exposure can be ruled out" + (
            f": {'; '.join(why)}." if why else "."
        )
    what = "; ".join(checked)
    if missing:
        return (
            f"No exposures found in what could be checked ({what}), but the check is "
            f"incomplete: {'; '.join(missing)}."
        )
    return f"No exposures found in what was checked: {what}."


def build_view(report: Report, reveal: bool = False) -> ReportView:
    redactor = None if reveal else Redactor.for_findings(report.findings, report.subject)

    def text(value: str) -> str:
        return value if redactor is None else redactor.scrub(value)

    findings: list[FindingView] = []
    expanded: set[str] = set()
    for f in report.findings:
        location = text(f.location)
        first = f.advice[0] if f.advice and f.advice[0] not in expanded else None
        expanded.update(f.advice[:1])
        findings.append(
            FindingView(
                category=f.category.value,
                category_label=CATEGORY_LABELS[f.category],
                severity=f.severity.value,
                severity_label=SEVERITY_LABELS[f.severity],
                severity_symbol=SEVERITY_SYMBOLS[f.severity],
                source=f.source,
                location=location,
                link=safe_link(f.location) if location == f.location else None,
                evidence=f.evidence if redactor is None else redactor.evidence(f),
                matched=f.matched,
                value=f.value if redactor is None else redactor.value(f),
                partial=f.partial,
                note=text(f.note),
                advice_ids=f.advice,
                advice=tuple(ADVICE[a] for a in f.advice if a in ADVICE),
                provenance=tuple(text(p) for p in f.provenance),
                open_advice=first,
            )
        )
    sources = tuple(
        SourceView(
            name=s.name,
            state=SourceState(s.state).value,
            state_label=STATE_LABELS[SourceState(s.state)],
            reason=text(s.reason),
            requests=s.requests,
            documents=s.documents,
            duration_s=round(s.duration_s, 2),
            skipped=tuple((text(loc), text(why)) for loc, why in s.skipped_items),
            coverage=describe(s),
            checked=coverage(s)[0],
            total=coverage(s)[1],
            unit=s.unit,
        )
        for s in report.sources
    )
    missing = tuple(text(g) for g in gaps(report.sources, report.notes))
    checked = tuple(
        f"{s.name}: {s.coverage}"
        for s in sources
        if s.state in (SourceState.OK, SourceState.PARTIAL)
    )
    groups = tuple(
        SeverityGroup(
            s.value,
            SEVERITY_LABELS[s],
            SEVERITY_SYMBOLS[s],
            tuple(f for f in findings if f.severity == s.value),
        )
        for s in Severity
        if report.by_severity[s]
    )
    used = dict.fromkeys(a for f in report.findings for a in f.advice if a in ADVICE)
    return ReportView(
        subject=report.subject,
        generated_at=report.generated_at.isoformat(),
        generated_human=_human_time(report.generated_at),
        revealed=reveal,
        findings=tuple(findings),
        groups=groups,
        severity_counts=tuple(
            CountView(s.value, SEVERITY_LABELS[s], SEVERITY_SYMBOLS[s], report.by_severity[s])
            for s in Severity
        ),
        category_counts=tuple(
            CountView(c.value, CATEGORY_LABELS[c], "", n)
            for c, n in report.by_category.items()
            if n
        ),
        first_steps=tuple(
            StepView(
                step.headline,
                step.severity.value,
                ADVICE[step.advice_id],
                tuple(text(loc) for loc in step.locations),
            )
            for step in report.first_steps
        ),
        sources=sources,
        checked=checked,
        not_checked=tuple(
            (s.name, s.reason or s.state_label.lower())
            for s in sources
            if s.state not in (SourceState.OK, SourceState.PARTIAL)
        ),
        verdict=_verdict(bool(report.findings), ran_anything(report.sources), missing, checked),
        verdict_level=_level(bool(report.findings), ran_anything(report.sources), missing),
        gaps=missing,
        skipped_items=sum(len(s.skipped) for s in sources),
        advice_used=tuple(ADVICE[a] for a in used),
        guide=guide(),
    )
