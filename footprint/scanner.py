"""What a scanner is: a small class with metadata as class attributes and one async method.

Scanners fetch; they never judge. They yield Documents (matched by the core matcher),
new Identifiers (fed to scanners that consume that kind), Findings only for facts that are
not content (an account exists), Skipped items (a file or page that could not be read), and
Notes: facts worth saying that are not exposures ("registration details are protected",
"robots.txt asks crawlers to skip /drafts/"), shown with the source's status.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import httpx

from footprint.kinds import Kind
from footprint.model import Document, Finding, Identifier
from footprint.resume import TaskOutcome


@dataclass(frozen=True)
class Send:
    """Declares that a scanner sends identifiers of `kind` to `host` (shown by `footprint plan`)."""

    kind: Kind
    host: str


@dataclass(frozen=True)
class Endpoint:
    """A further service a scanner asks besides its main `endpoint` (one search backend of
    several): its default base URL ("" for none: the service is off unless configured) and
    the environment variable that overrides it."""

    name: str
    default: str
    variable: str
    rate: tuple[float, int] | None = None  # (per second, burst) it documents, as endpoint_rate


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
    """One unit of work done and answered (an account found or known missing). `data` is
    what the scanner needs to answer the unit again without redoing it if the scan is
    resumed (footprint.resume.recorded: a crawled page's links); stored locally only."""

    location: str
    data: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class Note:
    """A fact worth telling the user that is not an exposure: a good outcome ("registration
    details of example.co.uk are protected") or how the source checked ("robots.txt asks
    crawlers to skip /drafts/"). Shown with the source's status; never a finding or a gap."""

    text: str


Event = Document | Identifier | Finding | Skipped | Work | Checked | Note


class SourceFailed(Exception):
    """Raised by a scanner when the whole source cannot work (its API key was refused): the
    message is the one-line reason the report gives, as written."""


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
    consent: tuple[str, ...] = ()  # --consent: scanners allowed to send what they ask consent for
    area: str = ""  # the profile's (public) area, searched with the name; set by run and plan
    cache_dir: Path | None = None  # downloaded reference data (footprint.cachedir); None: none


@dataclass(frozen=True)
class ScanContext:
    """What one scanner gets: the shared client, the options, the values of the keys it
    declared in `needs` and `wants` (and no others), and its endpoints (default or
    overridden): `endpoint`, and `endpoints` by name for those it declares in `endpoints`."""

    client: httpx.AsyncClient
    options: ScanOptions
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)
    endpoint: str = ""
    endpoints: Mapping[str, str] = field(default_factory=dict)


