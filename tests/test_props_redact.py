"""Property: redaction never reveals a private detail, in any written form, in any output.

Extends tests/test_redact_generated.py (its catalogue of written forms, noise and `leftovers`
check) in two ways: hypothesis drives the mixing (its `randoms()` feed the same generators, and
shrink a failure to the smallest text), and forms that catalogue lacks are added: Welsh dates
and kinship words, curly apostrophes, case changes of a whole detail, and dotted, spaced and
+44 phones with mixed separators. Every report format (HTML, JSON, Markdown, terminal) of
findings from such texts is checked too, with redaction on.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from props import PROPS
from report_formats import rendered
from test_redact_generated import DETAILS, MATCHER, NOISE, REDACTOR, _shown, leftovers
from test_report_samples import GENERATED, PROFILE

from footprint.engine import finding_from_hit
from footprint.model import Extracted, SourceState, SourceStatus
from reports import build_report

_CASES = (str, str.upper, str.lower, str.title, str.swapcase)


def _welsh_date(rng: random.Random) -> str:
    return rng.choice(
        [
            "3 Medi 1977", "3ydd Medi 1977", "3ydd o Fedi 1977", "3 Medi ’77", "3 Medi '77",
            "3 Sep ’77", "ganwyd 3ydd o Fedi 1977", "ganwyd Medi 1977", "pen-blwydd: 3 Medi",
            "dyddiad geni 03/09/1977", "3edd Medi, 1977",
        ]
    )  # fmt: skip


def _welsh_family(rng: random.Random) -> str:
    first = rng.choice(["Daniel", "Isla"])
    word = rng.choice(["ei fab", "ei merch", "ein mab", "ei ferch", "mab", "teulu"])
    return rng.choice([f"{word} {first}", f"{first}, {word}", f"{word} {first} Whitcombe"])


def _phone_variants(rng: random.Random) -> str:
    sep = rng.choice([" ", ".", "-", "\u2009", "\u00a0", ". ", " - "])
    return rng.choice(
        [
            f"+44{sep}7700{sep}900{sep}461", f"+44{sep}(0){sep}7700{sep}900461",
            f"07700{sep}900{sep}461", f"0{sep}7700{sep}900461", f"(0044){sep}7700{sep}900461",
            f"+447700{sep}900461", f"Tel{sep}07700{sep}900461", "0 7 7 0 0 9 0 0 4 6 1",
        ]
    )  # fmt: skip


def _curly(rng: random.Random) -> str:
    # The address and names with the apostrophes and dashes pages put in.
    return rng.choice(
        [
            "14 Larkspur Close’s residents", "the Whitcombe’s at 14 Larkspur Close",
            "Isla’s school", "Daniel’s team", "14 Larkspur Cl. — GL12 8QX",
            "Larkspur Close (GL12\u00a08QX)", "GL12 8QX’s ward",
        ]
    )  # fmt: skip


NEW_FORMS = (_welsh_date, _welsh_family, _phone_variants, _curly)


def _text(rng: random.Random) -> str:
    """A mix like test_redact_generated.generated, drawing from the new forms too, with each
    detail's case changed at random."""
    parts = []
    for _ in range(rng.randint(2, 6)):
        make = rng.choice(DETAILS + NEW_FORMS + NEW_FORMS)
        parts.append(rng.choice(_CASES)(make(rng)))
    parts += [rng.choice(NOISE) for _ in range(rng.randint(1, 6))]
    rng.shuffle(parts)
    return " ".join(p + rng.choice(["", ",", ";", ".", ":", "’s"]) for p in parts)


_WELSH_GONE = re.compile(r"\b(?:[mf]edi (?:19)?'?77|sep '77|3ydd|3edd|3 medi)\b")


def all_leftovers(text: str) -> list[str]:
    """`leftovers` (the raw forms of test_redact_generated), with curly apostrophes read as
    straight ones, plus the Welsh forms."""
    plain = text.replace("’", "'")
    low = plain.lower()
    return leftovers(plain) + _WELSH_GONE.findall(low)


TEXTS = st.randoms(use_true_random=False).map(_text)


def test_the_new_forms_are_found_before_redaction() -> None:
    # A test that cannot fail otherwise: each new form, alone, is a detail the matcher or the
    # leftover check sees.
    for make in NEW_FORMS:
        for seed in range(20):
            text = make(random.Random(seed))
            assert MATCHER.match(Extracted(text)) or all_leftovers(text), text


@settings(PROPS, max_examples=150)
@given(TEXTS)
def test_scrubbed_text_holds_no_form(text: str) -> None:
    out = REDACTOR.scrub(text)
    assert MATCHER.match(Extracted(out)) == [], out
    assert all_leftovers(out) == [], out


@settings(PROPS, max_examples=8)
@given(st.lists(TEXTS, min_size=3, max_size=6))
def test_no_report_format_shows_a_form(texts: list[str]) -> None:
    findings = [
        finding_from_hit(hit, "web", f"https://site{i}.example/{t[:30]}", ("name E W",))
        for i, t in enumerate(texts)
        for hit in MATCHER.match(Extracted(t))
    ]
    sources = [
        SourceStatus("files", skipped_items=[(f"docs/{t[:50]}.pdf", t) for t in texts]),
        SourceStatus("web", SourceState.FAILED, reason=texts[0]),
    ]
    report = build_report(PROFILE, findings, sources, GENERATED)
    for fmt, out in rendered(report).items():
        assert all_leftovers(_shown(fmt, out)) == [], fmt
