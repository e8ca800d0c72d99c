"""Private email addresses, plain or obfuscated.

Forms found: plain, mailto:, any capitalisation, "@" written "[at]" "(at)" "{at}" "<at>" " at "
"-at-" "%40", "." written "[dot]" "(dot)" "{dot}" " dot ", and spaces around "@".

Never a hit when the address is only part of a longer one: a letter, digit or ._%+- before
the local part (xellie.whitcombe77@...) or a label continuing the domain (...@example.network,
...@example.net.uk). An address that is also listed as public is never flagged.

Prefilter: the longest alphanumeric run of the address ("whitcombe77") in lower/Title/UPPER
case; the rest of the address is matched forwards from it and backwards before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from footprint.matcher.anchors import word_anchor
from footprint.matcher.snippets import Item
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT = rf"(?:\s*@\s*|\s*{_OPEN}\s*(?:at|@)\s*{_CLOSE}\s*|\s+at\s+|\s*-at-\s*|%40|\s*&#64;\s*)"
_DOT = rf"(?:\.|\s*{_OPEN}\s*(?:dot|\.)\s*{_CLOSE}\s*|\s+dot\s+|\s*-dot-\s*)"
_LEAD = r"(?<![\w.%+\-])"
# No further domain label, plain or obfuscated.
_TRAIL = rf"(?![\w\-])(?!\.[^\W_])(?!\s*{_OPEN}\s*dot\s*{_CLOSE})(?!\s+dot\s+[^\W_])"
_REACH = 160  # how far before its longest run an obfuscated address may start


class _Address:
    """One address, matched outwards from its longest alphanumeric run ("whitcombe77")."""

    def __init__(self, matched: str, value: str) -> None:
        self.matched, self.value = matched, value
        self.item = Item(Category.EMAIL, matched, value)
        address = value.lower()
        runs = list(re.finditer(r"[a-z0-9]+", address))
        self.runs = tuple(r.group(0) for r in runs)  # each is in every written form
        run = max(runs, key=lambda r: len(r.group(0)))
        self.anchor = word_anchor(run.group(0))
        # From the run to the end, matched at the run; the part before it, searched backwards.
        head, tail = address[: run.start()], address[run.start() :]
        self._tail = re.compile((_LEAD if not head else "") + written_pattern(tail) + _TRAIL, re.I)
        self._head = re.compile(_LEAD + written_pattern(head) + r"\Z", re.I) if head else None

    def find(self, text: str) -> Iterator[Hit]:
        for start, end in self.spans(text):
            yield self.item.hit(text, start, end, Severity.HIGH)
            return

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Every occurrence, in text order (find() reports the first)."""
        for pos in self.anchor.positions(text):
            tail = self._tail.match(text, pos)
            if tail is None:
                continue
            start = pos
            if self._head is not None:
                head = self._head.search(text, max(0, pos - _REACH), pos)
                if head is None:
                    continue
                start = head.start()
            yield start, tail.end()


def written_pattern(raw: str) -> str:
    """Regex for (part of) an address: each "." and "@" in any of their written forms."""
    return "".join(_DOT if c == "." else _AT if c == "@" else re.escape(c) for c in raw)


class EmailMatcher:
    """All private email addresses of a profile, minus any that are also public."""

    category = Category.EMAIL

    def __init__(self, profile: Profile) -> None:
        public = {e.lower() for e in profile.public.emails}
        self._addresses = [
            _Address(f"private.emails[{i}]", e)
            for i, e in enumerate(profile.private.emails)
            if e.lower() not in public
        ]

    def find(self, text: str) -> Iterator[Hit]:
        for address in self._addresses:
            yield from address.find(text)

    def may_occur(self, low: str) -> bool:
        """False when text (lower-cased) cannot hold a span: no run of any address in it."""
        return any(run in low for a in self._addresses for run in a.runs)

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, profile value) of every occurrence of any private address."""
        for address in self._addresses:
            for start, end in address.spans(text):
                yield start, end, address.value
