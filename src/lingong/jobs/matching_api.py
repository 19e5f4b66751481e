"""Matching API: ranked candidates for a job, recommended jobs for a worker, text parsing and invitations.

Mounted at the API root by lingong/api.py (its paths span /jobs and /parse).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.accounts.models import Role
from lingong.core.errors import NotFoundError, PermissionDeniedError
from lingong.core.schemas import ERRORS, ClockTime
from lingong.jobs import recommendations, services
from lingong.jobs.models import JobPosting
from lingong.jobs.recommendations import parsed_hours, parsed_pay
from lingong.matching import VERSION
from lingong.matching.parse import default_parser
from lingong.taxonomy.models import Occupation
from lingong.workers.selectors import profile_of

router = Router(tags=["智能匹配"])


class ReasonOut(Schema):
    occupation: str
    occupation_name: str
    exact: bool
    certified: bool
    distance_km: float
    rating: float | None
    rating_count: int
    expected_pay: Decimal | None
    offer: Decimal | None
    pay_unit: str
    pay_fit: float
    groups: list[str]


class CandidateQuery(Schema):
    limit: int = Field(20, ge=1, le=100)
    radius_km: float = Field(10, gt=0, le=100)


class CandidateOut(Schema):
    worker_id: int
    name: str
    score: float
    distance_km: float
    distance_display: str
    sentence: str
    reasons: ReasonOut
    invited_at: dt.datetime | None = None  # already invited to this job (inviting again sends nothing)
    priority: str = ""  # why this worker comes first for this employer (a graduate of its training order)


class CandidatesOut(Schema):
    job_id: int
    version: str
    radius_km: float
    items: list[CandidateOut]


def _manageable_job(request: ApiRequest, job_id: int) -> JobPosting:
    job = JobPosting.objects.select_related("enterprise", "station").filter(pk=job_id).first()
    if job is None:
        raise NotFoundError("岗位不存在")
    services.require_manager(request.auth, job)
    return job


@router.get(
    "/jobs/{job_id}/candidates",
    auth=AUTH,
    response={200: CandidatesOut, **ERRORS},
    summary="岗位的推荐人选（本岗位管理者）",
)
def candidates(request: ApiRequest, job_id: int, query: Query[CandidateQuery]) -> dict[str, Any]:
    job = _manageable_job(request, job_id)
    items = recommendations.candidates_for(job, limit=query.limit, radius_km=query.radius_km)
    return {"job_id": job.pk, "version": VERSION, "radius_km": query.radius_km, "items": items}


class RecommendQuery(Schema):
    limit: int = Field(20, ge=1, le=100)
    radius_km: float | None = Field(None, gt=0, le=100)
    personalised: bool = True


class RecommendedJobOut(Schema):
    job_id: int
    title: str
    enterprise_name: str
    address: str
    pay_display: str
    is_urgent: bool
    url: str
    distance_km: float | None
    distance_display: str
    score: float | None = None
    sentence: str = ""
    reasons: ReasonOut | None = None


class RecommendedOut(Schema):
    personalised: bool
    version: str
    items: list[RecommendedJobOut]


@router.get(
    "/me/recommended-jobs",
    auth=AUTH,
    response={200: RecommendedOut, **ERRORS},
    summary="为我推荐的岗位（同 /jobs/recommended）",
    operation_id="me_recommended_jobs",
)
@router.get(
    "/jobs/recommended",
    auth=AUTH,
    response={200: RecommendedOut, **ERRORS},
    summary="为我推荐的岗位（求职者）",
    operation_id="jobs_recommended",
)
def recommended(request: ApiRequest, query: Query[RecommendQuery]) -> dict[str, Any]:
    worker = profile_of(request.auth) if request.auth.role == Role.WORKER else None
    if worker is None:
        raise PermissionDeniedError("仅求职者可以查看推荐岗位。")
    if query.personalised:
        items = recommendations.recommended_for(worker, limit=query.limit, radius_km=query.radius_km)
    else:
        items = recommendations.plain_jobs_for(worker, limit=query.limit, radius_km=query.radius_km)
    return {"personalised": query.personalised, "version": VERSION, "items": items}


class TextIn(Schema):
    text: str = Field(max_length=500)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("请输入要识别的文字")
        return value


class NamedCode(Schema):
    code: str
    name: str


class ParsedPayOut(Schema):
    min: Decimal | None = Field(description="金额下限（元）；只写了一个数时与上限相同；“8千+”时上限为空")
    max: Decimal | None = Field(description="金额上限（元）")
    unit: str | None = Field(description="计酬单位：hour / day / month / piece；只写“日结”“计件”时只有单位")
    negotiable: bool = Field(description="面议")


class JobParseOut(Schema):
    occupations: list[NamedCode]
    headcount: int | None
    pay: ParsedPayOut | None = Field(description="文中的报酬；没写报酬时为空")
    pay_unit: str | None
    divisions: list[str]
    duration_days: int | None
    urgent: bool
    certificates: list[str]
    mentions_certificate: bool
    start_date: dt.date | None = Field(description="开始日期（今天/明天/后天、12月3日，按市场当地日期）")
    end_date: dt.date | None = Field(description="结束日期（由开始日期加工期，或文中的截止日期）")
    daily_start_time: ClockTime | None = Field(description="每日上班时间")
    daily_end_time: ClockTime | None = Field(description="每日下班时间（早于上班时间为夜班，次日结束）")
    daily_hours: Decimal | None = Field(description="每日工时：文中所写，或上下班时间之差减去文中写明的午休")
    break_minutes: int = Field(description="文中写明的午休分钟数（只写“午休”按60分钟）")


class WorkerParseOut(Schema):
    occupations: list[NamedCode]
    certificates: list[str]
    mentions_certificate: bool
    divisions: list[str]
    pay: ParsedPayOut | None
    pay_unit: str | None


def _parse_out(parsed: Any) -> dict[str, Any]:
    data = dataclasses.asdict(parsed)
    names = dict(Occupation.objects.filter(code__in=parsed.occupations).values_list("code", "name"))
    data["occupations"] = [{"code": c, "name": names.get(c, c)} for c in parsed.occupations]
    for key in ("divisions", "certificates"):
        data[key] = list(data[key])
    pay = parsed.pay
    data["pay"] = (
        None
        if pay is None
        else {
            "min": parsed_pay(pay.min),
            "max": parsed_pay(pay.max),
            "unit": pay.unit,
            "negotiable": pay.negotiable,
        }
    )
    return data


@router.post("/parse/job", auth=AUTH, response={200: JobParseOut, **ERRORS}, summary="识别一句话招工需求")
def parse_job(request: ApiRequest, payload: TextIn) -> dict[str, Any]:
    """Dates are counted from today in the market's time zone (Asia/Shanghai)."""
    parsed = default_parser().parse_job(payload.text, timezone.localdate())
    data = _parse_out(parsed)
    data["daily_hours"] = parsed_hours(parsed.daily_hours)
    return data


@router.post(
    "/parse/worker", auth=AUTH, response={200: WorkerParseOut, **ERRORS}, summary="识别一句话求职意向"
)
def parse_worker(request: ApiRequest, payload: TextIn) -> dict[str, Any]:
    return _parse_out(default_parser().parse_worker(payload.text))


class InviteIn(Schema):
    worker_id: int


class InviteOut(Schema):
    job_id: int
    worker_id: int
    notification_id: int | None
    invited_at: dt.datetime
    already_invited: bool


@router.post(
    "/jobs/{job_id}/invite",
    auth=AUTH,
    response={201: InviteOut, 200: InviteOut, **ERRORS},
    summary="邀请推荐人选报名（重复邀请不再发送：200 与首次邀请）",
)
def invite(request: ApiRequest, job_id: int, payload: InviteIn) -> Status:
    job = _manageable_job(request, job_id)
    result = recommendations.invite_worker(actor=request.auth, job=job, worker_id=payload.worker_id)
    invitation = result.invitation
    body = {
        "job_id": job.pk,
        "worker_id": invitation.worker_id,
        "notification_id": invitation.notification_id,
        "invited_at": invitation.created_at,
        "already_invited": not result.created,
    }
    return Status(201 if result.created else 200, body)
