"""The advice catalogue: removal and minimisation routes, and which findings get which.

Everything lives in reports/data/advice.toml so new UK removal routes are a data change.
The file is read on first use, never at import time.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Advice:
    id: str
    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    advice: tuple[str, ...]
    categories: frozenset[Category] | None = None
    kinds: frozenset[LocationKind] | None = None
    hosts: tuple[str, ...] | None = None
    contexts: frozenset[str] | None = None

    def applies(
        self,
        category: Category,
        kind: LocationKind,
        host: str,
        contexts: frozenset[str] = frozenset(),
    ) -> bool:
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

    source: str
    intro: str
    sections: tuple[Advice, ...]
    red_flags_title: str
    red_flags: tuple[str, ...]
    emergency: str


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
    if not host:
        return LocationKind.FILE
    if any(_host_within(host, h) for h in catalogue.account_hosts):
        return LocationKind.ACCOUNT
    return LocationKind.WEB


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
        if rule.applies(finding.category, kind, host, contexts):
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


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    """Build and cross-check a catalogue; raises CatalogueError naming the bad entry."""
    advice = {
        key: Advice(key, _text(entry, "title", key), _texts(entry, "steps", key))
        for key, entry in data.get("advice", {}).items()
    }
    rules = tuple(_rule(i, raw, advice) for i, raw in enumerate(data.get("rule", [])))
    kinds = data.get("kinds", {})
    account_hosts = tuple(h.lower() for h in kinds.get("account_hosts", []))
    raw_guide = data.get("guide", {})
    sections = tuple(
        Advice(_text(s, "id", "guide"), _text(s, "title", "guide"), _texts(s, "steps", "guide"))
        for s in raw_guide.get("section", [])
    )
    the_guide = Guide(
        source=_text(raw_guide, "source", "guide"),
        intro=_text(raw_guide, "intro", "guide"),
        sections=sections,
        red_flags_title=_text(raw_guide, "red_flags_title", "guide"),
        red_flags=_texts(raw_guide, "red_flags", "guide"),
        emergency=_text(raw_guide, "emergency", "guide"),
    )
    return Catalogue(advice, rules, account_hosts, the_guide)


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
    unknown = set(raw) - {"advice", "categories", "kinds", "hosts", "contexts"}
    if unknown:
        raise CatalogueError(f"advice data: {where} has unknown keys {sorted(unknown)}")
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
    contexts = frozenset(_texts(raw, "contexts", where)) if "contexts" in raw else None
    if contexts is not None and not contexts <= CONTEXTS:
        unknown_contexts = sorted(contexts - CONTEXTS)
        raise CatalogueError(f"advice data: {where} names unknown contexts {unknown_contexts}")
    return Rule(ids, categories, kinds, hosts, contexts)


def _optional(raw: dict[str, Any], key: str, enum: type[_E]) -> frozenset[_E] | None:
    if key not in raw:
        return None
    return frozenset(enum(v) for v in raw[key])
