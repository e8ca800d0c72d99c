"""What every renderer shows: the report as plain strings, cleaned and redacted once, here.

Every scan-derived string goes through one of three doors, so no format can show a raw one:
- text (evidence, notes, values): cleaned (reports/clean.py), declared secrets masked, then
  redacted unless revealed;
- names (locations, provenance, file names): the same, with control characters shown escaped;
- reasons (source reasons, skipped-item reasons and errors): as text, with URL query strings
  cut first (footprint/scrub.py).
Secrets and query strings are scrubbed even with reveal: reveal is about the subject's details.
A finding keeps its exact location too (`exact_location`, cleaned and secrets masked): JSON's
`location` is the finding's identity; every format shows `location`, the display form (a local
file relative to the folder scanned, reports/paths.py).
The removal plan (reports/plan_view.py) is built through the same doors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from footprint.model import Finding, Severity, SourceState
from footprint.scrub import scrub_queries, scrub_secrets
from footprint.status import coverage, describe, gaps, ran_anything
from reports.advice import ADVICE, Advice, Guide, guide
from reports.builder import Report
from reports.clean import clean_name, clean_text
from reports.labels import (
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    SEVERITY_SYMBOLS,
    STATE_LABELS,
    detail_label,
)
from reports.plan import Contact, plan_data
from reports.plan_view import (
    ActionView,
    banner_example,
    build_actions,
    several_of,
    shown_location,
)
from reports.redact import Redactor
from reports.requests import RequestView


@dataclass(frozen=True)
class FindingView:
    category: str
    category_label: str
    severity: str
    severity_label: str
    severity_symbol: str
    source: str
    location: str  # display form: redacted unless revealed
    exact_location: str  # the finding's identity (JSON "location"); never shown in prose
    location_note: str  # when the file name or web address itself shows a detail, else ""
    field: str  # the metadata field it was found in ("the document's Author field"), or ""
    link: str | None  # set only for a safe http(s) URL that cleaning and redaction left as is
    evidence: str
    matched: str
    value: str
    partial: bool
    note: str
    advice_ids: tuple[str, ...]
    advice: tuple[Advice, ...]
    provenance: tuple[str, ...]
    detail: str = ""  # what it matched in plain words: "your home address"


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
    severity_counts: tuple[CountView, ...]
    category_counts: tuple[CountView, ...]  # only categories with findings
    sources: tuple[SourceView, ...]
    checked: tuple[str, ...]  # "accounts: 57 of 57 sites checked", for sources that checked
    not_checked: tuple[tuple[str, str], ...]  # (name, why) for sources that checked nothing
    verdict: str  # the headline when nothing was found, saying how much was checked
    verdict_level: str  # "exposures", "clear", "incomplete" or "unchecked"
    gaps: tuple[str, ...]  # why the check is incomplete ([] when it is not)
    skipped_items: int
    advice_used: tuple[Advice, ...]  # every advice entry a finding points at, once
    guide: Guide
    actions: tuple[ActionView, ...] = ()  # the removal plan, most urgent first
    requests: tuple[tuple[ActionView, RequestView], ...] = ()  # ready-to-send, by action
    banner_example: str = ""  # "07700 9•••61": the reader's own detail, masked ("" revealed)
    roots: tuple[str, ...] = ()  # the folders scanned, shown once (files are relative to them)
    contacts_title: str = ""
    contacts_intro: str = ""
    contacts: tuple[Contact, ...] = ()
    # The routes the plan's actions take, then the rest of advice_used (their "see also" and
    # the preventive steps): shown folded in HTML, so the page stays short.
    routes_linked: tuple[Advice, ...] = ()
    routes_more: tuple[Advice, ...] = ()
    # advice id -> the actions it serves (a mapping: templates look routes up by id)
    route_users: Mapping[str, tuple[ActionView, ...]] = dataclasses.field(default_factory=dict)


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


class _Doors:
    """The three ways a scan-derived string reaches a view (see the module docstring)."""

    def __init__(self, report: Report, reveal: bool) -> None:
        # The detector runs even under --reveal: a name that shows a detail is worth saying.
        self.detector = report.redactor or Redactor(report.profile)
        self.redactor = None if reveal else self.detector
        self.revealed = reveal
        self.secrets = report.secrets

    def _redact(self, value: str) -> str:
        return value if self.redactor is None else self.redactor.scrub(value)

    def text(self, value: str) -> str:
        return self._redact(scrub_secrets(clean_text(value), self.secrets))

    def location_note(self, location: str) -> str:
        """A file name or web address that itself shows a detail is its own reason to act:
        renaming the file, or asking for the page's address to change, not only its text."""
        folder, _, name = location.rpartition("/") if "://" not in location else ("", "", "")
        if "://" in location:
            places = [(location, "This web address itself shows")]
            advice = "ask for the page's address to be changed as well as its text"
        else:
            places = [(name or location, "This file's name itself shows")]
            if folder:
                places.append((folder, "A folder in this file's path shows"))
            advice = "rename it before the file is shared, uploaded or backed up"
        said = []
        for part, lead in places:
            found = self.detector.categories(part)
            if found:
                what = ", ".join(CATEGORY_LABELS[c].lower() for c in found)
                said.append(f"{lead} your {what}")
        return f"{'; '.join(said)}: {advice}." if said else ""

    def exact(self, value: str) -> str:
        return scrub_secrets(clean_name(value), self.secrets)

    def name(self, value: str) -> str:
        return self._redact(self.exact(value))

    def reason(self, value: str) -> str:
        return self.text(scrub_queries(value))

    def evidence(self, f: Finding) -> str:
        return "".join(self.evidence_parts(f))

    def evidence_parts(self, f: Finding) -> tuple[str, str, str]:
        """(before, hit, after): cleaned in three parts, so the span still points at the hit,
        then redacted as one text (reports/redact.py: Redactor.evidence_parts)."""
        start, end = f.span
        if not 0 <= start < end <= len(f.evidence):
            start = end = 0
        parts = (f.evidence[:start], f.evidence[start:end], f.evidence[end:])
        before, hit, after = (scrub_secrets(clean_text(p), self.secrets) for p in parts)
        if self.redactor is None:
            return before, hit, after
        span = (len(before), len(before) + len(hit)) if hit else (0, 0)
        cleaned = dataclasses.replace(f, evidence=before + hit + after, span=span)
        return self.redactor.evidence_parts(cleaned)

    def value(self, f: Finding) -> str:
        value = scrub_secrets(clean_text(f.value), self.secrets)
        if self.redactor is None:
            return value
        return self.redactor.value(dataclasses.replace(f, value=value))


