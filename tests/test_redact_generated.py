"""Generated texts holding several private details at once, in mixed written forms, in noise.

After redaction (a) the project's own Matcher finds nothing, and (b) no raw form is left: no
digit run holds the phone's national number, and the email local part, the postcode halves,
the street name, the family first names, full dates and the home coordinates are all gone.
Every report format of findings from such texts holds none of them, and all with --reveal.

Seeded `random` rather than hypothesis: the forms are a fixed catalogue, so a few hundred
seeded mixes cover them without a new test dependency, and a failure names its seed.
"""

from __future__ import annotations

import json
import random
import re
import time

import pytest
from report_formats import readable, rendered
from test_report_samples import GENERATED, PROFILE

from footprint.engine import finding_from_hit
from footprint.matcher import Matcher
from footprint.model import Category, Extracted, SourceState, SourceStatus
from reports import build_report
from reports.redact import Redactor

REDACTOR = Redactor(PROFILE)
MATCHER = Matcher(PROFILE)

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_GAPS = [" ", "", "-", ".", "\u00a0", "  ", " - ", "/", *_DASHES]


def _phone(rng: random.Random) -> str:
    gap = rng.choice(_GAPS)
    national = rng.choice(
        [f"07700{gap}900461", f"07700{gap}900{gap}461", f"0770{gap}090{gap}0461", "(07700) 900461"]
    )
    intl = rng.choice(
        [f"+44{gap}7700{gap}900461", "0044 7700 900461", "+44 (0)7700 900461", "447700900461"]
    )
    return rng.choice(
        [
            national,
            intl,
            f"tel:{intl.replace(' ', '')}",
            "https://wa.me/447700900461",
            "tel:%2B447700900461",
            "07700\u00a0900\u00a0461",
        ]
    )


_ATS = ["@", " @ ", "[at]", "(at)", "{at}", "<at>", " at ", "-at-", "%40", "&#64;", " [ at ] "]
_DOTS = [".", "[dot]", "(dot)", "{dot}", " dot "]


def _email(rng: random.Random) -> str:
    local = rng.choice(["ellie.whitcombe77", "Ellie.Whitcombe77", "ELLIE.WHITCOMBE77"])
    domain = "example" + rng.choice(_DOTS) + "net"
    full = local + rng.choice(_ATS) + domain
    return rng.choice(
        [
            full,
            f"mailto:{local}@example.net",
            f"https://forum.example/u/{local}/posts",
            f"{local.replace('.', '_')}",
            f"{local.replace('.', rng.choice(_DOTS))}",
        ]
    )


def _address(rng: random.Random) -> str:
    street = rng.choice(["Larkspur", "larkspur", "LARKSPUR"])
    kind = rng.choice(["Close", "Cl", "Cl.", "close", "CLOSE"])
    postcode = rng.choice(
        ["GL12 8QX", "GL128QX", "gl12 8qx", "GL12  8QX", "GL12-8QX", "GL12%208QX"]
    )
    sep = rng.choice([" ", "-", "_", "%20"])
    return rng.choice(
        [
            f"14 {street} {kind}, Wickwar, Wotton-under-Edge {postcode}",
            f"14 {street} {kind}",
            f"No. 14, {street} {kind}",
            f"14{sep}{street.lower()}{sep}close",
            f"{street} {kind}",
            f"the {street} residents",
            postcode,
            "GL12",
            "GL12 8",
            "8QX",
            f"postcode {postcode}",
        ]
    )


def _date(rng: random.Random) -> str:
    return rng.choice(
        [
            "03/09/1977",
            "3/9/1977",
            "03-09-1977",
            "3.9.1977",
            "1977-09-03",
            "1977/09/03",
            "3rd September 1977",
            "3 Sept 1977",
            "03-Sep-1977",
            "September 3, 1977",
            "Sep 3rd 1977",
            "3rd of September, 1977",
            "3/9/77",
            "3 Sep '77",
            "September 1977",
            "Sept 1977",
            "09/1977",
            "born 1977-09",
            "DOB: 03",
            "Born: 3rd",
            "d.o.b. 03/09",
            "birthday: 3rd September",
            "03091977",
            "19770903",
        ]
    )


def _family(rng: random.Random) -> str:
    first, other = rng.choice([("Daniel", "Isla"), ("Isla", "Daniel")])
    sep = rng.choice([" ", "-", "_", ".", "%20", "", "  "])
    return rng.choice(
        [
            f"{first} Whitcombe",
            f"{first.lower()}{sep}whitcombe",
            f"{first}{sep}Whitcombe",
            f"{first.upper()} WHITCOMBE",
            f"Whitcombe, {first}",
            f"{first} and {other} Whitcombe",
            f"{first} J. Whitcombe",
            f"our son {first}",
            first.lower(),
            first.upper(),
        ]
    )


def _coordinates(rng: random.Random) -> str:
    lat = 51.6001 + rng.uniform(-0.0009, 0.0009)
    lon = -2.3987 + rng.uniform(-0.0009, 0.0009)
    return rng.choice(
        [f"{lat:.5f}, {lon:.5f}", f"lat={lat:.6f}&lon={lon:.6f}", f"{lat:.4f},{lon:.4f}"]
    )


