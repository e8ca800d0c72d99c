"""Partial masks: what a report shows in place of a private value.

A mask keeps just enough to recognise which detail it was ("07700 9•••61", "e•••@example.net",
"14 L••• Close, GL•••", "D••• W•••", "••/••/1977") and never enough to find it again: the
matcher finds nothing in a mask. A postcode keeps only its area letters ("GL•••"): the district
"GL12" next to a place name is itself a (low) finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from footprint.address import parse_uk_address, type_first
from footprint.model import Category

MASK = "•••"
_NUMBER_RE = re.compile(r"-?\d{1,3}\.\d+")
_YEAR_RE = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_CONNECTORS = frozenset({"and"})  # "D••• and I••• W•••"


def mask_generic(text: str) -> str:
    """Keep a couple of leading characters so the reader can tell which value it was."""
    text = text.strip()
    if len(text) <= 2:
        return MASK
    keep = 1 if len(text) <= 5 else 2
    return text[:keep] + MASK


def mask_phone(text: str) -> str:
    """'07700 900461' -> '07700 9•••61': the first 7 characters as written, the last 2 digits."""
    text = text.strip()
    digits = [c for c in text if c.isdigit()]
    if len(digits) < 7:
        return mask_generic(text)
    # At most 6 leading digits ("07700 9"), fewer for short numbers: at least 3 stay hidden.
    budget = min(6, len(digits) - 5)
    head = ""
    for char in text[:7]:
        budget -= char.isdigit()
        if budget < 0:
            break
        head += char
    return head + MASK + "".join(digits[-2:])


def mask_email(text: str) -> str:
    """'ellie.whitcombe77@example.net' -> 'e•••@example.net'."""
    local, at, domain = text.strip().partition("@")
    if not at or not local:
        return mask_generic(text)
    return local[0] + MASK + "@" + domain


def mask_postcode(postcode: str) -> str:
    """'GL12 8QX' -> 'GL•••': the postcode area only."""
    area = re.match(r"[A-Za-z]*", postcode.strip())
    return (area.group(0).upper() if area else "") + MASK


def mask_address(text: str) -> str:
    """'14 Larkspur Close, Wickwar, ... GL12 8QX' -> '14 L••• Close, GL•••'."""
    parsed = parse_uk_address(text)
    if parsed is None:
        return mask_generic(text)
    parts: list[str] = []
    if parsed.street_name and parsed.street_type:
        street = f"{parsed.street_name[0].upper()}{MASK} {parsed.street_type.title()}"
        if type_first(parsed.street_type):  # "Heol •••": the name is what identifies it
            street = f"{parsed.street_type.title()} {MASK}"
        number = f"{parsed.number} " if parsed.number else ""
        flat = f"Flat {MASK}, " if parsed.flat else ""
        parts.append(flat + number + street)
    if parsed.postcode:
        parts.append(mask_postcode(parsed.postcode))
    return ", ".join(parts) or mask_generic(text)


def mask_date_of_birth(text: str) -> str:
    """Any written date of birth -> '••/••/1977' (the year alone is rarely identifying)."""
    year = _YEAR_RE.search(text)
    return f"••/••/{year.group(0) if year else '••••'}"


def mask_name(text: str) -> str:
    """'Daniel Whitcombe' -> 'D••• W•••': every word its initial, separators kept
    ('daniel-whitcombe' -> 'd•••-w•••')."""
    masked = _LETTERS_RE.sub(
        lambda m: m.group(0) if m.group(0).lower() in _CONNECTORS else m.group(0)[0] + MASK, text
    )
    return masked if masked != text else MASK


def mask_coordinates(text: str) -> str:
    """'51.6001, -2.3987' -> '51.6, -2.4' (about 10 km: the area, not the house)."""
    numbers = _NUMBER_RE.findall(text)
    if len(numbers) == 1 and numbers[0] == text.strip():
        return f"{float(numbers[0]):.1f}"
    if len(numbers) < 2:
        return mask_generic(text)
    return ", ".join(f"{float(n):.1f}" for n in numbers[:2])


MASKERS: dict[Category, Callable[[str], str]] = {
    Category.HOME_ADDRESS: mask_address,
    Category.PHONE: mask_phone,
    Category.EMAIL: mask_email,
    Category.DATE_OF_BIRTH: mask_date_of_birth,
    Category.FAMILY: mask_name,
    Category.GEOLOCATION: mask_coordinates,
    Category.ACCOUNT: mask_generic,
    Category.BREACH: mask_email,  # the value is the email address found in the breach
}


def mask(category: Category, text: str) -> str:
    return MASKERS[category](text)
