"""Words the renderers share: category and severity names, and how to say counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from footprint.model import Category, Severity, SourceState
from reports.advice import Advice, LocationKind, Nation

CATEGORY_LABELS: dict[Category, str] = {
    Category.HOME_ADDRESS: "Home address",
    Category.PHONE: "Personal phone number",
    Category.EMAIL: "Personal email address",
    Category.DATE_OF_BIRTH: "Date of birth",
    Category.FAMILY: "Family member's name",
    Category.GEOLOCATION: "Photo location (GPS)",
    Category.ACCOUNT: "Account linked to you",
    Category.BREACH: "Email in a data breach",
}

# "Your home address appears on 3 web pages"
CATEGORY_SUBJECTS: dict[Category, str] = {
    Category.HOME_ADDRESS: "Your home address",
    Category.PHONE: "Your personal phone number",
    Category.EMAIL: "Your personal email address",
    Category.DATE_OF_BIRTH: "Your date of birth",
    Category.FAMILY: "Your family members' names",
    Category.GEOLOCATION: "Photos giving away where they were taken",
    Category.ACCOUNT: "Accounts linked to you",
    Category.BREACH: "Data breaches holding your email address",
}

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
}

# A symbol as well as a colour, so severity never relies on colour alone.
SEVERITY_SYMBOLS: dict[Severity, str] = {
    Severity.HIGH: "▲",
    Severity.MEDIUM: "◆",
    Severity.LOW: "●",
}

STATE_LABELS: dict[SourceState, str] = {
    SourceState.OK: "Checked",
    SourceState.PARTIAL: "Partly checked",
    SourceState.FAILED: "Failed",
    SourceState.SKIPPED: "Skipped",
    SourceState.NOT_RUN: "Not run",
}

_PLACES: dict[LocationKind, tuple[str, str]] = {
    LocationKind.WEB: ("web page", "web pages"),
    LocationKind.FILE: ("local file", "local files"),
    LocationKind.ACCOUNT: ("account page", "account pages"),
}


def places(kind: LocationKind, count: int) -> str:
    singular, plural = _PLACES[kind]
    return f"{count} {singular if count == 1 else plural}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


NATION_LABELS: dict[Nation, str] = {
    Nation.ENGLAND: "England",
    Nation.WALES: "Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}


def scope(nations: Sequence[Nation]) -> str:
    """'England only', 'England and Wales only'; '' for a UK-wide route."""
    names = [NATION_LABELS[n] for n in nations]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} only"


def human_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def sourced(advice: Advice) -> str:
    """'Source: https://..., checked 1 December 2026', or '' for an unsourced entry."""
    if not advice.sources:
        return ""
    label = "Source" if len(advice.sources) == 1 else "Sources"
    checked = f", checked {human_date(advice.checked)}" if advice.checked else ""
    return f"{label}: {', '.join(advice.sources)}{checked}"
