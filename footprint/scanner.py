"""What a scanner is: a small class with metadata as class attributes and one async method.

Scanners fetch; they never judge. They yield Documents (matched by the core matcher),
new Identifiers (fed to scanners that consume that kind), Findings only for facts that are
not content (an account exists), and Skipped items (a file or page that could not be read).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
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


Event = Document | Identifier | Finding | Skipped | Work | Checked


@dataclass(frozen=True)
class ScanOptions:
    """User choices a scanner may read. Private details are deliberately absent."""

    paths: tuple[Path, ...] = ()
    sites_file: Path | None = None
    offline: bool = False
    env: Mapping[str, str] = field(default_factory=dict)
    extract_timeout: float = 30.0  # per document: longer, and it is skipped with a reason


@dataclass(frozen=True)
class ScanContext:
    client: httpx.AsyncClient
    options: ScanOptions


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

    def missing_needs(self, env: Mapping[str, str]) -> list[str]:
        return [var for var in self.needs if not env.get(var)]

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
