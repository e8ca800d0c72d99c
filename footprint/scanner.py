"""What a scanner is: a small class with metadata as class attributes and one async method.

Scanners fetch; they never judge. They yield Documents (matched by the core matcher),
new Identifiers (fed to scanners that consume that kind), Findings only for facts that are
not content (an account exists), Skipped items (a file or page that could not be read) and
Notes (how it checked, shown beside its coverage).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

import httpx

from footprint.kinds import Kind
from footprint.model import Document, Finding, Identifier


@dataclass(frozen=True)
class Send:
    """Declares that a scanner sends identifiers of `kind` to `host` (shown by `footprint plan`)."""

    kind: Kind
    host: str


@dataclass(frozen=True)
class Skipped:
    """An item a scanner could not read; reported, never fatal."""

    location: str
    reason: str


@dataclass(frozen=True)
class Work:
    """Declares `total` units of work about to be done (e.g. 57 sites): progress and coverage."""

    total: int
    unit: str = "item"


@dataclass(frozen=True)
class Checked:
    """One unit of work done and answered (an account found or known missing)."""

    location: str


@dataclass(frozen=True)
class Note:
    """A fact about how the source checked (robots.txt asks crawlers to skip /drafts/), shown
    beside its coverage in the report. Never a finding, and never counted as a gap."""

    text: str


Event = Document | Identifier | Finding | Skipped | Work | Checked | Note


@dataclass(frozen=True)
class ScanOptions:
    """User choices a scanner may read. Private details are deliberately absent.

    `env` is the environment the engine reads keys and endpoint overrides from; a scanner
    never sees it (its context holds an empty one), only its own `ScanContext.secrets`."""

    paths: tuple[Path, ...] = ()
    sites_file: Path | None = None
    offline: bool = False
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    extract_timeout: float = 30.0  # per document: longer, and it is skipped with a reason
    urls: tuple[str, ...] = ()  # --url: known pages to read, beside the profile's public.urls


@dataclass(frozen=True)
class ScanContext:
    """What one scanner gets: the shared client, the options, the values of the keys it
    declared in `needs` (and no others), and its endpoint (default or overridden)."""

    client: httpx.AsyncClient
    options: ScanOptions
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)
    endpoint: str = ""


class Scanner:
    """Base class. Subclasses set the class attributes and implement `scan`."""

    name: ClassVar[str]
    description: ClassVar[str]
    consumes: ClassVar[frozenset[Kind]] = frozenset()
    produces: ClassVar[frozenset[Kind]] = frozenset()
    sends: ClassVar[tuple[Send, ...]] = ()
    needs: ClassVar[tuple[str, ...]] = ()  # environment variables, e.g. API keys
    network: ClassVar[bool] = True  # False: works with --offline
    unit: ClassVar[str] = "item"  # what its documents are, in "9 of 9 files checked"
    endpoint: ClassVar[str] = ""  # base URL of the service it asks, if any
    endpoint_var: ClassVar[str | None] = None  # default: FOOTPRINT_<NAME>_URL

    def missing_needs(self, env: Mapping[str, str]) -> list[str]:
        return [var for var in self.needs if not env.get(var)]

    @classmethod
    def endpoint_variable(cls) -> str:
        """The environment variable that overrides `endpoint`: FOOTPRINT_<NAME>_URL."""
        return cls.endpoint_var or f"FOOTPRINT_{cls.name.upper()}_URL"

    def endpoint_for(self, env: Mapping[str, str]) -> tuple[str, str]:
        """(base URL, where it came from): the override when set, else the default."""
        variable = self.endpoint_variable()
        override = (env.get(variable) or "").strip()
        if override:
            return override.rstrip("/"), variable
        return self.endpoint, "default"

    def context(self, shared: ScanContext) -> ScanContext:
        """This scanner's own context: its keys only, its endpoint, no environment."""
        env = shared.options.env
        return ScanContext(
            shared.client,
            replace(shared.options, env={}),
            {var: env[var] for var in self.needs if env.get(var)},
            self.endpoint_for(env)[0],
        )

    def check_options(self, options: ScanOptions) -> str:
        """A one-line error for an option this scanner reads but cannot use (checked before
        any work starts), or ""."""
        return ""

    def idle_reason(self, options: ScanOptions) -> str:
        """Why this scanner has nothing to do with these options ("no --path given"), or ""."""
        return ""

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """(value, host) pairs this scanner would send for `identifier`; default from `sends`."""
        if identifier is None:
            return []
        return [(identifier.value, s.host) for s in self.sends if s.kind is identifier.kind]

    def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        """Yield events. Called once per consumed identifier, or once with None if
        `consumes` is empty."""
        raise NotImplementedError
