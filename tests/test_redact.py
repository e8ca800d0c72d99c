"""Redaction: partial masks per category, span masking, and scrubbing values out of any text."""

from __future__ import annotations

import pytest
from test_report_samples import (
    ADDRESS,
    COORDS,
    DAUGHTER,
    DOB,
    EMAIL,
    PHONE,
    PRIVATE_STRINGS,
    PROFILE,
    SON,
    finding,
)

from footprint.model import Category, Severity
from footprint.profile import parse_profile
from reports.redact import (
    MASK,
    Redactor,
    _replace_part,
    mask,
    mask_address,
    mask_coordinates,
    mask_date_of_birth,
    mask_email,
    mask_name,
    mask_phone,
)

ALL_VALUES = [
    (Category.HOME_ADDRESS, ADDRESS),
    (Category.PHONE, PHONE),
    (Category.EMAIL, EMAIL),
    (Category.DATE_OF_BIRTH, DOB),
    (Category.FAMILY, SON),
    (Category.FAMILY, DAUGHTER),
    (Category.GEOLOCATION, COORDS),
]
REDACTOR = Redactor(PROFILE)


def test_value_masks_match_the_documented_formats() -> None:
    assert mask_phone(PHONE) == "07700 9•••61"
    # The postcode keeps its area only: "GL12" near "Wickwar" is itself a (low) finding.
    assert mask_address(ADDRESS) == "14 L••• Close, GL•••"
    assert mask_email(EMAIL) == "e•••@example.net"
    assert mask_date_of_birth(DOB) == "••/••/1977"
    assert mask_name(SON) == "D••• W•••"
    assert mask_coordinates(COORDS) == "51.6, -2.4"


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("07700900461", "07700900461"),
        ("+44 7700 900461", "447700900461"),
        ("+447700900461", "447700900461"),
        ("0117 496 0718", "01174960718"),
    ],
)
def test_phone_mask_hides_enough_digits(written: str, digits: str) -> None:
    masked = mask_phone(written)
    kept = "".join(c for c in masked if c.isdigit())
    assert MASK in masked and masked.endswith(digits[-2:])
    assert len(digits) - len(kept) >= 3
    assert digits not in kept


@pytest.mark.parametrize(
    "address",
    [
        "Flat 3, 27 Acacia Avenue, Leeds LS6 2QP",
        "27 Acacia Ave, LS6 2QP",
        "LS6 2QP",
    ],
)
def test_address_mask_variants(address: str) -> None:
    masked = mask_address(address)
    assert "Acacia" not in masked and "2QP" not in masked and "LS6" not in masked
    assert "LS•••" in masked


def test_unparseable_values_fall_back_to_a_generic_mask() -> None:
    assert mask(Category.HOME_ADDRESS, "The Old Rectory") == "Th•••"
    assert mask(Category.EMAIL, "not-an-email") == "no•••"
    assert mask(Category.GEOLOCATION, "somewhere") == "so•••"
    assert mask(Category.DATE_OF_BIRTH, "3/9/77") == "••/••/••••"
    assert mask(Category.ACCOUNT, "ab") == MASK


@pytest.mark.parametrize(
    ("category", "written"),
    [
        (Category.PHONE, "+44 (0)7700 900461"),
        (Category.PHONE, "07700-900-461"),
        (Category.PHONE, "tel:+447700900461"),
        (Category.HOME_ADDRESS, "14 Larkspur Cl., GL12 8QX"),
        (Category.HOME_ADDRESS, "14-larkspur-close-gl12-8qx"),
        (Category.HOME_ADDRESS, "postcode gl128qx"),
        (Category.EMAIL, "ELLIE.WHITCOMBE77@EXAMPLE.NET"),
        (Category.EMAIL, "mailto:ellie.whitcombe77%40example.net"),
        (Category.DATE_OF_BIRTH, "born 3rd September 1977"),
        (Category.DATE_OF_BIRTH, "DOB: 03/09/1977"),
        (Category.DATE_OF_BIRTH, "Sept 3, 1977"),
        (Category.DATE_OF_BIRTH, "1977-09-03"),
        (Category.FAMILY, "daniel whitcombe"),
        (Category.FAMILY, "Daniel-Whitcombe"),
        (Category.GEOLOCATION, "lat=51.600123&lon=-2.398701"),
    ],
)
def test_scrub_removes_every_written_form(category: Category, written: str) -> None:
    out = REDACTOR.scrub(f"see {written} here")
    assert out.startswith("see ") and out.endswith(" here")
    for secret in PRIVATE_STRINGS[category]:
        assert secret.lower() not in out.lower(), out
    digits = "".join(c for c in written if c.isdigit())
    if category in (Category.PHONE, Category.DATE_OF_BIRTH) and len(digits) >= 8:
        assert digits not in "".join(c for c in out if c.isdigit())


