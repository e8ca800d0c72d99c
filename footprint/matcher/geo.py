"""Photo GPS: any location in a published photo is worth knowing; near home it is serious.

- within NEAR_HOME_M (250 m) of private.home_coordinates: high, matched
  "private.home_coordinates" ("photo taken at or near home");
- anywhere else, or when the profile has no home coordinates: low, matched "photo_gps".
  "photo_gps" is not a profile item: it names the finding "this document carries photo
  location data" so the engine still keeps one finding per document for it.
The evidence is synthetic ("GPS 51.60012, -2.39868 (23 m from home)"): GPS comes from image
metadata, not from the text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from footprint.model import Category, GeoPoint, Hit, Severity
from footprint.profile import Profile

NEAR_HOME_M = 250.0
PHOTO_GPS = "photo_gps"
HOME = "private.home_coordinates"
_AT_HOME = "photo taken at or near home"
_ANYWHERE = "photo carries location data"
_EARTH_RADIUS_M = 6_371_008.8


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance in metres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _describe(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


class GeoMatcher:
    def __init__(self, profile: Profile) -> None:
        self._home = profile.private.home_coordinates
        self._value = f"{self._home[0]}, {self._home[1]}" if self._home else ""

    def find(self, points: Iterable[GeoPoint]) -> Iterator[Hit]:
        """One hit per point; with home coordinates known, nearest point first."""
        located = [(point, self._distance(point)) for point in points]
        located.sort(key=lambda pair: pair[1] if pair[1] is not None else 0.0)
        for point, metres in located:
            coords = f"{point.lat:.5f}, {point.lon:.5f}"
            if metres is None:
                yield _hit(Severity.LOW, PHOTO_GPS, coords, f"GPS {coords}", _ANYWHERE)
            elif metres <= NEAR_HOME_M:
                evidence = f"GPS {coords} ({_describe(metres)} from home)"
                yield _hit(Severity.HIGH, HOME, self._value, evidence, _AT_HOME)
            else:
                evidence = f"GPS {coords} ({_describe(metres)} from home)"
                yield _hit(Severity.LOW, PHOTO_GPS, coords, evidence, _ANYWHERE)

    def _distance(self, point: GeoPoint) -> float | None:
        return distance_m(self._home, (point.lat, point.lon)) if self._home else None


def _hit(severity: Severity, matched: str, value: str, evidence: str, note: str) -> Hit:
    """Evidence reads 'GPS <lat>, <lon> (...)'; the span covers the coordinates."""
    stop = evidence.find(" (")
    span = (4, stop if stop != -1 else len(evidence))
    return Hit(Category.GEOLOCATION, severity, matched, value, evidence, span, False, note)