class Scanner:
    """Base class. Subclasses set the class attributes and implement `scan`."""

    name: ClassVar[str]
    description: ClassVar[str]
    consumes: ClassVar[frozenset[Kind]] = frozenset()
    produces: ClassVar[frozenset[Kind]] = frozenset()
    sends: ClassVar[tuple[Send, ...]] = ()
    needs: ClassVar[tuple[str, ...]] = ()  # environment variables, e.g. API keys
    # Optional keys: passed to the scanner when set, never required (a key raising a rate
    # limit, or one search backend of several). Masked in reports like `needs`.
    wants: ClassVar[tuple[str, ...]] = ()
    network: ClassVar[bool] = True  # False: works with --offline
    unit: ClassVar[str] = "item"  # what its documents are, in "9 of 9 files checked"
    endpoint: ClassVar[str] = ""  # base URL of the service it asks, if any
    endpoint_var: ClassVar[str | None] = None  # default: FOOTPRINT_<NAME>_URL
    # (requests per second, burst) its endpoint's host allows, when the service documents a
    # limit: applied to that host (the default endpoint or its override) for the whole scan.
    endpoint_rate: ClassVar[tuple[float, int] | None] = None
    endpoints: ClassVar[tuple[Endpoint, ...]] = ()  # further services, each overridable
    # Private kinds it may send, only with the user's `--consent NAME` (footprint.consent):
    # then, and only then, the engine gives it the profile's private values of these kinds and
    # the wire guard lets exactly those through. `consent_reason` says why, for `plan`.
    consent_sends: ClassVar[frozenset[Kind]] = frozenset()
    consent_reason: ClassVar[str] = ""
    # Whether its tasks share state (bounds for the whole scan, what one lookup leaves to
    # another): then a finished task's outcome keeps the data of its units, and a resumed scan
    # gives it back to `replayed` instead of running the task (footprint.resume).
    shares_state: ClassVar[bool] = False

    def missing_needs(self, env: Mapping[str, str]) -> list[str]:
        return [var for var in self.needs if not env.get(var)]

    @classmethod
    def endpoint_variable(cls) -> str:
        """The environment variable that overrides `endpoint`: FOOTPRINT_<NAME>_URL."""
        return cls.endpoint_var or f"FOOTPRINT_{cls.name.upper()}_URL"

    def endpoint_host(self, env: Mapping[str, str]) -> str:
        """The host of the endpoint in use (default or override), for `planned()`; the base
        as written when it has none."""
        base = self.endpoint_for(env)[0]
        try:
            return urlsplit(base).hostname or base
        except ValueError:
            return base

    def endpoint_for(self, env: Mapping[str, str]) -> tuple[str, str]:
        """(base URL, where it came from): the override when set, else the default."""
        variable = self.endpoint_variable()
        override = (env.get(variable) or "").strip()
        if override:
            return override.rstrip("/"), variable
        return self.endpoint, "default"

    def endpoints_for(self, env: Mapping[str, str]) -> dict[str, tuple[str, str]]:
        """Each of `endpoints` by name: (base URL, where it came from), like `endpoint_for`."""
        found = {}
        for service in self.endpoints:
            override = (env.get(service.variable) or "").strip()
            if override:
                found[service.name] = (override.rstrip("/"), service.variable)
            else:
                found[service.name] = (service.default, "default")
        return found

    def host_rate(self, env: Mapping[str, str]) -> tuple[str, float, int] | None:
        """(host, rate, burst) for `NetSettings.host_rates` from `endpoint_rate`, or None."""
        if self.endpoint_rate is None:
            return None
        try:
            host = urlsplit(self.endpoint_for(env)[0]).hostname
        except ValueError:  # a malformed override: the request itself will fail and say so
            host = None
        return (host, *self.endpoint_rate) if host else None

    def host_rates(self, env: Mapping[str, str]) -> list[tuple[str, float, int]]:
        """(host, rate, burst) of every service with a documented limit: the endpoint's
        (`host_rate`) and each of `endpoints` that declares a `rate`, at its host (default or
        override)."""
        found = [rate] if (rate := self.host_rate(env)) is not None else []
        bases = self.endpoints_for(env)
        for service in self.endpoints:
            if service.rate is None:
                continue
            try:
                host = urlsplit(bases[service.name][0]).hostname
            except ValueError:  # a malformed override: check_options or the request says so
                host = None
            if host:
                found.append((host, *service.rate))
        return found

    def context(self, shared: ScanContext) -> ScanContext:
        """This scanner's own context: its keys only, its endpoints, no environment."""
        env = shared.options.env
        return ScanContext(
            shared.client,
            replace(shared.options, env={}),
            {var: env[var] for var in (*self.needs, *self.wants) if env.get(var)},
            self.endpoint_for(env)[0],
            {name: url for name, (url, _) in self.endpoints_for(env).items()},
        )

    def check_options(self, options: ScanOptions) -> str:
        """A one-line error for an option this scanner reads but cannot use (checked before
        any work starts), or "". The default checks the endpoint override is a web address;
        a scanner adding checks of its own calls it too."""
        variable = self.endpoint_variable()
        value = (options.env.get(variable) or "").strip()
        if not value or not self.endpoint:
            return ""
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"{variable} {value!r}: must be a web address starting with http:// or https://"
        return ""

    def idle_reason(self, options: ScanOptions) -> str:
        """Why this scanner has nothing to do with these options ("no --path given"), or ""."""
        return ""

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """(value, host) pairs this scanner would send for `identifier`; default from `sends`."""
        if identifier is None:
            return []
        return [(identifier.value, s.host) for s in self.sends if s.kind is identifier.kind]

    def replayed(self, identifier: Identifier | None, outcome: TaskOutcome) -> None:
        """A task an earlier run of this scan finished, not run again (--resume): a scanner
        that `shares_state` takes back what it had used (its `outcome.units` hold the data
        of the units it checked)."""

    def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        """Yield events. Called once per consumed identifier, or once with None if
        `consumes` is empty."""
        raise NotImplementedError
