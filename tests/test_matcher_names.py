"""Names as the four nations write them: accents dropped, apostrophes, double-barrelled names,
Mc/Mac and Irish prefixes, initials - for family members and for the subject's own name."""

from __future__ import annotations

import time

import pytest

from footprint.matcher import Matcher
from footprint.matcher.names import NamePart, split_name
from footprint.model import Category, Extracted, Hit, Severity
from footprint.profile import parse_profile

SUBJECT = "Siân Lloyd-Jenkins"
FAMILY = [
    "Seán Ó Dónaill",
    "Ciarán McAllister",
    "Zoë O'Hara",
    "Mairi MacLeod",
    "Gwen Lloyd-Jenkins",
]
MATCHER = Matcher(
    parse_profile({"name": SUBJECT, "aliases": ["Sian Jenkins"], "private": {"family": FAMILY}})
)


def family_hits(text: str) -> list[Hit]:
    return [h for h in MATCHER.match(Extracted(text)) if h.category is Category.FAMILY]


def shown(hit: Hit) -> str:
    return hit.evidence[hit.span[0] : hit.span[1]]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("Seán Ó Dónaill", "Seán Ó Dónaill"),
        ("Sean O Donaill", "Seán Ó Dónaill"),
        ("Sean O'Donaill", "Seán Ó Dónaill"),
        ("Seán O’Dónaill", "Seán Ó Dónaill"),
        ("Sean ODonaill", "Seán Ó Dónaill"),
        ("SEÁN Ó DÓNAILL", "Seán Ó Dónaill"),
        ("SEAN O DONAILL", "Seán Ó Dónaill"),
        ("Ó Dónaill, Seán", "Seán Ó Dónaill"),
        ("O DONAILL, Sean", "Seán Ó Dónaill"),
        ("Ciarán McAllister", "Ciarán McAllister"),
        ("Ciaran McAllister", "Ciarán McAllister"),
        ("Ciaran Mc Allister", "Ciarán McAllister"),
        ("Ciaran Mcallister", "Ciarán McAllister"),
        ("CIARAN MCALLISTER", "Ciarán McAllister"),
        ("Ciarán M'Allister", "Ciarán McAllister"),
        ("Zoe O'Hara", "Zoë O'Hara"),
        ("Zoë O’Hara", "Zoë O'Hara"),
        ("Zoe OHara", "Zoë O'Hara"),
        ("Zoe O Hara", "Zoë O'Hara"),
        ("ZOË O'HARA", "Zoë O'Hara"),
        ("Mairi MacLeod", "Mairi MacLeod"),
        ("Mairi Mac Leod", "Mairi MacLeod"),
        ("MAIRI MACLEOD", "Mairi MacLeod"),
        ("Gwen Lloyd-Jenkins", "Gwen Lloyd-Jenkins"),
        ("Gwen Lloyd Jenkins", "Gwen Lloyd-Jenkins"),
        ("Gwen LloydJenkins", "Gwen Lloyd-Jenkins"),
        ("Gwen Lloyd–Jenkins", "Gwen Lloyd-Jenkins"),  # en dash
        ("Gwen Lloyd\u2011Jenkins", "Gwen Lloyd-Jenkins"),  # non-breaking hyphen
        ("Lloyd-Jenkins, Gwen", "Gwen Lloyd-Jenkins"),
        ("Seán ac Gwen Lloyd-Jenkins", "Gwen Lloyd-Jenkins"),  # Welsh 'and' not needed: Gwen
    ],
)
def test_family_full_name_in_every_spelling_is_medium(written: str, value: str) -> None:
    hits = [h for h in family_hits(f"Diolch i {written} am y lluniau.") if h.value == value]
    assert len(hits) == 1, hits
    hit = hits[0]
    assert (hit.severity, hit.partial) == (Severity.MEDIUM, False)
    assert written.endswith(shown(hit)) and len(shown(hit)) >= len(value) - 2


@pytest.mark.parametrize(
    "text",
    [
        "Ciaran MacAllister",  # Mac and Mc are different surnames
        "Mairi McLeod",
        "Sean O'Donnell",  # the anglicised surname is another spelling, not a variant
        "Zoe O'Harasson",
        "Gwen Lloyd-Jenkinson",
        "Gwen Lloyd-Jenkins-Smith",
        "Gwen Jenkins",  # half a double-barrelled name
        "Seanna O Donaill",
        "Zoey O'Hara",
    ],
)
def test_other_names_are_not_family(text: str) -> None:
    assert family_hits(f"Met {text} yesterday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Siân Lloyd-Jenkins and her husband Sean",
        "Sian Lloyd Jenkins and her husband Seán",
        "SIAN LLOYD-JENKINS lives with her husband SEAN",
        "Ms Lloyd-Jenkins's husband Sean",
        "S. Lloyd-Jenkins, with her husband Sean",
        "Ms Jenkins and her husband Sean",  # the alias's surname
        "Siân, with her husband Sean",
        "Siân Lloyd-Jenkins a'i gŵr Seán",  # Welsh kinship words
        "Mae Ms Lloyd-Jenkins yn byw gyda'i phriod, Sean",
    ],
)
def test_first_name_in_any_spelling_with_the_subject_in_any_spelling(text: str) -> None:
    hit = next(h for h in family_hits(text) if h.value == "Seán Ó Dónaill")
    assert (hit.severity, hit.partial) == (Severity.LOW, True)
    assert shown(hit).lower() in ("sean", "seán")


