"""Scheduling live sessions (直播带岗, the back office): create, edit and cancel a session and the jobs it
promotes in order.

Staff schedule for their own unit (``office_scope.organiser_of``): a station's staff for their station, a
centre's for the centre, a market admin for the market. Every problem of the form is reported at once
(``schedule_errors``) before anything is written. A job may be promoted only while it is open and its
employer verified (issue 12 §4).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import require_staff
from lingong.accounts.models import STAFF_ROLES, Role, User
from lingong.audit import trail
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.events import live_staff_group, send_event_on_commit
from lingong.employers.models import VerificationStatus
from lingong.jobs.models import JobPosting, JobStatus
from lingong.live.models import SESSION_LIFECYCLE, LiveSession, SessionJob, SessionStatus, StreamKind
from lingong.live.office_scope import can_manage_session, can_manage_unit, organiser_of, session_scope_q

MAX_JOBS = 20
MIN_MINUTES, MAX_MINUTES = 10, 600
URL_MAX = 500
# A session may be scheduled a little in the past (a form filled just before the start), not more.
START_SLACK = dt.timedelta(minutes=10)
_SERVER_PATH = re.compile(r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")


@dataclass
class ScheduleInput:
    """What staff fill in. ``None`` on an edit leaves the value unchanged."""

    title: str | None = None
    description: str | None = None
    host_id: int | None = None
    host_name: str | None = None
    starts_at: dt.datetime | None = None
    planned_minutes: int | None = None
    stream_kind: str | None = None
    stream_url: str | None = None
    replay_url: str | None = None
    job_ids: list[int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _err(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _is_http_url(value: str, *, https_only: bool = False) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    schemes = ("https",) if https_only else ("http", "https")
    return parts.scheme in schemes and bool(parts.hostname) and not any(c.isspace() for c in value)


def stream_url_error(kind: str, url: str) -> str | None:
    """Why the stream address does not fit its kind (None: it does)."""
    if kind == StreamKind.NONE:
        return None
    if not url:
        return _("请填写视频地址")
    if len(url) > URL_MAX:
        return _("视频地址不能超过%(n)d个字符") % {"n": URL_MAX}
    if kind == StreamKind.HLS:
        path = urlsplit(url).path if "://" in url else url
        server_path = bool(_SERVER_PATH.match(url)) and not url.startswith("//")
        if not (_is_http_url(url) or server_path) or not path.lower().endswith(".m3u8"):
            return _("HLS 地址须为以 .m3u8 结尾的 http(s) 链接或本服务器路径（如 /hls/room1.m3u8）")
        return None
    if kind == StreamKind.EXTERNAL:
        if not _is_http_url(url, https_only=True):
            return _("外部直播间须为 https:// 开头的链接")
        return None
    return _("请选择视频来源")


def replay_url_error(url: str) -> str | None:
    if not url:
        return None
    if len(url) > URL_MAX:
        return _("回放地址不能超过%(n)d个字符") % {"n": URL_MAX}
    if _is_http_url(url) or (_SERVER_PATH.match(url) and not url.startswith("//")):
        return None
    return _("回放地址须为 http(s) 链接或本服务器路径")


def open_jobs_q(market_id: int) -> dict[str, Any]:
    """The filter of jobs a session may promote: open, of a verified employer, in the market."""
    return {
        "market_id": market_id,
        "status": JobStatus.OPEN,
        "enterprise__status": VerificationStatus.VERIFIED,
    }


def promotable_jobs(market_id: int) -> Any:
    return (
        JobPosting.objects.filter(**open_jobs_q(market_id))
        .select_related("enterprise")
        .order_by("-published_at", "-pk")
    )


def _job_errors(market_id: int, job_ids: list[int], errors: dict[str, list[str]]) -> None:
    if not job_ids:
        _err(errors, "jobs", _("请至少选择一个推介岗位"))
        return
    if len(job_ids) > MAX_JOBS:
        _err(errors, "jobs", _("一场直播最多推介%(n)d个岗位") % {"n": MAX_JOBS})
    if len(set(job_ids)) != len(job_ids):
        _err(errors, "jobs", _("同一岗位不能重复添加"))
    found = {
        j.pk: j
        for j in JobPosting.objects.filter(pk__in=job_ids, market_id=market_id).select_related("enterprise")
    }
    for job_id in dict.fromkeys(job_ids):
        job = found.get(job_id)
        if job is None:
            _err(errors, "jobs", _("岗位 %(id)s 不存在") % {"id": job_id})
        elif job.status != JobStatus.OPEN:
            _err(
                errors,
                "jobs",
                _("“%(title)s”当前为“%(status)s”，只有招聘中的岗位才能推介")
                % {"title": job.title, "status": JobStatus(job.status).label},
            )
        elif job.enterprise.status != VerificationStatus.VERIFIED:
            _err(
                errors,
                "jobs",
                _("“%(title)s”的用工单位尚未通过认证，不能推介") % {"title": job.title},
            )


def _host_error(host: User | None, *, market_id: int, station: Any, centre_id: int | None) -> str | None:
    if host is None:
        return _("主播不存在")
    if not host.is_active or not can_manage_unit(
        host, market_id=market_id, station=station, centre_id=centre_id
    ):
        return _("主播须为主办单位的工作人员")
    return None


def schedule_errors(
    data: ScheduleInput,
    *,
    market_id: int,
    station: Any,
    centre_id: int | None,
    session: LiveSession | None = None,
    now: dt.datetime | None = None,
) -> dict[str, list[str]]:
    """Every reason the session would be refused, by field, at once. On an edit (``session``), ``None``
    values keep the session's own."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    title = data.title if data.title is not None else (session.title if session else "")
    if not title.strip():
        _err(errors, "title", _("请填写直播标题"))
    elif len(title.strip()) > 60:
        _err(errors, "title", _("标题不能超过60个字"))
    if data.description is not None and len(data.description) > 300:
        _err(errors, "description", _("简介不能超过300个字"))
    if data.host_name is not None and len(data.host_name) > 30:
        _err(errors, "host_name", _("主播称呼不能超过30个字"))
    if data.host_id is not None:
        host = User.objects.select_related("station").filter(pk=data.host_id).first()
        if message := _host_error(host, market_id=market_id, station=station, centre_id=centre_id):
            _err(errors, "host_id", message)
    if data.planned_minutes is not None and not MIN_MINUTES <= data.planned_minutes <= MAX_MINUTES:
        _err(
            errors,
            "planned_minutes",
            _("计划时长须在%(a)d到%(b)d分钟之间") % {"a": MIN_MINUTES, "b": MAX_MINUTES},
        )
    scheduled = session is None or session.status == SessionStatus.SCHEDULED
    if data.starts_at is not None and scheduled:
        if data.starts_at < now - START_SLACK:
            _err(errors, "starts_at", _("开播时间不能早于现在"))
        elif data.starts_at > now + dt.timedelta(days=366):
            _err(errors, "starts_at", _("开播时间不能晚于一年以后"))
    elif data.starts_at is None and session is None:
        _err(errors, "starts_at", _("请填写开播时间"))
    kind = data.stream_kind if data.stream_kind is not None else (session.stream_kind if session else "")
    if kind not in StreamKind.values:
        _err(errors, "stream_kind", _("请选择视频来源"))
    else:
        url = data.stream_url if data.stream_url is not None else (session.stream_url if session else "")
        if message := stream_url_error(kind, url.strip()):
            _err(errors, "stream_url", message)
    if data.replay_url is not None and (message := replay_url_error(data.replay_url.strip())):
        _err(errors, "replay_url", message)
    if data.job_ids is not None and scheduled:
        _job_errors(market_id, data.job_ids, errors)
    elif session is None:
        _err(errors, "jobs", _("请至少选择一个推介岗位"))
    return errors


