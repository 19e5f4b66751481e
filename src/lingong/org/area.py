"""The served area of a market: the one source for coordinate validation and for the matching index.

The Market row holds the area (a polygon or a bounding box, GeoJSON-like, with its datum). A market with no
area of its own uses its city's default from the reference data (data/divisions.json, ``served_areas``).
Reads are cached per process for a short time and dropped when a Market is saved in this process.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from lingong.core import geo
from lingong.matching import ServedArea
from lingong.org.models import Datum, Division, Market
from lingong.org.reference import load_divisions_file

CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class MarketArea:
    market_id: int
    region: geo.ServedRegion
    place: str  # the city's name, for messages ("唐山市")
    centre_lat: float  # the market's own location (WGS-84), the matching projection's centre
    centre_lon: float


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


def area_for(market_id: int) -> MarketArea:
    """The market's area (cached for ``CACHE_SECONDS``). Raises Market.DoesNotExist for an unknown id."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(market_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    market = Market.objects.get(pk=market_id)
    city = Division.objects.filter(code=market.city_code).first()
    area = MarketArea(
        market.pk, region_of(market), city.name if city else market.name, market.lat, market.lon
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


def matching_area(market_id: int) -> ServedArea:
    """The market's area as the matching library sees it: its bounding box in WGS-84 (what the rows hold),
    projected around the market's own location."""
    area = area_for(market_id)
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


@receiver(post_save, sender=Market, dispatch_uid="org.area.market_saved")
def _market_saved(sender: Any, instance: Market, **kwargs: Any) -> None:
    with _lock:
        _cache.pop(instance.pk, None)