DETAILS = (_phone, _email, _address, _date, _family, _coordinates)
# Noise: public details, places, kinship and birth words, other numbers and dates - and none of
# the private words inside it.
NOISE = (
    "Eleanor Whitcombe",
    "Ellie Whitcombe",
    "candidate for Wickwar",
    "Wotton-under-Edge",
    "South Gloucestershire",
    "eleanor@whitcombeforwickwar.example",
    "call 0117 496 0718",
    "her daughter",
    "wife",
    "born",
    "DOB",
    "married",
    "12 May 2019",
    "07700 900123",
    "ref 88231",
    "50.123, -1.234",
    "High Street",
    "see https://parish.example/news?id=7",
    "Contact us",
    "|",
    "\n",
    "...",
    "updated 2024",
    "Garden Party",
)


def generated(seed: int) -> str:
    rng = random.Random(seed)
    parts = [rng.choice(DETAILS)(rng) for _ in range(rng.randint(3, 8))]
    parts += [rng.choice(NOISE) for _ in range(rng.randint(3, 10))]
    rng.shuffle(parts)
    return " ".join(p + rng.choice(["", ",", ";", ".", ":"]) for p in parts)


_PHONE_RUN_RE = re.compile(rf"[\d\s.()/{re.escape(_DASHES)}]+")
_GONE = (
    "whitcombe77",
    "larkspur",
    "8qx",
    "gl12",
    "1977-09-03",
    "1977/09/03",
    "03/09/1977",
    "3/9/1977",
    "03-09-1977",
    "3.9.1977",
    "3/9/77",
    "3 sep",
    "3rd sep",
    "3rd of sep",
    "september 3",
    "sep 3",
    "september 1977",
    "sept 1977",
    "09/1977",
    "1977-09",
    "03091977",
    "19770903",
    "51.600",
    "2.398",
)
_NAMES_RE = re.compile(r"(?<![a-z])(?:daniel|isla)")


def leftovers(text: str) -> list[str]:
    """Raw forms still in text (empty when properly redacted)."""
    low = text.lower()
    left = [raw for raw in _GONE if raw in low]
    left += _NAMES_RE.findall(low)
    runs = ("".join(c for c in run if c.isdigit()) for run in _PHONE_RUN_RE.findall(text))
    left += ["phone" for run in runs if "7700900461" in run][:1]
    if re.search(r"(?:dob|born|d\.o\.b\.?)[:\s]\s*\d{1,4}(?!\d)", low):
        left.append("a day or date after a birth label")
    return left


SEEDS = range(300)


def test_generated_texts_really_hold_details() -> None:
    # Guard against a generator that produced nothing to find (a test that cannot fail).
    categories = set()
    for seed in SEEDS:
        text = generated(seed)
        assert leftovers(text), text
        categories |= {h.category for h in MATCHER.match(Extracted(text))}
    assert categories == set(Category) - {Category.ACCOUNT, Category.BREACH, Category.GEOLOCATION}


@pytest.mark.parametrize("chunk", range(3))
def test_redacted_generated_text_holds_nothing(chunk: int) -> None:
    for seed in SEEDS[chunk::3]:
        text = generated(seed)
        out = REDACTOR.scrub(text)
        assert MATCHER.match(Extracted(out)) == [], (seed, text, out)
        assert leftovers(out) == [], (seed, text, out)


def _report(seeds: range):
    findings = []
    for seed in seeds:
        text = generated(seed)
        location = f"https://site{seed}.example/{generated(seed + 1000)[:40]}"
        for hit in MATCHER.match(Extracted(text)):
            findings.append(finding_from_hit(hit, "web", location, ("name Eleanor Whitcombe",)))
    sources = [
        SourceStatus(
            "files",
            skipped_items=[(f"docs/{generated(s + 2000)[:60]}.pdf", generated(s)) for s in seeds],
        ),
        SourceStatus("web", SourceState.FAILED, reason=generated(seeds[0] + 3000)),
    ]
    assert len(findings) > 10
    return build_report(PROFILE, findings, sources, GENERATED)


def _shown(fmt: str, out: str) -> str:
    """What a format shows, less JSON's exact `location`: a finding's identity, kept exact by
    design (its redacted form is `display_location`)."""
    if fmt != "json":
        return readable(fmt, out)
    data = json.loads(out)
    for f in [*data["findings"], *data["plan"]]:
        assert f.pop("location")
    return readable(fmt, json.dumps(data, ensure_ascii=False))


def test_no_report_format_shows_a_generated_detail_unless_revealed() -> None:
    report = _report(range(40))
    for fmt, out in rendered(report).items():
        assert leftovers(_shown(fmt, out)) == [], fmt
    for fmt, out in rendered(report, reveal=True).items():
        shown = leftovers(readable(fmt, out))
        assert "phone" in shown, fmt  # the summary's Value column, at least
        if fmt != "terminal":
            assert {"whitcombe77", "larkspur", "gl12"} <= set(shown), fmt


def test_redaction_is_linear_on_near_misses() -> None:
    near = (
        "07700 90046 ellie.whitcombe7 larkspu GL1 8Q born: on DOB 3rd Septembe 1977-09- "
        "Danie Isl 51.60 -2.39 "
    )
    for text in (near * 4000, "born " * 100_000, "7" * 300_000, "ellie." * 100_000):
        start = time.process_time()
        REDACTOR.scrub(text)
        assert time.process_time() - start < 2, text[:40]


def test_a_big_report_is_redacted_quickly() -> None:
    # Thousands of skipped files are common in a folder scan: each string must be cheap.
    skipped = [
        (f"/home/ellie/archive/folder {i}/scan {i:05d}.pdf", "unreadable PDF") for i in range(5000)
    ]
    report = build_report(PROFILE, [], [SourceStatus("files", skipped_items=skipped)], GENERATED)
    start = time.process_time()
    rendered(report)
    assert time.process_time() - start < 2
