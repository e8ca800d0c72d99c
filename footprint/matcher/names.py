"""A person's name in every written form UK pages use, found by literal-led scans.

A name is taken as the profile writes it ("Seán Ó Dónaill", "Siân Lloyd-Jenkins", "Ciarán
McAllister", "Zoë O'Hara", "Mairi MacLeod") and split into given names and a surname: the last
word, with any prefix words before it (Ó, O, Ní, Nic, Mac, Mc, Mhic, Uí, Ua, ap, ab, ferch, de,
van, von, le, la, du, da, di, st). A page may write each word in any case and:

- accents: a letter the profile writes with an accent, with or without it (Seán / Sean,
  Ciarán / CIARAN, Zoë / Zoe, Siân / Sian). The profile side is folded (NFKD, marks dropped);
  the page side never is: each letter becomes a class of itself and its accented forms, tried
  only where a literal scan stopped. So write names with their accents in the profile: a page
  may drop them, but accents a page adds to letters the profile writes plain are not looked
  for (they may still match, away from the scanned literal);
- apostrophes: straight, curly, backtick or modifier letter, a space, or nothing
  (O'Hara / O’Hara / O Hara / OHara);
- double-barrelled names: a hyphen (any dash), a space or nothing between the parts
  (Lloyd-Jenkins / Lloyd Jenkins / LloydJenkins); words after the first given name may be
  joined by a space or a hyphen whatever the profile uses;
- Mc and Mac: with or without a space after, in any case, or written M' (McAllister /
  Mc Allister / MCALLISTER / M'Allister). Mc and Mac are NOT interchangeable: they are
  separate surnames a family keeps (MacDonald and McDonald are listed apart in every register),
  and a page writing the other one names someone else as often as a misspelling;
- Irish and Scottish prefixes: Ó and O' are one prefix (Ó Dónaill / O Donaill / O'Donaill /
  ODonaill); Ní, Nic, Mhic, Uí, Ua, ap, ab... with a space, a hyphen or nothing after them;
- initials (`initials_pattern`): the first given name's initial with a dot, a space or both,
  optionally a second initial ("S. Lloyd-Jenkins", "S Lloyd-Jenkins", "S.M. Lloyd-Jenkins"),
  or after the surname ("Lloyd-Jenkins, S."). Abbreviated surnames ("Siân L-J") are not
  accepted: two letters name too many people.

Welsh, Irish or Gaelic forms of a given name (Siân for Jane, Seán for John) are different names
and are not accepted. Text in decomposed Unicode (NFD: a letter then a combining accent) is not
looked for.

Speed: `NamePart` scans for one literal run of the name (its longest, from its rarest letter,
as `anchors.word_anchor` does) in lower/Title and UPPER case, in both the folded and the
profile's spelling, and runs the full pattern only in a few characters around each stop.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

from footprint.matcher.anchors import Anchor, _rarest_index

APOSTROPHES = "'’‘ʼ`´"
DASHES = "-‐‑‒–—"  # hyphen-minus, hyphen, non-breaking hyphen, figure, en and em dash
_PREFIXES = "o ni nic mac mc mhic ui ua ap ab ferch verch de di da du van von der den le la st"
PREFIXES = frozenset(_PREFIXES.split())
# Words that may stand just before a surname without naming another person ("Mrs Whitcombe").
_TITLES = "mr mrs ms miss mx dr cllr councillor prof professor sir dame lady lord rev revd "
TITLES = frozenset((_TITLES + "reverend hon mp msp mla cynghorydd cyng bean the a an y yr").split())

_APOS = "[" + re.escape(APOSTROPHES) + "]"
_DASH = "[" + re.escape(DASHES) + "]"
_APOS_JOIN = rf"(?:{_APOS}\s?|\s{{1,3}})?"  # O'Hara, O’Hara, O' Hara, O Hara, OHara
_DASH_JOIN = rf"(?:\s?{_DASH}\s?|\s{{1,3}})?"  # Lloyd-Jenkins, Lloyd Jenkins, LloydJenkins
_PREFIX_JOIN = rf"(?:\s{{1,3}}|{_DASH})?"  # Nic Giolla, NicGiolla, Nic-Giolla
WORD_JOIN = rf"(?:\s+|\s?{_DASH}\s?)"  # between the words of a name
_MC_RE = re.compile(rf"(M[cC]|Mac(?=[A-Z])|M{_APOS})(?=[^\W\d_])")
_RUN_RE = re.compile(r"[^\W_]+")  # letters and digits
START = r"(?<!\w)(?<!\w[" + re.escape(DASHES + "'’") + "])"  # not inside 'Jean-Daniel'
END = r"(?!\w)(?!" + _DASH + r"\w)"  # not 'Whitcombe-Smith' ('Whitcombe's' is fine)


def fold(text: str) -> str:
    """text without accents: NFKD, combining marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _accented() -> dict[str, str]:
    """Each ASCII letter -> its lower-case accented forms in the Latin blocks ('e' -> 'éèêë...')."""
    found: dict[str, list[str]] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        base = fold(char)
        if char.islower() and len(base) == 1 and base.isascii() and base.isalpha():
            found.setdefault(base.lower(), []).append(char)
    return {base: "".join(chars) for base, chars in found.items()}


