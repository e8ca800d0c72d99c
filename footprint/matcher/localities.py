"""Where an address is: its places (town, village, area) and its postcode, found in text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from footprint.matcher.anchors import Anchor, word_anchor
from footprint.matcher.nearby import Marks


def place_key(name: str) -> str:
    """'Wotton-under-Edge' and 'wotton under edge' compare equal."""
    return " ".join(name.lower().replace("-", " ").split())


class PlaceFinder:
    """Every mention of any of the given places, in any case, hyphens or spaces."""

    def __init__(self, places: tuple[str, ...]) -> None:
        self.keys = tuple(dict.fromkeys(place_key(p) for p in places if place_key(p)))
        alternatives = "|".join(r"[\s\-]+".join(map(re.escape, k.split())) for k in self.keys)
        self._regex = re.compile(rf"(?:{alternatives})(?![\w\-])", re.IGNORECASE)
        firsts = dict.fromkeys(k.split()[0] for k in self.keys)
        self._anchors = [word_anchor(word) for word in firsts]

    def marks(self, text: str) -> Marks:
        spans: list[tuple[int, int, str]] = []
        if self.keys:
            for anchor in self._anchors:
                for pos in anchor.positions(text):
                    m = self._regex.match(text, pos)
                    if m is not None:
                        spans.append((m.start(), m.end(), m.group(0)))
        return Marks(spans)


class PostcodeFinder:
    """One postcode written in full ("GL12 8QX", "gl128qx"), or only its district or sector."""

    def __init__(self, postcode: str) -> None:
        outward, inward = postcode.split()
        self.anchor: Anchor = word_anchor(outward, whole=False)
        self._full = re.compile(rf"{outward}[\s\-]*{inward}(?![A-Za-z0-9])", re.IGNORECASE)
        # The district alone: not followed by any inward code (that is another postcode).
        self._district = re.compile(
            rf"{outward}(?![\s\-]*\d[A-Za-z]{{2}}(?![A-Za-z0-9]))"
            rf"(?:[\s\-]*(?P<sector>{inward[0]})(?![A-Za-z0-9]))?(?![A-Za-z0-9])",
            re.IGNORECASE,
        )

    def full(self, text: str, starts: Sequence[int]) -> tuple[int, int] | None:
        """The first full postcode among the anchor positions."""
        for pos in starts:
            m = self._full.match(text, pos)
            if m is not None:
                return m.start(), m.end()
        return None

    def districts(self, text: str, starts: Sequence[int]) -> Marks:
        """District-only mentions; the text is e.g. "GL12" or, for a sector, "GL12 8"."""
        spans = []
        for pos in starts:
            m = self._district.match(text, pos)
            if m is not None:
                spans.append((m.start(), m.end(), "sector" if m.group("sector") else "district"))
        return Marks(spans)
