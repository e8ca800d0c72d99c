"""The removal plan as every renderer shows it: actions with plain words, highlighted and
redacted evidence, and their ready-to-send requests.

Every string comes through the view's doors (reports/view.py), like the rest of the report:
evidence, locations and provenance are cleaned and redacted unless revealed. Labels are plain
words (reports/labels.py), never the profile's internal names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from footprint.model import Category, Finding
from footprint.profile import Profile
from reports.advice import ADVICE, Advice, LocationKind
from reports.builder import Report
from reports.clean import clean_text
from reports.labels import (
    SEVERITY_LABELS,
    SEVERITY_SYMBOLS,
    count_word,
    detail_label,
    first_person,
    join_words,
    number_words,
    place_label,
    plain_step,
    source_label,
)
from reports.masks import mask
from reports.paths import relative_location
from reports.plan import Action, plan_data
from reports.requests import RequestInput, RequestView, build_request

ALSO_SHOWN = 3  # "if that does not work" links per action; every route is in full below

# When the profile has nothing to build the banner's example from.
GENERIC_EXAMPLE = (Category.PHONE, "07700 900000")

# Two or more of one label at one place.
_MANY = {
    "a family member's name": "the names of {n} family members",
    "an account under your username": "{n} accounts under your usernames",
}


class Doors(Protocol):
    """The view's doors (reports/view.py), as this module uses them."""

    revealed: bool

    def name(self, value: str) -> str: ...

    def exact(self, value: str) -> str: ...

    def text(self, value: str) -> str: ...

    def location_note(self, location: str) -> str: ...

    def evidence_parts(self, f: Finding) -> tuple[str, str, str]: ...


@dataclass(frozen=True)
class DetailView:
    """One private detail found at the action's place."""

    category: str
    label: str  # "your home address": plain words
    severity: str
    severity_label: str
    before: str  # the evidence around the hit: templates wrap `hit` in <mark>
    hit: str
    after: str
    field: str  # "the document's Author field", or ""
    partial: bool
    note: str
    found_by: str  # "the account check"
    provenance: tuple[str, ...]  # scanner names in plain words; () when it says no more

    @property
    def evidence(self) -> str:
        return self.before + self.hit + self.after


@dataclass(frozen=True)
class ActionView:
    number: int
    anchor: str  # "action-3"
    severity: str
    severity_label: str
    severity_symbol: str
    kind: str  # "web", "account" or "file"
    kind_label: str  # "web page", "account page", "local file"
    location: str  # display form: relative to the scanned folder, redacted unless revealed
    short_location: str  # the display form without "https://", for the overview table
    exact_location: str  # the identity (JSON's "location"): cleaned, secrets masked, not redacted
    link: str | None
    location_note: str
    headline: str  # "Ask the owner of this page to remove three details"
    shows: str  # "your home address, your personal phone number and your date of birth"
    found: tuple[str, ...]  # how it was found: each distinct chain or scanner, once
    categories: tuple[str, ...]  # category values, once each, worst first
    details: tuple[DetailView, ...]
    removes: int  # details this action removes (an account's existence is not one)
    route: Advice | None
    effort: str
    effort_key: str
    also: tuple[Advice, ...]  # the first few other routes, all of them in "How to remove it"
    advice_ids: tuple[str, ...]  # every route this action is served by: its own, then the others
    safety: str  # the personal-safety step where a home address can be found, else ""
    request: RequestView | None


def build_actions(
    report: Report, doors: Doors, links: Mapping[str, str | None]
) -> tuple[ActionView, ...]:
    """`links`: a finding's location -> its safe link, as the findings' views worked it out."""
    data = plan_data()
    several = several_of(report.profile)
    views = []
    for number, action in enumerate(report.actions, 1):
        details = tuple(_detail(f, doors, several) for f in action.findings)
        removing = [d for d in details if d.category != Category.ACCOUNT.value]
        if len(removing) == 1:
            phrase = removing[0].label
        else:
            phrase = number_words(len(removing), "detail") if removing else "what it shows"
        location = shown_location(action.location, report, doors)
        route = ADVICE[action.route] if action.route else None
        home = any(f.category is Category.HOME_ADDRESS for f in action.findings)
        views.append(
            ActionView(
                number=number,
                anchor=f"action-{number}",
                severity=action.severity.value,
                severity_label=SEVERITY_LABELS[action.severity],
                severity_symbol=SEVERITY_SYMBOLS[action.severity],
                kind=action.kind.value,
                kind_label=place_label(action.kind),
                location=location,
                short_location=re.sub(r"^https?://", "", location),
                exact_location=doors.exact(action.location),
                link=links.get(action.location),
                location_note=doors.location_note(action.location),
                headline=data.action(action.route, action.kind).format(details=phrase),
                shows=_shows(details),
                found=_found(details),
                categories=tuple(dict.fromkeys(d.category for d in details)),
                details=details,
                removes=len(removing),
                route=route,
                effort=action.effort.label,
                effort_key=action.effort.key,
                also=tuple(ADVICE[a] for a in action.also[:ALSO_SHOWN]),
                advice_ids=((action.route,) if action.route else ()) + action.also,
                safety=data.safety_step if home and action.public else "",
                request=_request(number, action, location, details, report, doors),
            )
        )
    return tuple(views)


