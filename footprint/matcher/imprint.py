"""UK election imprints: a home address given as the promoter's (or candidate's) address.

Election material must carry an imprint naming the promoter, and anyone on whose behalf it is
published, with a postal address where they can be contacted. The Electoral Commission's
examples read "Promoted by [agent's name and address], on behalf of [candidate's name and
address]" and, for digital material, "Promoted by John Smith, on behalf of Jane Smith, both of
112 High Street, Airdrie, AD1 1AD"; a printed one starts "Printed by [printer's name and
address]." [1]. The address need not be a home: "It can be an office or business address, or a
home address. You can also use a PO Box address, or other mailbox service." [2]. So a home
address in an imprint is a choice that can be changed, and the report advises that route
(reports/data/advice.toml, imprint-address).

[1] https://www.electoralcommission.org.uk/candidate-imprints-scottish-parliamentary-elections-and-council-elections-scotland/examples-imprint
[2] https://www.electoralcommission.org.uk/statutory-guidance-digital-imprints/what-information-must-you-include-imprint

Rules:
- an imprint starts at "promoted by" (any case, any spacing: also "Published and promoted by",
  "Printed and promoted by", "Promoted by X for Y at Z") or the Welsh "hyrwyddwyd gan"; it runs
  to the end of its line, at most REACH characters, and ends after the first full postcode in
  it. The printer's part before "Promoted by" is not the promoter's address and is left out;
- a home-address hit (the address matcher's rules, applied to the imprint alone) inside an
  imprint is one severity higher - an imprint states "this is where I can be found": high for
  a full or medium one, medium for a low one - and its note starts with IMPRINT_NOTE;
- at most MAX_IMPRINTS imprints per text are read (a page has one or two); the address
  matcher still reports an address in any others, without the imprint note.

Linear and fast: the start words are looked for only in the REACH characters before each
mention of the home address (an imprint without one is no finding), by literal-led anchor
scans (anchors.py; a case-insensitive alternation would crawl at ~50 MB/s); the phrase is
confirmed only there, imprints never overlap, and each is at most REACH long.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from footprint.address import POSTCODE_RE
from footprint.matcher.addresses import AddressMatcher
from footprint.matcher.anchors import spread, word_anchor
from footprint.model import Hit, Severity

IMPRINT_NOTE = "in the election imprint ('Promoted by ...')"
REACH = 300
MAX_IMPRINTS = 50

_START_RE = re.compile(r"\b(?:promoted\s+by|hyrwyddwyd\s+gan)\b", re.IGNORECASE)
_START_WORDS = (word_anchor("promoted"), word_anchor("hyrwyddwyd"))
_RAISED = {
    Severity.HIGH: Severity.HIGH,
    Severity.MEDIUM: Severity.HIGH,
    Severity.LOW: Severity.MEDIUM,
}


def is_imprint_note(note: str) -> bool:
    """Whether a hit's or finding's note says it was found in an election imprint."""
    return note.startswith(IMPRINT_NOTE)


def imprints(
    text: str, limit: int = MAX_IMPRINTS, near: Sequence[int] | None = None
) -> Iterator[tuple[int, int]]:
    """(start, end) of each imprint in `text`, in order, at most `limit`. With `near`, only
    imprints starting at most REACH before one of those offsets (say, where an address is
    mentioned) are looked for, and only those stretches of text are scanned."""
    if near is None:
        candidates = sorted(p for anchor in _START_WORDS for p in anchor.positions(text))
    else:
        stretches = spread(sorted(near), len(text), REACH, 1)
        candidates = sorted(
            p
            for lo, hi in stretches
            for anchor in _START_WORDS
            for p in anchor.positions_in(text, lo, hi)
        )
    pos, found = 0, 0
    for at in candidates:
        if found >= limit:
            return
        if at < pos:
            continue  # inside the imprint just read
        start = _START_RE.match(text, at)
        if start is None:
            continue
        cap = min(len(text), start.start() + REACH)
        newline = text.find("\n", start.end(), cap)
        end = cap if newline < 0 else newline
        postcode = POSTCODE_RE.search(text, start.end(), end)
        if postcode is not None:
            end = postcode.end()
        yield start.start(), end
        found += 1
        pos = max(end, start.end())


class ImprintMatcher:
    """Home-address hits inside election imprints, raised and noted (see the module rules)."""

    def __init__(self, addresses: AddressMatcher) -> None:
        self._addresses = addresses

    def find(self, text: str) -> Iterator[Hit]:
        # An imprint counts only for an address in it, so only the text just before each
        # mention of the address is searched for one: no scan of the whole text for the
        # start words (four passes, a sixth of the matcher's time), and the address
        # matcher's anchors have scanned this text already (anchors.py keeps their answer).
        mentions = {start for start, _, _ in self._addresses.spans(text)}
        if not mentions:
            return
        for start, end in imprints(text, near=mentions):
            segment = text[start:end]
            if not self._addresses.may_occur(segment.lower()):
                continue
            for hit in self._addresses.find(segment):
                note = IMPRINT_NOTE + (f"; {hit.note}" if hit.note else "")
                yield replace(hit, severity=_RAISED[hit.severity], note=note, at=hit.at + start)
