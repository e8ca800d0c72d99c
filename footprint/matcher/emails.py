"""Private email addresses, plain or obfuscated.

Forms found: plain, mailto:, any capitalisation, "@" written "[at]" "(at)" "{at}" "<at>" " at "
"-at-" "%40", "." written "[dot]" "(dot)" "{dot}" " dot ", and spaces around "@".

Never a hit when the address is only part of a longer one: a letter, digit or ._%+- before
the local part (xellie.whitcombe77@...) or a label continuing the domain (...@example.network,
...@example.net.uk). An address that is also listed as public is never flagged.

Prefilter: the longest alphanumeric run of the local part ("whitcombe77"), searched as an exact
substring in lower/Title/UPPER case; the full (case-insensitive) regex runs only around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from footprint.matcher.anchors import windows, word_anchor
from footprint.matcher.snippets import snippet
from footprint.model import Category, Hit, Severity
from footprint.profile import Profile

_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT = rf"(?:\s*@\s*|\s*{_OPEN}\s*(?:at|@)\s*{_CLOSE}\s*|\s+at\s+|\s*-at-\s*|%40|\s*&#64;\s*)"
_DOT = rf"(?:\.|\s*{_OPEN}\s*(?:dot|\.)\s*{_CLOSE}\s*|\s+dot\s+|\s*-dot-\s*)"
_LEAD = r"(?<![\w.%+\-])"
# No further domain label, plain or obfuscated.
_TRAIL = rf"(?![\w\-])(?!\.[^\W_])(?!\s*{_OPEN}\s*dot\s*{_CLOSE})(?!\s+dot\s+[^\W_])"
_REACH = 160  # how far the anchor may sit from either end of an obfuscated address


def _parts(text: str) -> str:
    return _DOT.join(re.escape(p) for p in text.split("."))


class _Address:
    def __init__(self, matched: str, value: str) -> None:
        self.matched, self.value = matched, value
        local, _, domain = value.lower().partition("@")
        pattern = _LEAD + _parts(local) + _AT + _parts(domain) + _TRAIL
        self.regex = re.compile(pattern, re.IGNORECASE)
        runs = re.findall(r"[a-z0-9]+", local) or re.findall(r"[a-z0-9]+", domain)
        self.anchors = word_anchor(max(runs, key=len))

    def find(self, text: str) -> Iterator[Hit]:
        for lo, hi in windows(text, self.anchors, _REACH, _REACH):
            for m in self.regex.finditer(text, lo, hi):
                evidence, span = snippet(text, m.start(), m.end())
                yield Hit(Category.EMAIL, Severity.HIGH, self.matched, self.value, evidence, span)
                return


class EmailMatcher:
    """All private email addresses of a profile, minus any that are also public."""

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