_ACCENTED = _accented()


def letter(char: str) -> str:
    """A regex for one letter (used with re.IGNORECASE): itself, folded, or accented."""
    base = fold(char).lower()
    if len(base) == 1 and base.isascii() and base.isalpha():
        return "[" + re.escape(base + _ACCENTED.get(base, "")) + "]"
    return re.escape(char)


def _any_case(char: str) -> str:
    """A case-sensitive class for one folded letter in any case, with or without an accent."""
    chars = char + _ACCENTED.get(char, "")
    return "[" + re.escape(chars + chars.upper()) + "]"


def split_name(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(given names, surname words): 'Seán Ó Dónaill' -> (('Seán',), ('Ó', 'Dónaill'))."""
    tokens = name.split()
    if len(tokens) < 2:
        return tuple(tokens), ()
    i = len(tokens) - 1
    while i > 1 and _bare(tokens[i - 1]) in PREFIXES:
        i -= 1
    return tuple(tokens[:i]), tuple(tokens[i:])


def name_words(tokens: Sequence[str]) -> list[str]:
    """The letter and digit runs of some words of a name, a Mc/Mac/M' prefix split off
    ('McAllister' -> 'Mc', 'Allister'; 'O'Hara' -> 'O', 'Hara'), as URL slugs and usernames
    may separate them."""
    text = " ".join(_MC_RE.sub(r"\1 ", t, count=1) for t in tokens)
    return [m.group(0) for m in _RUN_RE.finditer(text)]


def _bare(token: str) -> str:
    return fold(token).lower().strip(".'’")


def token_pattern(token: str) -> str:
    """One word of a name in every written form (for re.IGNORECASE)."""
    out: list[str] = []
    m = _MC_RE.match(token)
    if m is not None:
        prefix = m.group(1).lower()
        spelt = prefix if prefix in ("mc", "mac") else "mc|mac"
        out.append(rf"(?:{spelt}|m{_APOS})\s?")
        token = token[m.end() :]
    for char in token:
        if char in APOSTROPHES:
            out.append(_APOS_JOIN)
        elif char in DASHES:
            out.append(_DASH_JOIN)
        elif char == ".":
            out.append(r"\.?")
        elif char.isalpha():
            out.append(letter(char))
        else:
            out.append(re.escape(char))
    return "".join(out)


def words_pattern(tokens: Sequence[str]) -> str:
    """Words of a name, each joined to the next as pages join them."""
    pieces = [token_pattern(tokens[0])]
    for before, token in pairwise(tokens):
        bare = _bare(before)
        join = _APOS_JOIN if bare == "o" else _PREFIX_JOIN if bare in PREFIXES else WORD_JOIN
        pieces += (join, token_pattern(token))
    return "".join(pieces)


def initial_pattern(given: str) -> str:
    """The initial of a given name, then a dot, a space or both, and maybe a second initial
    ('S. ', 'S ', 'S.', 'S. M. ', 'S.M.'): for re.IGNORECASE; check the case where it matters.
    A and I, which are also words ('A Whitcombe spokesman'), need the dot."""
    first = given.lstrip(APOSTROPHES)[:1]
    gap = r"\.\s?" if fold(first).lower() in "ai" else r"(?:\.\s?|\s)"
    return rf"(?<![\w.{re.escape(APOSTROPHES)}]){letter(first)}{gap}(?:[a-z](?:\.\s?|\s))?"


def _runs(tokens: Sequence[str]) -> list[tuple[str, bool, bool]]:
    """(run, starts the part, ends the part) for each letter run of the words, Mc/Mac split
    off; 'starts'/'ends' say whether a page can glue nothing to that side of it."""
    text = " ".join(_MC_RE.sub(r"\1 ", t, count=1) for t in tokens)  # as name_words()
    runs = [(m.group(0), m.start(), m.end()) for m in _RUN_RE.finditer(text)]
    return [(run, start == 0, end == len(text)) for run, start, end in runs]


def name_anchor(run: str, start: bool, end: bool) -> Anchor:
    """A literal-led scan for one run of letters as the profile writes it: its tail from the
    rarest letter, lower (serving Title too) and UPPER, folded and as written; the letters before
    it in any case, with or without accents. `start`/`end`: no letter may touch that side."""
    folded, spelt = fold(run).lower(), run.lower()
    if len(folded) != len(spelt):
        folded = spelt  # a letter that folds to two: keep the profile's spelling
    k = _rarest_index(folded)
    head = "".join(_any_case(c) for c in folded[:k])
    patterns: list[tuple[str, re.Pattern[str], int]] = []
    for tail in dict.fromkeys((folded[k:], spelt[k:])):
        for literal in dict.fromkeys((tail, tail.upper())):
            lit = re.escape(literal)
            rx = f"{lit}(?<={head}{lit})"
            if start:
                rx += rf"(?<![^\W_]{head}{lit})"
            if end:
                rx += r"(?![^\W_])"
            patterns.append((literal, re.compile(rx), k))
    return Anchor(tuple(patterns))


class NamePart:
    """Some words of a name (a given name, a surname, a full name), in every written form.

    `spans(text)` / `spans_in(text, lo, hi)`: (start, end) of each occurrence, in text order,
    not inside a longer word or a hyphenated one ('Jean-Daniel', 'Whitcombe-Smith')."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.tokens = tuple(tokens)
        self.pattern = re.compile(START + words_pattern(tokens) + END, re.IGNORECASE)
        runs = _runs(tokens) or [("", True, True)]  # no letter or digit: found nowhere
        # The longest run (the last of equals): its literal is the most distinctive.
        best = max(range(len(runs)), key=lambda i: (len(runs[i][0]), i))
        run, starts, ends = runs[best]
        self.anchor = name_anchor(run, starts, ends) if run else Anchor(())
        self._simple = len(runs) == 1 and len(tokens) == 1 and run == tokens[0]
        spelt = " ".join(tokens)
        at = spelt.find(run) if run in spelt else 0
        self._back = 2 * at + 8  # how far before the run the part may start on a page
        self._ahead = 2 * (len(spelt) - at) + 8
        self.needles = tuple(dict.fromkeys(p[0].lower() for p in self.anchor.patterns))

    def may_occur(self, low: str) -> bool:
        """False when lower-cased text cannot hold an occurrence."""
        return any(n in low for n in self.needles)

    def spans(self, text: str) -> list[tuple[int, int]]:
        return self._verify(text, self.anchor.positions(text))

    def loose_spans(self, text: str) -> list[tuple[int, int]]:
        """spans(), and for a one-word part also where a hyphenated word holds it ('Jean-Daniel'):
        for redaction, which may mask more than the matcher reports."""
        if not self._simple:
            return self.spans(text)
        size = len(self.tokens[0])
        return [(p, p + size) for p in self.anchor.positions(text)]

    def spans_in(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Occurrences starting in [lo, hi), found by scanning that stretch only."""
        lo, hi = max(0, lo), min(len(text), hi)
        found: list[int] = []
        for _, rx, offset in self.anchor.patterns:
            # Lookbehinds see before `lo`, so the run alone bounds the search.
            found.extend(m.start() - offset for m in rx.finditer(text, lo, hi + self._ahead))
        found.sort()
        return [s for s in self._verify(text, found) if lo <= s[0] < hi]

    def _verify(self, text: str, positions: Sequence[int]) -> list[tuple[int, int]]:
        if self._simple:
            size = len(self.tokens[0])
            return [(p, p + size) for p in positions if _clear(text, p, p + size)]
        found: list[tuple[int, int]] = []
        for pos in positions:
            for m in self.pattern.finditer(text, max(0, pos - self._back), pos + self._ahead):
                # Matched again without the end bound, which would pass the boundary check.
                full = self.pattern.match(text, m.start())
                if full is None or not full.start() <= pos < full.end():
                    continue
                if not found or full.start() >= found[-1][1]:
                    found.append(full.span())
        return found


def _clear(text: str, start: int, end: int) -> bool:
    """No hyphenated or apostrophe'd word glued before, no hyphenated word after."""
    before = text[max(0, start - 2) : start]
    if len(before) == 2 and before[1] in DASHES + "'’" and before[0].isalnum():
        return False
    after = text[end : end + 2]
    return not (len(after) == 2 and after[0] in DASHES and after[1].isalnum())
