"""Where the subject is named: context for weaker hits (family first names, month + year)."""

from __future__ import annotations

import pytest

from footprint.matcher.subject import SubjectMentions
from footprint.profile import parse_profile

SUBJECT = SubjectMentions(
    parse_profile({"name": "Siân Lloyd-Jenkins", "aliases": ["Siân Ó Dónaill"]})
)


def named(text: str) -> list[str]:
    return [text[s:e] for s, e in SUBJECT.mentions(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Siân Lloyd-Jenkins said", "Lloyd-Jenkins"),
        ("Sian Lloyd Jenkins said", "Lloyd Jenkins"),
        ("SIAN LLOYDJENKINS said", "LLOYDJENKINS"),
        ("Ms Lloyd-Jenkins's office", "Lloyd-Jenkins"),
        ("Y Cynghorydd Lloyd-Jenkins", "Lloyd-Jenkins"),
        ("S. Lloyd-Jenkins, treasurer", "Lloyd-Jenkins"),
        ("LLOYD-JENKINS, Siân", "LLOYD-JENKINS"),
        ("Siân O'Donaill (née Lloyd-Jenkins)", "O'Donaill"),  # an alias's surname
        ("Siân said", "Siân"),
        ("Sian, aged 44,", "Sian"),
        ("Siân Lloyd Jenkins", "Lloyd Jenkins"),
        ("Officers. LLOYD-JENKINS, Siân", "LLOYD-JENKINS"),  # a sentence ends before it
        ("Mr. and Mrs. Lloyd-Jenkins", "Lloyd-Jenkins"),
        ("MRS LLOYD-JENKINS AND HER HUSBAND", "LLOYD-JENKINS"),  # all in capitals
    ],
)
def test_the_subject_is_named(text: str, mention: str) -> None:
    assert mention in named(text)


@pytest.mark.parametrize(
    "text",
    [
        "Margaret Lloyd-Jenkins said",  # another person's given name before the surname
        "M. Lloyd-Jenkins said",
        "M.J. Lloyd-Jenkins said",
        "LLOYD-JENKINS, Margaret",  # a register or notice: another given name after
        "LLOYD-JENKINS, MARGARET",
        "LLOYD-JENKINS Margaret Ann",
        "lloyd-jenkins in lower case",
        "Lloyd-Jenkinson said",
        "Siân Evans said",  # another surname after the given name
        "Evans, Siân",
        "siân in lower case",
    ],
)
def test_someone_else_is_not_the_subject(text: str) -> None:
    assert named(text) == []


def test_near_looks_only_in_its_stretch_and_outside_the_hit() -> None:
    text = "Ms Lloyd-Jenkins" + " ..." * 60 + " her son"
    assert SUBJECT.near(text, 0, 40)
    assert not SUBJECT.near(text, 100, len(text))
    assert not SUBJECT.near(text, 0, 40, skip=(3, 16))
    nearby = SUBJECT.nearby(text)
    assert nearby.near(0, 40) and not nearby.near(100, len(text))
