"""Engagements API: my engagements, the timeline, cancel / end early / complete, attendance and disputes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Router, Schema, Status

from lingong.accounts.access import require_staff
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.engagements import selectors, services
from lingong.engagements.access import access_engagement_for, party_of
from lingong.engagements.models import AttendanceCase, Engagement, Shift

router = Router(tags=["用工单与考勤"])


class ShiftOut(Schema):
    id: int
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    status_label: str
    check_in_at: dt.datetime | None
    check_in_distance_m: int | None
    check_out_at: dt.datetime | None
    check_out_distance_m: int | None
    recorded_by_staff: bool
    worked_hours: Decimal | None
    quantity: Decimal | None
    review_status: str
    review_reason: str
    confirmation: str
    confirmation_label: str
    confirmed_hours: Decimal | None
    confirmed_quantity: Decimal | None


def shift_out(s: Shift) -> dict[str, Any]:
    return {
        "id": s.pk,
        "date": s.date,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "check_in_at": s.check_in_at,
        "check_in_distance_m": s.check_in_distance_m,
        "check_out_at": s.check_out_at,
        "check_out_distance_m": s.check_out_distance_m,
        "recorded_by_staff": s.recorded_by_staff,
        "worked_hours": s.worked_hours,
        "quantity": s.quantity,
        "review_status": s.review_status,
        "review_reason": s.review_reason,
        "confirmation": s.confirmation,
        "confirmation_label": str(s.get_confirmation_display()),
        "confirmed_hours": s.confirmed_hours,
        "confirmed_quantity": s.confirmed_quantity,
    }


class EngagementOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    my_party: str
    job_id: int
    job_title: str
    enterprise_id: int
    enterprise_name: str
    worker_id: int
    worker_name: str
    occupation: str
    pay_amount: Decimal
    pay_unit: str
    pay_display: str
    overtime_rate: Decimal | None
    settlement_cycle: str
    start_date: dt.date
    end_date: dt.date
    daily_start_time: dt.time
    daily_end_time: dt.time
    daily_hours: Decimal
    address: str
    insurance_required: bool
    auto_replace: bool
    terms_version: int
    cancelled_by: str
    cancel_reason: str
    cancel_note: str
    late_cancellation: bool
    ended_early: bool
    end_request_by: str
    end_request_reason: str
    end_request_last_date: dt.date | None
    created_at: dt.datetime
    signed_at: dt.datetime | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    settled_at: dt.datetime | None


def engagement_out(e: Engagement, party: str) -> dict[str, Any]:
    return {
        "id": e.pk,
        "number": e.number,
        "status": e.status,
        "status_label": str(e.get_status_display()),
        "my_party": party,
        "job_id": e.job_id,
        "job_title": e.job.title,
        "enterprise_id": e.enterprise_id,
        "enterprise_name": e.enterprise.name,
        "worker_id": e.worker_id,
        # The worker's full name is on the signed contract; lists show it masked.
        "worker_name": e.worker.masked_name,
        "occupation": e.occupation.name,
        "pay_amount": e.pay_amount,
        "pay_unit": e.pay_unit,
        "pay_display": e.pay_display,
        "overtime_rate": e.overtime_rate,
        "settlement_cycle": e.settlement_cycle,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "daily_start_time": e.daily_start_time,
        "daily_end_time": e.daily_end_time,
        "daily_hours": e.daily_hours,
        "address": e.job.address,
        "insurance_required": e.insurance_required,
        "auto_replace": e.auto_replace,
        "terms_version": e.terms_version,
        "cancelled_by": e.cancelled_by,
        "cancel_reason": e.cancel_reason,
        "cancel_note": e.cancel_note,
        "late_cancellation": e.late_cancellation,
        "ended_early": e.ended_early,
        "end_request_by": e.end_request_by,
        "end_request_reason": e.end_request_reason,
        "end_request_last_date": e.end_request_last_date,
        "created_at": e.created_at,
        "signed_at": e.signed_at,
        "started_at": e.started_at,
        "completed_at": e.completed_at,
        "settled_at": e.settled_at,
    }


class EngagementDetailOut(EngagementOut):
    shifts: list[ShiftOut]


def engagement_detail_out(request: ApiRequest, engagement_id: int) -> dict[str, Any]:
    engagement, party = access_engagement_for(request.auth, engagement_id)
    out = engagement_out(engagement, party)
    out["shifts"] = [shift_out(s) for s in selectors.shifts_of(engagement)]
    return out


@router.get("", auth=AUTH, response={200: PageOut[EngagementOut], **ERRORS}, summary="我的用工单")
def list_engagements(
    request: ApiRequest, status: str = "", page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    result = paginate(selectors.engagements_for(request.auth, status or None), page, page_size)
    items = [engagement_out(e, party_of(request.auth, e) or "") for e in result.items]
    return page_dict(result, items)


@router.get(
    "/{engagement_id}", auth=AUTH, response={200: EngagementDetailOut, **ERRORS}, summary="用工单详情"
)
def detail(request: ApiRequest, engagement_id: int) -> dict[str, Any]:
    return engagement_detail_out(request, engagement_id)


# GET /{engagement_id}/timeline (the whole story) is served by workflow.api: it reads every app.


class ReasonIn(Schema):
    reason: str = Field(max_length=200)


class EndEarlyIn(Schema):
    reason: str = Field(max_length=200)
    last_date: dt.date


@router.post(
    "/{engagement_id}/end-early",
    auth=AUTH,
    response={200: EngagementDetailOut, **ERRORS},
    summary="提出提前结束",
)
def end_early(request: ApiRequest, engagement_id: int, payload: EndEarlyIn) -> dict[str, Any]:
    services.request_end_early(
        actor=request.auth, engagement_id=engagement_id, reason=payload.reason, last_date=payload.last_date
    )
    return engagement_detail_out(request, engagement_id)


class RespondIn(Schema):
    agree: bool


@router.post(
    "/{engagement_id}/end-early/respond",
    auth=AUTH,
    response={200: EngagementDetailOut, **ERRORS},
    summary="同意或拒绝提前结束",
)
def respond_end_early(request: ApiRequest, engagement_id: int, payload: RespondIn) -> dict[str, Any]:
    services.respond_end_early(actor=request.auth, engagement_id=engagement_id, agree=payload.agree)
    return engagement_detail_out(request, engagement_id)


@router.post(
    "/{engagement_id}/complete", auth=AUTH, response={200: EngagementDetailOut, **ERRORS}, summary="确认完工"
)
def complete(request: ApiRequest, engagement_id: int) -> dict[str, Any]:
    services.complete(actor=request.auth, engagement_id=engagement_id)
    return engagement_detail_out(request, engagement_id)


class LocationIn(Schema):
    lat: float
    lon: float


class CheckOutIn(LocationIn):
    quantity: Decimal | None = None


@router.post("/shifts/{shift_id}/check-in", auth=AUTH, response={200: ShiftOut, **ERRORS}, summary="签到")
def check_in(request: ApiRequest, shift_id: int, payload: LocationIn) -> dict[str, Any]:
    return shift_out(
        services.check_in(actor=request.auth, shift_id=shift_id, lat=payload.lat, lon=payload.lon)
    )


@router.post("/shifts/{shift_id}/check-out", auth=AUTH, response={200: ShiftOut, **ERRORS}, summary="签退")
def check_out(request: ApiRequest, shift_id: int, payload: CheckOutIn) -> dict[str, Any]:
    shift = services.check_out(
        actor=request.auth, shift_id=shift_id, lat=payload.lat, lon=payload.lon, quantity=payload.quantity
    )
    return shift_out(shift)


@router.post("/shifts/{shift_id}/confirm", auth=AUTH, response={200: ShiftOut, **ERRORS}, summary="确认工时")
def confirm(request: ApiRequest, shift_id: int) -> dict[str, Any]:
    return shift_out(services.confirm_shift(actor=request.auth, shift_id=shift_id))


class DisputeIn(Schema):
    reason: str = Field(max_length=300)
    claimed_hours: Decimal | None = None
    claimed_quantity: Decimal | None = None


class CaseOut(Schema):
    id: int
    shift_id: int
    engagement_id: int
    reason: str
    claimed_hours: Decimal | None
    claimed_quantity: Decimal | None
    status: str
    resolved_hours: Decimal | None
    resolved_quantity: Decimal | None
    resolution_note: str
    opened_at: dt.datetime
    resolved_at: dt.datetime | None


def case_out(c: AttendanceCase) -> dict[str, Any]:
    return {
        "id": c.pk,
        "shift_id": c.shift_id,
        "engagement_id": c.shift.engagement_id,
        "reason": c.reason,
        "claimed_hours": c.claimed_hours,
        "claimed_quantity": c.claimed_quantity,
        "status": c.status,
        "resolved_hours": c.resolved_hours,
        "resolved_quantity": c.resolved_quantity,
        "resolution_note": c.resolution_note,
        "opened_at": c.opened_at,
        "resolved_at": c.resolved_at,
    }


@router.post(
    "/shifts/{shift_id}/dispute", auth=AUTH, response={201: CaseOut, **ERRORS}, summary="对工时提出异议"
)
def dispute(request: ApiRequest, shift_id: int, payload: DisputeIn) -> Status:
    case = services.dispute_shift(
        actor=request.auth,
        shift_id=shift_id,
        reason=payload.reason,
        claimed_hours=payload.claimed_hours,
        claimed_quantity=payload.claimed_quantity,
    )
    return Status(201, case_out(case))


class NoteIn(Schema):
    note: str = Field("", max_length=200)


@router.post(
    "/shifts/{shift_id}/review", auth=AUTH, response={200: ShiftOut, **ERRORS}, summary="复核考勤（工作人员）"
)
def review(request: ApiRequest, shift_id: int, payload: NoteIn) -> dict[str, Any]:
    return shift_out(services.review_shift(actor=request.auth, shift_id=shift_id, note=payload.note))


@router.get(
    "/staff/flagged-shifts", auth=AUTH, response={200: PageOut[ShiftOut], **ERRORS}, summary="待复核考勤"
)
def flagged(request: ApiRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    require_staff(request.auth)
    result = paginate(selectors.flagged_shifts_for_staff(request.auth), page, page_size)
    return page_dict(result, [shift_out(s) for s in result.items])


@router.get("/staff/cases", auth=AUTH, response={200: PageOut[CaseOut], **ERRORS}, summary="待处理考勤异议")
def cases(request: ApiRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    require_staff(request.auth)
    result = paginate(selectors.open_cases_for_staff(request.auth), page, page_size)
    return page_dict(result, [case_out(c) for c in result.items])


class ResolveIn(Schema):
    hours: Decimal
    quantity: Decimal | None = None
    note: str = Field(max_length=300)


@router.post("/cases/{case_id}/resolve", auth=AUTH, response={200: CaseOut, **ERRORS}, summary="处理考勤异议")
def resolve(request: ApiRequest, case_id: int, payload: ResolveIn) -> dict[str, Any]:
    case = services.resolve_case(
        actor=request.auth, case_id=case_id, hours=payload.hours, quantity=payload.quantity, note=payload.note
    )
    return case_out(case)
