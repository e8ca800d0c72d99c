"""The matcher: every private detail of one profile, compiled once, searched in extracted text."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from footprint.matcher.addresses import AddressMatcher
from footprint.matcher.ages import AgeGuides
from footprint.matcher.datefields import DateFields
from footprint.matcher.dates import DateMatcher
from footprint.matcher.emails import EmailMatcher
from footprint.matcher.family import FamilyMatcher
from footprint.matcher.geo import GeoMatcher
from footprint.matcher.imprint import ImprintMatcher
from footprint.matcher.phones import PhoneMatcher
from footprint.matcher.records import RecordMatcher
from footprint.model import Category, Extracted, Field, Hit
from footprint.profile import Profile


class Matcher:
    """`Matcher(profile).match(extracted)` -> at most one Hit per (category, profile item).

    Pure and reusable: all patterns are built here, once per profile; match() does no I/O.
    Public identifiers (profile.public.*) are never flagged. Text detectors read
    `extracted.text`; the record matcher reads `extracted.records` (structured fields), and
    every evidence string it writes is in a form the text detectors' spans() cover.
    Ages (an age guide's band) are worked out for `today`, by default the day it is built.
    """

    def __init__(self, profile: Profile, today: dt.date | None = None) -> None:
        self.profile = profile
        addresses = AddressMatcher(profile)
        self._imprints = ImprintMatcher(addresses)
        dates = DateMatcher(profile)
        self._text_matchers = (
            PhoneMatcher(profile),
            EmailMatcher(profile),
            addresses,
            dates,
            FamilyMatcher(profile),
            DateFields(profile, dates.years),
            AgeGuides(profile, today),
        )
        self._geo = GeoMatcher(profile)
        self._records = RecordMatcher(profile)

    def match(self, extracted: Extracted) -> list[Hit]:
        text = extracted.text
        found: list[Hit] = []
        for matcher in self._text_matchers:
            found.extend(matcher.find(text))
        # Imprint hits first: of two equally strong hits the first is kept, and the imprint's
        # tells the report which route removes it. They are looked for after the address
        # matcher has run: they reuse its scans of this text.
        hits: list[Hit] = list(self._imprints.find(text)) + found
        if extracted.records:
            hits.extend(self._records.find(extracted.records))
        hits.extend(self._geo.find(extracted.gps))
        return best_hits(in_fields(hits, extracted.fields) if extracted.fields else hits)

    def spans(self, text: str) -> Iterator[tuple[int, int, Category, str]]:
        """(start, end, category, profile value) of every occurrence of a private detail in a
        form the text matchers accept, context rules aside (a superset of what match() reports;
        the redactor masks these). Not in text order."""
        low = text.lower()
        for matcher in self._text_matchers:
            if not matcher.may_occur(low):
                continue  # a cheap literal check: most report strings hold no detail
            for start, end, value in matcher.spans(text):
                yield start, end, matcher.category, value


def in_fields(hits: Iterable[Hit], fields: Sequence[Field]) -> list[Hit]:
    """Each hit that starts inside a metadata field, labelled with that field. A hit in a
    field ranks below the same detail in the page text only by coming later, not by
    strength: both are exposures, and the first found is the one shown."""
    starts = [f.start for f in fields]
    out = []
    for hit in hits:
        i = bisect_right(starts, hit.at) - 1
        if hit.at >= 0 and i >= 0 and hit.at < fields[i].end:
            hit = replace(hit, field=fields[i].name)
        out.append(hit)
    return out


def best_hits(hits: Iterable[Hit]) -> list[Hit]:
    """Keep the strongest hit per (category, matched): highest severity, then full over partial,
    then the first found. Order: as first seen."""
    best: dict[tuple[Category, str], Hit] = {}
    for hit in hits:
        key = (hit.category, hit.matched)
        current = best.get(key)
        if current is None or _strength(hit) < _strength(current):
            best[key] = hit
    return list(best.values())


def _strength(hit: Hit) -> tuple[int, bool]:
    return (hit.severity.rank, hit.partial)
