"""Distances, datum conversion and the served area.

Argument order follows the call sites: distance and area helpers take ``(lat, lon)``, the datum
conversions take ``(lon, lat)`` like the map SDKs (AMap, Tencent) they exchange coordinates with.

Chinese map services publish coordinates in GCJ-02, an obfuscated datum offset from WGS-84 by a few
hundred metres; we store WGS-84 and convert at the edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import SupportsFloat

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius

# Krasovsky 1940 ellipsoid, as used by the public GCJ-02 formulas.
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323

# Inversion stops when the forward transform reproduces the input to well under 1e-7 degree (~1 cm).
_INVERSION_TOLERANCE_DEG = 1e-9
_INVERSION_MAX_STEPS = 30

# Widens bounding boxes a hair so floating-point rounding never drops a point that is exactly on the circle.
_BBOX_EPSILON_DEG = 1e-9


# --- Distance ---------------------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres on a sphere of the mean Earth radius."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    # min() guards asin against 1.0000000000000002 for antipodal points.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_km_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """``haversine_km`` from one point to many, vectorised (for ordering many rows; show a row's distance
    from ``haversine_km``)."""
    phi1, phi2 = math.radians(lat), np.radians(lats)
    dlambda = np.radians(lons - float(lon))
    h = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def format_distance_km(km: float | None) -> str:
    """``0.347`` -> ``350 米``; ``2.06`` -> ``2.1 公里``; None, NaN or negative -> ``—``."""
    if km is None:
        return "—"
    try:
        # Via repr so 2.05 rounds half-up to 2.1 as people expect, not down as its binary value would.
        value = Decimal(repr(float(km)))
    except (TypeError, ValueError, OverflowError):
        return "—"
    if not value.is_finite() or value < 0:
        return "—"
    if value < 1:
        metres = (value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10
        if metres < 1000:  # 0.996 km rounds to 1000 m and is shown as 1.0 km instead
            return f"{metres} 米"
    with localcontext() as ctx:
        ctx.prec = 400  # enough digits to quantize any finite float without InvalidOperation
        return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} 公里"


# --- GCJ-02 <-> WGS-84 ------------------------------------------------------------------------------------


def _out_of_china(lon: float, lat: float) -> bool:
    # The offset is only applied inside this rough rectangle; outside it GCJ-02 equals WGS-84.
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shared_terms(x: float, y: float) -> float:
    return (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += _shared_terms(x, y)
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += _shared_terms(x, y)
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _gcj_offset(lon: float, lat: float) -> tuple[float, float]:
    """The (dlon, dlat) in degrees that GCJ-02 adds to a WGS-84 point."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = math.radians(lat)
    magic = 1 - _GCJ_EE * math.sin(radlat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_GCJ_A * (1 - _GCJ_EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_GCJ_A / sqrt_magic * math.cos(radlat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 (lon, lat) -> GCJ-02 (lon, lat)."""
    lon, lat = float(lon), float(lat)
    if _out_of_china(lon, lat):
        return lon, lat
    dlon, dlat = _gcj_offset(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 (lon, lat) -> WGS-84 (lon, lat), inverting the forward transform by fixed-point iteration.

    The offset changes slowly with position, so each step moves the guess by the remaining error and
    converges to float precision in a handful of steps.
    """
    lon, lat = float(lon), float(lat)
    if _out_of_china(lon, lat):
        return lon, lat
    wgs_lon, wgs_lat = lon, lat
    for _step in range(_INVERSION_MAX_STEPS):
        gcj_lon, gcj_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        err_lon, err_lat = gcj_lon - lon, gcj_lat - lat
        if abs(err_lon) < _INVERSION_TOLERANCE_DEG and abs(err_lat) < _INVERSION_TOLERANCE_DEG:
            break
        wgs_lon, wgs_lat = wgs_lon - err_lon, wgs_lat - err_lat
    return wgs_lon, wgs_lat


# --- Bounding boxes and the served area -------------------------------------------------------------------


@dataclass(frozen=True)
class BoundingBox:
    """A lat/lon rectangle that does not cross the antimeridian (degrees)."""

    min_lon: float
    max_lon: float
    min_lat: float
    max_lat: float

    def __post_init__(self) -> None:
        if self.min_lon > self.max_lon or self.min_lat > self.max_lat:
            raise ValueError("BoundingBox minimum exceeds maximum")

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


def bbox_around(lat: float, lon: float, radius_km: float) -> BoundingBox:
    """The smallest lat/lon box holding every point within ``radius_km`` (great-circle) of (lat, lon).

    Meant as an index-friendly SQL pre-filter before the exact ``haversine_km``. The longitude half-width
    is asin(sin(d) / cos(lat)), not d / cos(lat): the latter is too narrow away from the equator.
    Near a pole or across the antimeridian the box widens to all longitudes (a superset is safe).
    """
    if radius_km < 0 or not math.isfinite(radius_km):
        raise ValueError("radius_km must be a finite, non-negative number")
    lat, lon = float(lat), float(lon)
    angular = radius_km / EARTH_RADIUS_KM  # radians
    dlat = math.degrees(angular) + _BBOX_EPSILON_DEG
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90 or angular >= math.pi / 2:
        return BoundingBox(-180.0, 180.0, max(min_lat, -90.0), min(max_lat, 90.0))
    half_width = math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(lat))))
    dlon = math.degrees(half_width) + _BBOX_EPSILON_DEG
    min_lon, max_lon = lon - dlon, lon + dlon
    if min_lon < -180 or max_lon > 180:
        return BoundingBox(-180.0, 180.0, min_lat, max_lat)
    return BoundingBox(min_lon, max_lon, min_lat, max_lat)


