from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lingong.core.errors import ConflictError
from lingong.core.geo import haversine_km
from lingong.org.models import Division, DivisionLevel, Market, Station


def default_market() -> Market:
    """The market a visitor or a new account belongs to when nothing else says which."""
    market = (
        Market.objects.filter(code=settings.LINGONG_DEFAULT_MARKET_CODE).first() or Market.objects.first()
    )
    if market is None:
        raise ConflictError(_("平台尚未设置零工市场，请联系管理员。"), code="no_market")
    return market


def stations(market_id: int) -> QuerySet[Station]:
    return (
        Station.objects.filter(market_id=market_id, is_active=True)
        .select_related("centre", "division")
        .order_by("centre_id", "name")
    )


def nearest_station(
    market_id: int, lat: float | None, lon: float | None, *, centre_id: int | None = None
) -> Station | None:
    """The active station of the market (of one centre, if given) nearest to a point: the station that
    serves an employer who registered on their own (its staff scope, see accounts.access). None when
    there is no station or no point."""
    qs = Station.objects.filter(market_id=market_id, is_active=True)
    if centre_id is not None:
        qs = qs.filter(centre_id=centre_id)
    candidates = list(qs.order_by("pk"))
    if not candidates or lat is None or lon is None:
        return None
    return min(candidates, key=lambda s: (haversine_km(lat, lon, s.lat, s.lon), s.pk))


def station(station_id: int) -> Station | None:
    return Station.objects.filter(pk=station_id).select_related("centre", "division", "market").first()


# The divisions directly under a city: what a place is counted under in figures and chosen from in forms.
DISTRICT_LEVELS = (DivisionLevel.DISTRICT, DivisionLevel.COUNTY, DivisionLevel.ZONE)


def districts(city_code: str | None = None) -> QuerySet[Division]:
    """Districts, counties and functional zones, in code order; of one city (a 6-digit code such as a
    market's ``city_code``) if given."""
    qs = Division.objects.filter(level__in=DISTRICT_LEVELS).order_by("code")
    if city_code:
        qs = qs.filter(code__startswith=city_code[:4])  # GB/T 2260: the first 4 digits name the city
    return qs


@dataclass(frozen=True)
class CallTarget:
    """Whom the elder mode's "打电话给驿站" button calls: a station (or the market's hotline) and why."""

    name: str
    phone: str
    reason: str  # "own" | "home" | "here" | "hotline"


def station_to_call(
    market_id: int,
    *,
    own_station: Station | None = None,
    home: tuple[float, float] | None = None,
    here: tuple[float, float] | None = None,
) -> CallTarget | None:
    """The worker's own station if it has a phone; else the station with a phone nearest to the home
    location; else nearest to where the browser is (``here``); else the market's service hotline. None
    when nobody has a number."""
    if own_station is not None and own_station.is_active and own_station.phone:
        return CallTarget(own_station.name, own_station.phone, "own")
    with_phone = list(
        Station.objects.filter(market_id=market_id, is_active=True).exclude(phone="").order_by("pk")
    )
    for point, reason in ((home, "home"), (here, "here")):
        if point is not None and with_phone:
            lat, lon = point
            best = min(with_phone, key=lambda s: (haversine_km(lat, lon, s.lat, s.lon), s.pk))
            return CallTarget(best.name, best.phone, reason)
    market = Market.objects.filter(pk=market_id).first()
    if market is not None and market.phone:
        return CallTarget(market.name, market.phone, "hotline")
    return None
