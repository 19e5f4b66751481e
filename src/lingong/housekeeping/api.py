"""The catalogue, quotes and bookings in the API (/api/v1/housekeeping/...)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from lingong.accounts.access import is_staff, market_id_of
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import PermissionDeniedError
from lingong.core.schemas import ERRORS, ClockTime, Code, RowId
from lingong.housekeeping import access, pricing, selectors, services
from lingong.housekeeping.models import Booking, DispatchMode

router = Router(tags=["家政服务"])


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    description: str
    occupation: str
    certificates: list[str]
    certificate_names: list[str]
    price_rule: str
    price_rule_label: str
    unit_price: Decimal
    price_display: str
    unit: str
    min_quantity: Decimal
    max_quantity: Decimal
    minutes_per_unit: int
    term_days: int | None
    daily_hours: Decimal
    live_in: bool
    service_start: ClockTime
    service_end: ClockTime
    is_active: bool
    order: int


class ServiceIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=40)
    description: str = Field("", max_length=500)
    occupation: Code
    certificates: list[Code] = Field(default_factory=list, max_length=10)
    price_rule: str = Field(max_length=8, description="hourly / area / unit / term / monthly")
    unit_price: Decimal = Field(max_digits=10, decimal_places=2)
    min_quantity: Decimal = Field(max_digits=8, decimal_places=1)
    max_quantity: Decimal = Field(max_digits=8, decimal_places=1)
    minutes_per_unit: int = Field(60, ge=0, le=100_000)
    term_days: int | None = Field(None, ge=0, le=100_000)
    daily_hours: Decimal = Field(Decimal("8"), max_digits=4, decimal_places=1)
    live_in: bool = False
    service_start: ClockTime
    service_end: ClockTime
    order: int = Field(0, ge=0, le=100_000)
    is_active: bool = True


class ServiceActiveIn(Schema):
    active: bool


class QuoteIn(Schema):
    service_id: RowId
    quantity: Decimal = Field(max_digits=8, decimal_places=1)
    starts_at: dt.datetime


class QuoteLineOut(Schema):
    label: str
    amount: Decimal


class QuoteOut(Schema):
    service_id: int
    quantity: Decimal
    starts_at: dt.datetime
    ends_at: dt.datetime
    lines: list[QuoteLineOut]
    total: Decimal


class NeedsIn(Schema):
    pets: bool = False
    elderly: bool = False
    children: bool = False
    note: str = Field("", max_length=300)


class BookingIn(Schema):
    service_id: RowId
    address: str = Field(max_length=200)
    division: Code | None = Field(None, description="区划代码；不填为家庭登记的区划")
    lat: float | None = Field(None, ge=-90, le=90, description="纬度（WGS84）；不填取区划中心")
    lon: float | None = Field(None, ge=-180, le=180)
    starts_at: dt.datetime
    quantity: Decimal = Field(max_digits=8, decimal_places=1)
    needs: NeedsIn | None = None
    dispatch_mode: str = Field(DispatchMode.AUTO, max_length=8, description="auto / chosen / rebook")
    requested_worker_id: RowId | None = None
    expected_price: Decimal | None = Field(
        None,
        max_digits=10,
        decimal_places=2,
        description="家庭确认的报价；与当前报价不符时返回 409 price_changed",
    )


class CancelIn(Schema):
    reason: str = Field("", max_length=200)


class WorkerCardOut(Schema):
    worker_id: int
    name: str
    named: bool
    has_photo: bool
    photo_url: str | None
    certificates: list[dict[str, Any]]
    star_level: Decimal | None
    rating_count: int
    role: str


class BookingOut(Schema):
    code: str
    service_id: int
    service: str
    status: str
    status_label: str
    address: str
    division: str
    lat: float
    lon: float
    starts_at: dt.datetime
    ends_at: dt.datetime
    quantity: Decimal
    needs: dict[str, Any]
    quoted_price: Decimal
    price_lines: list[QuoteLineOut]
    dispatch_mode: str
    requested_worker_id: int | None
    cancel_fee: Decimal
    cancel_possible: bool
    cancel_fee_now: Decimal
    free_cancel_until: dt.datetime
    worker: WorkerCardOut | None
    created_at: dt.datetime


class CandidateOut(Schema):
    worker_id: int
    name: str
    score: float
    distance_km: float
    distance_display: str
    star_level: Decimal | None
    rating_count: int
    certificates: list[str]
    sentence: str
    has_photo: bool


def service_input(payload: ServiceIn) -> services.ServiceInput:
    return services.ServiceInput(**payload.dict())


def booking_out(booking: Booking, user: Any) -> dict[str, Any]:
    preview = selectors.cancel_preview(booking)
    card = selectors.worker_card(booking)
    return {
        "code": booking.code,
        "service_id": booking.service_id,
        "service": booking.service.name,
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "address": selectors.visible_address(booking, user),
        "division": booking.division.name,
        "lat": booking.lat,
        "lon": booking.lon,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "quantity": booking.quantity,
        "needs": booking.needs,
        "quoted_price": booking.quoted_price,
        "price_lines": booking.price_lines,
        "dispatch_mode": booking.dispatch_mode,
        "requested_worker_id": booking.requested_worker_id,
        "cancel_fee": booking.cancel_fee,
        "cancel_possible": preview["possible"],
        "cancel_fee_now": preview["fee"],
        "free_cancel_until": preview["free_until"],
        "worker": None
        if card is None
        else {
            **card.__dict__,
            "photo_url": f"/home-services/bookings/{booking.code}/worker-photo" if card.has_photo else None,
        },
        "created_at": booking.created_at,
    }


@router.get(
    "/services", auth=AUTH, response={200: list[ServiceOut], **ERRORS}, summary="家政服务目录（本市场上架）"
)
def service_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [selectors.service_dict(s) for s in selectors.catalogue(market_id_of(request.auth))]


@router.post("/quote", auth=AUTH, response={200: QuoteOut, **ERRORS}, summary="报价（确认预约前）")
def quote(request: ApiRequest, payload: QuoteIn) -> dict[str, Any]:
    service = selectors.active_service(market_id_of(request.auth), payload.service_id)
    starts_at = services.aware(payload.starts_at)
    assert starts_at is not None  # a datetime by the schema
    q = pricing.quote(service, payload.quantity, starts_at)
    return {
        "service_id": service.pk,
        "quantity": q.quantity,
        "starts_at": q.starts_at,
        "ends_at": q.ends_at,
        "lines": q.lines_json(),
        "total": q.total,
    }


@router.post("/bookings", auth=AUTH, response={201: BookingOut, **ERRORS}, summary="预约家政服务（家庭）")
def create_booking(request: ApiRequest, payload: BookingIn) -> Status:
    booking = services.create_booking(
        actor=request.auth,
        service=payload.service_id,
        address=payload.address,
        division=payload.division,
        lat=payload.lat,
        lon=payload.lon,
        starts_at=payload.starts_at,
        quantity=payload.quantity,
        needs=payload.needs.dict() if payload.needs is not None else {},
        dispatch_mode=payload.dispatch_mode,
        requested_worker_id=payload.requested_worker_id,
        expected_price=payload.expected_price,
    )
    return Status(201, booking_out(selectors.booking_for(request.auth, booking.code), request.auth))


@router.get("/bookings", auth=AUTH, response={200: list[BookingOut], **ERRORS}, summary="我家的家政预约")
def booking_list(request: ApiRequest) -> list[dict[str, Any]]:
    if access.household_of(request.auth) is not None:
        rows = selectors.household_bookings(request.auth)
    elif is_staff(request.auth):
        rows = selectors.staff_bookings(request.auth)
    else:
        raise PermissionDeniedError(_("只有家庭雇主和工作人员可以查看家政预约。"))
    return [booking_out(b, request.auth) for b in rows[:200]]


@router.get("/bookings/{code}", auth=AUTH, response={200: BookingOut, **ERRORS}, summary="家政预约详情")
def booking_detail(request: ApiRequest, code: str = Path(..., max_length=20)) -> dict[str, Any]:
    return booking_out(selectors.booking_for(request.auth, code), request.auth)


@router.post(
    "/bookings/{code}/cancel", auth=AUTH, response={200: BookingOut, **ERRORS}, summary="取消家政预约"
)
def cancel_booking(
    request: ApiRequest, payload: CancelIn, code: str = Path(..., max_length=20)
) -> dict[str, Any]:
    booking = services.cancel_booking(actor=request.auth, code=code, reason=payload.reason)
    return booking_out(selectors.booking_for(request.auth, booking.code), request.auth)


@router.get(
    "/bookings/{code}/candidates",
    auth=AUTH,
    response={200: list[CandidateOut], **ERRORS},
    summary="可选服务人员（前三名及推荐理由，家庭）",
)
def booking_candidates(request: ApiRequest, code: str = Path(..., max_length=20)) -> list[dict[str, Any]]:
    return selectors.booking_candidates(request.auth, code)


@router.get(
    "/catalogue",
    auth=AUTH,
    response={200: list[ServiceOut], **ERRORS},
    summary="家政服务目录维护（工作人员）",
)
def staff_catalogue(request: ApiRequest) -> list[dict[str, Any]]:
    return [selectors.service_dict(s) for s in selectors.staff_catalogue(request.auth)]


@router.post(
    "/catalogue", auth=AUTH, response={201: ServiceOut, **ERRORS}, summary="新增家政服务项目（工作人员）"
)
def create_service(request: ApiRequest, payload: ServiceIn) -> Status:
    service = services.create_service(actor=request.auth, data=service_input(payload))
    return Status(201, selectors.service_dict(selectors.service_for_staff(request.auth, service.pk)))


@router.put(
    "/catalogue/{service_id}",
    auth=AUTH,
    response={200: ServiceOut, **ERRORS},
    summary="修改家政服务项目（工作人员）",
)
def update_service(request: ApiRequest, payload: ServiceIn, service_id: RowId) -> dict[str, Any]:
    services.update_service(actor=request.auth, service_id=service_id, data=service_input(payload))
    return selectors.service_dict(selectors.service_for_staff(request.auth, service_id))


@router.post(
    "/catalogue/{service_id}/active",
    auth=AUTH,
    response={200: ServiceOut, **ERRORS},
    summary="上架或下架家政服务项目（工作人员）",
)
def set_service_active(request: ApiRequest, payload: ServiceActiveIn, service_id: RowId) -> dict[str, Any]:
    services.set_service_active(actor=request.auth, service_id=service_id, active=payload.active)
    return selectors.service_dict(selectors.service_for_staff(request.auth, service_id))
