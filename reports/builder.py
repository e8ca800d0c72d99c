"""Turns the engine's raw findings and source outcomes into a Report the renderers show."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from footprint.model import Category, Finding, Severity, SourceStatus
from footprint.profile import Profile
from reports.advice import ADVICE, LocationKind, advice_for, location_kind
from reports.archived import mark_archived
from reports.labels import CATEGORY_SUBJECTS, places

FIRST_STEPS = 3
_CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}


@dataclass(frozen=True)
class FirstStep:
    """One 'what to do first' action: a group of similar findings and where to start."""

    category: Category
    kind: LocationKind
    severity: Severity
    count: int  # distinct locations
    advice_id: str
    headline: str  # never contains a private value
    locations: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """Raw, exact values: the view (reports/view.py) cleans and redacts them for display."""

    subject: str
    generated_at: dt.datetime
    findings: tuple[Finding, ...]
    sources: tuple[SourceStatus, ...]
    by_severity: Mapping[Severity, int]
    by_category: Mapping[Category, int]
    first_steps: tuple[FirstStep, ...]
    profile: Profile  # the redactor masks every private detail in it, found or not
    secrets: tuple[str, ...] = ()  # declared API keys: masked in every format, even revealed
    notes: tuple[str, ...] = ()  # scan-level: interrupted, network down

    @property
    def sources_checked(self) -> int:
        return sum(1 for s in self.sources if s.state in ("ok", "partial"))


def build_report(
    profile: Profile,
    findings: Iterable[Finding],
    sources: Iterable[SourceStatus],
    generated_at: dt.datetime | None = None,
    secrets: Iterable[str] = (),
    *,
    notes: Iterable[str] = (),
) -> Report:
    """`secrets`: values never to show (footprint.scrub.declared_secrets)."""
    unique = dedupe(findings)
    # Copies: SourceStatus is mutable and the engine may still hold it.
    statuses = tuple(dataclasses.replace(s, skipped_items=list(s.skipped_items)) for s in sources)
    # A page where the scan found an account is a profile page, whatever its host.
    pages = frozenset(f.location for f in unique if f.category is Category.ACCOUNT)
    advised = mark_archived((_with_advice(f, pages) for f in unique), statuses)
    kept = sorted(advised, key=sort_key)
    return Report(
        subject=profile.name,
        generated_at=generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0),
        findings=tuple(kept),
        sources=statuses,
        by_severity={s: sum(f.severity == s for f in kept) for s in Severity},
        by_category={c: sum(f.category == c for f in kept) for c in Category},
        first_steps=first_steps(kept, pages),
        profile=profile,
        secrets=tuple(secrets),
        notes=tuple(notes),
    )


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per Finding.key: the most severe wins, then a full match over a partial one."""
    best: dict[tuple[str, str, str, str], Finding] = {}
    for finding in findings:
        current = best.get(finding.key)
        if current is None or _strength(finding) < _strength(current):
            best[finding.key] = finding
    return list(best.values())


def _strength(finding: Finding) -> tuple[int, bool]:
    return (finding.severity.rank, finding.partial)


def sort_key(finding: Finding) -> tuple[int, int, str, str]:
    return (
        finding.severity.rank,
        _CATEGORY_ORDER[finding.category],
        finding.location,
        finding.matched,
    )


def _with_advice(finding: Finding, account_pages: frozenset[str]) -> Finding:
    # A scanner may suggest catalogue ids; anything the catalogue does not know is dropped.
    suggested = (a for a in finding.advice if a in ADVICE)
    ids = tuple(dict.fromkeys((*suggested, *advice_for(finding, account_pages))))
    return dataclasses.replace(finding, advice=ids)


_KIND_ORDER = {
    LocationKind.WEB: 0,
    LocationKind.SEARCH: 0,  # public like a page: anyone searching the name sees it
    LocationKind.ACCOUNT: 1,
    LocationKind.FILE: 2,
}


def first_steps(
    findings: list[Finding],
    account_pages: frozenset[str] = frozenset(),
    limit: int = FIRST_STEPS,
) -> tuple[FirstStep, ...]:
    """The top actions: one per (category, kind of place), most severe and widest first."""
    groups: dict[tuple[Category, LocationKind], list[Finding]] = {}
    for finding in findings:  # already sorted, so each group's first finding is its worst
        if finding.advice:
            kind = location_kind(finding, account_pages=account_pages)
            groups.setdefault((finding.category, kind), []).append(finding)
    steps = [_step(category, kind, group) for (category, kind), group in groups.items()]
    # Public exposure first: what anyone can read now outranks a file still in your hands.
    steps.sort(
        key=lambda s: (s.severity.rank, _KIND_ORDER[s.kind], -s.count, _CATEGORY_ORDER[s.category])
    )
    return tuple(steps[:limit])


def _step(category: Category, kind: LocationKind, group: list[Finding]) -> FirstStep:
    worst = group[0]
    locations = tuple(dict.fromkeys(f.location for f in group))
    count = len(locations)
    advice = ADVICE[worst.advice[0]]
    if category in (Category.ACCOUNT, Category.BREACH):  # facts, counted, not places
        found = f"{CATEGORY_SUBJECTS[category]}: {count} found"
    else:
        many = category in (Category.FAMILY, Category.GEOLOCATION)  # plural subjects
        if kind in (LocationKind.FILE, LocationKind.SEARCH):
            verb, prep = ("are" if many else "is"), "in"
        else:
            verb, prep = ("appear" if many else "appears"), "on"
        found = f"{CATEGORY_SUBJECTS[category]} {verb} {prep} {places(kind, count)}"
    headline = f"{found}. Start with: {advice.title}."
    return FirstStep(category, kind, worst.severity, count, advice.id, headline, locations)
