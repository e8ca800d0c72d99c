"""Words the renderers share: category and severity names, and how to say counts."""

from __future__ import annotations

import datetime as dt
import re
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
    LocationKind.SEARCH: ("search result", "search results"),
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


# ---------------------------------------------------------------- the removal plan's words
# Plain words for what a finding matched: never the profile's internal names
# ("private.phones[0]", "photo_gps").

_DETAILS: dict[Category, tuple[str, str]] = {  # (one of its kind, several: ordinal first)
    Category.HOME_ADDRESS: ("your home address", "your {nth} home address"),
    Category.PHONE: ("your personal phone number", "your {nth} personal phone number"),
    Category.EMAIL: ("your personal email address", "your {nth} personal email address"),
    Category.DATE_OF_BIRTH: ("your date of birth", "your date of birth"),
    Category.FAMILY: ("a family member's name", "a family member's name"),
    Category.GEOLOCATION: ("where a photo was taken (its GPS location)",) * 2,
    Category.ACCOUNT: ("an account under your username",) * 2,
    Category.BREACH: ("your email address in a data breach",) * 2,
}
_HOME_PHOTO = "where your home is (a photo's GPS location, taken at or near it)"
_INDEX = re.compile(r"\[(\d+)\]$")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

# Every category has its detail wording (a test checks it, so a new category cannot miss it).
# Scanner names as a reader says them; a plugin's scanner not listed is "the <name> check".
SOURCE_LABELS: dict[str, str] = {
    "accounts": "the account check",
    "local_files": "the check of your files",
    "web": "the web page check",
    "pages": "the web page check",
    "website": "the check of your own website",
    "search": "a web search",
    "companies_house": "the Companies House check",
    "people_search": "the people-finder check",
    "breaches": "the data breach check",
    "wayback": "the web archive check",
    "rdap": "the domain registration check",
    "gravatar": "the Gravatar check",
}


def detail_label(category: Category, matched: str, several: bool = False) -> str:
    """'your home address', 'your second personal phone number': what a finding matched, in
    plain words. `several`: the profile lists more than one of this kind of detail."""
    if category is Category.GEOLOCATION and matched.endswith("home_coordinates"):
        return _HOME_PHOTO
    one, many = _DETAILS[category]
    found = _INDEX.search(matched)
    if not several or found is None or int(found.group(1)) >= len(_ORDINALS):
        return one
    return many.format(nth=_ORDINALS[int(found.group(1))])


def first_person(label: str) -> str:
    """A detail label as the candidate writes it in a request: 'your home address' -> 'my
    home address'."""
    if label == _DETAILS[Category.FAMILY][0]:
        return "the name of a member of my family"
    return re.sub(r"\byour\b", "my", label)


def source_label(name: str) -> str:
    return SOURCE_LABELS.get(name, f"the {name} check")


_STEP = re.compile(r"(\w+)( \(.*\))?", re.DOTALL)


def plain_step(step: str, scanners: frozenset[str] = frozenset()) -> str:
    """A provenance step in plain words: a scanner's name ('accounts', 'accounts (TikTok)')
    becomes 'the account check (TikTok)'; anything else is left as it is."""
    m = _STEP.fullmatch(step)
    if m is None or (m.group(1) not in SOURCE_LABELS and m.group(1) not in scanners):
        return step
    return source_label(m.group(1)) + (m.group(2) or "")


def sentence(text: str) -> str:
    """Capitalised as a sentence starts: the first letter only ('Where a photo ... GPS')."""
    return text[:1].upper() + text[1:]


def count_word(count: int) -> str:
    """'three': small counts in words, as a reader would say them."""
    return _NUMBERS[count] if 0 <= count < len(_NUMBERS) else str(count)


def number_words(count: int, singular: str, many: str | None = None) -> str:
    """'three details'."""
    return f"{count_word(count)} {singular if count == 1 else (many or singular + 's')}"


def join_words(items: list[str] | tuple[str, ...]) -> str:
    """'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def place_label(kind: LocationKind) -> str:
    return _PLACES[kind][0]
