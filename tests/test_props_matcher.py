"""Properties of the matcher: arbitrary text never raises and every hit points inside its
evidence; and generated worst cases (long runs of digits, repeated name fragments, near-miss
postcodes, phones and dates, separators) cost linear time.

Linear is measured, not assumed: the same generated pattern at n and 4n characters, in CPU
seconds of this process (other processes' load does not count); a quadratic detector shows as
a 16x ratio, linear as about 4x, and the test allows 8x. The absolute bound is generous too.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from props import ANY_TEXT, PROPS, WELSH
from test_report_samples import PROFILE

from footprint.matcher import Matcher
from footprint.model import Extracted, Field, Record

MATCHERS = {"example": Matcher(PROFILE), "welsh": Matcher(WELSH)}
PROPS_FEW = settings(PROPS, max_examples=30)  # each example matches 1 MB of text

_WORDS = st.sampled_from(
    (
        "Whitcombe", "whitcombe", "WHITCOMBE", "Whit", "Whitcomb", "Eleanor", "Ellie", "Daniel",
        "Danie", "Isla", "Isl", "son", "daughter", "our", "and", "wife", "born", "DOB", "d.o.b.",
        "birthday", "3rd", "Sept", "September", "1977", "77", "03", "09", "Larkspur", "Larkspu",
        "Close", "Cl", "No.", "14", "Wickwar", "GL12", "GL1", "8QX", "8Q", "GL12 8QY", "BS1 8QX",
        "07700", "900461", "90046", "+44", "(0)", "ellie.", "whitcombe77", "@", "[at]", "example",
        "[dot]", "net", "51.60", "51.6001", "-2.39", "-2.3987", "tel:", "mailto:", "https://",
        "Tŷ", "Ty", "Gwyn", "Heol", "y", "Coed", "Rhiwbina", "CF14", "6HL", "CF1", "029",
        "2018", "0123", "Siôn", "Sion", "O’Brien", "O'Brien", "O’", "Mared", "ei", "mab", "merch",
        "ganwyd", "1af", "Chwefror", "Chwef", "1983", "Rhian", "Llywelyn", "llywelyn83",
    )
)  # fmt: skip
_DIGITS = st.text("0123456789", min_size=3, max_size=120)
_NEAR_POSTCODE = st.builds(
    lambda a, d, e, f: f"{a}{d} {e}{f}",
    st.sampled_from(("GL", "G", "BS", "GL1", "SW")),
    st.integers(0, 99),
    st.integers(0, 9),
    st.sampled_from(("QX", "QY", "Q", "XX", "")),
)
_SEPARATORS = st.sampled_from(
    ("", " ", "  ", "-", ".", "/", ",", ", ", ":", "\u00a0", "\u2010", "\u2013", "\n", "|", "_")
)
_UNIT = st.builds(
    lambda parts, sep: sep.join(parts) + sep,
    st.lists(st.one_of(_WORDS, _DIGITS, _NEAR_POSTCODE, _SEPARATORS), min_size=1, max_size=24),
    _SEPARATORS,
).filter(bool)

SMALL = 100_000  # characters; 4x that is the big case
RATIO = 8
FLOOR_S = 0.003  # below this, CPU timing is noise
MAX_S_PER_MB = 5


def _cpu(matcher: Matcher, text: str) -> float:
    """Best of two CPU-time measurements of one match (a collection or page fault can land
    in either)."""
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        matcher.match(Extracted(text))
        best = min(best, time.process_time() - start)
    return best


@PROPS
@given(ANY_TEXT, st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=4))
def test_arbitrary_text_and_records_never_raise(text: str, pairs: list[tuple[str, str]]) -> None:
    fields = (Field(0, len(text) // 2, "the document's Author field"),) if text else ()
    records = (Record(tuple(pairs), "row 1"),) if pairs else ()
    for matcher in MATCHERS.values():
        for hit in matcher.match(Extracted(text, fields=fields, records=records)):
            start, end = hit.span
            assert 0 <= start <= end <= len(hit.evidence), hit
            assert hit.at < len(text) or records


@pytest.mark.parametrize("subject", MATCHERS)
@PROPS_FEW
@given(unit=_UNIT)
def test_generated_worst_cases_cost_linear_time(subject: str, unit: str) -> None:
    small = (unit * (SMALL // len(unit) + 1))[:SMALL]
    big = (unit * (4 * SMALL // len(unit) + 1))[: 4 * SMALL]
    matcher = MATCHERS[subject]
    t_small, t_big = _cpu(matcher, small), _cpu(matcher, big)
    assert t_big < RATIO * max(t_small, FLOOR_S), (unit[:80], t_small, t_big)
    assert t_big < MAX_S_PER_MB * len(big) / 1_000_000, (unit[:80], t_big)