@dataclass(frozen=True)
class ServedRegion:
    """A market's served area: a bounding box, optionally narrowed by polygon rings, in one datum.

    ``rings`` are GeoJSON-ordered ``(lon, lat)`` rings (the first is the outline, any others are holes;
    the even-odd rule decides). ``box`` always bounds the whole area. Points are checked in WGS-84 (what
    the database stores) unless told otherwise; they are converted to the area's datum first.
    """

    datum: str
    box: BoundingBox
    rings: tuple[tuple[tuple[float, float], ...], ...] = ()

    def contains(self, lat: float, lon: float, *, datum: str = "wgs84") -> bool:
        if datum != self.datum:
            lon, lat = (wgs84_to_gcj02 if self.datum == "gcj02" else gcj02_to_wgs84)(lon, lat)
        if not self.box.contains(lat, lon):
            return False
        return not self.rings or sum(_in_ring(lon, lat, ring) for ring in self.rings) % 2 == 1

    def box_in(self, datum: str) -> BoundingBox:
        """The bounding box expressed in ``datum`` (corners converted; a hair wider than exact)."""
        if datum == self.datum:
            return self.box
        convert = gcj02_to_wgs84 if self.datum == "gcj02" else wgs84_to_gcj02
        corners = [convert(lon, lat) for lon in (self.box.min_lon, self.box.max_lon)
                   for lat in (self.box.min_lat, self.box.max_lat)]  # fmt: skip
        lons, lats = [c[0] for c in corners], [c[1] for c in corners]
        return BoundingBox(min(lons), max(lons), min(lats), max(lats))


def _in_ring(lon: float, lat: float, ring: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: does a ray east from the point cross the ring an odd number of times?"""
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def point_in_ring(lon: float, lat: float, ring: tuple[tuple[float, float], ...]) -> bool:
    """Is the point inside the ring (``(lon, lat)`` points, closing point optional)? Points exactly on an
    edge may fall either way."""
    return _in_ring(lon, lat, ring)


def ring_area_deg2(ring: tuple[tuple[float, float], ...]) -> float:
    """The ring's area in square degrees (shoelace formula, unsigned): enough to tell a flat ring."""
    if not ring:
        return 0.0
    x0, y0 = ring[0]  # measured from the first point, so large coordinates lose no precision
    pts = [(x - x0, y - y0) for x, y in ring]
    n = len(pts)
    twice = sum(pts[i][0] * pts[(i + 1) % n][1] - pts[(i + 1) % n][0] * pts[i][1] for i in range(n))
    return abs(twice) / 2


def region_from_geojson(area: dict[str, object], datum: str) -> ServedRegion:
    """``{"type": "Polygon", "coordinates": [ring, ...]}`` or ``{"bbox": [west, south, east, north]}``.

    Raises ValueError naming what is wrong (the caller turns it into a form error).
    """
    if datum not in {"wgs84", "gcj02"}:
        raise ValueError("datum must be wgs84 or gcj02")
    if not isinstance(area, dict):
        raise ValueError("area must be an object")
    if area.get("type") == "Polygon":
        raw = area.get("coordinates")
        if not isinstance(raw, list | tuple) or not raw:
            raise ValueError("a Polygon needs at least one ring")
        rings = tuple(_ring(r) for r in raw)
        lons = [p[0] for p in rings[0]]
        lats = [p[1] for p in rings[0]]
        return ServedRegion(datum, BoundingBox(min(lons), max(lons), min(lats), max(lats)), rings)
    bbox = area.get("bbox")
    if not isinstance(bbox, list | tuple) or len(bbox) != 4:
        raise ValueError("give a Polygon or a bbox [west, south, east, north]")
    west, south, east, north = (_lonlat_number(v) for v in bbox)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError("bbox must be [west, south, east, north] with west < east and south < north")
    return ServedRegion(datum, BoundingBox(west, east, south, north))


def _lonlat_number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError("coordinates must be numbers")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("coordinates must be finite")
    return number


def _ring(raw: object) -> tuple[tuple[float, float], ...]:
    if not isinstance(raw, list | tuple):
        raise ValueError("a ring is a list of [lon, lat] points")
    points = []
    for point in raw:
        if not isinstance(point, list | tuple) or len(point) != 2:
            raise ValueError("a ring is a list of [lon, lat] points")
        lon, lat = _lonlat_number(point[0]), _lonlat_number(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError("a ring point lies outside the globe")
        points.append((lon, lat))
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # GeoJSON repeats the first point at the end
    if len(points) < 3:
        raise ValueError("a ring needs at least three distinct points")
    return tuple(points)


def _as_coordinate(value: SupportsFloat | str) -> float:
    try:
        number = float(value)  # Decimal and str arrive here from models and forms
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(_("坐标无效"), code="invalid_coordinates") from None
    if not math.isfinite(number):
        raise ValidationError(_("坐标无效"), code="invalid_coordinates")
    return number


def validate_in_served_area(
    lat: float, lon: float, area: ServedRegion | BoundingBox, *, place: str = ""
) -> None:
    """Reject coordinates (WGS-84) that are not real, or that fall outside the given area."""
    lat_f, lon_f = _as_coordinate(lat), _as_coordinate(lon)
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise ValidationError(_("坐标无效"), code="invalid_coordinates")
    if not area.contains(lat_f, lon_f):
        if place:
            raise ValidationError(
                _("坐标不在本市场服务范围内（%(place)s）"), code="out_of_area", params={"place": place}
            )
        raise ValidationError(_("坐标不在本市场服务范围内"), code="out_of_area")