def shown_location(location: str, report: Report, doors: Doors) -> str:
    """A location as every format shows it: relative to the scanned folder, then redacted."""
    return doors.name(relative_location(location, report.roots))


def banner_example(profile: Profile) -> str:
    """The 'partly hidden, for example ...' sample: the reader's own detail, masked."""
    private = profile.private
    for category, values in (
        (Category.PHONE, private.phones),
        (Category.EMAIL, private.emails),
        (Category.HOME_ADDRESS, private.home_addresses),
    ):
        for value in values:
            if value.strip():
                return mask(category, value)
    if private.date_of_birth is not None:
        return mask(Category.DATE_OF_BIRTH, private.date_of_birth.isoformat())
    return mask(*GENERIC_EXAMPLE)


def several_of(profile: Profile) -> dict[Category, bool]:
    """Which kinds of detail the profile lists more than one of ('your second phone')."""
    private = profile.private
    return {
        Category.HOME_ADDRESS: len(private.home_addresses) > 1,
        Category.PHONE: len(private.phones) > 1,
        Category.EMAIL: len(private.emails) > 1,
    }


def _detail(f: Finding, doors: Doors, several: dict[Category, bool]) -> DetailView:
    before, hit, after = doors.evidence_parts(f)
    label = detail_label(f.category, f.matched, several.get(f.category, False))
    # A local file's chain is its own path: "found by the check of your files" says more.
    steps = () if tuple(f.provenance) in ((), (f.location,)) else f.provenance
    chain = tuple(plain_step(doors.name(p), frozenset({f.source})) for p in steps)
    return DetailView(
        category=f.category.value,
        label=label,
        severity=f.severity.value,
        severity_label=SEVERITY_LABELS[f.severity],
        before=before,
        hit=hit,
        after=after,
        field=doors.text(f.field),
        partial=f.partial,
        note=doors.text(f.note),
        found_by=source_label(f.source),
        provenance=chain,
    )


def _found(details: tuple[DetailView, ...]) -> tuple[str, ...]:
    """One chain per scanner: its first detail's (the worst), or just the scanner's name."""
    chains: dict[str, str] = {}
    for d in details:
        chains.setdefault(d.found_by, " → ".join(d.provenance) or d.found_by)
    return tuple(chains.values())


def _shows(details: tuple[DetailView, ...]) -> str:
    counts = Counter(d.label for d in details)
    said = [
        _MANY.get(label, "{label} ({n} times)").format(n=count_word(n), label=label)
        if n > 1
        else label
        for label, n in counts.items()
    ]
    return join_words(said)


def _request(
    number: int,
    action: Action,
    location: str,
    details: tuple[DetailView, ...],
    report: Report,
    doors: Doors,
) -> RequestView | None:
    """Only where anyone can see the detail, and only for real details (not an account that
    merely exists: that is yours to review)."""
    removing = [d for d in details if d.category != Category.ACCOUNT.value]
    if not action.public or not removing:
        return None
    shown = [(first_person(d.label), d.hit.strip() if doors.revealed else "") for d in removing]
    item = RequestInput(
        number=number,
        location=action.location,
        shown_location=location,
        location_hidden=location != doors.exact(relative_location(action.location, report.roots)),
        route=action.route,
        sources=frozenset(f.source for f in action.findings),
        account=action.kind is LocationKind.ACCOUNT,
        details=tuple(shown),
        name=clean_text(report.subject),  # public: cleaned, never redacted (as in the view)
        date=f"{report.generated_at.day} {report.generated_at:%B %Y}",
    )
    return build_request(item)
