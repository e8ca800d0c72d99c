"""Redaction: partial masks for private values, and scrubbing them out of free text.

Reports are redacted by default. A masked value keeps just enough to recognise it
("07700 9•••61", "14 L••• Close, GL12 •••") and never the whole thing. The Redactor scrubs
every private value found in a report out of every text field (evidence, locations, notes,
provenance), because a page that shows one detail often shows others nearby.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import phonenumbers

from footprint.address import STREET_TYPES, parse_uk_address
from footprint.model import Category, Finding

MASK = "•••"
_NUMBER_RE = re.compile(r"-?\d{1,3}\.\d+")
_YEAR_RE = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
# Separators people and URLs put between words: spaces, hyphens, underscores, plus, %20.
_SEP = r"(?:[\s\-_+,.]|%20)+"


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


def mask_address(text: str) -> str:
    """'14 Larkspur Close, Wickwar, ... GL12 8QX' -> '14 L••• Close, GL12 •••'."""
    parsed = parse_uk_address(text)
    if parsed is None:
        return mask_generic(text)
    parts: list[str] = []
    if parsed.street_name and parsed.street_type:
        street = f"{parsed.street_name[0].upper()}{MASK} {parsed.street_type.title()}"
        number = f"{parsed.number} " if parsed.number else ""
        flat = f"Flat {MASK}, " if parsed.flat else ""
        parts.append(flat + number + street)
    if parsed.postcode:
        parts.append(f"{parsed.outward} {MASK}")
    return ", ".join(parts) or mask_generic(text)


def mask_date_of_birth(text: str) -> str:
    """Any written date of birth -> '••/••/1977' (the year alone is rarely identifying)."""
    year = _YEAR_RE.search(text)
    return f"••/••/{year.group(0) if year else '••••'}"


def mask_name(text: str) -> str:
    """'Daniel Whitcombe' -> 'D••• W•••'."""
    words = text.split()
    return " ".join(w[0] + MASK for w in words) if words else MASK


def mask_coordinates(text: str) -> str:
    """'51.6001, -2.3987' -> '51.6, -2.4' (about 10 km: the area, not the house)."""
    numbers = _NUMBER_RE.findall(text)
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
}


def mask(category: Category, text: str) -> str:
    return MASKERS[category](text)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    replace: Callable[[re.Match[str]], str]


class Redactor:
    """Scrubs a set of private values (every form of them we know) out of any text."""

    def __init__(self, values: Iterable[tuple[Category, str]], subject_name: str = "") -> None:
        subject_words = {w.lower() for w in subject_name.split()}
        patterns: list[_Pattern] = []
        values_list = list(dict.fromkeys(values))
        for category, value in values_list:
            if value.strip():
                patterns += _patterns_for(category, value.strip(), subject_words)
        # Longest source pattern first, so a full address is masked before its postcode.
        self._patterns = sorted(patterns, key=lambda p: len(p.regex.pattern), reverse=True)
        self._words = frozenset(
            w.lower()
            for category, value in values_list
            for w in _sensitive_words(category, value)
            if w.lower() not in subject_words
        )

    @classmethod
    def for_findings(cls, findings: Iterable[Finding], subject_name: str = "") -> Redactor:
        return cls(((f.category, f.value) for f in findings), subject_name)

    def scrub(self, text: str) -> str:
        for pattern in self._patterns:
            text = pattern.regex.sub(pattern.replace, text)
        return text

    def value(self, finding: Finding) -> str:
        return mask(finding.category, finding.value)

    def evidence(self, finding: Finding) -> str:
        """The snippet with the hit (Finding.span) masked and other private values scrubbed."""
        text = finding.evidence
        start, end = finding.span
        if 0 <= start < end <= len(text):
            hit = mask(finding.category, text[start:end])
            out = self.scrub(text[:start]) + hit + self.scrub(text[end:])
        else:
            out = self.scrub(text)
        return self._trim_edges(out)

    def _trim_edges(self, text: str) -> str:
        """Snippets are cut mid-word: mask a leading/trailing fragment of a private word
        ('spur Cl.' from 'Larkspur Cl.')."""
        head = re.match(r"\s*([\w'’-]{2,})", text)
        if head and any(w.endswith(head.group(1).lower()) for w in self._words):
            text = text[: head.start(1)] + MASK + text[head.end(1) :]
        tail = re.search(r"([\w'’-]{2,})\s*$", text)
        if tail and any(w.startswith(tail.group(1).lower()) for w in self._words):
            text = text[: tail.start(1)] + MASK + text[tail.end(1) :]
        return text


def _sensitive_words(category: Category, value: str) -> list[str]:
    """Words whose fragments at a snippet's edge would still give the value away."""
    if category is Category.HOME_ADDRESS:
        parsed = parse_uk_address(value)
        words = (parsed.street_name or "").split() if parsed else []
        return [*words, *(parsed.postcode.split() if parsed and parsed.postcode else [])]
    if category is Category.EMAIL:
        return [value.partition("@")[0]]
    if category in (Category.FAMILY, Category.PHONE, Category.DATE_OF_BIRTH):
        return [w for w in re.split(r"[\s\-/]+", value) if len(w) >= 3]
    return []


