"""Redaction: every private detail of the profile, in every written form, masked in any text.

Reports are redacted by default. A Redactor is built from the whole profile - every private
detail, whether or not it produced a finding - because a page that shows one detail often
shows others nearby. It masks:
- every form the matcher accepts, context aside (`Matcher.spans`: so it stays true as the
  matcher learns new forms), in the lower-cased text (so mixed case too);
- the partial forms listed in reports/forms.py (postcode halves, street name alone, email
  local part, birth labels, given names alone, separator-free names, ...);
- in evidence snippets, the finding's own span, and fragments of a detail cut off at the
  snippet's edges ('spur Cl.' of 'Larkspur Cl.').
Overlapping mentions are masked as one; masks are in reports/masks.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from footprint.matcher import Matcher
from footprint.model import Category, Finding
from footprint.profile import Profile
from reports.forms import (
    Form,
    Fragments,
    address_forms,
    extra_forms,
    fragments,
    lowered,
    public_words,
)
from reports.masks import (
    MASK,
    MASKERS,
    mask,
    mask_address,
    mask_coordinates,
    mask_date_of_birth,
    mask_email,
    mask_generic,
    mask_name,
    mask_phone,
    mask_postcode,
)

__all__ = [
    "MASK",
    "MASKERS",
    "Redactor",
    "mask",
    "mask_address",
    "mask_coordinates",
    "mask_date_of_birth",
    "mask_email",
    "mask_generic",
    "mask_name",
    "mask_phone",
    "mask_postcode",
]

# A number as written at a snippet's edge: digits and the separators a phone or date may have.
_HEAD_NUMBER_RE = re.compile(r"[+(]?\d[\d\s.()/\-\u2010-\u2015\u2212]*")
_TAIL_NUMBER_RE = re.compile(r"\d[\d\s.()/\-\u2010-\u2015\u2212]*\Z")
_DATE_EDGE = 40  # characters at either edge a cut date of birth can span ("3rd of Septembe")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    category: Category
    mask: Callable[[str], str]


class Redactor:
    """Masks one profile's private details out of any text. Build once per report."""

    def __init__(self, profile: Profile, matcher: Matcher | None = None) -> None:
        """`matcher`: `profile`'s, if already compiled (the scan's): not compiled again."""
        self._matcher = matcher or Matcher(profile)
        # Forms by needle: a text with none of the needles needs no form at all.
        self._forms: dict[str, list[Form]] = {}
        for form in extra_forms(profile):
            for needle in form.needles:
                self._forms.setdefault(needle, []).append(form)
        self._fragments: Fragments = fragments(profile)
        self._public = public_words(profile)
        self._maskers: dict[tuple[Category, str], Callable[[str], str]] = {}
        self._scrubbed: dict[str, str] = {}

    def scrub(self, text: str) -> str:
        """text with every private detail masked."""
        # Reports repeat strings (reasons, locations in findings and first steps).
        if text not in self._scrubbed:
            self._scrubbed[text] = _apply(text, self._spans(text))
        return self._scrubbed[text]

    def categories(self, text: str) -> tuple[Category, ...]:
        """The kinds of private detail `text` shows, in order of first appearance."""
        spans = sorted(self._spans(text), key=lambda s: s.start)
        return tuple(dict.fromkeys(s.category for s in spans))

    def value(self, finding: Finding) -> str:
        return mask(finding.category, finding.value)

    def evidence(self, finding: Finding) -> str:
        """The snippet with the hit (Finding.span), every other detail and any fragment of one
        cut at the snippet's edges masked."""
        return "".join(self.evidence_parts(finding))

    def evidence_parts(self, finding: Finding) -> tuple[str, str, str]:
        """`evidence` in three parts, (before, hit, after), so a report can highlight the hit.

        The hit is the masked form of the finding's span, widened to whatever mask covers it
        (an overlapping detail is masked as one); without a valid span it is "" and the whole
        snippet is `before`. Joined, the parts are exactly `evidence`."""
        text = finding.evidence
        spans = self._spans(text)
        start, end = finding.span
        mark = None
        if 0 <= start < end <= len(text):
            masker = self._masker(finding.category, finding.value)
            mark = _Span(start, end, finding.category, masker)
            spans.append(mark)
        # Edge fragments are looked for in the text as written too: once a distinctive run
        # inside one is masked ("llie.whitcombe77" -> "llie.w•••"), the rest no longer reads
        # as a fragment of the word.
        for edge in (self._head_fragment(text), self._tail_fragment(text)):
            if edge is not None:
                spans.append(_Span(edge[0], edge[1], finding.category, _const_mask))
        return self._trim_edge_parts(_apply_parts(text, spans, mark))

    def _spans(self, text: str) -> list[_Span]:
        found: list[_Span] = []
        if not text:
            return found
        # Lower-cased, so mixed case ("eLLie") is found too: the matcher's anchors scan lower,
        # Title and UPPER case and its patterns ignore case, so this finds a superset of what
        # the text as written would give.
        low = lowered(text)
        for start, end, category, value in self._matcher.spans(low):
            found.append(_Span(start, end, category, self._masker(category, value)))
        present = [forms for needle, forms in self._forms.items() if needle in low]
        for form in dict.fromkeys(f for forms in present for f in forms):
            found += (_Span(s, e, form.category, form.mask) for s, e in form.spans(low))
        return found

    def _masker(self, category: Category, value: str) -> Callable[[str], str]:
        key = (category, value)
        if key not in self._maskers:
            self._maskers[key] = _masker(category, value)
        return self._maskers[key]

    def _trim_edge_parts(self, parts: tuple[str, str, str]) -> tuple[str, str, str]:
        """Snippets are cut mid-word: mask a leading or trailing fragment of a private word or
        number (a fragment reaching into the hit joins it)."""
        head = self._head_fragment("".join(parts))
        if head:
            parts = _replace_part(parts, head[0], head[1], MASK)
        tail = self._tail_fragment("".join(parts))
        if tail:
            parts = _replace_part(parts, tail[0], tail[1], MASK)
        return parts

    def _head_fragment(self, text: str) -> tuple[int, int] | None:
        lead = len(text) - len(text.lstrip())
        low = text[lead:].lower()
        longest = 0  # of all the words' cuts: "iôn O’Brien" is more than "iôn"
        for word in self._fragments.words:
            for k in range(min(len(word), len(low)), longest, -1):
                cut = low[:k]
                ends = k == len(low) or not low[k].isalnum()
                if k > 1 and ends and word.endswith(cut) and self._private_cut(word, cut):
                    longest = k
                    break
        if longest:
            return lead, lead + longest
        if self._fragments.dates is not None:
            cut = self._fragments.dates[0].match(lowered(text[:_DATE_EDGE]))
            if cut is not None:
                return lead, cut.end()
        m = _HEAD_NUMBER_RE.match(text, lead)
        if m is not None:
            digits = re.sub(r"\D", "", m.group(0))
            run = m.group(0).rstrip(" .()/-")
            for number, least in self._fragments.numbers:
                if len(digits) >= least and number.endswith(digits):
                    return lead, lead + len(run)
        return None

    def _private_cut(self, word: str, cut: str) -> bool:
        """A cut of a private word is private unless public; a cut of a phrase only when it
        spans words (within one word, the phrase's own words decide: 'combe' of 'Daniel
        Whitcombe' is the public surname's)."""
        return cut not in self._public and (" " in cut or " " not in word)

    def _tail_fragment(self, text: str) -> tuple[int, int] | None:
        body = text.rstrip()
        low = body.lower()
        longest = 0
        for word in self._fragments.words:
            for k in range(min(len(word), len(low)), longest, -1):
                cut = low[-k:]
                starts = k == len(low) or not low[-k - 1].isalnum()
                if k > 1 and starts and word.startswith(cut) and self._private_cut(word, cut):
                    longest = k
                    break
        if longest:
            return len(body) - longest, len(body)
        if self._fragments.dates is not None:
            start = max(len(body) - _DATE_EDGE, 0)
            cut = self._fragments.dates[1].search(lowered(body[start:]))
            if cut is not None:
                return start + cut.start(), len(body)
        m = _TAIL_NUMBER_RE.search(body)
        if m is not None:
            digits = re.sub(r"\D", "", m.group(0))
            for number, least in self._fragments.numbers:
                if len(digits) >= least and number.startswith(digits):
                    return m.start(), len(body)
        return None


