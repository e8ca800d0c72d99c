"""The example values in the profile template (`footprint init`), which must be replaced.

Read from the template itself, so the two cannot drift: each commented example line
(`# phones = ["07700 900000"]`) is uncommented and the result parsed as TOML. Only text values
count: the example date of birth and coordinates could be someone's real ones.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources
from typing import Any

import phonenumbers

_EXAMPLE_LINE = re.compile(r"^# (?=[a-z_]+ = )", re.MULTILINE)


def _normalise(key: str, value: str) -> str:
    """Phones by their digits (any format); other text ignoring case, spacing and a final '/'."""
    if key == "phones":
        try:
            number = phonenumbers.parse(value, "GB")
        except phonenumbers.NumberParseException:
            return value
        return f"+{number.country_code} {phonenumbers.national_significant_number(number)}"
    return " ".join(value.casefold().split()).rstrip("/")


def _collect(table: dict[str, Any], found: dict[str, set[str]]) -> dict[str, set[str]]:
    for key, value in table.items():
        if isinstance(value, dict):
            _collect(value, found)
            continue
        values = value if isinstance(value, list) else [value]
        found.setdefault(key, set()).update(
            _normalise(key, v) for v in values if isinstance(v, str)
        )
    return found


@functools.cache
def template_examples() -> dict[str, frozenset[str]]:
    """Key (e.g. 'phones', private and public alike) -> the template's examples, normalised."""
    text = resources.files("footprint").joinpath("data/profile-template.toml").read_text()
    found = _collect(tomllib.loads(_EXAMPLE_LINE.sub("", text)), {})
    return {key: frozenset(values) for key, values in found.items() if values}


def is_template_example(key: str, value: str) -> bool:
    """Whether `value`, given for `key` (the last part: 'phones', 'usernames'...), is one of the
    template's examples for that key."""
    return _normalise(key, value) in template_examples().get(key, frozenset())
