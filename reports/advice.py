"""The advice catalogue: removal and minimisation routes, and which findings get which.

Everything lives in reports/data/advice.toml so new UK removal routes are a data change.
The file is read on first use, never at import time. Every entry says where its facts come
from (`source`, one or more http(s) URLs) and when they were last checked (`checked`, a
date); a route that only exists in some UK nations lists them (`nations`) and says what
applies elsewhere (`differs`). A malformed file is a CatalogueError naming the entry.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import urlsplit

from footprint.matcher.imprint import is_imprint_note
from footprint.model import Category, Finding

_E = TypeVar("_E", bound=StrEnum)


class LocationKind(StrEnum):
    """Where a finding was seen, which decides the removal route."""

    WEB = "web"
    FILE = "file"
    ACCOUNT = "account"
    SEARCH = "search"  # a search engine's result: its title, snippet and address


class Nation(StrEnum):
    """The UK nations a route can be limited to (most routes apply UK-wide)."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"


@dataclass(frozen=True)
class Advice:
    id: str
    title: str
    steps: tuple[str, ...]
    sources: tuple[str, ...] = ()  # where the facts come from (http(s) URLs)
    checked: dt.date | None = None  # when the sources were last checked
    nations: tuple[Nation, ...] = ()  # () means the whole UK; else in Nation order
    differs: str = ""  # what applies in the nations not listed (set with `nations`)


@dataclass(frozen=True)
class Rule:
    advice: tuple[str, ...]
    categories: frozenset[Category] | None = None
    kinds: frozenset[LocationKind] | None = None
    hosts: tuple[str, ...] | None = None
    sources: frozenset[str] | None = None  # scanner names, e.g. "rdap"
    contexts: frozenset[str] | None = None  # what the matcher noted, e.g. "imprint"

    def applies(
        self,
        category: Category,
        kind: LocationKind,
        host: str,
        source: str = "",
        contexts: frozenset[str] = frozenset(),
    ) -> bool:
        if self.sources is not None and source not in self.sources:
            return False
        if self.categories is not None and category not in self.categories:
            return False
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.contexts is not None and not self.contexts & contexts:
            return False
        return self.hosts is None or any(_host_within(host, h) for h in self.hosts)


@dataclass(frozen=True)
class Guide:
    """General safety advice for candidates (police / CPS / Electoral Commission guidance)."""

    source: str  # the attribution line shown under the guide; `sources` are its URLs
    intro: str
    sections: tuple[Advice, ...]
    red_flags_title: str
    red_flags: tuple[str, ...]
    emergency: str
    sources: tuple[str, ...] = ()
    checked: dt.date | None = None


@dataclass(frozen=True)
class Catalogue:
    advice: Mapping[str, Advice]
    rules: tuple[Rule, ...]
    account_hosts: tuple[str, ...]
    guide: Guide


class CatalogueError(ValueError):
    """The advice data file is inconsistent (a bug in the shipped data)."""


