"""JSON API of the live back office (/api/v1/...): schedule sessions, the leads of a session and their
follow-up, a session's figures. The room itself (list, detail, pin, comments) is in ``live/api.py``.

Scheduling lives under ``/live/office/sessions`` rather than ``/live/sessions``: the room's router owns
those paths, and one path served by two routers would answer 405 for the second router's methods.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Path, Query, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.masking import mask_phone
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, RowId, page_dict
from lingong.core.siteurl import absolute_url
from lingong.live import followup, schedule, selectors
from lingong.live.models import Lead, LiveSession

router = Router(tags=["直播带岗"])

MAX_ID = 2_147_483_647  # ids beyond a 32-bit key are nobody's (and overflow SQLite)
Code = Path(..., max_length=16, description="直播间编号")


class LiveOfficeJobOut(Schema):
    job_id: int
    title: str
    enterprise: str
    position: int
    status: str


class LiveOfficeSessionOut(Schema):
    code: str
    title: str
    description: str
    status: str
    status_label: str
    host_id: int
    host_name: str
    starts_at: str
    planned_minutes: int
    stream_kind: str
    stream_url: str
    replay_url: str
    station_id: int | None
    centre_id: int | None
    room_url: str
    jobs: list[LiveOfficeJobOut]


class LiveOfficeSessionIn(Schema):
    title: str = Field(max_length=60)
    description: str = Field("", max_length=300)
    host_id: int | None = Field(None, ge=1, le=MAX_ID, description="主播（主办单位的工作人员），默认本人")
    host_name: str = Field("", max_length=30)
    starts_at: dt.datetime
    planned_minutes: int = Field(60, ge=schedule.MIN_MINUTES, le=schedule.MAX_MINUTES)
    stream_kind: Literal["none", "hls", "external"] = "none"
    stream_url: str = Field("", max_length=500, description="HLS 以 .m3u8 结尾；外部平台为 https 链接")
    replay_url: str = Field("", max_length=500)
    job_ids: list[RowId] = Field(
        ..., min_length=1, max_length=schedule.MAX_JOBS, description="推介岗位，按顺序"
    )


class LiveOfficeSessionPatch(Schema):
    title: str | None = Field(None, max_length=60)
    description: str | None = Field(None, max_length=300)
    host_id: int | None = Field(None, ge=1, le=MAX_ID)
    host_name: str | None = Field(None, max_length=30)
    starts_at: dt.datetime | None = None
    planned_minutes: int | None = Field(None, ge=schedule.MIN_MINUTES, le=schedule.MAX_MINUTES)
    stream_kind: Literal["none", "hls", "external"] | None = None
    stream_url: str | None = Field(None, max_length=500)
    replay_url: str | None = Field(None, max_length=500)
    job_ids: list[int] | None = Field(None, min_length=1, max_length=schedule.MAX_JOBS)


def _ids_ok(ids: list[int] | None) -> list[int] | None:
    # Out-of-range ids are nobody's: keep them out of the database query (SQLite overflows).
    return None if ids is None else [i if 1 <= i <= MAX_ID else 0 for i in ids]


def session_out(session: LiveSession) -> dict[str, Any]:
    return {
        "code": session.code,
        "title": session.title,
        "description": session.description,
        "status": session.status,
        "status_label": session.get_status_display(),
        "host_id": session.host_id,
        "host_name": session.host_name,
        "starts_at": session.starts_at.isoformat(),
        "planned_minutes": session.planned_minutes,
        "stream_kind": session.stream_kind,
        "stream_url": session.stream_url,
        "replay_url": session.replay_url,
        "station_id": session.station_id,
        "centre_id": session.centre_id,
        "room_url": absolute_url(f"/live/{session.code}/"),
        "jobs": [
            {
                "job_id": sj.job_id,
                "title": sj.job.title,
                "enterprise": sj.job.enterprise.name,
                "position": sj.position,
                "status": sj.job.status,
            }
            for sj in selectors.session_jobs(session)
        ],
    }


@router.post(
    "/live/office/sessions",
    auth=AUTH,
    response={201: LiveOfficeSessionOut, **ERRORS},
    summary="安排直播带岗（工作人员，主办单位为本人所在驿站/服务中心/市场）",
)
def create_session(request: ApiRequest, payload: LiveOfficeSessionIn) -> Any:
    data = schedule.ScheduleInput(
        title=payload.title,
        description=payload.description,
        host_id=payload.host_id,
        host_name=payload.host_name,
        starts_at=payload.starts_at,
        planned_minutes=payload.planned_minutes,
        stream_kind=payload.stream_kind,
        stream_url=payload.stream_url,
        replay_url=payload.replay_url,
        job_ids=_ids_ok(payload.job_ids),
    )
    session = schedule.create_session(actor=request.user, data=data)
    return Status(201, session_out(session))


@router.patch(
    "/live/office/sessions/{code}",
    auth=AUTH,
    response={200: LiveOfficeSessionOut, **ERRORS},
    summary="修改直播带岗（开播后只能改标题、简介、主播称呼、视频与回放地址）",
)
def update_session(request: ApiRequest, payload: LiveOfficeSessionPatch, code: str = Code) -> dict[str, Any]:
    data = schedule.ScheduleInput(
        title=payload.title,
        description=payload.description,
        host_id=payload.host_id,
        host_name=payload.host_name,
        starts_at=payload.starts_at,
        planned_minutes=payload.planned_minutes,
        stream_kind=payload.stream_kind,
        stream_url=payload.stream_url,
        replay_url=payload.replay_url,
        job_ids=_ids_ok(payload.job_ids),
    )
    return session_out(schedule.update_session(actor=request.user, code=code, data=data))


@router.post(
    "/live/office/sessions/{code}/cancel",
    auth=AUTH,
    response={200: LiveOfficeSessionOut, **ERRORS},
    summary="取消尚未开播的直播",
)
def cancel_session(request: ApiRequest, code: str = Code) -> dict[str, Any]:
    return session_out(schedule.cancel_session(actor=request.user, code=code))


# --- Leads ----------------------------------------------------------------------------------------------


class LiveOfficeLeadOut(Schema):
    id: int
    session_code: str
    job_id: int
    job_title: str
    source: str
    status: str
    status_label: str
    nickname: str
    worker_name: str
    phone: str = Field(description="脱敏手机号（完整号码请在页面上说明原因后查看）")
    application_id: int | None
    note: str
    created_at: str
    followed_at: str | None


def lead_out(lead: Lead) -> dict[str, Any]:
    phone = followup.lead_phone(lead)
    return {
        "id": lead.pk,
        "session_code": lead.session.code,
        "job_id": lead.job_id,
        "job_title": lead.job.title,
        "source": lead.source,
        "status": lead.status,
        "status_label": lead.get_status_display(),
        "nickname": lead.viewer.nickname if lead.viewer is not None else "",
        "worker_name": lead.worker.masked_name if lead.worker is not None else "",
        "phone": mask_phone(phone) if phone else "",
        "application_id": lead.application_id,
        "note": lead.note,
        "created_at": lead.created_at.isoformat(),
        "followed_at": lead.followed_at.isoformat() if lead.followed_at else None,
    }


class LiveOfficeLeadQuery(Schema):
    status: Literal["", "open", "new", "contacted", "applied", "hired", "not_interested", "no_answer"] = ""
    job_id: int | None = Field(None, ge=1, le=MAX_ID)
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


@router.get(
    "/live/sessions/{code}/leads",
    auth=AUTH,
    response={200: PageOut[LiveOfficeLeadOut], **ERRORS},
    summary="直播的报名线索（主办单位的工作人员），新的在前",
)
def session_leads(request: ApiRequest, query: Query[LiveOfficeLeadQuery], code: str = Code) -> dict[str, Any]:
    session = schedule.session_for_staff(request.user, code)
    qs = selectors.leads_queue(request.user, session=session, status=query.status, job_id=query.job_id)
    result = paginate(qs, query.page, query.page_size)
    return page_dict(result, [lead_out(lead) for lead in result.items])


class LiveOfficeFollowUpIn(Schema):
    status: Literal["contacted", "no_answer", "not_interested"] = Field(
        description="跟进结果；“已报名”用代为报名，“已录用上岗”由实际用工自动记录"
    )
    note: str = Field("", max_length=300)


@router.post(
    "/live/leads/{lead_id}/follow-up",
    auth=AUTH,
    response={200: LiveOfficeLeadOut, **ERRORS},
    summary="记录线索跟进（已联系、未接通、无意向）",
)
def follow_up(request: ApiRequest, lead_id: int, payload: LiveOfficeFollowUpIn) -> dict[str, Any]:
    lead = followup.follow_up(
        actor=request.user,
        lead_id=lead_id if 1 <= lead_id <= MAX_ID else 0,
        status=payload.status,
        note=payload.note,
    )
    return lead_out(followup.lead_for_staff(request.user, lead.pk))


# --- Stats ----------------------------------------------------------------------------------------------


class LiveOfficeFunnelStepOut(Schema):
    key: str
    label: str
    value: int


class LiveOfficeJobStatsOut(Schema):
    job_id: int
    title: str
    enterprise: str
    position: int
    pinned_count: int
    leads: int
    from_comments: int
    from_taps: int
    applications: int
    offers: int
    hires: int


class LiveOfficeStatusCountOut(Schema):
    status: str
    label: str
    count: int


class LiveOfficeTotalsOut(Schema):
    peak_viewers: int
    total_viewers: int
    comments: int
    hidden_comments: int
    intent_comments: int
    leads: int
    leads_from_comments: int
    leads_from_taps: int
    applications: int
    offers: int
    hires: int


class LiveOfficeStatsOut(Schema):
    code: str
    title: str
    status: str
    starts_at: str
    started_at: str | None
    ended_at: str | None
    hire_window_end: str
    totals: LiveOfficeTotalsOut
    funnel: list[LiveOfficeFunnelStepOut]
    by_job: list[LiveOfficeJobStatsOut]
    by_status: list[LiveOfficeStatusCountOut]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@router.get(
    "/live/sessions/{code}/stats",
    auth=AUTH,
    response={200: LiveOfficeStatsOut, **ERRORS},
    summary="直播数据：观看、评论、线索、报名、录用、30天内上岗",
)
def session_stats(request: ApiRequest, code: str = Code) -> dict[str, Any]:
    session = schedule.session_for_staff(request.user, code)
    stats = selectors.session_stats(session)
    return {
        **stats,
        "starts_at": stats["starts_at"].isoformat(),
        "started_at": _iso(stats["started_at"]),
        "ended_at": _iso(stats["ended_at"]),
        "hire_window_end": stats["hire_window_end"].isoformat(),
    }
