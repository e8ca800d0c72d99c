"""WhatsMyName-format site lists: loading, validation, request building and classification.

A site list is a JSON file in the WhatsMyName (WMN) format (github.com/WebBreacher/WhatsMyName).
Semantics follow WMN's own checker (scripts/checker/checker.py in that repository):

- `strip_bad_char` characters are removed from the username first;
- `{account}` in `uri_check` / `uri_pretty` / `post_body` is replaced by the username;
- `post_body` present means POST that body (with the site's `headers`), else GET;
- redirects are NOT followed for the check (several sites answer an existing account with 3xx);
- EXISTS when status == e_code and e_string is in the body; else MISSING when status == m_code
  and m_string is in the body; anything else is UNKNOWN (blocked, changed, erroring).

One deliberate difference: WMN pastes the raw username into the URL and lets `requests`
re-quote it, which leaves `/ ? # &` alone, so a username could change the URL's path or query.
We percent-encode every reserved character in URLs. In `post_body` the username goes in
as-is, exactly as WMN does (the bodies are JSON or form templates written around it).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ACCOUNT = "{account}"


class SitesError(ValueError):
    """A site list that cannot be used; str() is a one-line message naming file, site, field."""


class Presence(StrEnum):
    EXISTS = "exists"
    MISSING = "missing"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Site:
    """One WMN site entry."""

    name: str
    uri_check: str
    e_code: int
    e_string: str
    m_code: int
    m_string: str
    known: tuple[str, ...]
    cat: str
    uri_pretty: str | None = None
    post_body: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    strip_bad_char: str = ""
    valid: bool = True
    protection: tuple[str, ...] = ()

    @property
    def method(self) -> str:
        return "POST" if self.post_body is not None else "GET"

    def clean(self, username: str) -> str:
        """The username as this site is asked about it (strip_bad_char removed)."""
        if not self.strip_bad_char:
            return username
        return username.translate(str.maketrans("", "", self.strip_bad_char))

    def check_url(self, username: str) -> str:
        return self.uri_check.replace(ACCOUNT, quote(self.clean(username), safe=""))

    def pretty_url(self, username: str) -> str:
        """The page a person would visit; the check URL when the site has no uri_pretty."""
        template = self.uri_pretty or self.uri_check
        return template.replace(ACCOUNT, quote(self.clean(username), safe=""))

    def body(self, username: str) -> str | None:
        """POST body, or None for GET sites. The username is inserted verbatim, as WMN does."""
        if self.post_body is None:
            return None
        return self.post_body.replace(ACCOUNT, self.clean(username))

    @cached_property
    def _profile_pattern(self) -> re.Pattern[str] | None:
        """Matches this site's profile URLs, capturing the username (None: no profile URL)."""
        template = self.uri_pretty or (self.uri_check if self.post_body is None else None)
        if not template or ACCOUNT not in template or "?" in template:
            return None
        head, _, tail = template.partition(ACCOUNT)
        head = re.sub(r"^https?://(www\.)?", "", head, flags=re.IGNORECASE)
        return re.compile(
            r"https?://(?:www\.)?"
            + re.escape(head)
            + r"([A-Za-z0-9_.\-]{2,40})"
            + re.escape(tail.rstrip("/"))
            + r"/?",
            re.IGNORECASE,
        )

    def username_in(self, url: str) -> str | None:
        """The username when `url` is a profile page on this site (e.g. linked from another)."""
        pattern = self._profile_pattern
        bare = url.split("#", 1)[0].split("?", 1)[0]
        match = pattern.fullmatch(bare) if pattern else None
        return match.group(1) if match else None

    def hosts(self, username: str) -> list[str]:
        """Hosts the username is sent to: the check host, then the profile host if different."""
        found = [urlsplit(self.check_url(username)).hostname or ""]
        if self.uri_pretty:
            pretty = urlsplit(self.pretty_url(username)).hostname or ""
            if pretty not in found:
                found.append(pretty)
        return found


def classify(site: Site, status: int, body_text: str) -> Presence:
    """WMN verdict for one check response; exists is tested first, as WMN's checker does."""
    if status == site.e_code and site.e_string in body_text:
        return Presence.EXISTS
    if status == site.m_code and site.m_string in body_text:
        return Presence.MISSING
    return Presence.UNKNOWN


@dataclass(frozen=True)
class SiteList:
    sites: tuple[Site, ...]
    license: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    source: str = ""

    def valid_sites(self) -> tuple[Site, ...]:
        return tuple(site for site in self.sites if site.valid)


def load_sites(path: Path | str) -> SiteList:
    """Read and validate a WMN-format file; raises SitesError with a one-line message."""
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SitesError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    return parse_sites(raw, where)


