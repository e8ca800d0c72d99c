"""Ready-to-send requests: one for every action at a public place (a web page or an account).

Which request (reports/data/requests.toml, [select]): a web archive's capture gets the
archive's exclusion request; a register kept by law (Companies House) its own route; a search
engine's result the search engines' removal forms; a site with its own removal form that form;
anything else a UK GDPR Article 17 erasure request. Each is pre-filled with the page, what it
shows (categories; the text as found only when the report is revealed), the legal basis and
the one-month time limit.

Requests are built from the view's strings (already cleaned and redacted unless revealed), so
they hold nothing a report in the same mode would not show. `write_requests` saves them as
private files, one per action.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from footprint import privatefile
from reports.advice import host_of

PLACEHOLDERS = frozenset({"name", "url", "url_note", "details", "date", "link"})
_TEMPLATES = ("erasure", "archive", "search", "optout", "register")
_SLUG = re.compile(r"[^a-z0-9.-]+")


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class RequestData:
    templates: Mapping[str, Template]
    archive_hosts: tuple[str, ...]
    register_routes: frozenset[str]
    search_sources: frozenset[str]
    optout: Mapping[str, str]  # host -> its removal form
    account_note: str  # said before an erasure request for an account page


@dataclass(frozen=True)
class RequestView:
    """One ready-to-send request, as every format shows it."""

    kind: str  # a template name: "erasure", "archive", "search", "optout" or "register"
    title: str
    to: str
    link: str  # the site's own form, or ""
    subject: str
    body: str
    file_name: str  # "03-erasure-parish-news.example.txt": no private value, ever
    note: str = ""  # for the candidate, not the recipient: "if this account is yours..."

    @property
    def text(self) -> str:
        """The whole request as one plain-text block (the file's content)."""
        before = f"Before you send this: {self.note}\n\n" if self.note else ""
        return f"{before}To: {self.to}\nSubject: {self.subject}\n\n{self.body}\n"


@dataclass(frozen=True)
class RequestInput:
    """What a request is built from: view strings, cleaned and redacted unless revealed."""

    number: int  # the action's number in the plan
    location: str  # exact: only its host is read, to choose the template
    shown_location: str  # as the report shows it
    location_hidden: bool  # redaction changed the shown location
    route: str | None
    sources: frozenset[str]
    details: tuple[tuple[str, str], ...]  # (plain label, text as found: "" unless revealed)
    name: str  # the candidate's public name
    date: str  # "25 November 2026"
    account: bool = False  # an account or profile page: it may be the candidate's own


def choose(item: RequestInput, data: RequestData | None = None) -> str:
    """The template name for an action (see the module docstring for the order)."""
    data = data or request_data()
    host = host_of(item.location)
    if any(_within(host, h) for h in data.archive_hosts):
        return "archive"
    if item.route in data.register_routes:
        return "register"
    if item.sources & data.search_sources:
        return "search"
    if _optout(host, data):
        return "optout"
    return "erasure"


def build_request(item: RequestInput) -> RequestView:
    data = request_data()
    kind = choose(item, data)
    template = data.templates[kind]
    link = _optout(host_of(item.location), data) if kind == "optout" else ""
    note = (
        "(Part of this address is hidden because it shows one of your details: run the scan "
        "with --reveal to fill it in.)\n"
        if item.location_hidden
        else ""
    )
    lines = [f"- {label}: {found}" if found else f"- {label}" for label, found in item.details]
    values = {
        "name": item.name,
        "url": item.shown_location,
        "url_note": note,
        "details": "\n".join(dict.fromkeys(lines)),
        "date": item.date,
        "link": link,
    }
    # Placeholders were checked at load: only the template is formatted, never a value.
    return RequestView(
        kind=kind,
        title=template.title,
        to=template.to.format_map(values),
        link=link,
        subject=template.subject.format_map(values),
        body=template.body.format_map(values).strip(),
        file_name=_file_name(item, kind),
        note=data.account_note if item.account and kind == "erasure" else "",
    )


def _optout(host: str, data: RequestData) -> str:
    return next((url for h, url in data.optout.items() if host and _within(host, h)), "")


def _within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _file_name(item: RequestInput, kind: str) -> str:
    """Numbered by the plan; the host only when the report shows it unchanged (a host can
    itself show a detail) and it is plain: letters, digits, dots and hyphens."""
    host = host_of(item.location)
    slug = _SLUG.sub("-", host.lower()).strip(".-")[:60]
    shown = bool(host) and host in item.shown_location and not item.location_hidden
    tail = f"-{slug}" if slug and shown else ""
    return f"{item.number:02d}-{kind}{tail}.txt"


def write_requests(folder: Path, requests: Iterable[RequestView]) -> list[Path]:
    """Write each request to its own new private file (0600, never through a symlink, never
    over an existing file: a taken name gets '-2', '-3'...). Creates `folder` (0700) if it
    does not exist. Returns the paths written; raises OSError on the first failure."""
    folder = Path(folder)
    if not folder.exists():
        folder.mkdir(mode=0o700)
    written: list[Path] = []
    for request in requests:
        stem, suffix = request.file_name.rsplit(".", 1)
        for n in range(1, 1000):
            path = folder / (f"{stem}.{suffix}" if n == 1 else f"{stem}-{n}.{suffix}")
            try:
                privatefile.create(path, request.text)
            except FileExistsError:
                continue
            written.append(path)
            break
        else:
            raise FileExistsError(f"{folder}: no free name for {request.file_name}")
    return written


def unusable_folder(folder: Path) -> str | None:
    """Why requests could not be written to `folder` (a short phrase), or None if they can:
    it is an existing folder footprint can write in, or a new one whose parent exists."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        return "is a file, not a folder"
    if folder.is_dir():
        return privatefile.unwritable(folder / "request.txt")
    parent = folder.parent
    if not parent.is_dir():
        return f"folder {str(parent)!r} does not exist"
    return privatefile.unwritable(parent / "request.txt")


@cache
def request_data() -> RequestData:
    text = resources.files("reports").joinpath("data/requests.toml").read_text(encoding="utf-8")
    return parse_request_data(tomllib.loads(text))


class RequestDataError(ValueError):
    """reports/data/requests.toml is inconsistent (a bug in the shipped data)."""


def parse_request_data(raw: dict[str, Any]) -> RequestData:
    """Build and cross-check the request data; raises RequestDataError naming the bad entry."""
    templates = {}
    for name in _TEMPLATES:
        entry = raw.get("template", {}).get(name)
        if not isinstance(entry, dict):
            raise RequestDataError(f"request data: [template.{name}] is missing")
        parts = {key: _str(entry, key, f"template.{name}") for key in ("title", "to", "subject")}
        parts["body"] = _str(entry, "body", f"template.{name}")
        for key, text in parts.items():
            _check_placeholders(text, f"template.{name}.{key}")
        templates[name] = Template(name, **parts)
    select = raw.get("select", {})
    optout = raw.get("optout", {})
    for host, url in optout.items():
        if not isinstance(url, str) or not url.startswith("https://"):
            raise RequestDataError(f"request data: optout.{host} must be an https:// address")
    return RequestData(
        templates=templates,
        archive_hosts=tuple(h.lower() for h in _strs(select, "archive_hosts")),
        register_routes=frozenset(_strs(select, "register_routes")),
        search_sources=frozenset(_strs(select, "search_sources")),
        optout={h.lower(): u for h, u in optout.items()},
        account_note=_str(raw.get("notes", {}), "account", "notes"),
    )


def _check_placeholders(text: str, where: str) -> None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise RequestDataError(f"request data: {where}: {exc}") from None
    unknown = sorted(set(fields) - PLACEHOLDERS)
    if unknown:
        raise RequestDataError(f"request data: {where}: unknown placeholders {unknown}")


def _str(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RequestDataError(f"request data: {where}.{key} must be a non-empty string")
    return value.strip()


def _strs(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RequestDataError(f"request data: select.{key} must be a list of strings")
    return value
