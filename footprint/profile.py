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


class ProfileError(ValueError):
    """Bad profile input; str() is the one-line message the CLI prints."""

    def __init__(self, path: str, key: str, value: object, problem: str) -> None:
        self.path, self.key, self.value, self.problem = path, key, value, problem
        super().__init__(f"{path}: {key} = {value!r}: {problem}")


@dataclass(frozen=True)
class PrivateDetails:
    """Must NOT be public: every hit is an exposure. Never sent off the machine."""

    home_addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    family: tuple[str, ...] = ()
    home_coordinates: tuple[float, float] | None = None


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
        return [Identifier(kind, value) for kind, value in pairs]


_TOP_KEYS = {"name", "aliases", "area", "private", "public"}
_PRIVATE_KEYS = {"home_address", "phones", "emails", "date_of_birth", "family", "home_coordinates"}
_PUBLIC_KEYS = {"emails", "phones", "usernames", "domains", "urls"}


def load_profile(path: Path | str) -> Profile:
    """Read and validate a profile TOML file; raises ProfileError with a one-line message."""
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ProfileError(where, "(file)", where, exc.strerror or "cannot be read") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError(where, "(file)", where, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(where, "(syntax)", str(exc).split(" (")[0], "invalid TOML") from None
    return parse_profile(data, where)


def parse_profile(data: dict[str, Any], where: str = "<profile>") -> Profile:
    v = _Validator(where)
    v.unknown(data, _TOP_KEYS, "")
    name = v.string(data, "name", required=True)
    aliases = v.strings(data, "aliases")
    area = v.string(data, "area")
    private = v.table(data, "private", _PRIVATE_KEYS)
    public = v.table(data, "public", _PUBLIC_KEYS)
    return Profile(
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
            usernames=v.strings(public, "public.usernames"),
            domains=v.domains(public, "public.domains"),
            urls=v.urls(public, "public.urls"),
        ),
    )


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
                    "no recognisable UK postcode or house number and street",
                )
        return items

    def phones(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        items = self.strings(data, path)
        for i, item in enumerate(items):
            try:
                number = phonenumbers.parse(item, "GB")
            except phonenumbers.NumberParseException:
                raise self.fail(f"{path}[{i}]", item, "not a phone number") from None
            uk_length_ok = number.country_code != 44 or len(str(number.national_number)) in (9, 10)
            if not (phonenumbers.is_possible_number(number) and uk_length_ok):
                raise self.fail(f"{path}[{i}]", item, "not a possible phone number")
        return items

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
