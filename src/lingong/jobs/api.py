"""Jobs and applications API: browse, post, review, apply, shortlist, offer, accept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.accounts.services import user_for_token
from lingong.core.errors import InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.geo import format_distance_km
from lingong.core.masking import mask_id_number
from lingong.core.memo import ProcessCache
from lingong.core.pagination import paginate
from lingong.core.qr import qr_svg
from lingong.core.schemas import ERRORS, ClockTime, Code, PageOut, page_dict
from lingong.core.siteurl import absolute_url, public_base_url
from lingong.jobs import links, selectors, services
from lingong.jobs.models import Application, JobPosting, PostingScreening, ReportReason
from lingong.jobs.screening import screen_job
from lingong.jobs.screening import service as screening
from lingong.org.area import validate_in_market_area
from lingong.org.policy import policy_for
from lingong.org.selectors import default_market
from lingong.workers.selectors import profile_of

router = Router(tags=["岗位与报名"])


class JobIn(Schema):
    title: str = Field(max_length=60)
    description: str = Field(max_length=2000)
    occupations: list[Code] = Field(max_length=5)
    certificates_required: list[Code] = Field(default_factory=list, max_length=10)
    headcount: int
    address: str = Field(max_length=200)
    division: str = Field(max_length=12)
    lat: float | None = None
    lon: float | None = None
    pay_amount: Decimal | None = None
    pay_unit: str = Field(max_length=12)
    start_date: dt.date
    end_date: dt.date
    daily_start_time: ClockTime | None = None
    daily_end_time: ClockTime | None = None
    daily_hours: Decimal = Decimal("8")
    settlement_cycle: str = Field("daily", max_length=16)
    is_urgent: bool = False
    insurance_required: bool | None = None
    source_channel: str | None = Field(None, max_length=32)
    overtime_rate: Decimal | None = None
    auto_replace: bool = False


class JobCreateIn(JobIn):
    enterprise_id: int | None = None
    submit: bool = True


class OccupationRef(Schema):
    code: str
    name: str


class JobOut(Schema):
    id: int
    title: str
    description: str
    status: str
    status_label: str
    enterprise_id: int
    enterprise_name: str
    occupations: list[OccupationRef]
    certificates_required: list[OccupationRef]
    headcount: int
    address: str
    division: str
    division_name: str
    lat: float
    lon: float
    pay_amount: Decimal | None
    pay_unit: str
    pay_display: str
    start_date: dt.date
    end_date: dt.date
    daily_start_time: ClockTime | None
    daily_end_time: ClockTime | None
    daily_hours: Decimal
    settlement_cycle: str
    is_urgent: bool
    insurance_required: bool
    overtime_rate: Decimal | None = None
    auto_replace: bool = False
    source_channel: str
    published_at: dt.datetime | None
    distance_km: float | None = None
    distance_display: str | None = None
    url: str
    review_note: str = ""
    post_review_status: str = Field("none", description="none, pending, confirmed or taken_down (事后复核).")
    held_reasons: list[str] = Field(
        default_factory=list, description="Why screening holds it for review (待审核：…); empty otherwise."
    )


def job_out(job: JobPosting) -> dict[str, Any]:
    distance = getattr(job, "distance_km", None)
    return {
        "id": job.pk,
        "title": job.title,
        "description": job.description,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "enterprise_id": job.enterprise_id,
        "enterprise_name": job.enterprise.name,
        "occupations": [{"code": o.code, "name": o.name} for o in job.occupations.all()],
        "certificates_required": [{"code": c.code, "name": c.name} for c in job.certificates_required.all()],
        "headcount": job.headcount,
        "address": job.address,
        "division": job.division_id,
        "division_name": job.division.name,
        "lat": job.lat,
        "lon": job.lon,
        "pay_amount": job.pay_amount,
        "pay_unit": job.pay_unit,
        "pay_display": job.pay_display,
        "start_date": job.start_date,
        "end_date": job.end_date,
        "daily_start_time": job.daily_start_time,
        "daily_end_time": job.daily_end_time,
        "daily_hours": job.daily_hours,
        "settlement_cycle": job.settlement_cycle,
        "is_urgent": job.is_urgent,
        "insurance_required": job.insurance_required,
        "overtime_rate": job.overtime_rate,
        "auto_replace": job.auto_replace,
        "source_channel": job.source_channel,
        "published_at": job.published_at,
        "distance_km": None if distance is None else round(distance, 2),
        "distance_display": None if distance is None else format_distance_km(distance),
        "url": absolute_url(links.job_url(job.pk)),
        "review_note": job.review_note,
        "post_review_status": job.post_review_status,
        "held_reasons": screening.held_reasons(job),
    }


class BrowseQuery(Schema):
    occupation: str | None = Field(None, max_length=64)
    division: str | None = Field(None, max_length=12)
    pay_min: Decimal | None = Field(None, ge=0)
    pay_unit: str | None = Field(None, max_length=12)
    on_date: dt.date | None = None
    urgent: bool | None = None
    q: str | None = Field(None, max_length=30)
    lat: float | None = None
    lon: float | None = None
    near: str | None = Field(
        None, max_length=12, description="区县代码：没有位置时，按离该区县中心由近到远排序（lat/lon 优先）"
    )
    radius_km: float | None = Field(None, gt=0, le=300)
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


def _market_id(request: ApiRequest) -> int:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.market_id:
        return int(user.market_id)
    return default_market().pk


@router.get("", response={200: PageOut[JobOut], **ERRORS}, summary="浏览招聘中的岗位（按距离排序）")
def browse(request: ApiRequest, query: Query[BrowseQuery]) -> PageOut[JobOut]:

    origin = None
    if (query.lat is None) != (query.lon is None):
        raise InvalidInput("请同时提供经度和纬度", errors={"lat": ["经纬度须成对提供"]})
    if query.lat is not None and query.lon is not None:
        from django.core.exceptions import ValidationError

        try:
            validate_in_market_area(query.lat, query.lon, _market_id(request))
        except ValidationError as exc:
            raise InvalidInput(exc.messages[0], errors={"lat": list(exc.messages)}) from exc
        origin = (query.lat, query.lon)
    elif query.near:
        district = selectors.district_of_market(_market_id(request), query.near)
        if district is None:
            raise InvalidInput(_("请选择本市的区县"), errors={"near": [_("区县代码无效")]})
        origin = (district.lat, district.lon)
    else:
        _try_auth(request)
        origin = selectors.origin_for_worker(profile_of(request.user)) if hasattr(request, "user") else None
    filters = selectors.JobFilters(
        occupation=query.occupation,
        division=query.division,
        pay_min=query.pay_min,
        pay_unit=query.pay_unit,
        on_date=query.on_date,
        urgent=query.urgent,
        q=query.q,
        radius_km=query.radius_km,
    )
    asked: dict[str, Any] = {
        "market_id": _market_id(request),
        "filters": filters,
        "origin": origin,
        "page": query.page,
        "page_size": query.page_size,
    }
    # The JSON of a page is derived from the page alone (and the language and address it is written in).
    key = (selectors.browse_key(**asked), get_language(), public_base_url())
    return _browse_out.get_or_make(key, lambda: _page_out(selectors.browse_open_jobs(**asked)))


# The job list's response per page (issue 15), under the same key as the page it is written from: kept
# validated, so a hit costs ninja only the dump and the JSON (it does not validate its own schema's instance).
_browse_out: ProcessCache[PageOut[JobOut]] = ProcessCache(maxsize=512)


def _page_out(page: Any) -> PageOut[JobOut]:
    return PageOut[JobOut].model_validate(page_dict(page, [job_out(j) for j in page.items]))


def _try_auth(request: ApiRequest) -> None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is not None:
            request.user = user


@router.get("/mine", auth=AUTH, response={200: PageOut[JobOut], **ERRORS}, summary="本单位发布的岗位")
def my_jobs(request: ApiRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    result = paginate(
        selectors.jobs_of_enterprise(request.auth).prefetch_related("occupations", "certificates_required"),
        page,
        page_size,
    )
    return page_dict(result, [job_out(j) for j in result.items])


class ReviewQuery(Schema):
    queue: Literal["pending", "post"] = Field(
        "pending",
        description="pending: before publication (待审核); post: published, checked after (事后复核).",
    )
    q: str = Field(
        "", max_length=50, description="Title, enterprise name, or 4+ characters of a credit code."
    )
    division: str = Field("", max_length=12, description="A division code; its sub-divisions are included.")
    urgent: bool = False
    overdue: bool = Field(False, description="Only postings past the market's review deadline.")
    risk: Literal["", "flag", "hold"] = Field(
        "", description="flag: published with a screening flag; hold: held by screening."
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


class ReviewJobOut(JobOut):
    waiting_since: dt.datetime
    deadline: dt.datetime
    waited_minutes: int
    overdue: bool
    risks: list[str] = Field(
        ..., description="Why screening scored it: content, the employer's history, user reports."
    )
    risk_score: int = Field(
        ..., description="Screening risk score 0-100 (the market's policy sets the levels)."
    )
    risk_level: Literal["low", "flag", "hold"]


def review_job_out(job: JobPosting, clock: Any, screened: PostingScreening | None = None) -> dict[str, Any]:
    return {
        **job_out(job),
        "waiting_since": clock.started,
        "deadline": clock.deadline,
        "waited_minutes": clock.waited_minutes,
        "overdue": clock.overdue,
        "risks": screened.messages if screened is not None else screen_job(job).messages,
        "risk_score": job.risk_score,
        "risk_level": job.risk_level,
    }


@router.get(
    "/reviews",
    auth=AUTH,
    response={200: PageOut[ReviewJobOut], **ERRORS},
    summary="审核队列：待审核或事后复核的岗位，急招优先、等待最久的在前（市场工作人员）",
)
def reviews(request: ApiRequest, query: Query[ReviewQuery]) -> dict[str, Any]:
    filters = selectors.ReviewFilters(
        queue=query.queue,
        q=query.q,
        division=query.division,
        urgent=query.urgent,
        overdue=query.overdue,
        risk=query.risk,
    )
    qs = selectors.review_queue(request.auth, filters).prefetch_related("certificates_required")
    result = paginate(qs, query.page, query.page_size)
    policy = policy_for(request.auth.market_id)
    now = timezone.now()
    latest = selectors.latest_screenings(j.pk for j in result.items)
    return page_dict(
        result,
        [review_job_out(j, selectors.review_clock(j, policy, now), latest.get(j.pk)) for j in result.items],
    )


@router.get("/staff", auth=AUTH, response={200: PageOut[JobOut], **ERRORS}, summary="本驿站/中心的岗位")
def staff_jobs(request: ApiRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    result = paginate(
        selectors.staff_jobs(request.auth).prefetch_related("occupations", "certificates_required"),
        page,
        page_size,
    )
    return page_dict(result, [job_out(j) for j in result.items])


def _reload(job_id: int) -> JobPosting:
    job = selectors.job_detail(job_id)
    if job is None:
        raise NotFoundError("岗位不存在")
    return job


def _visible_job(request: ApiRequest, job_id: int) -> JobPosting:
    job = selectors.job_detail(job_id)
    if job is None:
        raise NotFoundError("岗位不存在")
    if not selectors.is_publicly_visible(job):
        _try_auth(request)
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not services.can_manage_job(user, job)  # staff: only in their scope (accounts.access)
        ):
            raise NotFoundError("岗位不存在")
    return job


# A public job's detail (issue 15), by job, the version of its market's jobs, language and address; and each
# job's market, which never changes, so the version can be read before the job.
_details: ProcessCache[JobOut] = ProcessCache(maxsize=2048)
_markets_of_jobs: ProcessCache[int] = ProcessCache(maxsize=65536)


@router.get("/{job_id}", response={200: JobOut, **ERRORS}, summary="岗位详情")
def detail(request: ApiRequest, job_id: int) -> JobOut:
    market_id = _markets_of_jobs.get(job_id)
    if market_id is None:  # the first ask in this process: read it, and learn its market
        job = _visible_job(request, job_id)
        _markets_of_jobs.put(job_id, job.market_id)
        return JobOut.model_validate(job_out(job))
    # The version is read before the job: a change committed in between makes the next ask miss, never
    # keeps the older row under the newer version.
    key = (job_id, selectors.browse_version(market_id), get_language(), public_base_url())
    kept = _details.get(key)
    if kept is not None:
        return kept
    job = _visible_job(request, job_id)
    out = JobOut.model_validate(job_out(job))
    if selectors.is_publicly_visible(job):  # the same for everyone who may see it
        _details.put(key, out)
    return out


@router.get("/{job_id}/qr.svg", summary="岗位二维码（SVG）", response={200: None, **ERRORS})
def job_qr(request: ApiRequest, job_id: int) -> HttpResponse:
    job = _visible_job(request, job_id)
    svg = qr_svg(absolute_url(links.job_url(job.pk)), title=job.title)
    return HttpResponse(svg, content_type="image/svg+xml")


@router.post("", auth=AUTH, response={201: JobOut, **ERRORS}, summary="发布岗位（用工单位或驿站代发）")
def create(request: ApiRequest, payload: JobCreateIn) -> Status:
    data = payload.dict()
    enterprise_id = data.pop("enterprise_id")
    submit = data.pop("submit")
    job = services.create_job(
        actor=request.auth,
        data=services.JobInput(**data),
        enterprise_id=enterprise_id,
        submit=submit,
    )
    return Status(201, job_out(_reload(job.pk)))


@router.put("/{job_id}", auth=AUTH, response={200: JobOut, **ERRORS}, summary="修改岗位")
def update(request: ApiRequest, job_id: int, payload: JobIn) -> dict[str, Any]:
    services.update_job(actor=request.auth, job_id=job_id, data=services.JobInput(**payload.dict()))
    return job_out(_reload(job_id))


class OptionalReasonIn(Schema):
    reason: str = Field("", max_length=200)


def _job_action(request: ApiRequest, job_id: int, action: Any, **kwargs: Any) -> dict[str, Any]:
    action(actor=request.auth, job_id=job_id, **kwargs)
    return job_out(_reload(job_id))


@router.post("/{job_id}/submit", auth=AUTH, response={200: JobOut, **ERRORS}, summary="提交审核")
def submit(request: ApiRequest, job_id: int) -> dict[str, Any]:
    return _job_action(request, job_id, services.submit_job)


@router.post("/{job_id}/approve", auth=AUTH, response={200: JobOut, **ERRORS}, summary="审核通过")
def approve(request: ApiRequest, job_id: int) -> dict[str, Any]:
    return _job_action(request, job_id, services.approve_job)


@router.post("/{job_id}/reject", auth=AUTH, response={200: JobOut, **ERRORS}, summary="审核不通过")
def reject(request: ApiRequest, job_id: int, payload: OptionalReasonIn) -> dict[str, Any]:
    return _job_action(request, job_id, services.reject_job, reason=payload.reason)


@router.post(
    "/{job_id}/post-review/confirm",
    auth=AUTH,
    response={200: JobOut, **ERRORS},
    summary="事后复核：确认无误（市场工作人员）",
)
def confirm_post_review(request: ApiRequest, job_id: int) -> dict[str, Any]:
    return _job_action(request, job_id, services.confirm_post_review)


@router.post(
    "/{job_id}/take-down",
    auth=AUTH,
    response={200: JobOut, **ERRORS},
    summary="事后复核：下架并通知用工单位（市场工作人员）",
)
def take_down(request: ApiRequest, job_id: int, payload: OptionalReasonIn) -> dict[str, Any]:
    return _job_action(request, job_id, services.take_down_job, reason=payload.reason)


@router.post("/{job_id}/close", auth=AUTH, response={200: JobOut, **ERRORS}, summary="关闭岗位")
def close(request: ApiRequest, job_id: int) -> dict[str, Any]:
    return _job_action(request, job_id, services.close_job)


# --- Reports (举报) ------------------------------------------------------------------------------------


class ReportIn(Schema):
    reason: str = Field(
        ..., max_length=16, description="fee, fake, contact, discrimination, minors, unpaid, other"
    )
    text: str = Field("", max_length=500, description="What the user saw; required for other.")


class ReportOut(Schema):
    id: int
    job_id: int
    reason: str
    reason_label: str
    created_at: dt.datetime


@router.post(
    "/{job_id}/reports",
    auth=AUTH,
    response={201: ReportOut, **ERRORS},
    summary="举报岗位（收费、虚假、平台外联系、歧视等；每人每岗位一次）",
)
def report(request: ApiRequest, job_id: int, payload: ReportIn) -> Status:
    row = services.report_job(actor=request.auth, job_id=job_id, reason=payload.reason, text=payload.text)
    return Status(
        201,
        {
            "id": row.pk,
            "job_id": row.job_id,
            "reason": row.reason,
            "reason_label": str(ReportReason(row.reason).label),
            "created_at": row.created_at,
        },
    )


# --- Applications ---------------------------------------------------------------------------------


class ApplyIn(Schema):
    message: str = Field("", max_length=200)


class ApplicationOut(Schema):
    id: int
    job_id: int
    job_title: str
    status: str
    status_label: str
    message: str
    reason: str
    applied_at: dt.datetime
    updated_at: dt.datetime


class ApplicantOut(ApplicationOut):
    worker_id: int
    name: str
    id_number: str
    phone: str = Field(
        description="完整号码仅在求职者接受本单位录用（已生成用工单）或单独同意提供联系方式后显示；"
        "此前为脱敏号码（138****1234），请通过平台邀请、录用通知联系"
    )
    phone_visible: bool
    gender: str
    age: int | None
    skills: list[str]
    certificates: list[str]
    home_division: str | None


def application_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "job_id": a.job_id,
        "job_title": a.job.title,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "message": a.message,
        "reason": a.reason,
        "applied_at": a.applied_at,
        "updated_at": a.updated_at,
    }


def applicant_out(a: Application, phone_visible: set[int]) -> dict[str, Any]:
    """An applicant as the job's employer sees them: masked identity; the full phone number only once
    ``phone_visible`` (``selectors.phone_visible_worker_ids``) holds them."""
    w = a.worker
    return {
        **application_out(a),
        "worker_id": w.pk,
        "name": w.masked_name,
        "id_number": mask_id_number(w.id_number or ""),
        "phone": selectors.applicant_phone(a, phone_visible),
        "phone_visible": w.pk in phone_visible,
        "gender": str(w.get_gender_display()) if w.gender else "",
        "age": w.age_on(),
        "skills": [f"{s.occupation.name}（{s.years}年）" for s in w.skills.all()],
        "certificates": [
            f"{c.certificate_type.name}{'（已核验）' if c.is_verified else '（待核验）'}"
            for c in w.certificates.all()
        ],
        "home_division": w.home_division.name if w.home_division else None,
    }


@router.post("/{job_id}/apply", auth=AUTH, response={201: ApplicationOut, **ERRORS}, summary="报名")
def apply(request: ApiRequest, job_id: int, payload: ApplyIn) -> Status:
    application = services.apply(actor=request.auth, job_id=job_id, message=payload.message)
    return Status(201, application_out(application))


@router.get(
    "/{job_id}/applications",
    auth=AUTH,
    response={200: PageOut[ApplicantOut], **ERRORS},
    summary="报名者（本岗位管理者）",
)
def applicants(request: ApiRequest, job_id: int, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    job = get_object_or_404(JobPosting, pk=job_id)
    services.require_manager(request.auth, job, "您没有权限查看该岗位的报名者。")
    result = paginate(selectors.applicants_for_job(job).select_related("job"), page, page_size)
    visible = selectors.phone_visible_worker_ids(job.enterprise_id, [a.worker_id for a in result.items])
    return page_dict(result, [applicant_out(a, visible) for a in result.items])


@router.get(
    "/applications/mine", auth=AUTH, response={200: PageOut[ApplicationOut], **ERRORS}, summary="我的报名"
)
def my_applications(request: ApiRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    worker = profile_of(request.auth)
    if worker is None:
        raise PermissionDeniedError("仅求职者可以查看报名记录。")
    result = paginate(selectors.applications_of_worker(worker), page, page_size)
    return page_dict(result, [application_out(a) for a in result.items])


_APPLICATION_ACTIONS = {
    "shortlist": services.shortlist,
    "offer": services.offer,
    "withdraw": services.withdraw,
}


@router.post(
    "/applications/{application_id}/{action}",
    auth=AUTH,
    response={200: ApplicationOut, **ERRORS},
    summary="处理报名：shortlist / offer / reject / decline / withdraw（accept 见接受录用）",
)
def application_action(
    request: ApiRequest,
    application_id: int,
    action: str = Path(..., max_length=16),
    payload: OptionalReasonIn | None = None,
) -> dict[str, Any]:
    actor = request.auth
    reason = payload.reason if payload else ""
    if action == "reject":
        application = services.reject_application(actor=actor, application_id=application_id, reason=reason)
    elif action == "decline":
        application = services.decline_offer(actor=actor, application_id=application_id, reason=reason)
    elif action in _APPLICATION_ACTIONS:
        application = _APPLICATION_ACTIONS[action](actor=actor, application_id=application_id)
    else:
        raise NotFoundError("不支持的操作")
    return application_out(application)