def _raise(errors: dict[str, list[str]]) -> None:
    raise InvalidInput(
        _("直播信息有%(n)d处需要修改，请检查标红的项目。") % {"n": sum(map(len, errors.values()))},
        errors=errors,
    )


def new_code() -> str:
    """The room's public code: ``secrets.token_urlsafe(8)`` (11 characters), unique."""
    while True:
        code = secrets.token_urlsafe(8)
        if not LiveSession.objects.filter(code=code).exists():
            return code


def _set_jobs(session: LiveSession, job_ids: list[int]) -> None:
    """The promoted jobs become exactly ``job_ids`` in that order (kept rows keep their pin counts)."""
    current = {sj.job_id: sj for sj in SessionJob.objects.select_for_update().filter(session=session)}
    SessionJob.objects.filter(session=session).exclude(job_id__in=job_ids).delete()
    for position, job_id in enumerate(job_ids, start=1):
        row = current.get(job_id)
        if row is None:
            SessionJob.objects.create(session=session, job_id=job_id, position=position)
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _snapshot(session: LiveSession) -> dict[str, Any]:
    return {
        "title": session.title,
        "host": session.host_id,
        "starts_at": session.starts_at.isoformat(),
        "planned_minutes": session.planned_minutes,
        "stream_kind": session.stream_kind,
        "stream_url": session.stream_url,
        "replay_url": session.replay_url,
        "jobs": list(session.jobs.order_by("position", "pk").values_list("job_id", flat=True)),
    }


def create_session(*, actor: Any, data: ScheduleInput) -> LiveSession:
    """Staff schedule a session for their unit (hosted by themselves unless they name a colleague)."""
    require_staff(actor)
    if actor.market_id is None:
        raise NotFoundError(_("零工市场不存在"))
    station, centre = organiser_of(actor)
    if data.host_id is None:
        data.host_id = actor.pk
    centre_id = centre.pk if centre is not None else None
    errors = schedule_errors(data, market_id=actor.market_id, station=station, centre_id=centre_id)
    if errors:
        _raise(errors)
    assert data.starts_at is not None and data.job_ids is not None and data.stream_kind is not None
    kind = data.stream_kind
    with transaction.atomic():
        session = LiveSession.objects.create(
            market_id=actor.market_id,
            station=station,
            centre=centre,
            code=new_code(),
            title=(data.title or "").strip(),
            description=(data.description or "").strip(),
            host_id=data.host_id,
            host_name=(data.host_name or "").strip(),
            starts_at=data.starts_at,
            planned_minutes=data.planned_minutes or 60,
            stream_kind=kind,
            stream_url="" if kind == StreamKind.NONE else (data.stream_url or "").strip(),
            replay_url=(data.replay_url or "").strip(),
            created_by=actor,
        )
        _set_jobs(session, data.job_ids)
        trail.record(action="live_session.scheduled", obj=session, actor=actor, data=_snapshot(session))
        send_event_on_commit(
            [live_staff_group(session.pk)], {"type": "session", "op": "scheduled", "code": session.code}
        )
    return session


