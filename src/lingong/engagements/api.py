"""Engagements API: my engagements, the timeline, cancel / end early / complete, attendance and disputes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from lingong.accounts.access import require_staff
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, ClockTime, PageOut, page_dict
from lingong.core.siteurl import absolute_url
from lingong.engagements import links, selectors, services, site_codes
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
    check_in_method: str
    check_out_at: dt.datetime | None
    check_out_distance_m: int | None
    check_out_method: str
    recorded_by_staff: bool
    worked_hours: Decimal | None = Field(
        None,
        description="Paid hours: from max(shift start, check-in) to min(shift end, check-out), "
        "from the check-in / to the check-out where the employer confirmed the early start / staying late.",
    )
    early_start_confirmed: bool
    late_finish_confirmed: bool
    quantity: Decimal | None
    review_status: str
    review_reason: str
    review_note: str
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
        "check_in_method": s.check_in_method,
        "check_out_at": s.check_out_at,
        "check_out_distance_m": s.check_out_distance_m,
        "check_out_method": s.check_out_method,
        "recorded_by_staff": s.recorded_by_staff,
        "worked_hours": s.worked_hours,
        "early_start_confirmed": s.early_start_confirmed_at is not None,
        "late_finish_confirmed": s.late_finish_confirmed_at is not None,
        "quantity": s.quantity,
        "review_status": s.review_status,
        "review_reason": s.review_reason,
        "review_note": s.review_note,
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
    daily_start_time: ClockTime
    daily_end_time: ClockTime
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
    request: ApiRequest, status: str = Query("", max_length=32), page: int = 1, page_size: int = 20
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


class CheckInIn(Schema):
    """The phone's location, or the site code the worker scanned (staff may send neither)."""

    lat: float | None = None
    lon: float | None = None
    site_code: str | None = Field(None, max_length=400, description="The token of a scanned site code.")


class CheckOutIn(CheckInIn):
    quantity: Decimal | None = None
    confirm_short: bool = Field(
        False,
        description="Check out even though the paid hours are under the market's minimum "
        "(otherwise 409 short_shift_unconfirmed, with what would be recorded).",
    )


class CheckOutPreviewOut(Schema):
    shift_id: int
    check_in_at: dt.datetime
    check_out_at: dt.datetime
    paid_from: dt.datetime
    paid_until: dt.datetime
    hours: Decimal
    minimum_hours: Decimal
    below_minimum: bool
    ends_engagement: bool
    estimated_pay: Decimal | None
    early_unconfirmed: bool
    explanation: str


def preview_out(p: services.CheckOutPreview) -> dict[str, Any]:
    return {
        "shift_id": p.shift_id,
        "check_in_at": p.check_in_at,
        "check_out_at": p.check_out_at,
        "paid_from": p.paid.start,
        "paid_until": p.paid.end,
        "hours": p.hours,
        "minimum_hours": p.minimum_hours,
        "below_minimum": p.below_minimum,
        "ends_engagement": p.ends_engagement,
        "estimated_pay": p.estimated_pay,
        "early_unconfirmed": p.early_unconfirmed,
        "explanation": p.explanation(),
    }


@router.post("/shifts/{shift_id}/check-in", auth=AUTH, response={200: ShiftOut, **ERRORS}, summary="签到")
def check_in(request: ApiRequest, shift_id: int, payload: CheckInIn) -> dict[str, Any]:
    shift = services.check_in(
        actor=request.auth,
        shift_id=shift_id,
        lat=payload.lat,
        lon=payload.lon,
        site_code=payload.site_code,
    )
    return shift_out(shift)


@router.get(
    "/shifts/{shift_id}/check-out-preview",
    auth=AUTH,
    response={200: CheckOutPreviewOut, **ERRORS},
    summary="签退前预览：将记录的计酬工时",
)
def check_out_preview(request: ApiRequest, shift_id: int) -> dict[str, Any]:
    return preview_out(services.check_out_preview(actor=request.auth, shift_id=shift_id))


@router.post(
    "/shifts/{shift_id}/check-out",
    auth=AUTH,
    response={200: ShiftOut, **ERRORS},
    summary="签退",
    description="409 short_shift_unconfirmed when the paid hours would be under the market's minimum and "
    "confirm_short is not set; errors.confirm_short explains what would be recorded.",
)
def check_out(request: ApiRequest, shift_id: int, payload: CheckOutIn) -> dict[str, Any]:
    shift = services.check_out(
        actor=request.auth,
        shift_id=shift_id,
        lat=payload.lat,
        lon=payload.lon,
        site_code=payload.site_code,
        quantity=payload.quantity,
        confirm_short=payload.confirm_short,
    )
    return shift_out(shift)


class ExtraTimeIn(Schema):
    early_start: bool = False
    late_finish: bool = False


@router.post(
    "/shifts/{shift_id}/extra-time",
    auth=AUTH,
    response={200: ShiftOut, **ERRORS},
    summary="用工方确认提前上岗或延时下班计入工时",
)
def extra_time(request: ApiRequest, shift_id: int, payload: ExtraTimeIn) -> dict[str, Any]:
    shift = services.confirm_extra_time(
        actor=request.auth,
        shift_id=shift_id,
        early_start=payload.early_start,
        late_finish=payload.late_finish,
    )
    return shift_out(shift)


class SiteCodeIn(Schema):
    validity: str = Field(
        site_codes.DAY, max_length=16, description="day: 24 hours; period: until the last working day."
    )
    for_job: bool = Field(False, description="One code for every worker hired for the job.")


class SiteCodeOut(Schema):
    token: str
    url: str
    expires_at: dt.datetime
    for_job: bool


@router.post(
    "/{engagement_id}/site-code",
    auth=AUTH,
    response={200: SiteCodeOut, **ERRORS},
    summary="现场签到码（用工方或工作人员）",
)
def site_code(request: ApiRequest, engagement_id: int, payload: SiteCodeIn) -> dict[str, Any]:
    code = services.issue_site_code(
        actor=request.auth, engagement_id=engagement_id, validity=payload.validity, for_job=payload.for_job
    )
    return {
        "token": code.token,
        "url": absolute_url(links.site_code_url(code.token)),
        "expires_at": code.expires_at,
        "for_job": code.is_job,
    }


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
