"""The removal plan: the report's findings grouped by where they are, one action per place.

One page, file or account that shows the address, the phone and the date of birth is one
action ("ask the owner of this page to remove three details"), not three. Rules:
- a place is a finding's exact location (its identity: Finding.location);
- an action's route is the first advice of its worst finding (the most specific route the
  catalogue gives it); its other findings' advice is listed as "see also", once;
- its effort comes from its route (reports/data/plan.toml: one place, data, not code);
- actions are ordered by severity (the worst detail), then by how many details they remove,
  then by effort (quickest first), then public places before local files, then by place.
An account that merely exists (Category.ACCOUNT) is listed with its place's action but is not
counted as a detail to remove: it is yours to review.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from footprint.model import Category, Finding, Severity
from reports.advice import ADVICE, LocationKind, location_kind

# Public first: what anyone can read now (a page, a search result) outranks a file you hold.
_KIND_ORDER = {
    LocationKind.WEB: 0,
    LocationKind.SEARCH: 0,
    LocationKind.ACCOUNT: 1,
    LocationKind.FILE: 2,
}


@dataclass(frozen=True)
class Effort:
    key: str
    order: int  # quickest first
    label: str


@dataclass(frozen=True)
class Contact:
    who: str
    number: str  # "" when it is a blank line to fill in


@dataclass(frozen=True)
class PlanData:
    efforts: Mapping[str, Effort]
    default_effort: str
    kind_actions: Mapping[LocationKind, str]
    route_efforts: Mapping[str, str]
    route_actions: Mapping[str, str]
    safety_step: str
    contacts_title: str
    contacts_intro: str
    contacts: tuple[Contact, ...]

    def effort(self, route: str | None) -> Effort:
        return self.efforts[self.route_efforts.get(route or "", self.default_effort)]

    def action(self, route: str | None, kind: LocationKind) -> str:
        """The action's sentence template ({details} still to fill in)."""
        return self.route_actions.get(route or "") or self.kind_actions[kind]


@dataclass(frozen=True)
class Action:
    """Everything to do at one place. Raw values: the view redacts them for display."""

    location: str  # exact: the findings' shared identity
    kind: LocationKind
    severity: Severity  # of the worst finding
    findings: tuple[Finding, ...]  # worst first
    route: str | None  # advice id, None only if the catalogue had no advice for any finding
    effort: Effort
    also: tuple[str, ...]  # the findings' other advice ids, in order, once, without the route

    @property
    def details(self) -> tuple[Finding, ...]:
        """The private details this action removes (an account's mere existence is not one)."""
        return tuple(f for f in self.findings if f.category is not Category.ACCOUNT)

    @property
    def public(self) -> bool:
        return self.kind is not LocationKind.FILE


class PlanDataError(ValueError):
    """reports/data/plan.toml is inconsistent (a bug in the shipped data)."""


def build_plan(
    findings: Iterable[Finding], account_pages: frozenset[str] = frozenset()
) -> tuple[Action, ...]:
    """`findings`: deduplicated and sorted worst first (reports.builder), advice attached."""
    data = plan_data()
    places: dict[str, list[Finding]] = {}
    for finding in findings:
        places.setdefault(finding.location, []).append(finding)
    actions = [_action(location, group, account_pages, data) for location, group in places.items()]
    actions.sort(key=order_key)
    return tuple(actions)


def order_key(action: Action) -> tuple[int, int, int, int, str]:
    return (
        action.severity.rank,
        -len(action.details),
        action.effort.order,
        _KIND_ORDER[action.kind],
        action.location,
    )


def _action(
    location: str, group: list[Finding], account_pages: frozenset[str], data: PlanData
) -> Action:
    group.sort(key=lambda f: f.severity.rank)  # stable: the report's order within a severity
    # Account findings make the whole place an account page (see build_report).
    kind = location_kind(group[0], account_pages=account_pages)
    ids = [a for f in group for a in f.advice if a in ADVICE]
    route = ids[0] if ids else None
    also = tuple(a for a in dict.fromkeys(ids) if a != route)
    return Action(location, kind, group[0].severity, tuple(group), route, data.effort(route), also)


@cache
def plan_data() -> PlanData:
    text = resources.files("reports").joinpath("data/plan.toml").read_text(encoding="utf-8")
    return parse_plan_data(tomllib.loads(text))


def parse_plan_data(raw: dict[str, Any]) -> PlanData:
    """Build and cross-check the plan data; raises PlanDataError naming the bad entry."""
    efforts = {
        key: Effort(key, _int(entry, "order", where), _str(entry, "label", where))
        for key, entry in raw.get("effort", {}).items()
        for where in (f"effort.{key}",)
    }
    default = _str(raw, "default_effort", "plan")
    if default not in efforts:
        raise PlanDataError(f"plan data: default_effort {default!r} is not an [effort] level")
    kinds: dict[LocationKind, str] = {}
    for kind in LocationKind:
        kinds[kind] = _template(raw.get("kind", {}).get(kind.value, {}), f"kind.{kind.value}")
    route_efforts: dict[str, str] = {}
    route_actions: dict[str, str] = {}
    for route, entry in raw.get("route", {}).items():
        where = f"route.{route}"
        if route not in ADVICE:
            raise PlanDataError(f"plan data: {where} is not an advice id in advice.toml")
        effort = _str(entry, "effort", where)
        if effort not in efforts:
            raise PlanDataError(f"plan data: {where}.effort {effort!r} is not an [effort] level")
        route_efforts[route] = effort
        if "action" in entry:
            route_actions[route] = _template(entry, where)
    safety = raw.get("safety", {})
    contacts = raw.get("contacts", {})
    return PlanData(
        efforts=efforts,
        default_effort=default,
        kind_actions=kinds,
        route_efforts=route_efforts,
        route_actions=route_actions,
        safety_step=_str(safety, "step", "safety"),
        contacts_title=_str(contacts, "title", "contacts"),
        contacts_intro=_str(contacts, "intro", "contacts"),
        contacts=tuple(
            Contact(_str(c, "who", "contacts.entry"), str(c.get("number", "")).strip())
            for c in contacts.get("entry", [])
        ),
    )


def _template(entry: dict[str, Any], where: str) -> str:
    action = _str(entry, "action", where)
    try:
        action.format(details="")
    except (KeyError, IndexError, ValueError) as exc:
        raise PlanDataError(f"plan data: {where}.action: bad placeholder ({exc})") from None
    return action


def _str(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PlanDataError(f"plan data: {where}.{key} must be a non-empty string")
    return value.strip()


def _int(entry: dict[str, Any], key: str, where: str) -> int:
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PlanDataError(f"plan data: {where}.{key} must be a whole number")
    return value
