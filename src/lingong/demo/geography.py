"""Where things are: Lunan's sub-districts and the other districts, points drawn around them, and the
nearest of a fixed set of points."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lingong.demo.cast import LUNAN
from lingong.demo.common import Picker
from lingong.org.area import region_of
from lingong.org.models import Division, DivisionLevel, Market

# The area the demo market gets (its city's default from the reference data): points drawn outside retry.
TANGSHAN_AREA = region_of(Market(code="lunan", city_code="130200"))

KM_PER_DEG = 111.32

# Districts outside Lunan where a quarter of the people and jobs are.
OUTER_DISTRICT_SHARE = {
    "130203": 0.30,
    "130207": 0.26,
    "130205": 0.14,
    "130208": 0.12,
    "130209": 0.10,
    "130204": 0.08,
}
LUNAN_SHARE = 0.75
LUNAN_SPREAD_KM = 1.5
OUTER_SPREAD_KM = 3.0
OTHER_DISTRICT_ROADS = (
    "迎宾路",
    "新华道",
    "建设路",
    "光明路",
    "幸福道",
    "文化大街",
    "人民路",
    "青年路",
    "长宁道",
)


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    lat: float
    lon: float

    @property
    def in_lunan(self) -> bool:
        return self.code.startswith(LUNAN)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within one city, and cheaper than haversine."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return KM_PER_DEG * math.hypot(x, lat2 - lat1)


class NearestFinder:
    """Nearest of a fixed set of points, by the same flat-earth distance, without a call per point."""

    def __init__(self, items: Sequence[Any], coords: Sequence[tuple[float, float]]) -> None:
        self.items = list(items)
        self.coords = list(coords)

    def nearest(self, lat: float, lon: float) -> Any:
        scale = math.cos(math.radians(lat)) ** 2
        best, best_d = 0, math.inf
        for i, (plat, plon) in enumerate(self.coords):
            d = (plat - lat) ** 2 + (plon - lon) ** 2 * scale
            if d < best_d:
                best, best_d = i, d
        return self.items[best]


class Geography:
    """Lunan's sub-districts and the other districts, with Gaussian clusters around their centres."""

    def __init__(self, divisions: Sequence[Division]) -> None:
        def place(d: Division) -> Place:
            return Place(d.code, d.name, d.lat, d.lon)

        self.by_code = {d.code: place(d) for d in divisions}
        self.subdistricts = [
            place(d) for d in divisions if d.level == DivisionLevel.SUBDISTRICT and d.code.startswith(LUNAN)
        ]
        outer = [
            place(d)
            for d in divisions
            if d.level in (DivisionLevel.DISTRICT, DivisionLevel.COUNTY) and d.code != LUNAN
        ]
        # A point is labelled with the nearest centre of the right kind: a sub-district inside Lunan,
        # a district or county elsewhere.
        leaves = self.subdistricts + outer
        self.leaves = NearestFinder(leaves, [(p.lat, p.lon) for p in leaves])
        towns_weight = {"130202007": 0.7, "130202102": 0.6, "130202103": 0.6}
        self.lunan_picker = Picker(
            self.subdistricts, [towns_weight.get(p.code, 1.0) for p in self.subdistricts]
        )
        present = {code: w for code, w in OUTER_DISTRICT_SHARE.items() if code in self.by_code}
        self.outer_picker = Picker([self.by_code[c] for c in present], list(present.values()))

    def nearest(self, lat: float, lon: float) -> Place:
        place: Place = self.leaves.nearest(lat, lon)
        return place

    def near(self, rng: random.Random, centre: Place, spread_km: float) -> tuple[float, float]:
        """A point around ``centre``; the rare draw outside the served area falls back to the centre."""
        lat = centre.lat + rng.gauss(0, spread_km) / KM_PER_DEG
        lon = centre.lon + rng.gauss(0, spread_km) / (KM_PER_DEG * math.cos(math.radians(centre.lat)))
        if not TANGSHAN_AREA.contains(lat, lon):
            return centre.lat, centre.lon
        return round(lat, 6), round(lon, 6)

    def sample(self, rng: random.Random, lunan_share: float = LUNAN_SHARE) -> tuple[float, float, Place]:
        if rng.random() < lunan_share:
            lat, lon = self.near(rng, self.lunan_picker.pick(rng), LUNAN_SPREAD_KM)
        else:
            lat, lon = self.near(rng, self.outer_picker.pick(rng), OUTER_SPREAD_KM)
        return lat, lon, self.nearest(lat, lon)
