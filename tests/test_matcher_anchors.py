"""Building blocks: literal-led anchors, the street finder and evidence snippets."""

from __future__ import annotations

import pytest

from footprint.matcher.anchors import literal_anchor, spread, word_anchor
from footprint.matcher.snippets import snippet
from footprint.matcher.streets import StreetFinder


@pytest.mark.parametrize("word", ["Larkspur", "Isla", "Daniel", "GL12", "whitcombe77", "Al"])
def test_word_anchor_finds_lower_title_and_upper_only(word: str) -> None:
    spellings = [word.lower(), word[0].upper() + word[1:].lower(), word.upper()]
    text = " | ".join(spellings)
    expected = [_nth(text, s) for s in spellings]
    assert list(word_anchor(word).positions(text)) == sorted(set(expected))


def _nth(text: str, spelling: str) -> int:
    """Offset of `spelling` as a whole |-separated field."""
    offset = 0
    for field in text.split(" | "):
        if field == spelling:
            return offset
        offset += len(field) + 3
    raise AssertionError(spelling)


@pytest.mark.parametrize("text", ["xLarkspur", "larkspurs", "Larkspur2", "lArKsPuR", "Lark spur"])
def test_word_anchor_skips_other_words_and_mixed_case(text: str) -> None:
    assert word_anchor("Larkspur").positions(f"a {text} b") == ()


def test_word_anchor_prefix_mode_allows_trailing_letters() -> None:
    assert word_anchor("john", whole=False).positions("St Johns Road") == (3,)
    assert word_anchor("john").positions("St Johns Road") == ()


def test_literal_anchor_and_spread() -> None:
    text = "a '77 b ’77 c"
    assert literal_anchor("'77", "’77").positions(text) == (2, 8)
    assert spread([10, 15, 100], 120, 5, 5) == [(5, 20), (95, 105)]
    assert spread([2], 4, 5, 5) == [(0, 4)]


@pytest.mark.parametrize(
    ("name", "stype", "text", "found"),
    [
        ("larkspur", "close", "at 14 Larkspur Cl. in", "Larkspur Cl."),
        ("st john's", "road", "12 St. John’s Rd, Bath", "St. John’s Rd"),
        ("st john's", "road", "12 Saint Johns Road", "Saint Johns Road"),
        ("st john's", "road", "12 ST JOHNS ROAD", "ST JOHNS ROAD"),
        ("church hill", "road", "3 Church  Hill Rd", "Church  Hill Rd"),
        ("broadway", None, "14 Broadway, Yate", "Broadway"),
    ],
)
def test_street_finder(name: str, stype: str | None, text: str, found: str) -> None:
    spans = list(StreetFinder(name, stype).find(text))
    assert [text[a:b] for a, b in spans] == [found]


@pytest.mark.parametrize(
    ("name", "stype", "text"),
    [
        ("larkspur", "close", "14 Larkspur Road"),
        ("st john's", "road", "12 John's Road"),
        ("broadway", None, "Broadways"),
        ("larkspur", "close", "Larkspur Closed"),
    ],
)
def test_street_finder_misses(name: str, stype: str | None, text: str) -> None:
    assert list(StreetFinder(name, stype).find(text)) == []


def test_snippet_collapses_whitespace_and_spans_the_hit() -> None:
    text = "start\n\n" + "word " * 40 + "HIT\t\tHERE" + "  tail\n" * 30
    start = text.index("HIT")
    evidence, span = snippet(text, start, start + len("HIT\t\tHERE"))
    assert evidence[span[0] : span[1]] == "HIT HERE"
    assert span[0] <= 60 and len(evidence) - span[1] <= 60
    assert "  " not in evidence and "\n" not in evidence


def test_snippet_at_the_edges_of_the_text() -> None:
    evidence, span = snippet("HIT and more", 0, 3)
    assert (evidence, span) == ("HIT and more", (0, 3))
    evidence, span = snippet("some text HIT", 10, 13)
    assert evidence[span[0] : span[1]] == "HIT" and evidence.endswith("HIT")


def test_positions_in_a_stretch_match_the_whole_scan_there() -> None:
    anchor = word_anchor("Larkspur")
    text = "Larkspur x larkspurs LARKSPUR, xlarkspur " * 20 + "14 Larkspur Close"
    whole = anchor.positions(text)
    for lo, hi in [(0, 5), (3, 60), (100, 400), (len(text) - 20, len(text) + 9)]:
        assert anchor.positions_in(text, lo, hi) == tuple(p for p in whole if lo <= p < hi)


def test_an_anchor_keeps_its_last_answer_and_no_other() -> None:
    anchor = word_anchor("Larkspur")
    first, second = "at Larkspur", "Larkspur and Larkspur"
    assert anchor.positions(first) == (3,)
    assert anchor.positions(second) == (0, 13)
    assert anchor.positions(first) == (3,)  # an equal answer for the earlier text, not a stale one