def build_view(report: Report, reveal: bool = False) -> ReportView:
    doors = _Doors(report, reveal)
    findings: list[FindingView] = []
    links: dict[str, str | None] = {}
    several = several_of(report.profile)
    for f in report.findings:
        exact = doors.exact(f.location)
        location = shown_location(f.location, report, doors)
        link = safe_link(location) if location == f.location else None
        links[f.location] = link
        findings.append(
            FindingView(
                category=f.category.value,
                category_label=CATEGORY_LABELS[f.category],
                severity=f.severity.value,
                severity_label=SEVERITY_LABELS[f.severity],
                severity_symbol=SEVERITY_SYMBOLS[f.severity],
                source=clean_name(f.source),
                location=location,
                exact_location=exact,
                location_note=doors.location_note(f.location),
                field=clean_text(f.field),
                link=link,
                evidence=doors.evidence(f),
                matched=clean_name(f.matched),
                value=doors.value(f),
                partial=f.partial,
                note=doors.text(f.note),
                advice_ids=f.advice,
                advice=tuple(ADVICE[a] for a in f.advice if a in ADVICE),
                provenance=tuple(doors.name(p) for p in f.provenance),
                detail=detail_label(f.category, f.matched, several.get(f.category, False)),
            )
        )
    sources = tuple(
        SourceView(
            name=clean_name(s.name),
            state=SourceState(s.state).value,
            state_label=STATE_LABELS[SourceState(s.state)],
            reason=doors.reason(s.reason),
            requests=s.requests,
            documents=s.documents,
            duration_s=round(s.duration_s, 2),
            skipped=tuple((doors.name(loc), doors.reason(why)) for loc, why in s.skipped_items),
            coverage=describe(s),
            checked=coverage(s)[0],
            total=coverage(s)[1],
            unit=s.unit,
        )
        for s in report.sources
    )
    missing = tuple(doors.reason(g) for g in gaps(report.sources, report.notes))
    checked = tuple(
        f"{s.name}: {s.coverage}"
        for s in sources
        if s.state in (SourceState.OK, SourceState.PARTIAL)
    )
    used = dict.fromkeys(a for f in report.findings for a in f.advice if a in ADVICE)
    actions = build_actions(report, doors, links)
    linked = {a.route.id for a in actions if a.route}
    data = plan_data()
    return ReportView(
        subject=clean_text(report.subject),  # public: cleaned, never redacted
        generated_at=report.generated_at.isoformat(),
        generated_human=_human_time(report.generated_at),
        revealed=reveal,
        findings=tuple(findings),
        severity_counts=tuple(
            CountView(s.value, SEVERITY_LABELS[s], SEVERITY_SYMBOLS[s], report.by_severity[s])
            for s in Severity
        ),
        category_counts=tuple(
            CountView(c.value, CATEGORY_LABELS[c], "", n)
            for c, n in report.by_category.items()
            if n
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
        actions=actions,
        requests=tuple((a, a.request) for a in actions if a.request is not None),
        banner_example="" if reveal else banner_example(report.profile),
        roots=tuple(doors.name(r) for r in report.roots),
        contacts_title=data.contacts_title,
        contacts_intro=data.contacts_intro,
        contacts=data.contacts,
        route_users={a: tuple(v for v in actions if a in v.advice_ids) for a in used},
        routes_linked=tuple(ADVICE[a] for a in used if a in linked),
        routes_more=tuple(ADVICE[a] for a in used if a not in linked),
    )
