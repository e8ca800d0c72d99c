"""The subject profile: who is being checked, what must stay private, what is public on purpose."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers

from footprint.address import parse_uk_address
from footprint.kinds import Kind
from footprint.model import Identifier
from footprint.placeholders import is_template_example
from footprint.tomlerror import describe as describe_toml_error
from footprint.ukphone import length_problem as uk_length_problem


class ProfileError(ValueError):
    """Bad profile input; str() is the one-line message the CLI prints:
    `path: key = 'value': problem`, with `line L[, column C]: ` after the path when known, and
    just `path: problem` when no key is involved (a missing file, a TOML syntax error)."""

    def __init__(
        self,
        path: str,
        key: str,
        value: object,
        problem: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path, self.key, self.value, self.problem = path, key, value, problem
        self.line, self.column = line, column
        where = path
        if line is not None:
            where += f": line {line}" + (f", column {column}" if column is not None else "")
        super().__init__(f"{where}: {key} = {value!r}: {problem}" if key else f"{where}: {problem}")


class _AsWritten(str):
    """A value exactly as written in the TOML file: shown without quotes in messages."""

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class PrivateDetails:
    """Must NOT be public: every hit is an exposure. Never sent off the machine."""

    home_addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    family: tuple[str, ...] = ()
    home_coordinates: tuple[float, float] | None = None

    @property
    def empty(self) -> bool:
        """No private detail at all: a scan of this profile can find nothing."""
        return self == PrivateDetails()


@dataclass(frozen=True)
class PublicIdentifiers:
    """Public on purpose: search keys, never flagged."""

    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    usernames: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    name: str
    aliases: tuple[str, ...] = ()
    area: str | None = None
    private: PrivateDetails = PrivateDetails()
    public: PublicIdentifiers = PublicIdentifiers()

    def seeds(self) -> list[Identifier]:
        """The public identifiers scanners may search by. Private details never appear here."""
        pairs = [(Kind.NAME, n) for n in (self.name, *self.aliases)]
        pairs += [(Kind.USERNAME, u) for u in self.public.usernames]
        pairs += [(Kind.EMAIL, e) for e in self.public.emails]
        pairs += [(Kind.PHONE, p) for p in self.public.phones]
        pairs += [(Kind.DOMAIN, d) for d in self.public.domains]
        pairs += [(Kind.URL, u) for u in self.public.urls]
        # Own sites, to crawl: each domain's home page and each URL given.
        pairs += [(Kind.SITE, f"https://{d}/") for d in self.public.domains]
        pairs += [(Kind.SITE, u) for u in self.public.urls]
        return [Identifier(kind, value) for kind, value in pairs]


_TOP_KEYS = {"name", "aliases", "area", "private", "public"}
_PRIVATE_KEYS = {"home_address", "phones", "emails", "date_of_birth", "family", "home_coordinates"}
_PUBLIC_KEYS = {"emails", "phones", "usernames", "domains", "urls"}


def load_profile(path: Path | str) -> Profile:
    """Read and validate a profile TOML file; raises ProfileError with a one-line message."""
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ProfileError(where, "", None, "no such file") from None
    except IsADirectoryError:
        raise ProfileError(where, "", None, "is a folder, not a profile file") from None
    except OSError as exc:
        raise ProfileError(where, "", None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM, as some Windows editors write, is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError(where, "", None, "is not UTF-8 text", line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(where, text, exc) from None
    return parse_profile(data, where)


def _syntax_error(where: str, text: str, exc: tomllib.TOMLDecodeError) -> ProfileError:
    found = describe_toml_error(text, exc)
    if found.key is not None and found.value is not None:
        # The key and value already say where on the line.
        return ProfileError(where, found.key, _AsWritten(found.value), found.problem, found.line)
    problem = f"invalid TOML: {found.problem}"
    return ProfileError(where, "", None, problem, found.line, found.column)


def parse_profile(data: dict[str, Any], where: str = "<profile>") -> Profile:
    v = _Validator(where)
    v.unknown(data, _TOP_KEYS, "")
    name = v.string(data, "name", required=True)
    aliases = v.strings(data, "aliases")
    area = v.string(data, "area")
    private = v.table(data, "private", _PRIVATE_KEYS)
    public = v.table(data, "public", _PUBLIC_KEYS)
    profile = Profile(
        name=name or "",
        aliases=aliases,
        area=area,
        private=PrivateDetails(
            home_addresses=v.addresses(private, "private.home_address"),
            phones=v.phones(private, "private.phones"),
            emails=v.emails(private, "private.emails"),
            date_of_birth=v.date(private, "private.date_of_birth"),
            family=v.strings(private, "private.family"),
            home_coordinates=v.coordinates(private, "private.home_coordinates"),
        ),
        public=PublicIdentifiers(
            emails=v.emails(public, "public.emails"),
            phones=v.phones(public, "public.phones"),
            usernames=v.usernames(public, "public.usernames"),
            domains=v.domains(public, "public.domains"),
            urls=v.urls(public, "public.urls"),
        ),
    )
    v.no_template_examples(profile)
    v.no_detail_both_private_and_public(profile)
    return profile


def _listed(path: str, values: tuple[str, ...], bare_if_one: bool = False) -> list[tuple[str, str]]:
    """(path[i], value) pairs, as messages name list items; `bare_if_one` for a key that may be a
    single string (home_address)."""
    if bare_if_one and len(values) == 1:
        return [(path, values[0])]
    return [(f"{path}[{i}]", value) for i, value in enumerate(values)]


def _phone_key(raw: str) -> tuple[int, str] | None:
    """A number compared by country code and national digits, whatever its format."""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    return number.country_code, phonenumbers.national_significant_number(number)


class _Validator:
    """Each method reads one key (dotted path for messages) and raises ProfileError on bad input."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, key: str, value: object, problem: str) -> ProfileError:
        return ProfileError(self.where, key, value, problem)

    def unknown(self, table: dict[str, Any], allowed: set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(prefix + key, table[key], f"unknown key (expected one of: {known})")

    def table(self, data: dict[str, Any], key: str, allowed: set[str]) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, value, "must be a table, e.g. [" + key + "]")
        self.unknown(value, allowed, key + ".")
        return value

    @staticmethod
    def _leaf(path: str) -> str:
        return path.rsplit(".", 1)[-1]

    def string(self, data: dict[str, Any], path: str, required: bool = False) -> str | None:
        value = data.get(self._leaf(path))
        if value is None:
            if required:
                raise self.fail(path, None, "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, value, "must be a non-empty string")
        return value.strip()

    def strings(
        self, data: dict[str, Any], path: str, allow_single: bool = False
    ) -> tuple[str, ...]:
        value = data.get(self._leaf(path), [])
        if allow_single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(path, value, "must be a list of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{path}[{i}]", item, "must be a non-empty string")
        return tuple(item.strip() for item in value)

    def addresses(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        items = self.strings(data, path, allow_single=True)
        for i, item in enumerate(items):
            if parse_uk_address(item) is None:
                raise self.fail(
                    f"{path}[{i}]" if len(items) > 1 else path,
                    item,
                    "no recognisable UK postcode, house number and street,"
                    " or house name and street or place",
                )
        return items

    def phones(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        items = self.strings(data, path)
        for i, item in enumerate(items):
            try:
                number = phonenumbers.parse(item, "GB")
            except phonenumbers.NumberParseException:
                raise self.fail(f"{path}[{i}]", item, "not a phone number") from None
            if number.country_code == 44:
                # By Ofcom's lengths, not phonenumbers' validity (which rejects drama numbers).
                why = uk_length_problem(phonenumbers.national_significant_number(number))
            else:
                why = None if phonenumbers.is_possible_number(number) else "wrong length"
            if why is not None:
                raise self.fail(f"{path}[{i}]", item, f"not a possible phone number: {why}")
        return items

    def usernames(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        """Handles as sites know them: '@jobloggs' is sent as 'jobloggs'."""
        names: list[str] = []
        for i, item in enumerate(self.strings(data, path)):
            name = item.removeprefix("@").strip()
            why = None
            if not name or any(c.isspace() or not c.isprintable() for c in name):
                why = "not a username (a handle like jobloggs, without spaces)"
            elif "@" in name:
                why = "not a username: a handle has no @ inside (emails go in emails)"
            elif "://" in name or ("." in name.split("/", 1)[0] and "/" in name):
                why = "a link, not a username: put it in urls, or give just the handle"
            if why is not None:
                raise self.fail(f"{path}[{i}]", item, why)
            names.append(name)
        return tuple(names)

    def emails(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        items = self.strings(data, path)
        for i, item in enumerate(items):
            local, _, domain = item.partition("@")
            if not local or "." not in domain or " " in item:
                raise self.fail(f"{path}[{i}]", item, "not an email address")
        return tuple(item.lower() for item in items)

    def domains(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        items = self.strings(data, path)
        for i, item in enumerate(items):
            if "." not in item or "/" in item or " " in item:
                raise self.fail(f"{path}[{i}]", item, "not a domain name (e.g. example.org)")
        return tuple(item.lower().rstrip(".") for item in items)

    def urls(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        items = self.strings(data, path)
        for i, item in enumerate(items):
            if not item.startswith(("http://", "https://")):
                raise self.fail(f"{path}[{i}]", item, "must start with http:// or https://")
        return items

    def date(self, data: dict[str, Any], path: str) -> dt.date | None:
        value = data.get(self._leaf(path))
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(path, value, "must be a TOML date like 1977-09-03 (no quotes)")
        if not dt.date(1900, 1, 1) <= value <= dt.date.today():
            raise self.fail(path, value.isoformat(), "is not a plausible date of birth")
        return value

    def no_template_examples(self, profile: Profile) -> None:
        """The template's example values left in place would be searched for and never found."""
        fields = [
            ("name", [("name", profile.name)]),
            ("name", _listed("aliases", profile.aliases)),
            ("area", [("area", profile.area)] if profile.area else []),
            ("home_address", _listed("private.home_address", profile.private.home_addresses, True)),
            ("phones", _listed("private.phones", profile.private.phones)),
            ("emails", _listed("private.emails", profile.private.emails)),
            ("family", _listed("private.family", profile.private.family)),
            ("emails", _listed("public.emails", profile.public.emails)),
            ("phones", _listed("public.phones", profile.public.phones)),
            ("usernames", _listed("public.usernames", profile.public.usernames)),
            ("domains", _listed("public.domains", profile.public.domains)),
            ("urls", _listed("public.urls", profile.public.urls)),
        ]
        for example_key, items in fields:
            for path, value in items:
                if is_template_example(example_key, value):
                    raise self.fail(path, value, "is the template's example: replace it")

    def no_detail_both_private_and_public(self, profile: Profile) -> None:
        """A detail listed in both would be searched for (sent off the machine) as public and
        never reported as private: the profile contradicts itself."""
        pairs = [
            ("phones", profile.private.phones, profile.public.phones, _phone_key),
            ("emails", profile.private.emails, profile.public.emails, str.casefold),
        ]
        for key, private, public, same in pairs:
            public_keys = {same(value): path for path, value in _listed(f"public.{key}", public)}
            public_keys.pop(None, None)
            for path, value in _listed(f"private.{key}", private):
                also = public_keys.get(same(value))
                if also is not None:
                    raise self.fail(
                        path,
                        value,
                        f"is also listed as {also}: a detail is private or public, not both",
                    )

    def coordinates(self, data: dict[str, Any], path: str) -> tuple[float, float] | None:
        value = data.get(self._leaf(path))
        if value is None:
            return None
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in value)
        )
        if not ok or not all(math.isfinite(x) for x in value):
            raise self.fail(path, value, "must be [latitude, longitude]")
        lat, lon = float(value[0]), float(value[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise self.fail(path, value, "latitude must be -90..90 and longitude -180..180")
        return (lat, lon)
