"""Photo GPS: near home is high; anywhere else (or no home known) is low 'photo_gps'."""

from __future__ import annotations

import pytest

from footprint.matcher import Matcher
from footprint.matcher.geo import NEAR_HOME_M, distance_m
from footprint.model import Category, Extracted, GeoPoint, Hit, Severity
from footprint.profile import parse_profile

HOME = (51.6001, -2.3987)


def geo_hits(*points: GeoPoint, home: tuple[float, float] | None = HOME) -> list[Hit]:
    private = {"home_coordinates": list(home)} if home else {}
    matcher = Matcher(parse_profile({"name": "A", "private": private}))
    hits = matcher.match(Extracted("nothing here", tuple(points)))
    assert all(h.category is Category.GEOLOCATION for h in hits)
    return hits


def test_distance_is_about_right() -> None:
    # One thousandth of a degree of latitude is ~111 m everywhere.
    assert distance_m((51.0, -2.0), (51.001, -2.0)) == pytest.approx(111.2, abs=0.5)
    assert distance_m(HOME, HOME) == 0


@pytest.mark.parametrize("dlat", [0.0, 0.0002, 0.001, 0.002])
def test_photo_within_250m_of_home_is_high(dlat: float) -> None:
    (hit,) = geo_hits(GeoPoint(HOME[0] + dlat, HOME[1]))
    assert (hit.severity, hit.matched) == (Severity.HIGH, "private.home_coordinates")
    assert "from home" in hit.evidence and "near home" in hit.note
    assert hit.evidence[hit.span[0] : hit.span[1]] == f"{HOME[0] + dlat:.5f}, {HOME[1]:.5f}"


@pytest.mark.parametrize("dlat", [0.0025, 0.01, 1.0])
def test_photo_further_away_is_low_photo_gps(dlat: float) -> None:
    (hit,) = geo_hits(GeoPoint(HOME[0] + dlat, HOME[1]))
    assert (hit.severity, hit.matched) == (Severity.LOW, "photo_gps")
    assert distance_m(HOME, (HOME[0] + dlat, HOME[1])) > NEAR_HOME_M
    assert "location" in hit.note


def test_any_gps_without_home_coordinates_is_low() -> None:
    (hit,) = geo_hits(GeoPoint(HOME[0], HOME[1]), home=None)
    assert (hit.severity, hit.matched) == (Severity.LOW, "photo_gps")
    assert hit.evidence == "GPS 51.60010, -2.39870"
    assert hit.evidence[hit.span[0] : hit.span[1]] == "51.60010, -2.39870"


def test_one_hit_per_item_nearest_photo_reported() -> None:
    points = (GeoPoint(52.0, -2.0), GeoPoint(51.6015, -2.3987), GeoPoint(51.6002, -2.3987))
    hits = geo_hits(*points)
    assert sorted(h.matched for h in hits) == ["photo_gps", "private.home_coordinates"]
    home = next(h for h in hits if h.matched == "private.home_coordinates")
    assert "51.60020" in home.evidence


def test_no_gps_no_hits() -> None:
    assert geo_hits() == []
