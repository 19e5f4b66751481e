"""Dispatch in the API (/api/v1/housekeeping/...): the worker's offers (accept, decline), a household's
retry of an unfilled booking, and recurring plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS, ClockTime
from lingong.housekeeping import dispatch, orchestrator, plans
from lingong.housekeeping.models import Booking, RecurringPlan
from lingong.workers.models import WorkerProfile

router = Router(tags=["housekeeping"])

Id = Path(..., ge=1, le=2_147_483_647)


class HkOfferOut(Schema):
    id: int
    booking_code: str
    service: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hours: Decimal
    pay: Decimal = Field(description="服务人员所得（即报价，平台不抽成）")
    district: str = Field(description="所在区县；接单前不显示详细地址")
    distance_km: float | None
    needs: dict[str, bool]
    note: str
    household_stars: Decimal | None
    household_ratings: int
    expires_at: dt.datetime
    seconds_left: int
    chosen: bool = Field(description="家庭指定了您")


class HkOfferListOut(Schema):
    items: list[HkOfferOut]


class HkDeclineIn(Schema):
    reason: str = Field("", max_length=200)


class HkBookingStateOut(Schema):
    id: int
    code: str
    status: str
    status_label: str
    worker_id: int | None
    engagement_id: int | None
    address: str = Field(description="详细地址（接单的服务人员与预约家庭可见）")


class HkPlanNeedsIn(Schema):
    pets: bool = False
    elderly: bool = False
    children: bool = False
    note: str = Field("", max_length=200)


class HkPlanIn(Schema):
    service: int = Field(ge=1, le=2_147_483_647)
    weekday: int = Field(ge=0, le=6, description="0 = 周一")
    start_time: ClockTime
    hours: Decimal = Field(gt=0, le=24, max_digits=4, decimal_places=1)
    first_date: dt.date
    until_date: dt.date | None = None
    address: str = Field(max_length=200)
    division: str = Field(max_length=12)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    preferred_worker: int | None = Field(None, ge=1, le=2_147_483_647)
    needs: HkPlanNeedsIn | None = None


class HkPlanOut(Schema):
    id: int
    service: str
    weekday: int
    weekday_label: str
    start_time: str
    hours: Decimal
    first_date: dt.date
    until_date: dt.date | None
    status: str
    status_label: str
    preferred_worker_id: int | None
    generated_until: dt.date | None
    visits: list[HkBookingStateOut]
    skipped: list[dt.date] = Field(description="与同一地址已有预约冲突而跳过的日期")


class HkPlanListOut(Schema):
    items: list[HkPlanOut]


def booking_state(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "code": booking.code,
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "worker_id": booking.worker_id,
        "engagement_id": booking.engagement_id,
        "address": booking.address,
    }


def plan_out(plan: RecurringPlan) -> dict[str, Any]:
    visits = plan.bookings.order_by("starts_at")
    return {
        "id": plan.pk,
        "service": plan.service.name,
        "weekday": plan.weekday,
        "weekday_label": plans.weekday_label(plan.weekday),
        "start_time": plan.start_time.strftime("%H:%M"),
        "hours": plan.quantity,
        "first_date": plan.first_date,
        "until_date": plan.until_date,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "preferred_worker_id": plan.preferred_worker_id,
        "generated_until": plan.generated_until,
        "visits": [booking_state(b) for b in visits],
        "skipped": plans.skipped_dates(plan),
    }


def _worker(request: ApiRequest) -> WorkerProfile:
    worker = WorkerProfile.objects.filter(user=request.auth).first()
    if worker is None:
        raise NotFoundError(_("您还不是求职者。"))
    return worker


@router.get("/offers", auth=AUTH, response={200: HkOfferListOut, **ERRORS}, summary="我的家政派单（待应答）")
def list_offers(request: ApiRequest) -> Any:
    return {"items": [vars(c) for c in dispatch.open_offers(_worker(request))]}


@router.post(
    "/offers/{offer_id}/accept", auth=AUTH, response={200: HkBookingStateOut, **ERRORS}, summary="接单"
)
def accept_offer(request: ApiRequest, offer_id: int = Id) -> Any:
    return booking_state(orchestrator.accept_offer(actor=request.auth, offer_id=offer_id))


@router.post(
    "/offers/{offer_id}/decline", auth=AUTH, response={200: dict[str, str], **ERRORS}, summary="拒绝派单"
)
def decline_offer(request: ApiRequest, payload: HkDeclineIn, offer_id: int = Id) -> Any:
    offer = dispatch.decline_offer(actor=request.auth, offer_id=offer_id, reason=payload.reason)
    return {"status": offer.status}


@router.post(
    "/bookings/{booking_id}/redispatch",
    auth=AUTH,
    response={200: HkBookingStateOut, **ERRORS},
    summary="暂无人接单的预约重新派单",
)
def redispatch(request: ApiRequest, booking_id: int = Id) -> Any:
    return booking_state(dispatch.retry(actor=request.auth, booking_id=booking_id))


@router.get("/plans", auth=AUTH, response={200: HkPlanListOut, **ERRORS}, summary="我的周期预约")
def list_plans(request: ApiRequest) -> Any:
    return {"items": [plan_out(p) for p in plans.plans_for(request.auth)]}


@router.post("/plans", auth=AUTH, response={201: HkPlanOut, **ERRORS}, summary="新建周期预约")
def create_plan(request: ApiRequest, payload: HkPlanIn) -> Any:
    needs = payload.needs.dict() if payload.needs is not None else {}
    data = plans.PlanInput(**{**payload.dict(), "needs": needs})
    plan = plans.create_plan(actor=request.auth, data=data)
    return Status(201, plan_out(plans.get_plan(request.auth, plan.pk)))


@router.get("/plans/{plan_id}", auth=AUTH, response={200: HkPlanOut, **ERRORS}, summary="周期预约详情")
def get_plan(request: ApiRequest, plan_id: int = Id) -> Any:
    return plan_out(plans.get_plan(request.auth, plan_id))


@router.post("/plans/{plan_id}/pause", auth=AUTH, response={200: HkPlanOut, **ERRORS}, summary="暂停周期预约")
def pause_plan(request: ApiRequest, plan_id: int = Id) -> Any:
    plans.pause_plan(actor=request.auth, plan_id=plan_id)
    return plan_out(plans.get_plan(request.auth, plan_id))


@router.post(
    "/plans/{plan_id}/resume", auth=AUTH, response={200: HkPlanOut, **ERRORS}, summary="恢复周期预约"
)
def resume_plan(request: ApiRequest, plan_id: int = Id) -> Any:
    plans.resume_plan(actor=request.auth, plan_id=plan_id)
    return plan_out(plans.get_plan(request.auth, plan_id))


@router.post("/plans/{plan_id}/end", auth=AUTH, response={200: HkPlanOut, **ERRORS}, summary="结束周期预约")
def end_plan(request: ApiRequest, plan_id: int = Id) -> Any:
    plans.end_plan(actor=request.auth, plan_id=plan_id)
    return plan_out(plans.get_plan(request.auth, plan_id))
