"""The people-search site list (data/sites.toml): loaded and validated in one place.

Rules: every site has a name, a host, an https:// `search` URL on that host holding {name}
(and optionally {town}, no other placeholder), `listed` and `no_results` regular expressions
that compile, an https:// `optout` address with one-line `optout_steps`, at least one https://
`source` and a `checked` date; `unconfirmed = true` needs a `note` saying what is known. An
error names the file, the site and the field.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

BUNDLED = Path(__file__).parent / "data" / "sites.toml"
PLACEHOLDERS = frozenset({"name", "town"})
_TEXT = ("name", "host", "search", "listed", "no_results", "optout", "optout_steps")


class SitesError(ValueError):
    """The site list is not valid: the message names the file, site and field."""


@dataclass(frozen=True)
class Site:
    name: str
    host: str
    search: str
    listed: re.Pattern[str]
    no_results: re.Pattern[str]
    optout: str
    optout_steps: str
    source: tuple[str, ...]
    checked: dt.date
    unconfirmed: bool = False
    note: str = ""

    def search_url(self, name: str, town: str) -> str:
        """The search URL for `name` in `town`, each URL-encoded."""
        return self.search.format(name=quote_plus(name.strip()), town=quote_plus(town.strip()))


def _https(value: object, host: str | None = None) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme != "https" or not parts.hostname:
        return False
    return host is None or parts.hostname == host


def _site(raw: object, where: str) -> Site:
    if not isinstance(raw, dict):
        raise SitesError(f"{where}: must be a table")
    for key in _TEXT:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise SitesError(f"{where}: {key} is required (a non-empty string)")
    where = f"{where} ({raw['name']})"
    fields = {f for _, f, _, _ in string.Formatter().parse(raw["search"]) if f is not None}
    if "name" not in fields or not fields <= PLACEHOLDERS:
        raise SitesError(f"{where}: search must hold {{name}} and only {{name}}/{{town}}")
    if not _https(raw["search"].format(name="x", town="y"), raw["host"]):
        raise SitesError(f"{where}: search must be an https:// address on {raw['host']}")
    patterns = {}
    for key in ("listed", "no_results"):
        try:
            patterns[key] = re.compile(raw[key])
        except re.error as exc:
            raise SitesError(f"{where}: {key} is not a regular expression ({exc})") from None
    if not _https(raw["optout"]):
        raise SitesError(f"{where}: optout must be an https:// address")
    if "\n" in raw["optout_steps"]:
        raise SitesError(f"{where}: optout_steps must be one line")
    source = raw.get("source")
    source = [source] if isinstance(source, str) else source
    if not isinstance(source, list) or not source or not all(_https(s) for s in source):
        raise SitesError(f"{where}: source must be one or more https:// addresses")
    checked = raw.get("checked")
    if not isinstance(checked, dt.date) or isinstance(checked, dt.datetime):
        raise SitesError(f"{where}: checked must be a date (e.g. 2026-12-01)")
    unconfirmed = raw.get("unconfirmed", False)
    if not isinstance(unconfirmed, bool):
        raise SitesError(f"{where}: unconfirmed must be true or false")
    note = raw.get("note", "")
    if unconfirmed and (not isinstance(note, str) or not note.strip()):
        raise SitesError(f"{where}: an unconfirmed site needs a note saying what is known")
    return Site(
        raw["name"],
        raw["host"].lower(),
        raw["search"],
        patterns["listed"],
        patterns["no_results"],
        raw["optout"],
        raw["optout_steps"],
        tuple(source),
        checked,
        unconfirmed,
        note if isinstance(note, str) else "",
    )


def load_sites(path: Path) -> tuple[Site, ...]:
    """The sites of `path`, validated (SitesError names the file, site and field)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SitesError(f"{path.name}: cannot be read ({exc})") from None
    raw = data.get("site")
    if not isinstance(raw, list) or not raw:
        raise SitesError(f"{path.name}: site: at least one [[site]] is required")
    sites = tuple(_site(entry, f"{path.name}: site[{i}]") for i, entry in enumerate(raw))
    hosts = [s.host for s in sites]
    if len(set(hosts)) != len(hosts):
        raise SitesError(f"{path.name}: site: each host must appear once")
    return sites


@cache
def bundled_sites() -> tuple[Site, ...]:
    return load_sites(BUNDLED)