def _masker(category: Category, value: str) -> Callable[[str], str]:
    """What a mention of this profile value becomes, given the text that mentions it."""
    if category is Category.EMAIL and "@" in value:
        masked = mask_email(value)
        return lambda _found: masked
    if category is Category.HOME_ADDRESS:
        return _address_masker(tuple(address_forms(value, within=True)))
    return MASKERS[category]


def _address_masker(forms: Iterable[Form]) -> Callable[[str], str]:
    """Mask each part of the address where it stands ('14 Larkspur Cl., GL12 8QX' ->
    '14 L••• Cl., GL•••'); anything else the matcher called this address goes whole."""
    parts = tuple(forms)

    def masker(found: str) -> str:
        out = found
        for form in parts:
            out = form.sub(out)
        return out if out != found else found.strip()[:1] + MASK

    return masker


def _const_mask(_found: str) -> str:
    return MASK


def _apply(text: str, spans: list[_Span]) -> str:
    return "".join(_apply_parts(text, spans, None))


def _apply_parts(text: str, spans: list[_Span], mark: _Span | None) -> tuple[str, str, str]:
    """Replace each group of overlapping spans once: by the mask of the span covering the group,
    or of the longest span when all are one kind of detail, else by a plain mask.

    Returns (before, hit, after): hit is the replacement of the group holding `mark` (one of
    `spans`), "" when there is no mark."""
    if not spans:
        return text, "", ""
    spans.sort(key=lambda s: (s.start, -s.end))
    out: list[str] = []
    marked: tuple[int, int] | None = None  # the hit's piece in `out`
    pos = i = 0
    while i < len(spans):
        first = spans[i]
        group, end = [first], first.end
        i += 1
        while i < len(spans) and spans[i].start < end:
            group.append(spans[i])
            end = max(end, spans[i].end)
            i += 1
        region = text[first.start : end]
        out.append(text[pos : first.start])
        if mark is not None and any(s is mark for s in group):
            marked = (len(out), len(out) + 1)
        out.append(_replace(region, first.start, end, group))
        pos = end
    out.append(text[pos:])
    if marked is None:
        return "".join(out), "", ""
    return "".join(out[: marked[0]]), out[marked[0]], "".join(out[marked[1] :])


def _replace_part(
    parts: tuple[str, str, str], start: int, end: int, replacement: str
) -> tuple[str, str, str]:
    """Replace text[start:end] of the joined parts; a replacement touching the hit joins it."""
    before, hit, after = parts
    text = before + hit + after
    b, h = len(before), len(before) + len(hit)
    if not hit:  # no hit: everything is `before`
        return text[:start] + replacement + text[end:], "", ""
    if end <= b:
        return text[:start] + replacement + text[end:b], hit, after
    if start >= h:
        return before, hit, text[h:start] + replacement + text[end:]
    low, high = min(start, b), max(end, h)
    return text[:low], text[low:start] + replacement + text[end:high], text[high:]


def _replace(region: str, start: int, end: int, group: list[_Span]) -> str:
    outer = group[0]
    if outer.end != end:
        if len({s.category for s in group}) > 1:
            return MASK
        outer = max(group, key=lambda s: s.end - s.start)
    masked = outer.mask(region)
    # A mention of another kind of detail inside must not survive the outer mask.
    for inner in group:
        if inner.category is not outer.category:
            shown = region[inner.start - start : inner.end - start].lower()
            if shown and shown in masked.lower():
                return MASK
    return masked
