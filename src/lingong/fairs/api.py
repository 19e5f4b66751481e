"""Job fair API (fairs-a): the public list and detail, creating a fair, booth applications and their review,
registration and the check-in at the door. Intentions and the report are in intention_api.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Path, Query, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.masking import mask_name
from lingong.core.schemas import ERRORS, ClockTime, RowId
from lingong.core.siteurl import absolute_url
from lingong.fairs import selectors, services
from lingong.fairs.models import BoothApplication, FairRegistration, JobFair

router = Router(tags=["招聘会"])


class FairListQuery(Schema):
    market_id: int | None = Field(None, description="零工市场；不填为全部")


class FairOut(Schema):
    id: int
    code: str
    title: str
    description: str
    mode: str
    mode_label: str
    status: str
    status_label: str
    starts_on: dt.date
    ends_on: dt.date
    opens_at: str | None
    closes_at: str | None
    venue: str
    address: str
    lat: float | None
    lon: float | None
    url: str


class FairJobOut(Schema):
    id: int
    title: str
    open: bool = Field(description="招聘中且用工单位已认证")
    status_label: str
    pay_amount: str | None
    pay_unit: str


class FairExhibitorOut(Schema):
    id: int
    enterprise: str
    booth: str | None
    jobs: list[FairJobOut]


class FairBoothOut(Schema):
    number: str
    x: int
    y: int
    w: int
    h: int
    exhibitor_id: int | None


class FairDetailOut(FairOut):
    floor_width: int
    floor_height: int
    booths: list[FairBoothOut]
    exhibitors: list[FairExhibitorOut]


class FairIn(Schema):
    title: str = Field(max_length=60)
    mode: str = Field("onsite", max_length=8, description="onsite / online / both")
    starts_on: dt.date
    ends_on: dt.date
    opens_at: ClockTime | None = None
    closes_at: ClockTime | None = None
    venue: str = Field("", max_length=100)
    address: str = Field("", max_length=200)
    description: str = Field("", max_length=500)
    lat: float | None = None
    lon: float | None = None
    floor_width: int = Field(12, ge=1, le=40)
    floor_height: int = Field(8, ge=1, le=40)
    station_id: int | None = Field(None, description="主办驿站（市场管理员、服务中心可选）")


class FairBoothApplicationIn(Schema):
    job_ids: list[RowId] = Field(description="本单位招聘中的岗位，1至10个", max_length=10)
    contact_name: str = Field(max_length=30)
    note: str = Field("", max_length=300)


class FairBoothApplicationOut(Schema):
    id: int
    fair_code: str
    enterprise: str
    status: str
    status_label: str
    booth: str | None
    job_ids: list[int]
    contact_name: str
    reason: str


class FairApproveIn(Schema):
    booth_id: int | None = Field(
        None, ge=1, le=2_147_483_647, description="现场招聘会的展位；不填则分配第一个空闲展位"
    )


class FairRejectIn(Schema):
    reason: str = Field(max_length=200)


class FairRegistrationIn(Schema):
    worker_id: int | None = Field(
        None, ge=1, le=2_147_483_647, description="工作人员代为登记时：本辖区的求职者"
    )


class FairRegistrationOut(Schema):
    id: int
    fair_code: str
    code: str = Field(description="入场码（求职者本人和主办方工作人员可见）")
    worker_name: str = Field(description="脱敏姓名")
    channel: str
    registered_at: dt.datetime
    checked_in_at: dt.datetime | None


class FairCheckInIn(Schema):
    code: str = Field(max_length=32)


class FairCheckInOut(FairRegistrationOut):
    registered: int
    checked_in: int


def fair_out(fair: JobFair) -> dict[str, Any]:
    return {
        "id": fair.pk,
        "code": fair.code,
        "title": fair.title,
        "description": fair.description,
        "mode": fair.mode,
        "mode_label": fair.get_mode_display(),
        "status": fair.status,
        "status_label": fair.get_status_display(),
        "starts_on": fair.starts_on,
        "ends_on": fair.ends_on,
        "opens_at": fair.opens_at.strftime("%H:%M") if fair.opens_at else None,
        "closes_at": fair.closes_at.strftime("%H:%M") if fair.closes_at else None,
        "venue": fair.venue,
        "address": fair.address,
        "lat": fair.lat,
        "lon": fair.lon,
        "url": absolute_url(services.fair_url(fair)),
    }


def detail_out(fair: JobFair) -> dict[str, Any]:
    shown = selectors.exhibitors(fair)
    return {
        **fair_out(fair),
        "floor_width": fair.floor_width,
        "floor_height": fair.floor_height,
        "booths": [
            {
                "number": b.number,
                "x": b.x,
                "y": b.y,
                "w": b.w,
                "h": b.h,
                "exhibitor_id": next(
                    (e.application.pk for e in shown if e.application.booth_id == b.pk), None
                ),
            }
            for b in fair.booths.order_by("number")
        ],
        "exhibitors": [
            {
                "id": e.application.pk,
                "enterprise": e.application.enterprise.name,
                "booth": e.application.booth.number if e.application.booth else None,
                "jobs": [
                    {
                        "id": j.pk,
                        "title": j.title,
                        "open": selectors.job_is_live(j),
                        "status_label": j.get_status_display(),
                        "pay_amount": str(j.pay_amount) if j.pay_amount is not None else None,
                        "pay_unit": j.pay_unit,
                    }
                    for j in e.jobs
                ],
            }
            for e in shown
        ],
    }


def application_out(application: BoothApplication) -> dict[str, Any]:
    return {
        "id": application.pk,
        "fair_code": application.fair.code,
        "enterprise": application.enterprise.name,
        "status": application.status,
        "status_label": application.get_status_display(),
        "booth": application.booth.number if application.booth else None,
        "job_ids": sorted(application.jobs.values_list("pk", flat=True)),
        "contact_name": application.contact_name,
        "reason": application.reason,
    }


def registration_out(registration: FairRegistration) -> dict[str, Any]:
    return {
        "id": registration.pk,
        "fair_code": registration.fair.code,
        "code": registration.code,
        "worker_name": mask_name(registration.worker.real_name),
        "channel": registration.channel,
        "registered_at": registration.registered_at,
        "checked_in_at": registration.checked_in_at,
    }


def _public_fair(request: ApiRequest, code: str) -> JobFair:
    return selectors.fair_for_viewer(getattr(request, "user", None), code)


@router.get("/fairs", response={200: list[FairOut], **ERRORS}, summary="招聘会列表（今天及以后）")
def fair_list(request: ApiRequest, query: Query[FairListQuery]) -> list[dict[str, Any]]:
    return [fair_out(f) for f in selectors.public_fairs(query.market_id)[:100]]


@router.get(
    "/fairs/{code}", response={200: FairDetailOut, **ERRORS}, summary="招聘会详情：展位、参展单位、岗位"
)
def fair_detail(request: ApiRequest, code: str = Path(..., max_length=16)) -> dict[str, Any]:
    return detail_out(_public_fair(request, code))


@router.post("/fairs", auth=AUTH, response={201: FairDetailOut, **ERRORS}, summary="创建招聘会（工作人员）")
def create_fair(request: ApiRequest, payload: FairIn) -> Status:
    data = services.FairInput(**payload.dict())
    fair = services.create_fair(actor=request.auth, data=data)
    return Status(201, detail_out(fair))


@router.post(
    "/fairs/{code}/booth-applications",
    auth=AUTH,
    response={201: FairBoothApplicationOut, **ERRORS},
    summary="申请参展（用工单位）",
)
def apply_for_booth(
    request: ApiRequest, payload: FairBoothApplicationIn, code: str = Path(..., max_length=16)
) -> Status:
    fair = _public_fair(request, code)
    application = services.apply_for_booth(
        actor=request.auth,
        fair_id=fair.pk,
        job_ids=payload.job_ids,
        contact_name=payload.contact_name,
        note=payload.note,
    )
    return Status(201, application_out(application))


@router.post(
    "/fairs/booth-applications/{application_id}/approve",
    auth=AUTH,
    response={200: FairBoothApplicationOut, **ERRORS},
    summary="通过参展申请并分配展位（工作人员）",
)
def approve(request: ApiRequest, application_id: int, payload: FairApproveIn) -> dict[str, Any]:
    application = services.approve_booth_application(
        actor=request.auth, application_id=application_id, booth_id=payload.booth_id
    )
    return application_out(application)


@router.post(
    "/fairs/booth-applications/{application_id}/reject",
    auth=AUTH,
    response={200: FairBoothApplicationOut, **ERRORS},
    summary="退回参展申请（工作人员）",
)
def reject(request: ApiRequest, application_id: int, payload: FairRejectIn) -> dict[str, Any]:
    application = services.reject_booth_application(
        actor=request.auth, application_id=application_id, reason=payload.reason
    )
    return application_out(application)


@router.post(
    "/fairs/{code}/registrations",
    auth=AUTH,
    response={201: FairRegistrationOut, **ERRORS},
    summary="预约登记（求职者本人；工作人员代为登记时填 worker_id）",
)
def register(
    request: ApiRequest, payload: FairRegistrationIn, code: str = Path(..., max_length=16)
) -> Status:
    fair = selectors.fair_for_viewer(request.auth, code)
    if payload.worker_id is None:
        registration = services.register_self(actor=request.auth, fair_id=fair.pk)
    else:
        registration = services.register_worker(
            actor=request.auth, fair_id=fair.pk, worker_id=payload.worker_id
        )
    return Status(201, registration_out(registration))


@router.post(
    "/fairs/{code}/check-in",
    auth=AUTH,
    response={200: FairCheckInOut, **ERRORS},
    summary="入场签到：扫码或输入入场码（主办方工作人员）",
)
def check_in(
    request: ApiRequest, payload: FairCheckInIn, code: str = Path(..., max_length=16)
) -> dict[str, Any]:
    fair = selectors.fair_for_viewer(request.auth, code)
    registration = services.check_in(actor=request.auth, fair_id=fair.pk, code=payload.code)
    return {**registration_out(registration), **services.counts(fair)}
