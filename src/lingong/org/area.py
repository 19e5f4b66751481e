"""The served area of a market: the one source for coordinate validation and for the matching index.

The Market row holds the area (a polygon or a bounding box, GeoJSON-like, with its datum). A market with no
area of its own uses its city's default from the reference data (data/divisions.json, ``served_areas``).
Reads are cached per process for ``CACHE_SECONDS`` and dropped when a Market is saved in this process.

Market admins change the area with ``update_area``: checked strictly (``clean_area``), refused when the new
area would leave out the market's centres, stations or (through checks registered from above, see
``exclusion_checks``) its open jobs, then saved with ``Market.area_version`` + 1 and a ``market.area_changed``
audit entry holding summaries of before and after. On commit ``area_changed`` is sent; the matching index of
this process drops that market's index on it. Other processes: validation sees the new area when their cache
entry expires (at most ``CACHE_SECONDS``); their matching index notices the new ``area_version`` at its next
poll (about a second) and rebuilds that market.

Coordinates are GeoJSON-ordered ``[lon, lat]`` everywhere an area is written down (the stored JSON, the API,
the page); a box is ``{min_lat, max_lat, min_lon, max_lon}`` on the way in and ``{"bbox": [west, south, east,
north]}`` when stored.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lingong.accounts.access import is_staff
from lingong.accounts.models import Role, User
from lingong.audit import trail
from lingong.core import geo
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.matching import ServedArea
from lingong.org.models import Datum, Division, Market, ServiceCentre, Station
from lingong.org.reference import load_divisions_file

CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class MarketArea:
    market_id: int
    region: geo.ServedRegion
    place: str  # the city's name, for messages ("唐山市")
    centre_lat: float  # the market's own location (WGS-84), the matching projection's centre
    centre_lon: float
    version: int = 1  # Market.area_version when this was read


_cache: dict[int, tuple[float, MarketArea]] = {}
_lock = threading.Lock()


def reference_area(city_code: str) -> dict[str, Any]:
    """The city's default served area from the reference data, or {} when it has none."""
    area: dict[str, Any] = load_divisions_file().get("served_areas", {}).get(city_code, {})
    return area


def region_of(market: Market) -> geo.ServedRegion:
    """The market's area as geometry; raises ValueError when the market has none and its city has none."""
    if market.served_area:
        return geo.region_from_geojson(market.served_area, market.area_datum)
    data = load_divisions_file()
    area = reference_area(market.city_code)
    if not area:
        raise ValueError(f"market {market.code!r} has no served area and city {market.city_code} no default")
    return geo.region_from_geojson(area, data.get("datum", Datum.GCJ02))


