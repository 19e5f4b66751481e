"""Distances, GCJ-02 conversion, bounding boxes and the served area (no database)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lingong.core.geo import (
    EARTH_RADIUS_KM,
    BoundingBox,
    bbox_around,
    format_distance_km,
    gcj02_to_wgs84,
    haversine_km,
    region_from_geojson,
    wgs84_to_gcj02,
)
from lingong.core.geo import (
    validate_in_served_area as geo_validate,
)

# District centres from DOMAIN-RULES (GCJ-02, lon/lat).
DISTRICT_CENTRES = {
    "路南": (118.2108, 39.6152),
    "路北": (118.1747, 39.6285),
    "丰南": (118.1108, 39.5630),
    "开平": (118.2644, 39.6762),
    "古冶": (118.4543, 39.7157),
    "丰润": (118.1558, 39.8314),
    "曹妃甸": (118.4466, 39.2783),
}

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
china_lons = st.floats(min_value=73.5, max_value=135.0)
china_lats = st.floats(min_value=18.0, max_value=53.5)


# --- Distance ---------------------------------------------------------------------------------------------


def test_tangshan_centre_to_fengnan() -> None:
    assert haversine_km(39.63, 118.18, 39.56, 118.11) == pytest.approx(9.83, abs=0.01)


def test_one_degree_of_latitude() -> None:
    assert haversine_km(0, 0, 1, 0) == pytest.approx(2 * math.pi * EARTH_RADIUS_KM / 360, rel=1e-12)
    assert haversine_km(39, 118, 40, 118) == pytest.approx(111.195, abs=0.001)


def test_antipodes_and_same_point() -> None:
    assert haversine_km(39.6, 118.2, 39.6, 118.2) == 0.0
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM, rel=1e-12)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(math.pi * EARTH_RADIUS_KM, rel=1e-12)


def test_decimal_coordinates_from_the_database_are_accepted() -> None:
    assert haversine_km(Decimal("39.63"), Decimal("118.18"), 39.56, 118.11) == pytest.approx(  # type: ignore[arg-type]
        haversine_km(39.63, 118.18, 39.56, 118.11)
    )


@given(latitudes, longitudes, latitudes, longitudes)
def test_haversine_is_symmetric_and_bounded(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    d = haversine_km(lat1, lon1, lat2, lon2)
    assert d == pytest.approx(haversine_km(lat2, lon2, lat1, lon1), abs=1e-9)
    assert 0 <= d <= math.pi * EARTH_RADIUS_KM + 1e-9


@given(latitudes, longitudes, latitudes, longitudes, latitudes, longitudes)
def test_triangle_inequality(la: float, oa: float, lb: float, ob: float, lc: float, oc: float) -> None:
    assert haversine_km(la, oa, lc, oc) <= haversine_km(la, oa, lb, ob) + haversine_km(lb, ob, lc, oc) + 1e-6


# --- GCJ-02 -----------------------------------------------------------------------------------------------

# (WGS-84 lat, lon, GCJ-02 lat, lon) reference points published with the eviltransform library.
REFERENCE_POINTS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), REFERENCE_POINTS)
def test_wgs84_to_gcj02_reference_points(
    wgs_lat: float, wgs_lon: float, gcj_lat: float, gcj_lon: float
) -> None:
    lon, lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert lon == pytest.approx(gcj_lon, abs=1e-9)
    assert lat == pytest.approx(gcj_lat, abs=1e-9)


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), REFERENCE_POINTS)
def test_gcj02_to_wgs84_reference_points(
    wgs_lat: float, wgs_lon: float, gcj_lat: float, gcj_lon: float
) -> None:
    lon, lat = gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert lon == pytest.approx(wgs_lon, abs=1e-7)
    assert lat == pytest.approx(wgs_lat, abs=1e-7)


def test_gcj02_offset_in_tangshan_is_a_few_hundred_metres() -> None:
    lon, lat = DISTRICT_CENTRES["路南"]
    wgs_lon, wgs_lat = gcj02_to_wgs84(lon, lat)
    offset_km = haversine_km(lat, lon, wgs_lat, wgs_lon)
    assert 0.1 < offset_km < 1.0
    assert wgs_lon < lon  # GCJ-02 is shifted east in northern China


def test_outside_china_is_unchanged() -> None:
    assert wgs84_to_gcj02(2.3522, 48.8566) == (2.3522, 48.8566)  # Paris
    assert gcj02_to_wgs84(-74.006, 40.7128) == (-74.006, 40.7128)  # New York


@given(china_lons, china_lats)
def test_gcj_round_trip(lon: float, lat: float) -> None:
    wgs_lon, wgs_lat = gcj02_to_wgs84(lon, lat)
    back_lon, back_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert abs(back_lon - lon) < 1e-6
    assert abs(back_lat - lat) < 1e-6
    assert abs(wgs_lon - lon) > 1e-5 or abs(wgs_lat - lat) > 1e-5  # a real offset was applied


@given(china_lons, china_lats)
def test_wgs_round_trip(lon: float, lat: float) -> None:
    gcj_lon, gcj_lat = wgs84_to_gcj02(lon, lat)
    back_lon, back_lat = gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert abs(back_lon - lon) < 1e-7
    assert abs(back_lat - lat) < 1e-7


# --- Bounding boxes ---------------------------------------------------------------------------------------


def test_bbox_around_tangshan() -> None:
    box = bbox_around(39.63, 118.18, 10)
    assert box.max_lat - 39.63 == pytest.approx(10 / 111.195, rel=1e-4)
    assert box.max_lon - 118.18 == pytest.approx(10 / (111.195 * math.cos(math.radians(39.63))), rel=1e-3)
    assert box.contains(39.56, 118.11)  # Fengnan, 9.8 km away
    assert not box.contains(39.2783, 118.4466)  # Caofeidian, ~40 km away


def test_bbox_is_wider_than_the_naive_formula_at_high_latitude() -> None:
    # d / cos(lat) is too narrow; the point due "east-ish" on the circle must still be inside.
    box = bbox_around(70.0, 20.0, 1000)
    naive = math.degrees(1000 / EARTH_RADIUS_KM) / math.cos(math.radians(70.0))
    assert box.max_lon - 20.0 > naive + 0.1


def test_bbox_near_pole_and_antimeridian_covers_all_longitudes() -> None:
    polar = bbox_around(89.5, 10.0, 100)
    assert (polar.min_lon, polar.max_lon, polar.max_lat) == (-180.0, 180.0, 90.0)
    dateline = bbox_around(0.0, 179.9, 50)
    assert (dateline.min_lon, dateline.max_lon) == (-180.0, 180.0)
    assert dateline.contains(0.0, -179.9)


def test_bbox_rejects_negative_radius() -> None:
    with pytest.raises(ValueError):
        bbox_around(39.6, 118.2, -1)
    with pytest.raises(ValueError):
        BoundingBox(min_lon=2, max_lon=1, min_lat=0, max_lat=1)


@given(
    lat=st.floats(min_value=-85, max_value=85),
    lon=longitudes,
    radius_km=st.floats(min_value=0, max_value=500),
    bearing=st.floats(min_value=0, max_value=360),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_bbox_contains_every_point_within_radius(
    lat: float, lon: float, radius_km: float, bearing: float, fraction: float
) -> None:
    # Walk from the centre along a great circle (destination-point formula) to a point inside the radius.
    delta = radius_km * fraction / EARTH_RADIUS_KM
    phi1, lambda1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    plat = math.degrees(phi2)
    plon = (math.degrees(lambda2) + 540) % 360 - 180
    if haversine_km(lat, lon, plat, plon) > radius_km:
        return  # rounding put it just outside the circle; nothing to check
    assert bbox_around(lat, lon, radius_km).contains(plat, plon)


# --- Served area ------------------------------------------------------------------------------------------

# Tangshan's default area as the reference data gives it (the Market row is the source in the platform).
TANGSHAN = region_from_geojson({"bbox": [117.4, 38.8, 119.4, 40.6]}, "gcj02")


def validate_in_served_area(lat: object, lon: object) -> None:
    geo_validate(lat, lon, TANGSHAN, place="唐山市")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(DISTRICT_CENTRES))
def test_district_centres_are_served(name: str) -> None:
    lon, lat = DISTRICT_CENTRES[name]
    validate_in_served_area(lat, lon)
    wgs_lon, wgs_lat = gcj02_to_wgs84(lon, lat)
    validate_in_served_area(wgs_lat, wgs_lon)


def test_decimal_and_string_coordinates_are_accepted() -> None:
    validate_in_served_area(Decimal("39.6152"), Decimal("118.2108"))  # type: ignore[arg-type]
    validate_in_served_area("39.6152", "118.2108")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (39.9042, 116.4074),  # Beijing
        (39.0842, 117.2009),  # Tianjin
        (39.9354, 119.5996),  # Qinhuangdao
        (0.0, 0.0),
        (-39.63, 118.18),  # latitude sign flipped
    ],
)
def test_places_outside_tangshan_are_rejected(lat: float, lon: float) -> None:
    with pytest.raises(ValidationError) as info:
        validate_in_served_area(lat, lon)
    assert str(info.value.messages[0]) == "坐标不在本市场服务范围内（唐山市）"
    assert info.value.code == "out_of_area"


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (math.nan, 118.18),
        (39.63, math.inf),
        (-math.inf, 118.18),
        (90.5, 118.18),
        (39.63, -180.01),
        (118.18, 39.63),  # lat and lon swapped
        (None, 118.18),
        ("north", 118.18),
        (Decimal("NaN"), 118.18),
    ],
)
def test_invalid_coordinates_are_rejected(lat: object, lon: object) -> None:
    with pytest.raises(ValidationError) as info:
        validate_in_served_area(lat, lon)  # type: ignore[arg-type]
    assert str(info.value.messages[0]) == "坐标无效"
    assert info.value.code == "invalid_coordinates"


def test_other_areas_can_be_passed() -> None:
    beijing = BoundingBox(min_lon=115.4, max_lon=117.5, min_lat=39.4, max_lat=41.1)
    geo_validate(39.9042, 116.4074, beijing)
    assert TANGSHAN.contains(39.63, 118.18)
    assert not beijing.contains(39.63, 118.18)


def test_a_polygon_with_a_hole_uses_the_even_odd_rule() -> None:
    square = [[118.0, 39.0], [119.0, 39.0], [119.0, 40.0], [118.0, 40.0], [118.0, 39.0]]
    hole = [[118.4, 39.4], [118.6, 39.4], [118.6, 39.6], [118.4, 39.6]]
    area = region_from_geojson({"type": "Polygon", "coordinates": [square, hole]}, "wgs84")
    assert area.contains(39.2, 118.2)
    assert not area.contains(39.5, 118.5)  # in the hole
    assert not area.contains(40.2, 118.5)  # outside the outline
    with pytest.raises(ValidationError) as info:
        geo_validate(39.5, 118.5, area)
    assert info.value.messages[0] == "坐标不在本市场服务范围内"


def test_a_gcj02_area_checks_wgs84_points_after_converting_them() -> None:
    # A box whose east edge is 100 m west of a GCJ-02 point: the same place in WGS-84 lies ~500 m further
    # west (inside), so only a converted check agrees with the map it was drawn on.
    gcj_lon, gcj_lat = 118.2108, 39.6152
    wgs_lon, wgs_lat = gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert wgs_lon < gcj_lon - 0.004
    area = region_from_geojson({"bbox": [118.0, 39.5, gcj_lon - 0.001, 39.7]}, "gcj02")
    assert not area.contains(wgs_lat, wgs_lon)  # converted to GCJ-02 it is east of the edge
    assert area.contains(wgs_lat, wgs_lon, datum="gcj02")  # taken unconverted, it would wrongly pass
    assert area.contains(gcj_lat, gcj_lon - 0.002, datum="gcj02")
    wide = area.box_in("wgs84")
    assert wide.max_lon < gcj_lon - 0.001


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"bbox": [119, 39, 118, 40]},
        {"bbox": [118, 39, 119]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[118, 39], [119, 39]]]},
        {"type": "Polygon", "coordinates": [[[118, 39], [119, "x"], [118, 40]]]},
        {"type": "Polygon", "coordinates": [[[218, 39], [119, 39], [118, 40]]]},
    ],
)
def test_malformed_areas_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        region_from_geojson(bad, "wgs84")


# --- Formatting -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("km", "text"),
    [
        (None, "—"),
        (0, "0 米"),
        (0.004, "0 米"),
        (0.005, "10 米"),
        (0.345, "350 米"),
        (0.35, "350 米"),
        (0.994, "990 米"),
        (0.996, "1.0 公里"),
        (1, "1.0 公里"),
        (2.05, "2.1 公里"),
        (2.06, "2.1 公里"),
        (9.826, "9.8 公里"),
        (123.45, "123.5 公里"),
        (Decimal("3.14"), "3.1 公里"),
        (math.nan, "—"),
        (math.inf, "—"),
        (-1.0, "—"),
    ],
)
def test_format_distance_km(km: float | None, text: str) -> None:
    assert format_distance_km(km) == text


@given(st.floats(allow_nan=True, allow_infinity=True) | st.none())
def test_format_distance_never_raises(km: float | None) -> None:
    text = format_distance_km(km)
    assert text == "—" or text.endswith((" 米", " 公里"))
