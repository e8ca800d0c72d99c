"""Turns the engine's raw findings and source outcomes into a Report the renderers show."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from footprint.matcher import Matcher
from footprint.model import Category, Finding, Severity, SourceStatus
from footprint.profile import Profile
from reports.advice import ADVICE, advice_for
from reports.archived import mark_archived
from reports.plan import Action, build_plan
from reports.redact import Redactor

_CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}


@dataclass(frozen=True)
class Report:
    """Raw, exact values: the view (reports/view.py) cleans and redacts them for display."""

    subject: str
    generated_at: dt.datetime
    findings: tuple[Finding, ...]
    sources: tuple[SourceStatus, ...]
    by_severity: Mapping[Severity, int]
    by_category: Mapping[Category, int]
    profile: Profile  # the redactor masks every private detail in it, found or not
    secrets: tuple[str, ...] = ()  # declared API keys: masked in every format, even revealed
    notes: tuple[str, ...] = ()  # scan-level: interrupted, network down
    actions: tuple[Action, ...] = ()  # the removal plan: one action per place (reports/plan.py)
    roots: tuple[str, ...] = ()  # the files and folders scanned (--path), as given
    # The profile's redactor, built once for every view of the report (a report is rendered
    # and summarised: each view used to compile the profile's matcher again). None: each
    # view builds its own.
    redactor: Redactor | None = field(default=None, repr=False, compare=False)

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
    roots: Iterable[str] = (),
    matcher: Matcher | None = None,
) -> Report:
    """`secrets`: values never to show (footprint.scrub.declared_secrets). `roots`: the paths
    scanned (ScanOptions.paths), so reports can show local files relative to them.
    `matcher`: the profile's, if the scan compiled it (ScanResult.matcher): reused."""
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
        profile=profile,
        secrets=tuple(secrets),
        notes=tuple(notes),
        actions=build_plan(kept, pages),
        roots=tuple(str(r) for r in roots),
        redactor=Redactor(profile, matcher),
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