def test_scrub_leaves_public_details_alone() -> None:
    redactor = REDACTOR
    text = "Eleanor Whitcombe, candidate for Wickwar. Call 0117 496 0718, 12.345 votes"
    assert redactor.scrub(text) == text


def test_first_names_of_family_are_scrubbed_but_not_the_shared_surname() -> None:
    out = REDACTOR.scrub("Isla and Daniel, children of Ms Whitcombe")
    assert out == "I••• and D•••, children of Ms Whitcombe"


def test_evidence_masks_the_span_and_scrubs_the_rest() -> None:
    f = finding(
        Category.PHONE,
        Severity.HIGH,
        "https://a.example/",
        PHONE,
        "07700900461",
        before=f"{ADDRESS} tel ",
        after=f" or email {EMAIL}",
    )
    out = REDACTOR.evidence(f)
    assert "tel 077009•••61 or email" in out
    assert "07700900461" not in out
    # Details that produced no finding are masked too: the redactor knows the whole profile.
    assert out.startswith("14 L••• Close, Wickwar, Wotton-under-Edge GL•••")
    assert EMAIL not in out and "Larkspur" not in out and "e•••@example.net" in out


def test_a_redactor_knows_only_its_profile() -> None:
    other = Redactor(parse_profile({"name": "Eleanor Whitcombe", "private": {"phones": [PHONE]}}))
    assert other.scrub(f"{PHONE} {EMAIL}") == f"07700 9•••61 {EMAIL}"


def test_span_mask_uses_the_category_masker_on_what_was_matched() -> None:
    f = finding(Category.HOME_ADDRESS, Severity.HIGH, "x", ADDRESS, "GL12 8QX", before="at ")
    assert REDACTOR.evidence(f) == "at GL••• (updated 2024)"
    f = finding(Category.FAMILY, Severity.LOW, "x", DAUGHTER, "Isla", before="our ")
    assert REDACTOR.evidence(f) == "our I••• (updated 2024)"
    # A span the redactor would not have found on its own is still masked, by category.
    f = finding(Category.ACCOUNT, Severity.LOW, "x", "ewhitcombe", "ewhitcombe", before="@")
    assert REDACTOR.evidence(f) == "@ew••• (updated 2024)"


def test_bad_span_falls_back_to_scrubbing() -> None:
    f = finding(Category.EMAIL, Severity.HIGH, "x", EMAIL, EMAIL)
    broken = type(f)(**{**f.__dict__, "span": (5, 999)})
    out = REDACTOR.evidence(broken)
    assert EMAIL not in out and "e•••@example.net" in out


def test_masked_values_never_contain_the_value() -> None:
    for category, value in ALL_VALUES:
        masked = mask(category, value)
        assert value not in masked
        assert "•" in masked or category is Category.GEOLOCATION
        for secret in PRIVATE_STRINGS[category]:
            if secret.lower() in value.lower():
                assert secret.lower() not in masked.lower()


@pytest.mark.parametrize(
    ("evidence", "fragment"),
    [
        ("spur Cl., whose sweet peas won. Her husband Daniel says", "spur"),
        ("tcombe77@example.net. Her husband Daniel says it's GL12 8Q", "8Q"),
        ("Her husband Daniel says call 07700 9004", "9004"),
    ],
)
def test_words_cut_at_the_snippet_edge_are_masked(evidence: str, fragment: str) -> None:
    start = evidence.index("Daniel")
    f = finding(
        Category.FAMILY,
        Severity.LOW,
        "x",
        SON,
        "Daniel",
        before=evidence[:start],
        after=evidence[start + 6 :],
    )
    out = REDACTOR.evidence(f)
    assert "D•••" in out
    assert fragment not in out


def test_edge_masking_leaves_ordinary_words_and_the_public_surname() -> None:
    f = finding(
        Category.FAMILY, Severity.LOW, "x", SON, "Daniel", before="combe said ", after=" is a"
    )
    assert REDACTOR.evidence(f) == "combe said D••• is a"


def test_the_commonest_street_names_are_masked_only_where_they_point_home() -> None:
    profile = parse_profile({"name": "Jane Doe", "private": {"home_address": "14 The Green, Bath"}})
    far = " Far away." * 20
    text = f"14 The Green.{far} Fun on the green today.{far} The Green, Bath"
    assert Redactor(profile).scrub(text) == (
        f"14 T••• Green.{far} Fun on the green today.{far} T••• Green, Bath"
    )


