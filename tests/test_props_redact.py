"""Property: redaction never reveals a private detail, in any written form, in any output.

Extends tests/test_redact_generated.py (its catalogue of written forms, noise and `leftovers`
check) in two ways: hypothesis drives the mixing (its `randoms()` feed the same generators, and
shrink a failure to the smallest text), and forms that catalogue lacks are added: Welsh dates
and kinship words, curly apostrophes, case changes of a whole detail, and dotted, spaced and
+44 phones with mixed separators. Every report format (HTML, JSON, Markdown, terminal) of
findings from such texts is checked too, with redaction on.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from props import PROPS, WELSH
from report_formats import _strings, rendered
from test_redact_generated import (
    _PHONE_RUN_RE,
    DETAILS,
    MATCHER,
    NOISE,
    REDACTOR,
    _shown,
    leftovers,
)
from test_report_samples import GENERATED, PROFILE

from footprint.engine import finding_from_hit
from footprint.matcher import Matcher
from footprint.model import Category, Extracted, Finding, Severity, SourceState, SourceStatus
from reports import build_report
from reports.redact import Redactor

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
        finding_from_hit(hit, "web", f"https://site{i}.example/{t}", ("name E W",))
        for i, t in enumerate(texts)
        for hit in MATCHER.match(Extracted(t))
    ]
    sources = [
        SourceStatus("files", skipped_items=[(f"docs/{t}.pdf", t) for t in texts]),
        SourceStatus("web", SourceState.FAILED, reason=texts[0]),
    ]
    report = build_report(PROFILE, findings, sources, GENERATED)
    for fmt, out in rendered(report).items():
        assert _leaks(fmt, out, all_leftovers) == [], fmt


def _leaks(fmt: str, out: str, find: Callable[[str], list[str]]) -> list[str]:
    """`find` on what a format shows (as _shown); JSON string by string: joined, a text
    ending "born" and the next string, a number, would read as a birth label and a day."""
    if fmt != "json":
        return find(_shown(fmt, out))
    data = json.loads(out)
    for f in [*data["findings"], *data["plan"]]:
        assert f.pop("location")  # exact by design, as in _shown
    return [left for text in _strings(data) for left in find(text)]


# -- A second profile (props.WELSH): a Welsh home, a Cardiff number, a family member whose
# surname has an apostrophe, a birthday written in Welsh.

WELSH_REDACTOR = Redactor(WELSH)
WELSH_MATCHER = Matcher(WELSH)
_WELSH_FORMS = (
    "Tŷ Gwyn, Heol y Coed", "Ty Gwyn", "14 Heol y Coed, Rhiwbina", "heol-y-coed", "CF14 6HL",
    "cf146hl", "CF14\u00a06HL", "ffôn: 029 2018 0123", "+44 29 2018 0123", "029.2018.0123",
    "(029) 20180123", "+44 (0)29 2018 0123", "ganwyd 1af Chwefror 1983", "1 Chwef 1983",
    "01/02/1983", "1st February 1983", "dyddiad geni: 1983-02-01", "ei mab Siôn O’Brien",
    "Siôn O'Brien", "Sion O'Brien", "SIÔN O’BRIEN", "ei merch Mared", "Mared Llywelyn",
    "rhian.llywelyn83@example.org", "rhian.llywelyn83 [at] example [dot] org",
    "mailto:Rhian.Llywelyn83@example.org",
)  # fmt: skip
_WELSH_NOISE = (
    "Rhian Llywelyn", "ymgeisydd dros Rhiwbina", "Caerdydd", "Heol y Frenhines", "029 2087 2087",
    "ei chwaer", "2019", "Stryd Fawr", "|", "\n", "Cyswllt",
)  # fmt: skip
_WELSH_LEFT = re.compile(
    r"gwyn|coed|6hl|cf14 ?6|\bsi[oô]n\b|mared|1af|chwef|febr|llywelyn83|01/02|1983-02"
)


def welsh_leftovers(text: str) -> list[str]:
    low = text.lower().replace("’", "'")
    left = _WELSH_LEFT.findall(low)
    digits = ("".join(c for c in run if c.isdigit()) for run in _PHONE_RUN_RE.findall(text))
    return left + ["phone" for run in digits if "2920180123" in run][:1]


WELSH_TEXTS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(_WELSH_FORMS), st.sampled_from(_CASES)).map(
            lambda pair: pair[1](pair[0])
        ),
        st.sampled_from(_WELSH_NOISE),
    ),
    min_size=1,
    max_size=10,
).map(" ".join)


def test_the_welsh_forms_are_found_before_redaction() -> None:
    for form in _WELSH_FORMS:
        assert welsh_leftovers(form), form


@settings(PROPS, max_examples=150)
@given(WELSH_TEXTS)
def test_a_welsh_profile_scrubbed_holds_no_form(text: str) -> None:
    out = WELSH_REDACTOR.scrub(text)
    assert WELSH_MATCHER.match(Extracted(out)) == [], out
    assert welsh_leftovers(out) == [], out


@settings(PROPS, max_examples=5)
@given(st.lists(WELSH_TEXTS, min_size=3, max_size=5))
def test_no_report_format_shows_a_welsh_form(texts: list[str]) -> None:
    findings = [
        # Whole texts as locations: a location is never cut, and a detail cut short (a date
        # ending "01/02/198") is masked only at a snippet's edges.
        finding_from_hit(hit, "web", f"https://gwefan{i}.example/{t}", ("name R L",))
        for i, t in enumerate(texts)
        for hit in WELSH_MATCHER.match(Extracted(t))
    ]
    sources = [SourceStatus("files", skipped_items=[(f"{t}.pdf", t) for t in texts])]
    report = build_report(WELSH, findings, sources, GENERATED)
    for fmt, out in rendered(report).items():
        assert _leaks(fmt, out, welsh_leftovers) == [], fmt


# Found by test_no_report_format_shows_a_form: a snippet cut mid-month after the birthday's
# day ("Eleanor Whitcombe, 3ydd Med", "GL12 8QX 3ydd") showed the day.
@pytest.mark.parametrize(
    ("redactor", "evidence"),
    [
        (REDACTOR, "07700 900461 Eleanor Whitcombe, 3ydd Med"),
        (REDACTOR, "07700 900461 Eleanor Whitcombe, 3rd Se"),
        (REDACTOR, "07700 900461 14 Larkspur Close GL12 8QX 3ydd"),
        (REDACTOR, "07700 900461 born on the 3rd of Septem"),
        (REDACTOR, "tember 1977, 07700 900461"),
        (REDACTOR, "di '77 - 07700 900461"),
        (WELSH_REDACTOR, "029 2018 0123, ganwyd 1af Chwe"),
        (WELSH_REDACTOR, "fror 1983: 029 2018 0123"),
    ],
)
def test_a_birthday_cut_at_a_snippet_edge_is_masked(redactor: Redactor, evidence: str) -> None:
    phone = next(p for p in ("07700 900461", "029 2018 0123") if p in evidence)
    start = evidence.index(phone)
    hit = Finding(
        Category.PHONE, Severity.HIGH, "web", "https://x.example/", evidence,
        "private.phones[0]", phone, (start, start + len(phone)),
    )  # fmt: skip
    out = redactor.evidence(hit)
    assert not re.search(r"\b(?:3|3rd|3ydd|1af)\b|tember|di '77|fror", out), out
    assert "•••" in out.replace(redactor.value(hit), "")


def test_another_day_of_the_birth_month_is_not_masked() -> None:
    evidence = "07700 900461 on the 4th Se"
    hit = Finding(
        Category.PHONE, Severity.HIGH, "web", "https://x.example/", evidence,
        "private.phones[0]", "07700 900461", (0, 12),
    )  # fmt: skip
    assert REDACTOR.evidence(hit).endswith("on the 4th Se")


# Found by test_no_report_format_shows_a_welsh_form: a snippet cut just before a private word
# ("Gwyn, Heol ...", after "Tŷ ") or inside the word before it ("l y Coed", "ŷ Gwyn") showed it.
@pytest.mark.parametrize(
    ("evidence", "gone"),
    [
        ("Gwyn, Heol y Coed: 029 2018 0123", "gwyn"),
        ("029 2018 0123 Tŷ Gwyn", "gwyn"),
        ("l y Coed, 029 2018 0123", "coed"),
        ("ŷ Gwyn - 029 2018 0123", "gwyn"),
        ("iôn O’Brien: 029 2018 0123", "brien"),
    ],
)
def test_a_private_word_at_a_snippet_edge_is_masked(evidence: str, gone: str) -> None:
    start = evidence.index("029")
    hit = Finding(
        Category.PHONE, Severity.HIGH, "web", "https://x.example/", evidence,
        "private.phones[0]", "029 2018 0123", (start, start + 13),
    )  # fmt: skip
    assert gone not in WELSH_REDACTOR.evidence(hit).lower()