def _patterns_for(category: Category, value: str, subject_words: set[str]) -> list[_Pattern]:
    builders: dict[Category, Callable[[str, set[str]], list[_Pattern]]] = {
        Category.HOME_ADDRESS: _address_patterns,
        Category.PHONE: _phone_patterns,
        Category.EMAIL: _email_patterns,
        Category.DATE_OF_BIRTH: _dob_patterns,
        Category.FAMILY: _family_patterns,
        Category.GEOLOCATION: _coordinate_patterns,
    }
    build = builders.get(category)  # account handles are public identifiers: not scrubbed
    return build(value, subject_words) if build else []


def _const(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _m: text


def _words(text: str) -> str:
    """A regex for these words with any separator between them."""
    return _SEP.join(re.escape(w) for w in re.split(r"[\s,]+", text.strip()) if w)


def _address_patterns(value: str, _subject: set[str]) -> list[_Pattern]:
    flags = re.IGNORECASE
    patterns = [_Pattern(re.compile(_words(value), flags), _const(mask_address(value)))]
    parsed = parse_uk_address(value)
    if parsed is None:
        return patterns
    if parsed.street_name and parsed.street_type:
        types = "|".join(sorted(STREET_TYPES[parsed.street_type], key=len, reverse=True))
        street = rf"{_words(parsed.street_name)}{_SEP}(?:{types})\b\.?"
        bare = f"{parsed.street_name[0].upper()}{MASK} {parsed.street_type.title()}"
        if parsed.number:
            number = rf"\b{re.escape(parsed.number)}{_SEP}"
            regex = re.compile(number + street, flags)
            patterns.append(_Pattern(regex, _const(f"{parsed.number} {bare}")))
        patterns.append(_Pattern(re.compile(rf"\b{street}", flags), _const(bare)))
    if parsed.postcode:
        outward, inward = parsed.postcode.split()
        regex = re.compile(rf"\b{outward}(?:\s|%20|[-+_])*{inward}\b", flags)
        patterns.append(_Pattern(regex, _const(f"{outward} {MASK}")))
    return patterns


def _phone_patterns(value: str, _subject: set[str]) -> list[_Pattern]:
    try:
        national = str(phonenumbers.parse(value, "GB").national_number)
    except phonenumbers.NumberParseException:
        national = "".join(c for c in value if c.isdigit()).lstrip("0")
    if len(national) < 6:
        return []
    gap = r"[\s\-.()/]*"
    prefix = r"(?:(?:\+|%2B|00)\s*44\s*(?:\(0\)\s*)?|\(?0\)?\s*)?"
    regex = re.compile(r"(?<![\d])" + prefix + gap.join(national) + r"(?!\d)")
    return [_Pattern(regex, lambda m: mask_phone(m.group(0)))]


def _email_patterns(value: str, _subject: set[str]) -> list[_Pattern]:
    local, _, domain = value.partition("@")
    regex = re.compile(rf"{re.escape(local)}\s*(?:@|%40|\(at\)|\[at\])\s*{re.escape(domain)}", re.I)
    return [_Pattern(regex, _const(mask_email(value)))]


_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def _dob_patterns(value: str, _subject: set[str]) -> list[_Pattern]:
    try:
        born = dt.date.fromisoformat(value[:10])
    except ValueError:
        return [_Pattern(re.compile(re.escape(value), re.I), _const(mask_date_of_birth(value)))]
    d, m, y = born.day, born.month, born.year
    month = _MONTHS[m - 1]
    day = rf"0?{d}(?:st|nd|rd|th)?"
    month_name = rf"(?:{month}|{month[:3]}\.?|{month[:4]}\.?)"
    forms = [
        rf"{y}[-/.]0?{m}[-/.]0?{d}",
        rf"0?{d}\s*[-/.]\s*0?{m}\s*[-/.]\s*(?:{y}|{y % 100:02d})",
        rf"{day}(?:\s+of)?[\s-]+{month_name},?[\s-]+{y}",
        rf"{month_name}[\s-]+{day},?[\s-]+{y}",
        rf"{d:02d}{m:02d}{y}|{y}{m:02d}{d:02d}",
    ]
    regex = re.compile(r"(?<![\w])(?:" + "|".join(forms) + r")(?![\w])", re.I)
    return [_Pattern(regex, _const(mask_date_of_birth(str(y))))]


def _family_patterns(value: str, subject: set[str]) -> list[_Pattern]:
    patterns = [_Pattern(re.compile(rf"\b{_words(value)}\b", re.I), _const(mask_name(value)))]
    for word in value.split():
        # A first name on its own still identifies a child; the shared surname does not.
        if len(word) >= 3 and word.lower() not in subject:
            regex = re.compile(rf"\b{re.escape(word)}\b", re.I)
            patterns.append(_Pattern(regex, _const(mask_name(word))))
    return patterns


def _coordinate_patterns(value: str, _subject: set[str]) -> list[_Pattern]:
    targets = [abs(float(n)) for n in _NUMBER_RE.findall(value)]
    if not targets:
        return []

    def replace(match: re.Match[str]) -> str:
        number = float(match.group(0))
        near = any(abs(abs(number) - t) < 0.1 for t in targets)
        return f"{number:.1f}" if near else match.group(0)

    return [_Pattern(re.compile(r"-?\d{1,3}\.\d{2,}"), replace)]