WELSH_IRISH = Redactor(
    parse_profile(
        {
            "name": "Siân Lloyd-Jenkins",
            "private": {
                "family": ["Seán Ó Dónaill", "Ciarán McAllister", "Zoë O'Hara"],
                "date_of_birth": __import__("datetime").date(1982, 3, 3),
            },
        }
    )
)


@pytest.mark.parametrize(
    ("written", "secrets"),
    [
        ("her husband Sean O'Donaill", ["sean", "donaill"]),
        ("/people/sean-o-donaill/", ["sean", "donaill"]),
        ("SEÁN Ó DÓNAILL", ["seán", "dónaill"]),
        ("tagged: sean, mum", ["sean"]),
        ("ciaran-mc-allister", ["ciaran", "allister"]),
        ("Ciaran Mc Allister", ["ciaran", "allister"]),
        ("zoe-o%27hara", ["zoe", "hara"]),
        ("Zoe O’Hara", ["zoe", "hara"]),
        ("Ganwyd: 3ydd o Fawrth 1982", ["3ydd", "fawrth"]),
        ("Dyddiad geni: 3 Mawrth 1982", ["mawrth"]),
        ("penblwydd 3ydd o Fawrth", ["3ydd", "fawrth"]),
        ("Mawrth '82", ["mawrth"]),
        ("Dyddiad geni: 3ydd", ["3ydd"]),
    ],
)
def test_scrub_removes_welsh_and_irish_written_forms(written: str, secrets: list[str]) -> None:
    out = WELSH_IRISH.scrub(f"see {written} here")
    assert out.startswith("see ") and out.endswith(" here")
    for secret in secrets:
        assert secret not in out.lower(), out


def test_scrub_leaves_the_subjects_own_welsh_name_alone() -> None:
    text = "Siân Lloyd-Jenkins, Sian Lloyd Jenkins, candidate"
    assert WELSH_IRISH.scrub(text) == text


def test_evidence_parts_put_the_masked_hit_in_the_middle_and_join_to_the_evidence() -> None:
    f = finding(
        Category.PHONE,
        Severity.HIGH,
        "x",
        PHONE,
        PHONE,
        before=f"{ADDRESS}, call ",
        after=f" or {EMAIL}",
    )
    before, hit, after = REDACTOR.evidence_parts(f)
    assert hit == "07700 9•••61"
    assert before.endswith("GL•••, call ") and after == " or e•••@example.net"
    assert before + hit + after == REDACTOR.evidence(f)
    assert not any(s in before + after for s in PRIVATE_STRINGS[Category.HOME_ADDRESS])


def test_a_hit_overlapping_another_detail_is_masked_as_one_highlighted_part() -> None:
    # The address's span ends inside a mention the redactor masks as one: the hit widens.
    f = finding(Category.HOME_ADDRESS, Severity.HIGH, "x", ADDRESS, "14 Larkspur", after=" Close")
    before, hit, after = REDACTOR.evidence_parts(f)
    assert "Larkspur" not in before + hit + after
    assert before + hit + after == REDACTOR.evidence(f)
    assert hit.startswith("14 L•••")


def test_a_hit_at_the_snippet_start_and_a_bad_span() -> None:
    f = finding(
        Category.FAMILY, Severity.LOW, "x", SON, "Daniel", before="", after=" says 07700 9004"
    )
    before, hit, after = REDACTOR.evidence_parts(f)
    assert (before, hit) == ("", "D•••") and "9004" not in after
    broken = type(f)(**{**f.__dict__, "span": (5, 999)})
    before, hit, after = REDACTOR.evidence_parts(broken)
    assert hit == "" and after == "" and before == REDACTOR.evidence(broken)


@pytest.mark.parametrize(
    ("start", "end", "parts"),
    [
        (0, 2, ("•ad ", "HIT", " tail")),  # inside `before`
        (9, 11, ("head ", "HIT", " •il")),  # inside `after`
        (3, 6, ("hea", "•IT", " tail")),  # reaching into the hit: joins it
        (7, 9, ("head ", "HI•", "tail")),
        (2, 10, ("he", "•", "ail")),  # over the whole hit
    ],
)
def test_an_edge_mask_touching_the_hit_joins_it(
    start: int, end: int, parts: tuple[str, str, str]
) -> None:
    out = _replace_part(("head ", "HIT", " tail"), start, end, "•")
    assert out == parts and "".join(out) == "head HIT tail"[:start] + "•" + "head HIT tail"[end:]
