"""Where the subject is named: the profile's name or an alias, in every written form (names.py).

Context for the weaker hits that need the subject nearby to be about them (a family member's
first name by a kinship word, a month and year of birth); the addresses matcher may use it too.
The subject is named, in a stretch of text, by:

- a surname of theirs (of the name or an alias) with a capital: "Whitcombe", "WHITCOMBE",
  "Mrs Whitcombe's", "E. Whitcombe", "Eleanor Whitcombe", "Siân Lloyd Jenkins" - unless it is
  another person's: a capitalised word just before it (same line) that is not one of the
  subject's given names, their initial or a title ("Margaret Whitcombe", "M. Whitcombe",
  "Daniel Whitcombe"), or, written in capitals, another given name just after it
  ("WHITCOMBE, Margaret", "WHITCOMBE, MARGARET", "WHITCOMBE Margaret", as notices and
  registers write; not "WHITCOMBE AND HER HUSBAND", in text all in capitals);
- a given name of theirs (first word of the name or an alias) with a capital, standing alone:
  "Eleanor said", "ELLIE," - not followed by another capitalised word ("Eleanor Smith"), nor
  preceded by another surname and a comma ("Smith, Eleanor").

Only the stretch asked about is scanned (literal-led, `NamePart.spans_in`), so asking costs time
linear in its length; `nearby(text)` answers many questions about one text, asked in text order,
scanning each stretch once (hostile text with a candidate every few characters stays linear).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from footprint.matcher.names import TITLES, NamePart, fold, split_name
from footprint.matcher.nearby import Marks
from footprint.profile import Profile

REACH = 150  # characters either side of a hit that count as its context
_CHUNK = 1000  # `Nearby` finds mentions this much text at a time
_AFTER_RE = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'’\-]*)")
_AFTER_CAPS_RE = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*([^\W\d_][\w'’\-]*)")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?")
_COMMA_BEFORE_RE = re.compile(r"([^\W\d_][\w'’\-]*)[ \t\u00a0]*,[ \t\u00a0]*\Z")


def _key(word: str) -> str:
    return (word if word.isascii() else fold(word)).lower().strip(".'’")


def _word_before(text: str, start: int) -> str | None:
    """The word just before `start` on the same line, with spaces between: 'Margaret ' in
    'Margaret Whitcombe'; None after punctuation ('Jones, Whitcombe') or a line break."""
    chunk = text[max(0, start - 40) : start]
    stripped = chunk.rstrip(" \t\u00a0")
    if len(stripped) == len(chunk) or not stripped or stripped[-1].isspace():
        return None
    word = stripped.rsplit(maxsplit=1)[-1]
    if not word[0].isalpha() or not (word[-1].isalnum() or word[-1] in ".'’-"):
        return None
    if word.endswith(".") and not _INITIALS_RE.fullmatch(word) and _key(word) not in TITLES:
        return None  # the end of a sentence: 'Officers. WHITCOMBE'
    return word


class SubjectMentions:
    """Mentions of the subject, asked about one stretch of text at a time."""

    def __init__(self, profile: Profile) -> None:
        surnames: dict[str, NamePart] = {}
        given: dict[str, NamePart] = {}
        allowed = set(TITLES)
        for name in (profile.name, *profile.aliases):
            first, last = split_name(name)
            if last:
                surnames.setdefault(_key(" ".join(last)), NamePart(last))
            if first:
                given.setdefault(_key(first[0]), NamePart(first[:1]))
            for word in first:
                allowed |= {_key(word), _key(word)[:1]}
        self._surnames = tuple(surnames.values())
        self._given = tuple(given.values())
        self._allowed = frozenset(allowed)
        self._names = frozenset(_key(w) for p in self._surnames for w in p.tokens) | allowed

    def __bool__(self) -> bool:
        return bool(self._surnames or self._given)

    def near(self, text: str, lo: int, hi: int, skip: tuple[int, int] | None = None) -> bool:
        """Whether the subject is named in text[lo:hi], outside `skip` (the hit itself)."""
        for start, end in self.mentions(text, lo, hi):
            if skip is None or end <= skip[0] or start >= skip[1]:
                return True
        return False

    def nearby(self, text: str) -> Nearby:
        """`near` for many questions about one text, best asked in text order."""
        return Nearby(self, text)

    def mentions(self, text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
        """(start, end) of each mention of the subject starting in text[lo:hi]."""
        lo, hi = max(0, lo), min(len(text), hi)
        for part in self._surnames:
            for start, end in part.spans_in(text, lo, hi):
                if text[start].isupper() and self._surname_is_theirs(text, start, end):
                    yield start, end
        for part in self._given:
            for start, end in part.spans_in(text, lo, hi):
                if text[start].isupper() and self._stands_alone(text, start, end):
                    yield start, end

    def _surname_is_theirs(self, text: str, start: int, end: int) -> bool:
        before = _word_before(text, start)
        if before is not None and self._other_name(before):
            return False
        if text[start:end].isupper():
            after = _AFTER_CAPS_RE.match(text, end)
            # 'WHITCOMBE, Margaret', 'WHITCOMBE, MARGARET', 'WHITCOMBE Margaret' - but in text
            # all in capitals, 'WHITCOMBE AND HER HUSBAND' names nobody else.
            if after is not None and self._other_name(after.group(1)):
                word = after.group(1)
                return not ("," in after.group(0) or not word.isupper())
        return True

    def _stands_alone(self, text: str, start: int, end: int) -> bool:
        after = _AFTER_RE.match(text, end)
        if after is not None and self._other_name(after.group(1), self._names):
            return False
        before = _COMMA_BEFORE_RE.search(text, max(0, start - 40), start)
        return before is None or not self._other_name(before.group(1), self._names)

    def _other_name(self, word: str, ours: frozenset[str] | None = None) -> bool:
        """A capitalised word that is none of ours (given names, initials, titles)."""
        if not word[:1].isupper():
            return False
        key = _key(word)
        if key in (ours or self._allowed):
            return False
        # Initials run together ("E.J."): theirs if the first one is.
        return not (_INITIALS_RE.fullmatch(word) and key[:1] in self._allowed)


class Nearby:
    """Whether the subject is named around spots of one text: mentions are found a chunk of
    text at a time and kept, so questions asked in text order scan each stretch once."""

    def __init__(self, mentions: SubjectMentions, text: str) -> None:
        self._mentions, self._text = mentions, text
        self._lo = self._hi = 0
        self._marks = Marks([])

    def near(self, lo: int, hi: int, skip: tuple[int, int] | None = None) -> bool:
        """Whether the subject is named in text[lo:hi], outside `skip` (the hit itself)."""
        lo, hi = max(0, lo), min(len(self._text), hi)
        if lo < self._lo or hi > self._hi:
            self._lo, self._hi = lo, max(hi, lo + _CHUNK)
            found = self._mentions.mentions(self._text, self._lo, self._hi)
            self._marks = Marks([(start, end, "") for start, end in found])
        at = lo
        while (mark := self._marks.within(at, hi)) is not None:
            start, end, _ = mark
            if skip is None or end <= skip[0] or start >= skip[1]:
                return True
            at = start + 1
        return False