def parse_sites(raw: bytes | str, where: str = "<sites>") -> SiteList:
    """Validate WMN-format JSON text. Unknown keys are ignored so newer WMN lists still load."""
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise SitesError(f"{where}: is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SitesError(
            f"{where}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise SitesError(f"{where}: top level must be a JSON object with a 'sites' list")
    top = _Fields(where, "")
    sites_raw = data.get("sites")
    if not isinstance(sites_raw, list):
        raise top.fail("sites", sites_raw, "must be a list of site objects")
    license_raw = data.get("license", [])
    if isinstance(license_raw, str):
        license_raw = [license_raw]
    sites: list[Site] = []
    names: set[str] = set()
    for index, entry in enumerate(sites_raw):
        site = _parse_site(where, index, entry)
        if site.name in names:
            raise _Fields(where, f"site {site.name!r}: ").fail("name", site.name, "duplicate")
        names.add(site.name)
        sites.append(site)
    return SiteList(
        sites=tuple(sites),
        license=top.strings({"license": license_raw}, "license"),
        authors=top.strings(data, "authors"),
        categories=top.strings(data, "categories"),
        source=where,
    )


def _parse_site(where: str, index: int, entry: Any) -> Site:
    if not isinstance(entry, dict):
        raise SitesError(f"{where}: sites[{index}] = {_short(entry)}: must be an object")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SitesError(
            f"{where}: sites[{index}]: name = {_short(name)}: must be a non-empty string"
        )
    f = _Fields(where, f"site {name!r}: ")
    post_body = f.string(entry, "post_body", required=False)
    uri_check = f.url(entry, "uri_check", required=True) or ""
    if post_body is None and ACCOUNT not in uri_check:
        raise f.fail("uri_check", uri_check, "must contain {account} (or give a post_body)")
    if post_body is not None and ACCOUNT not in post_body:
        raise f.fail("post_body", post_body, "must contain {account}")
    uri_pretty = f.url(entry, "uri_pretty", required=False)
    known = f.strings(entry, "known")
    if not known:
        raise f.fail("known", entry.get("known"), "must list at least one existing username")
    valid = entry.get("valid", True)
    if not isinstance(valid, bool):
        raise f.fail("valid", valid, "must be true or false")
    return Site(
        name=name,
        uri_check=uri_check,
        uri_pretty=uri_pretty,
        post_body=post_body,
        headers=f.headers(entry),
        strip_bad_char=f.string(entry, "strip_bad_char", required=False) or "",
        e_code=f.status(entry, "e_code"),
        e_string=f.string(entry, "e_string", required=True) or "",
        m_code=f.status(entry, "m_code"),
        m_string=f.string(entry, "m_string", required=True) or "",
        known=known,
        cat=f.string(entry, "cat", required=True) or "",
        valid=valid,
        protection=f.strings(entry, "protection"),
    )


def _has_host(template: str) -> bool:
    """Whether the URL (with a sample username) parses and names a host: a stray `[` or `]`
    makes urlsplit raise later, when the plan or the scan asks for the host."""
    try:
        return bool(urlsplit(template.replace(ACCOUNT, "user")).hostname)
    except ValueError:
        return False


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Fields:
    """Typed field readers; every failure names the file, the site and the field."""

    def __init__(self, where: str, prefix: str) -> None:
        self.where, self.prefix = where, prefix

    def fail(self, key: str, value: object, problem: str) -> SitesError:
        return SitesError(f"{self.where}: {self.prefix}{key} = {_short(value)}: {problem}")

    def string(self, entry: dict[str, Any], key: str, required: bool) -> str | None:
        value = entry.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            raise self.fail(key, value, "must be a string")
        return value

    def url(self, entry: dict[str, Any], key: str, required: bool) -> str | None:
        value = self.string(entry, key, required)
        if value is not None and not value.startswith(("http://", "https://")):
            raise self.fail(key, value, "must start with http:// or https://")
        if value is not None and not _has_host(value):
            raise self.fail(key, value, "is not a URL with a valid host name")
        return value

    def status(self, entry: dict[str, Any], key: str) -> int:
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
            raise self.fail(key, value, "must be an HTTP status code (100-599)")
        return value

    def strings(self, entry: dict[str, Any], key: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, value, "must be a list of non-empty strings")
        return tuple(value)

    def headers(self, entry: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        value = entry.get("headers", {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise self.fail("headers", value, "must be an object of string values")
        return tuple(value.items())


@functools.cache
def bundled_sites() -> SiteList:
    """The project's own curated list (scanners/accounts/data/sites.json), loaded on first use."""
    ref = resources.files("scanners.accounts").joinpath("data", "sites.json")
    return parse_sites(ref.read_bytes(), "scanners/accounts/data/sites.json")
