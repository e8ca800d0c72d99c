"""Election imprints: a home address given as the promoter's address is high and says so."""

from __future__ import annotations

import time

import pytest

from footprint.matcher import Matcher
from footprint.matcher.imprint import IMPRINT_NOTE, MAX_IMPRINTS, REACH, imprints, is_imprint_note
from footprint.model import Category, Extracted, Field, Hit, Severity
from footprint.profile import parse_profile

HOME = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"


def matcher() -> Matcher:
    data = {"name": "Eleanor Whitcombe", "area": "Wickwar", "private": {"home_address": [HOME]}}
    return Matcher(parse_profile(data))


def address_hit(text: str, fields: tuple[Field, ...] = ()) -> Hit | None:
    hits = matcher().match(Extracted(text, fields=fields))
    found = [h for h in hits if h.category is Category.HOME_ADDRESS]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    "imprint",
    [
        "Promoted by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX.",
        "Promoted by Sam Carter on behalf of Eleanor Whitcombe, both at 14 Larkspur Close, "
        "Wickwar, GL12 8QX",
        "Printed by QuickPrint Ltd, 2 Mill Road, Yate BS37 4AB. Published and promoted by "
        "Eleanor Whitcombe of 14 Larkspur Close, Wickwar",
        "PROMOTED BY ELEANOR WHITCOMBE FOR THE WICKWAR INDEPENDENTS AT 14 LARKSPUR CLOSE, WICKWAR",
        "promoted  by\tEleanor Whitcombe, 14 Larkspur Cl, Wickwar",
        "Hyrwyddwyd gan Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX",
    ],
)
def test_home_address_in_an_imprint_is_high_and_noted(imprint: str) -> None:
    hit = address_hit(f"<footer>© 2025 · {imprint} · Privacy</footer>")
    assert hit is not None
    assert hit.severity is Severity.HIGH and is_imprint_note(hit.note)
    assert "larkspur" in hit.evidence.lower()


def test_an_office_address_in_the_imprint_is_no_hit() -> None:
    text = (
        "Promoted by Sam Carter (agent) on behalf of Eleanor Whitcombe, both of the Campaign "
        "Office, 3 Station Road, Wickwar GL12 8NB."
    )
    assert address_hit(text) is None


def test_the_printers_part_is_not_the_imprint() -> None:
    # A printer at the candidate's address would be odd; the promoter's part is what matters.
    text = "Printed by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX. Thanks for reading"
    hit = address_hit(text)
    assert hit is not None and hit.note == ""


def test_the_same_address_outside_an_imprint_has_no_imprint_note() -> None:
    hit = address_hit("Come to my surgery at 14 Larkspur Close, Wickwar GL12 8QX on Friday.")
    assert hit is not None and hit.severity is Severity.HIGH and hit.note == ""


def test_the_imprint_hit_wins_over_the_same_strength_elsewhere() -> None:
    text = (
        "Surgery at 14 Larkspur Close, Wickwar GL12 8QX.\n"
        "Promoted by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX"
    )
    hit = address_hit(text)
    assert hit is not None and is_imprint_note(hit.note)
    assert hit.at == text.rindex("GL12 8QX")  # where it is in the whole text


def test_a_partial_address_in_the_imprint_is_raised() -> None:
    # Outside an imprint the street and town without a number is a medium, partial hit.
    plain = address_hit("We met on Larkspur Close, Wickwar last week.")
    assert plain is not None and plain.severity is Severity.MEDIUM
    hit = address_hit("Promoted by Eleanor Whitcombe, Larkspur Close, Wickwar.")
    assert hit is not None
    assert (hit.severity, hit.partial) == (Severity.HIGH, True)
    assert hit.note.startswith(IMPRINT_NOTE + "; street name without house number")


def test_a_low_hit_in_the_imprint_becomes_medium() -> None:
    hit = address_hit("Promoted by Eleanor Whitcombe, Larkspur Close.")
    assert hit is not None and (hit.severity, hit.partial) == (Severity.MEDIUM, True)


def test_the_imprint_ends_at_its_line_and_its_postcode() -> None:
    text = "Promoted by A. Agent, 3 Station Road, Wickwar GL12 8NB. I live at 14 Larkspur Close"
    spans = list(imprints(text))
    assert [text[s:e] for s, e in spans] == [text[: text.index("GL12 8NB") + 8]]
    # ... so the home address after it is an ordinary hit, not an imprint's.
    hit = address_hit(text)
    assert hit is not None and hit.note == ""
    two_lines = "Promoted by A. Agent, 3 Station Road\n14 Larkspur Close, Wickwar"
    assert [two_lines[s:e] for s, e in imprints(two_lines)] == [
        "Promoted by A. Agent, 3 Station Road"
    ]


def test_the_imprint_is_bounded() -> None:
    text = "Promoted by " + "x " * 1000
    ((start, end),) = list(imprints(text))
    assert (start, end) == (0, REACH)
    many = "Promoted by someone.\n" * (MAX_IMPRINTS * 3)
    assert len(list(imprints(many))) == MAX_IMPRINTS


def test_an_imprint_in_a_metadata_field_is_labelled() -> None:
    text = "Leaflet\nPromoted by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX"
    start = text.index("Promoted")
    hit = address_hit(text, (Field(start, len(text), "the document's Subject field"),))
    assert hit is not None and hit.field == "the document's Subject field"


def test_hostile_imprint_text_costs_linear_time() -> None:
    m = matcher()
    text = ("Promoted by Larkspur Larkspur Wickwar GL12 " * 30_000)[:1_000_000]
    started = time.process_time()
    m.match(Extracted(text))
    assert time.process_time() - started < 2.0


def test_the_imprint_scan_is_literal_led_and_linear() -> None:
    import time

    from footprint.matcher.imprint import imprints

    # Many near-misses ("promoted" without "by") and words that only start alike.
    text = ("she was promoted to manager; promotes; " * 20000) + "Promoted by A, 1 B Rd, GL12 8QX"
    start = time.process_time()
    found = list(imprints(text))
    assert time.process_time() - start < 1.0
    assert len(found) == 1 and text[found[0][0] :].startswith("Promoted by")


def test_an_imprint_with_the_home_address_is_found_after_many_without() -> None:
    # A page of other candidates' imprints (more than are read per text) before the subject's:
    # imprints are read near the home address, so the others cannot use up the limit.
    other = "Promoted by Agent {0}, {0} Station Road, Yate BS37 4AB.\n"
    others = "".join(other.format(i) for i in range(MAX_IMPRINTS * 2))
    hit = address_hit(others + "Promoted by Eleanor Whitcombe, 14 Larkspur Close, Wickwar GL12 8QX")
    assert hit is not None and hit.severity is Severity.HIGH and is_imprint_note(hit.note)


def test_imprints_near_offsets_are_those_of_the_whole_text_that_reach_them() -> None:
    text = ("Promoted by A, 1 B Rd. " + "x" * 400 + " PROMOTED BY C for D at 3 E St.\n") * 5
    every = list(imprints(text))
    near = [text.index("3 E St", 300)]
    assert list(imprints(text, near=near)) == [s for s in every if s[0] <= near[0] < s[0] + REACH]