def test_initial_and_surname_is_not_a_family_hit_but_is_redacted() -> None:
    text = "Siân Lloyd-Jenkins met G. Lloyd-Jenkins and Lloyd-Jenkins, G. at the hall"
    assert [h for h in family_hits(text) if h.value == "Gwen Lloyd-Jenkins"] == []
    low = text.lower()
    found = [low[s:e] for s, e, c, v in MATCHER.spans(low) if v == "Gwen Lloyd-Jenkins"]
    assert found == ["g. lloyd-jenkins", "lloyd-jenkins, g."]


@pytest.mark.parametrize(
    "text",
    [
        "S. Lloyd-Jenkins at the hall",  # the subject's own initial: her, not a relative
        "A Lloyd-Jenkins spokesman said",  # A and I need their dot to be initials
        "Lloyd-Jenkins, G was there",  # an initial after the surname needs its dot
        "GG Lloyd-Jenkins",
    ],
)
def test_initial_and_surname_traps_are_not_redacted_as_family(text: str) -> None:
    family = ["Sioned Lloyd-Jenkins", "Ann Lloyd-Jenkins", "Gwen Lloyd-Jenkins"]
    matcher = Matcher(parse_profile({"name": SUBJECT, "private": {"family": family}}))
    low = text.lower()
    assert [low[s:e] for s, e, c, _ in matcher.spans(low) if c is Category.FAMILY] == []


@pytest.mark.parametrize(
    ("name", "given", "surname"),
    [
        ("Seán Ó Dónaill", ("Seán",), ("Ó", "Dónaill")),
        ("Aoife Ní Bhriain", ("Aoife",), ("Ní", "Bhriain")),
        ("Dafydd ap Gwilym", ("Dafydd",), ("ap", "Gwilym")),
        ("Daniel James Whitcombe", ("Daniel", "James"), ("Whitcombe",)),
        ("Isla", ("Isla",), ()),
    ],
)
def test_split_name_keeps_prefixes_with_the_surname(
    name: str, given: tuple[str, ...], surname: tuple[str, ...]
) -> None:
    assert split_name(name) == (given, surname)


@pytest.mark.parametrize(
    ("tokens", "text", "expected"),
    [
        (["Aoife"], "Aoife, AOIFE, aoife, Aoifeen, Jean-Aoife", ["Aoife", "AOIFE", "aoife"]),
        (["Ní", "Bhriain"], "Ní Bhriain, Ni Bhriain, NíBhriain, NI BHRIAIN", None),
        (["ap", "Gwilym"], "ap Gwilym, Ap Gwilym, apGwilym, AP-GWILYM", None),
        (["McAllister"], "McAllister Mcallisters MacAllister", ["McAllister"]),
    ],
)
def test_name_part_spans(tokens: list[str], text: str, expected: list[str] | None) -> None:
    found = [text[a:b] for a, b in NamePart(tokens).spans(text)]
    assert found == (expected if expected is not None else [t.strip() for t in text.split(",")])


def test_name_part_windowed_search_sees_only_its_stretch() -> None:
    part = NamePart(["Lloyd-Jenkins"])
    text = "Lloyd-Jenkins " + "x" * 50 + " Lloyd Jenkins " + "y" * 50 + " LLOYDJENKINS"
    middle = text.index("Lloyd Jenkins")
    assert part.spans_in(text, middle - 5, middle + 20) == [(middle, middle + 13)]
    assert len(part.spans(text)) == 3


def test_spans_cover_every_family_spelling_for_redaction() -> None:
    text = "sean o'donaill; ciaran mc allister; zoe ohara; g. lloyd-jenkins; màiri"
    found = sorted(text[s:e] for s, e, c, _ in MATCHER.spans(text) if c is Category.FAMILY)
    assert found == sorted(
        ["sean o'donaill", "ciaran mc allister", "zoe ohara", "g. lloyd-jenkins", "màiri"]
    )


def test_long_runs_of_name_characters_cost_linear_time() -> None:
    for text in ("O'" * 100_000, "Lloyd-" * 50_000, "Mc " * 100_000, "Seán " * 60_000):
        start = time.process_time()
        MATCHER.match(Extracted(text))
        list(MATCHER.spans(text.lower()))
        assert time.process_time() - start < 2.0, text[:10]


@pytest.mark.parametrize("family", ["-", "Jo 2", "D.", "ß", "Jo  -  Smith", "Ægir"])
def test_odd_family_names_never_break_the_matcher(family: str) -> None:
    profile = parse_profile({"name": "Eleanor Whitcombe", "private": {"family": [family]}})
    text = "Eleanor Whitcombe: her son Jo 2 and Ægir - x"
    Matcher(profile).match(Extracted(text))
    assert all(s < e for s, e, _, _ in Matcher(profile).spans(text.lower()))