def area_for(market_id: int, *, fresh: bool = False) -> MarketArea:
    """The market's area (cached for ``CACHE_SECONDS``; ``fresh`` reads the row again and refills the
    cache). Raises Market.DoesNotExist for an unknown id."""
    now = time.monotonic()
    with _lock:
        hit = None if fresh else _cache.get(market_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    market = Market.objects.get(pk=market_id)
    city = Division.objects.filter(code=market.city_code).first()
    area = MarketArea(
        market.pk,
        region_of(market),
        city.name if city else market.name,
        market.lat,
        market.lon,
        market.area_version,
    )
    with _lock:
        _cache[market_id] = (now + CACHE_SECONDS, area)
    return area


def validate_in_market_area(lat: Any, lon: Any, market: Market | int) -> None:
    """Reject coordinates (WGS-84) that are not real or lie outside the market's served area."""
    market_id = market if isinstance(market, int) else market.pk
    try:
        area = area_for(market_id)
    except (Market.DoesNotExist, ValueError):
        raise ValidationError(_("本市场尚未设定服务范围"), code="no_area") from None
    geo.validate_in_served_area(lat, lon, area.region, place=area.place)


def matching_area(market_id: int, *, area: MarketArea | None = None) -> ServedArea:
    """The market's area as the matching library sees it: its bounding box in WGS-84 (what the rows hold),
    projected around the market's own location. ``area`` when the caller has just read it."""
    area = area or area_for(market_id)
    box = area.region.box_in(Datum.WGS84)
    return ServedArea(
        centre_lon=area.centre_lon,
        centre_lat=area.centre_lat,
        min_lon=box.min_lon,
        max_lon=box.max_lon,
        min_lat=box.min_lat,
        max_lat=box.max_lat,
        datum=Datum.WGS84,
    )


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def forget(market_id: int) -> None:
    """Drop one market's cached area in this process."""
    with _lock:
        _cache.pop(market_id, None)


@receiver(post_save, sender=Market, dispatch_uid="org.area.market_saved")
def _market_saved(sender: Any, instance: Market, **kwargs: Any) -> None:
    with _lock:
        _cache.pop(instance.pk, None)


# --- Changing it (market admins) -------------------------------------------------------------------------

# Sent on commit after a market's area changed, with ``market_id`` and ``version``. Derived caches above org
# (the matching index) listen to it; org never imports them.
area_changed = Signal()

# China's rough bounds: every point of an area must lie in them (a swapped [lat, lon] never does).
LAT_RANGE = (3.0, 54.0)
LON_RANGE = (73.0, 136.0)
MAX_RINGS = 20
MAX_POINTS = 5000
MIN_RING_AREA_DEG2 = 1e-10  # about 1 m² at this latitude: anything smaller is a flat (zero-area) ring

# How many of the market's things (with coordinates) a candidate area would leave out.
ExclusionCheck = Callable[[Market, geo.ServedRegion], int]


class ExclusionChecks:
    """What must stay inside a market's area. Org checks its centres and stations itself; apps above it
    register theirs (jobs: open jobs) in their ``AppConfig.ready``, since org may not import them."""

    def __init__(self) -> None:
        self._checks: dict[str, tuple[Any, ExclusionCheck]] = {}

    def register(self, check: ExclusionCheck, *, name: str, label: Any) -> None:
        self._checks[name] = (label, check)  # by name, so a second ready() never adds it twice

    def outside(self, market: Market, region: geo.ServedRegion) -> dict[str, tuple[Any, int]]:
        """{name: (label, count)} for every check that finds something outside ``region``."""
        found = {}
        for name, (label, check) in self._checks.items():
            count = check(market, region)
            if count:
                found[name] = (label, count)
        return found

    def names(self) -> list[str]:
        return sorted(self._checks)


exclusion_checks = ExclusionChecks()


def count_outside(region: geo.ServedRegion, points: Any) -> int:
    """How many of these (lat, lon) points (WGS-84) lie outside the region."""
    return sum(
        1 for lat, lon in points if lat is None or lon is None or not region.contains(float(lat), float(lon))
    )


def _org_units_outside(model: Any) -> ExclusionCheck:
    def check(market: Market, region: geo.ServedRegion) -> int:
        return count_outside(region, model.objects.filter(market=market).values_list("lat", "lon"))

    return check


exclusion_checks.register(_org_units_outside(ServiceCentre), name="centres", label=gettext_lazy("服务中心"))
exclusion_checks.register(_org_units_outside(Station), name="stations", label=gettext_lazy("零工驿站"))


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        raise ValueError(_("坐标必须是数字"))
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(_("坐标必须是数字")) from None
    if not math.isfinite(value):
        raise ValueError(_("坐标必须是有限的数字"))
    return value


def _check_lat(lat: float) -> None:
    if not LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
        raise ValueError(
            _("纬度 %(v)s 不在中国范围内（%(lo)s 至 %(hi)s）")
            % {"v": lat, "lo": LAT_RANGE[0], "hi": LAT_RANGE[1]}
        )


def _check_lon(lon: float) -> None:
    if not LON_RANGE[0] <= lon <= LON_RANGE[1]:
        raise ValueError(
            _("经度 %(v)s 不在中国范围内（%(lo)s 至 %(hi)s）")
            % {"v": lon, "lo": LON_RANGE[0], "hi": LON_RANGE[1]}
        )


def _clean_ring(raw: Any, number: int) -> list[list[float]]:
    where = _("第%(n)d个环") % {"n": number}
    if not isinstance(raw, list | tuple):
        raise ValueError(_("%(where)s应为 [经度, 纬度] 点的列表") % {"where": where})
    if len(raw) < 4:
        raise ValueError(_("%(where)s至少需要4个点（首尾相同）") % {"where": where})
    points: list[list[float]] = []
    for i, point in enumerate(raw, start=1):
        if not isinstance(point, list | tuple) or len(point) != 2:
            raise ValueError(_("%(where)s第%(i)d个点应为 [经度, 纬度]") % {"where": where, "i": i})
        try:
            lon, lat = _number(point[0]), _number(point[1])
            if LAT_RANGE[0] <= lon <= LAT_RANGE[1] and LON_RANGE[0] <= lat <= LON_RANGE[1]:
                raise ValueError(_("像是 [纬度, 经度]，请按 [经度, 纬度] 的顺序填写"))
            _check_lon(lon)
            _check_lat(lat)
        except ValueError as exc:
            raise ValueError(
                _("%(where)s第%(i)d个点：%(error)s") % {"where": where, "i": i, "error": exc}
            ) from None
        points.append([lon, lat])
    if points[0] != points[-1]:
        raise ValueError(_("%(where)s没有闭合：最后一个点必须与第一个点相同") % {"where": where})
    ring = tuple((p[0], p[1]) for p in points[:-1])
    if len(set(ring)) < 3 or geo.ring_area_deg2(ring) < MIN_RING_AREA_DEG2:
        raise ValueError(_("%(where)s的面积为零（点重合或在一条直线上）") % {"where": where})
    return points


def _clean_polygon(raw: Any) -> list[list[list[float]]]:
    if not isinstance(raw, list | tuple) or not raw:
        raise ValueError(_("多边形应为环的列表：第一个是外轮廓，其后是内部的空洞"))
    if len(raw) > MAX_RINGS:
        raise ValueError(_("最多%(n)d个环") % {"n": MAX_RINGS})
    total = sum(len(r) for r in raw if isinstance(r, list | tuple))
    if total > MAX_POINTS:
        raise ValueError(_("点数过多（%(got)d个），最多%(n)d个") % {"got": total, "n": MAX_POINTS})
    rings = [_clean_ring(r, n) for n, r in enumerate(raw, start=1)]
    outline = tuple((p[0], p[1]) for p in rings[0][:-1])
    for n, hole in enumerate(rings[1:], start=2):
        if not all(geo.point_in_ring(lon, lat, outline) for lon, lat in hole[:-1]):
            raise ValueError(_("第%(n)d个环（空洞）应位于第1个环（外轮廓）之内") % {"n": n})
    return rings


BOX_KEYS = ("min_lat", "max_lat", "min_lon", "max_lon")


def _clean_box(raw: Any) -> list[float]:
    if not isinstance(raw, Mapping) or set(raw) != set(BOX_KEYS):
        raise ValueError(_("矩形范围应包含 min_lat、max_lat、min_lon、max_lon 四项"))
    values = {}
    for key in BOX_KEYS:
        try:
            values[key] = _number(raw[key])
            (_check_lat if key.endswith("lat") else _check_lon)(values[key])
        except ValueError as exc:
            raise ValueError(f"{key}：{exc}") from None
    if not values["min_lat"] < values["max_lat"]:
        raise ValueError(_("最小纬度应小于最大纬度"))
    if not values["min_lon"] < values["max_lon"]:
        raise ValueError(_("最小经度应小于最大经度"))
    return [values["min_lon"], values["min_lat"], values["max_lon"], values["max_lat"]]


def clean_area(area: Any, datum: Any) -> tuple[dict[str, Any], str, geo.ServedRegion]:
    """Check a proposed area: ``{"polygon": [ring, ...]}`` (rings of ``[lon, lat]``, outline first, holes
    after, each closed) or ``{"box": {min_lat, max_lat, min_lon, max_lon}}``, and its datum. Returns the
    JSON to store, the datum and the geometry; raises InvalidInput (422) naming the bad field."""
    errors: dict[str, list[str]] = {}
    if datum not in Datum.values:
        errors["datum"] = [_("坐标系应为 wgs84 或 gcj02")]
    stored: dict[str, Any] = {}
    kinds = [k for k in ("polygon", "box") if isinstance(area, Mapping) and area.get(k) is not None]
    if len(kinds) != 1:
        errors["area"] = [_("请提供多边形（polygon）或矩形（box）二者之一")]
    else:
        try:
            if kinds[0] == "polygon":
                stored = {"type": "Polygon", "coordinates": _clean_polygon(area["polygon"])}
            else:
                stored = {"bbox": _clean_box(area["box"])}
        except ValueError as exc:
            errors[kinds[0]] = [str(exc)]
    if errors:
        raise InvalidInput(_("服务范围填写有误"), errors=errors)
    return stored, str(datum), geo.region_from_geojson(stored, str(datum))


def canonical_json(served_area: Mapping[str, Any], datum: str) -> bytes:
    return json.dumps(
        {"area": served_area, "datum": datum}, sort_keys=True, separators=(",", ":"), ensure_ascii=True
    ).encode()


def summary(served_area: Mapping[str, Any], datum: str) -> dict[str, Any]:
    """A short description of an area for the audit trail and the page (never the points themselves)."""
    if not served_area:
        return {"kind": "none", "datum": datum}
    try:
        region = geo.region_from_geojson(dict(served_area), datum)
    except ValueError:
        return {"kind": "invalid", "datum": datum}
    box = region.box
    rings = (served_area.get("coordinates") or []) if region.rings else []
    return {
        "kind": "polygon" if region.rings else "box",
        "datum": datum,
        "rings": len(rings),
        "points": sum(len(r) for r in rings),
        "bbox": [box.min_lon, box.min_lat, box.max_lon, box.max_lat],
        "sha256": hashlib.sha256(canonical_json(served_area, datum)).hexdigest(),
    }


def market_summary(market: Market) -> dict[str, Any]:
    """The summary of the area the market uses: its own, or its city's default (``source`` says which)."""
    if market.served_area:
        return {"source": "market", **summary(market.served_area, market.area_datum)}
    default = reference_area(market.city_code)
    return {"source": "city_default", **summary(default, load_divisions_file().get("datum", Datum.GCJ02))}


def _market(market_id: int) -> Market:
    market = Market.objects.filter(pk=market_id).first()
    if market is None:
        raise NotFoundError(_("零工市场不存在"))
    return market


def readable_area(*, actor: User, market_id: int) -> Market:
    """Staff of the market may read its area."""
    market = _market(market_id)
    if not is_staff(actor) or actor.market_id != market.pk:
        raise PermissionDeniedError(_("只有本市场的工作人员可以查看服务范围。"))
    return market


def _require_admin_of(actor: User, market: Market) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    if actor.role != Role.MARKET_ADMIN or actor.market_id != market.pk:
        raise PermissionDeniedError(_("只有本市场的管理员可以修改服务范围。"))


@transaction.atomic
def update_area(*, actor: User, market_id: int, area: Any, datum: Any) -> Market:
    """Replace the market's served area: checked, refused (409) when it would leave out where the market
    already works, one version per change, before/after summaries audited; the matching index is told on
    commit."""
    _require_admin_of(actor, _market(market_id))
    stored, datum, region = clean_area(area, datum)
    market = Market.objects.select_for_update().get(pk=market_id)
    if market.served_area == stored and market.area_datum == datum:
        return market
    outside = exclusion_checks.outside(market, region)
    if outside:
        parts = [_("%(n)d个%(what)s") % {"n": n, "what": label} for label, n in outside.values()]
        raise ConflictError(
            _("新的服务范围不包括本市场已有的%(list)s，请调整范围或先处理这些记录。")
            % {"list": "、".join(parts)},
            code="area_excludes_existing",
            errors={name: [str(n)] for name, (_label, n) in outside.items()},
        )
    before = market_summary(market)
    market.served_area, market.area_datum = stored, datum
    market.area_version += 1
    market.save(update_fields=["served_area", "area_datum", "area_version"])
    trail.record(
        action="market.area_changed",
        obj=market,
        actor=actor,
        market=market,
        data={"version": market.area_version, "before": before, "after": market_summary(market)},
    )
    market_id, version = market.pk, market.area_version

    def changed() -> None:
        forget(market_id)  # a read between the save and the commit may have cached the old area
        area_changed.send(sender=Market, market_id=market_id, version=version)

    transaction.on_commit(changed)
    return market


def area_input(served_area: Mapping[str, Any]) -> dict[str, Any]:
    """The stored JSON as ``update_area`` takes it (polygon rings, or a box), for the API and the page."""
    if served_area.get("type") == "Polygon":
        return {"polygon": served_area.get("coordinates"), "box": None}
    bbox = served_area.get("bbox")
    if isinstance(bbox, list | tuple) and len(bbox) == 4:
        west, south, east, north = bbox
        return {"polygon": None, "box": dict(zip(BOX_KEYS, (south, north, west, east), strict=True))}
    return {"polygon": None, "box": None}


def describe(market: Market) -> dict[str, Any]:
    """The area the market uses, for the API and the page: its summary, its version and its points."""
    if market.served_area:
        stored, datum = market.served_area, market.area_datum
    else:
        stored, datum = reference_area(market.city_code), load_divisions_file().get("datum", Datum.GCJ02)
    return {
        "market_id": market.pk,
        "version": market.area_version,
        **market_summary(market),
        "datum": datum,
        **area_input(stored),
    }
