"""The elder mode's "打电话给驿站" button (issue 12 §3): ``{% load elder_mode %}{% call_station %}``."""

from __future__ import annotations

import math
from typing import Any

from django import template

from lingong.core.errors import ConflictError
from lingong.org.selectors import default_market, station_to_call
from lingong.workers.selectors import profile_of

register = template.Library()


def _point(lat: Any, lon: Any) -> tuple[float, float] | None:
    try:
        point = (float(lat), float(lon))
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in point) or not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return None
    return point


@register.inclusion_tag("workers/_call_station.html", takes_context=True)
def call_station(context: template.Context) -> dict[str, Any]:
    """Shown in elder mode only: the worker's own station, else the one nearest their home, else nearest
    the browser's location (``lat``/``lon`` in the query, as the job list sends them), else the hotline."""
    request = context.get("request")
    if request is None or not context.get("elder_mode"):
        return {"target": None}
    worker = profile_of(request.user)
    user_market = getattr(request.user, "market_id", None)
    try:
        market_id = worker.market_id if worker else (user_market or default_market().pk)
    except ConflictError:  # no market set up yet: nobody to call
        return {"target": None}
    target = station_to_call(
        market_id,
        own_station=worker.station if worker else None,
        home=_point(worker.home_lat, worker.home_lon) if worker else None,
        here=_point(request.GET.get("lat"), request.GET.get("lon")),
    )
    return {"target": target}