def session_for_staff(actor: Any, code: str) -> LiveSession:
    """A session the staff member manages, else 404 (it does not reveal that the session exists)."""
    require_staff(actor)
    session = (
        LiveSession.objects.select_related("station", "centre", "host", "market")
        .filter(session_scope_q(actor), code=code)
        .first()
    )
    if session is None:
        raise NotFoundError(_("直播场次不存在"))
    return session


def _lock(actor: Any, code: str) -> LiveSession:
    session_for_staff(actor, code)
    session = LiveSession.objects.select_for_update(of=("self",)).select_related("station").get(code=code)
    if not can_manage_session(actor, session):  # moved out of scope meanwhile
        raise NotFoundError(_("直播场次不存在"))
    return session


# What may still change once the room has opened (time and jobs are what viewers signed up for).
AFTER_START = ("title", "description", "host_name", "stream_kind", "stream_url", "replay_url")


def update_session(*, actor: Any, code: str, data: ScheduleInput) -> LiveSession:
    with transaction.atomic():
        session = _lock(actor, code)
        if session.status == SessionStatus.CANCELLED:
            raise ConflictError(_("该直播已取消，不能修改。"), code="session_cancelled")
        if session.status != SessionStatus.SCHEDULED:
            current = {
                "starts_at": session.starts_at,
                "planned_minutes": session.planned_minutes,
                "host_id": session.host_id,
                "jobs": list(session.jobs.order_by("position", "pk").values_list("job_id", flat=True)),
            }
            given = {
                "starts_at": data.starts_at,
                "planned_minutes": data.planned_minutes,
                "host_id": data.host_id,
                "jobs": data.job_ids,
            }
            locked = [name for name, value in given.items() if value is not None and value != current[name]]
            if locked:
                raise ConflictError(
                    _("直播已开始，开播时间、时长、主播和推介岗位不能再修改。"),
                    code="session_started",
                    errors={name: [_("直播已开始，不能修改")] for name in locked},
                )
            data.starts_at = data.planned_minutes = data.host_id = None
            data.job_ids = None
        errors = schedule_errors(
            data,
            market_id=session.market_id,
            station=session.station,
            centre_id=session.centre_id,
            session=session,
        )
        if errors:
            _raise(errors)
        before = _snapshot(session)
        for name in ("title", "description", "host_name", "stream_url", "replay_url"):
            value = getattr(data, name)
            if value is not None:
                setattr(session, name, value.strip())
        for name in ("host_id", "starts_at", "planned_minutes", "stream_kind"):
            value = getattr(data, name)
            if value is not None:
                setattr(session, name, value)
        if session.stream_kind == StreamKind.NONE:
            session.stream_url = ""
        session.save()
        if data.job_ids is not None:
            _set_jobs(session, data.job_ids)
        after = _snapshot(session)
        changed = {k: v for k, v in after.items() if before[k] != v}
        trail.record(action="live_session.updated", obj=session, actor=actor, data={"changed": changed})
        send_event_on_commit(
            [live_staff_group(session.pk)], {"type": "session", "op": "updated", "code": session.code}
        )
    return session


def cancel_session(*, actor: Any, code: str) -> LiveSession:
    """A scheduled session is called off (a live one is ended from the console instead)."""
    with transaction.atomic():
        session = _lock(actor, code)
        SESSION_LIFECYCLE.advance(
            session,
            SessionStatus.CANCELLED,
            actor=actor,
            stamp="cancelled_at",
            events=[
                ([live_staff_group(session.pk)], {"type": "session", "op": "cancelled", "code": session.code})
            ],
        )
    return session


def host_choices(actor: Any, station: Any = None, centre_id: int | None = None) -> list[User]:
    """Staff who may host a session of the actor's unit (or of the given one)."""
    if station is None and centre_id is None:
        station, centre = organiser_of(actor)
        centre_id = centre.pk if centre is not None else None
    unit = Q(role=Role.MARKET_ADMIN)
    if station is not None:
        unit |= Q(role=Role.STATION_STAFF, station_id=station.pk)
        unit |= Q(role=Role.CENTRE_STAFF, centre_id=station.centre_id)
    elif centre_id is not None:
        unit |= Q(role=Role.CENTRE_STAFF, centre_id=centre_id)
    staff = User.objects.filter(unit, market_id=actor.market_id, is_active=True, role__in=STAFF_ROLES)
    return list(staff.select_related("station").order_by("role", "pk")[:100])