def _host_within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def host_of(location: str) -> str:
    """Lower-case host of an http(s) location, '' for anything else (files, odd schemes)."""
    try:
        parts = urlsplit(location.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    return (parts.hostname or "").rstrip(".")


def location_kind(
    finding: Finding,
    catalogue: Catalogue | None = None,
    account_pages: frozenset[str] = frozenset(),
) -> LocationKind:
    """`account_pages`: locations where the scan found an account, so a profile page."""
    catalogue = catalogue or load_catalogue()
    host = host_of(finding.location)
    if finding.category is Category.ACCOUNT or finding.location in account_pages:
        return LocationKind.ACCOUNT
    if search_result(finding):
        return LocationKind.SEARCH
    if not host:
        return LocationKind.FILE
    if any(_host_within(host, h) for h in catalogue.account_hosts):
        return LocationKind.ACCOUNT
    return LocationKind.WEB


def search_result(finding: Finding) -> bool:
    """A result as the search scanner saw it on a search engine: its location is the
    engine's results page with the result's address after '#' (scanners/search)."""
    if finding.source != "search" or not host_of(finding.location):
        return False
    _, _, target = finding.location.partition("#")
    return bool(host_of(target))


CONTEXTS = frozenset({"imprint"})


def finding_contexts(finding: Finding) -> frozenset[str]:
    """What the matcher said about where in the document it was ("imprint": in an election
    imprint), for rules that name `contexts`."""
    return frozenset({"imprint"}) if is_imprint_note(finding.note) else frozenset()


def advice_for(finding: Finding, account_pages: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Advice ids for a finding, most specific first, no duplicates."""
    catalogue = load_catalogue()
    kind = location_kind(finding, catalogue, account_pages)
    host = host_of(finding.location)
    contexts = finding_contexts(finding)
    ids: dict[str, None] = {}
    for rule in catalogue.rules:
        if rule.applies(finding.category, kind, host, finding.source, contexts):
            ids.update(dict.fromkeys(rule.advice))
    return tuple(ids)


def guide() -> Guide:
    return load_catalogue().guide


class _LazyAdvice(Mapping[str, Advice]):
    """`ADVICE[id]`: a read-only view that loads the catalogue on first access."""

    def __getitem__(self, key: str) -> Advice:
        return load_catalogue().advice[key]

    def __iter__(self) -> Iterator[str]:
        return iter(load_catalogue().advice)

    def __len__(self) -> int:
        return len(load_catalogue().advice)


ADVICE: Mapping[str, Advice] = _LazyAdvice()


@cache
def load_catalogue() -> Catalogue:
    text = resources.files("reports").joinpath("data/advice.toml").read_text(encoding="utf-8")
    return parse_catalogue(tomllib.loads(text))


_TOP_KEYS = frozenset({"kinds", "rule", "advice", "guide"})
_ADVICE_KEYS = frozenset({"title", "steps", "source", "checked", "nations", "differs"})
_GUIDE_KEYS = frozenset(
    {"source", "sources", "checked", "intro", "red_flags_title", "red_flags", "emergency"}
    | {"section"}
)


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    """Build and cross-check a catalogue; raises CatalogueError naming the bad entry."""
    _known_keys(data, _TOP_KEYS, "the file")
    raw_advice = _table(data, "advice", "the file")
    advice = {key: _advice(key, entry, f"advice.{key}") for key, entry in raw_advice.items()}
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise CatalogueError("advice data: [[rule]] must be a list of tables")
    rules = tuple(_rule(i, raw, advice) for i, raw in enumerate(raw_rules))
    kinds = _table(data, "kinds", "the file")
    _known_keys(kinds, frozenset({"account_hosts"}), "kinds")
    hosts = kinds.get("account_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        raise CatalogueError("advice data: kinds.account_hosts must be a list of host names")
    account_hosts = tuple(h.lower() for h in hosts)
    return Catalogue(advice, rules, account_hosts, _guide(_table(data, "guide", "the file")))


def _guide(raw: dict[str, Any]) -> Guide:
    _known_keys(raw, _GUIDE_KEYS, "guide")
    raw_sections = raw.get("section", [])
    if not isinstance(raw_sections, list) or not all(isinstance(s, dict) for s in raw_sections):
        raise CatalogueError("advice data: [[guide.section]] must be a list of tables")
    sections = []
    for i, section in enumerate(raw_sections):
        where = f"guide.section[{i}]"
        section_id = _text(section, "id", where)
        body = {k: v for k, v in section.items() if k != "id"}
        sections.append(_advice(section_id, body, f"{where} ({section_id})"))
    return Guide(
        source=_text(raw, "source", "guide"),
        intro=_text(raw, "intro", "guide"),
        sections=tuple(sections),
        red_flags_title=_text(raw, "red_flags_title", "guide"),
        red_flags=_texts(raw, "red_flags", "guide"),
        emergency=_text(raw, "emergency", "guide"),
        sources=_urls(raw, "sources", "guide"),
        checked=_date(raw, "checked", "guide"),
    )


def _advice(key: str, entry: Any, where: str) -> Advice:
    if not isinstance(entry, dict):
        raise CatalogueError(f"advice data: {where} must be a table")
    _known_keys(entry, _ADVICE_KEYS, where)
    nations = _nations(entry, where)
    differs = entry.get("differs", "")
    if not isinstance(differs, str):
        raise CatalogueError(f"advice data: {where}.differs must be a string")
    if nations and not differs.strip():
        raise CatalogueError(
            f"advice data: {where} is limited to {[n.value for n in nations]}: "
            "say what applies in the other nations in `differs`"
        )
    if differs and not nations:
        raise CatalogueError(f"advice data: {where}.differs needs `nations`")
    return Advice(
        key,
        _text(entry, "title", where),
        _texts(entry, "steps", where),
        _urls(entry, "source", where),
        _date(entry, "checked", where),
        nations,
        differs.strip(),
    )


def _known_keys(entry: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise CatalogueError(f"advice data: {where} has unknown keys {sorted(unknown)}")


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CatalogueError(f"advice data: {key} in {where} must be a table")
    return value


def _urls(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """One URL or a list of them; each a plain http(s) URL with a host."""
    value = entry.get(key)
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise CatalogueError(f"advice data: {where}.{key} must be a URL or a list of URLs")
    for url in values:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise CatalogueError(f"advice data: {where}.{key}: {url!r} is not an http(s) URL")
        if url != url.strip() or any(c.isspace() for c in url):
            raise CatalogueError(f"advice data: {where}.{key}: {url!r} contains spaces")
    return tuple(values)


def _date(entry: dict[str, Any], key: str, where: str) -> dt.date:
    value = entry.get(key)
    # tomllib gives a date for 2026-12-01 and a datetime for 2026-12-01T10:00: only the first.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise CatalogueError(f"advice data: {where}.{key} must be a date such as 2026-12-01")
    return value


def _nations(entry: dict[str, Any], where: str) -> tuple[Nation, ...]:
    if "nations" not in entry:
        return ()
    raw = entry["nations"]
    if not isinstance(raw, list) or not raw or not all(isinstance(n, str) for n in raw):
        raise CatalogueError(f"advice data: {where}.nations must be a non-empty list")
    try:
        given = {Nation(n) for n in raw}
    except ValueError as exc:
        raise CatalogueError(f"advice data: {where}.nations: {exc}") from None
    if len(given) != len(raw) or given == set(Nation):
        raise CatalogueError(
            f"advice data: {where}.nations must list each nation once and not all four "
            "(leave it out for a UK-wide route)"
        )
    return tuple(n for n in Nation if n in given)


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"advice data: {where}.{key} must be a non-empty string")
    return value.strip()


def _texts(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise CatalogueError(f"advice data: {where}.{key} must be a non-empty list of strings")
    return tuple(v.strip() for v in value)


def _rule(index: int, raw: dict[str, Any], advice: Mapping[str, Advice]) -> Rule:
    where = f"rule[{index}]"
    _known_keys(
        raw, frozenset({"advice", "categories", "kinds", "hosts", "sources", "contexts"}), where
    )
    ids = _texts(raw, "advice", where)
    for advice_id in ids:
        if advice_id not in advice:
            raise CatalogueError(f"advice data: {where} names unknown advice {advice_id!r}")
    try:
        categories = _optional(raw, "categories", Category)
        kinds = _optional(raw, "kinds", LocationKind)
    except ValueError as exc:
        raise CatalogueError(f"advice data: {where}: {exc}") from None
    hosts = tuple(h.lower() for h in _texts(raw, "hosts", where)) if "hosts" in raw else None
    sources = frozenset(_texts(raw, "sources", where)) if "sources" in raw else None
    contexts = frozenset(_texts(raw, "contexts", where)) if "contexts" in raw else None
    if contexts is not None and not contexts <= CONTEXTS:
        unknown_contexts = sorted(contexts - CONTEXTS)
        raise CatalogueError(f"advice data: {where} names unknown contexts {unknown_contexts}")
    return Rule(ids, categories, kinds, hosts, sources, contexts)


def _optional(raw: dict[str, Any], key: str, enum: type[_E]) -> frozenset[_E] | None:
    if key not in raw:
        return None
    values = raw[key]
    if not isinstance(values, list) or not values:
        raise ValueError(f"{key} must be a non-empty list")
    return frozenset(enum(v) for v in values)
