"""The search queries: built only from one public identifier's value and the profile's public
area, with fixed words. Nothing else reaches a query (`queries_for` has no other input), and
the wire guard refuses any query that would still carry a private detail (an area that is the
home postcode).

Per name (the candidate's name and each alias): the name with the area, with "address" and
with "phone" (what a people-finder, planning or directory page shows). Per public username,
email and phone number: the value alone. Values are quoted, so engines look for the exact
phrase.
"""

from __future__ import annotations

import re

from footprint.kinds import Kind
from footprint.model import Identifier

MAX_VALUE = 100  # characters; a longer "name" is not a name to search for
NAME_WORDS = ("address", "phone")  # the only words a query adds
_UNSAFE = re.compile(r'["\x00-\x1f\x7f]+')
_SPACE = re.compile(r"\s+")


def clean(value: str) -> str:
    """`value` without quotes or control characters, spaces collapsed; '' if too long."""
    plain = _SPACE.sub(" ", _UNSAFE.sub(" ", value)).strip()
    return plain if len(plain) <= MAX_VALUE else ""


def queries_for(identifier: Identifier, area: str) -> list[str]:
    """Every query sent for `identifier`, in order ([] for kinds not searched)."""
    value = clean(identifier.value)
    if not value:
        return []
    if identifier.kind is Kind.NAME:
        place = clean(area)
        first = f'"{value}" {place}' if place else f'"{value}"'
        return [first, *(f'"{value}" {word}' for word in NAME_WORDS)]
    if identifier.kind in (Kind.USERNAME, Kind.EMAIL, Kind.PHONE):
        return [f'"{value}"']
    return []
