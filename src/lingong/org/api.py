from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from lingong.accounts.auth import ApiRequest
from lingong.core.errors import NotFoundError
from lingong.core.pagination import paginate
from lingong.core.qr import qr_svg
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.core.siteurl import absolute_url
from lingong.org import selectors
from lingong.org.models import Division

router = Router(tags=["组织与区划"])


class DivisionOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    lat: float
    lon: float
    approximate: bool


class StationOut(Schema):
    id: int
    name: str
    centre: str
    address: str
    division: str
    lat: float
    lon: float
    opening_hours: str
    phone: str
    url: str


@router.get("/divisions", response=list[DivisionOut], summary="唐山行政区划（中心点为WGS84）")
def divisions(request: ApiRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": d.code,
            "name": d.name,
            "short_name": d.short_name,
            "level": d.level,
            "parent": d.parent_id,
            "lat": d.lat,
            "lon": d.lon,
            "approximate": d.approximate,
        }
        for d in Division.objects.order_by("code")
    ]


def station_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "name": s.name,
        "centre": s.centre.name,
        "address": s.address,
        "division": s.division_id,
        "lat": s.lat,
        "lon": s.lon,
        "opening_hours": s.opening_hours,
        "phone": s.phone,
        "url": absolute_url(reverse("jobs:station", args=[s.pk])),
    }


@router.get("/stations", response={200: PageOut[StationOut], **ERRORS}, summary="零工驿站")
def stations(request: ApiRequest, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    result = paginate(selectors.stations(selectors.default_market().pk), page, page_size)
    return page_dict(result, [station_out(s) for s in result.items])


@router.get("/stations/{station_id}", response={200: StationOut, **ERRORS}, summary="驿站详情")
def station(request: ApiRequest, station_id: int) -> dict[str, Any]:
    s = selectors.station(station_id)
    if s is None:
        raise NotFoundError("驿站不存在")
    return station_out(s)


@router.get("/stations/{station_id}/qr.svg", response={200: None, **ERRORS}, summary="驿站“码上找工作”二维码")
def station_qr(request: ApiRequest, station_id: int) -> HttpResponse:
    s = selectors.station(station_id)
    if s is None:
        raise NotFoundError("驿站不存在")
    return HttpResponse(
        qr_svg(absolute_url(reverse("jobs:station", args=[s.pk])), title=s.name), content_type="image/svg+xml"
    )
