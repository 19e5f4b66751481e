"""Attendance per class session: the worker scans the classroom QR code (``CourseSession.checkin_token``),
or the provider / staff mark a learner present by hand. Both are idempotent: a second check-in returns
the first one's row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.audit import trail
from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.training.models import (
    SEAT_STATUSES,
    Attendance,
    AttendanceMethod,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
)
from lingong.training.permissions import require_course_runner

# A worker may check in this long before the session starts (and until it ends).
EARLY_CHECKIN = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class CheckIn:
    attendance: Attendance
    created: bool


def window_problem(session: CourseSession, now: dt.datetime) -> tuple[str, str] | None:
    """(code, Chinese message) when ``now`` is outside [start − 30 min, end]; None inside."""
    if now < session.starts_at - EARLY_CHECKIN:
        opens = timezone.localtime(session.starts_at - EARLY_CHECKIN)
        return "too_early", _("还没到签到时间：本节课 %(t)s 起可以签到。") % {
            "t": opens.strftime("%m-%d %H:%M")
        }
    if now > session.ends_at:
        return "session_ended", _("本节课已经结束，不能再签到。如确实到课，请找老师补签。")
    return None


def session_by_token(token: str) -> CourseSession:
    session = (
        CourseSession.objects.select_related("course__provider", "course__station")
        .filter(checkin_token=token)
        .first()
        if token
        else None
    )
    if session is None:
        raise NotFoundError(_("签到码无效，请扫描教室里的二维码。"), code="bad_token")
    return session


def _record(enrolment: Enrolment, session: CourseSession, method: str, actor: Any) -> CheckIn:
    existing = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if existing is not None:
        return CheckIn(existing, created=False)
    attendance = Attendance.objects.create(
        session=session, enrolment=enrolment, method=method, recorded_by=actor, checked_in_at=timezone.now()
    )
    trail.record(
        action="training.attendance_recorded",
        obj=attendance,
        actor=actor,
        data={"session": session.pk, "enrolment": enrolment.pk, "method": method},
        market=session.course.market_id,
    )
    return CheckIn(attendance, created=True)


def check_in(*, actor: Any, token: str) -> CheckIn:
    """The signed-in worker who scanned the session's QR code is present (once)."""
    worker = getattr(actor, "worker_profile", None) if getattr(actor, "is_authenticated", False) else None
    if worker is None:
        raise PermissionDeniedError(_("请用求职者账户登录后扫码签到。"), code="not_a_worker")
    session = session_by_token(token)
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().filter(course_id=session.course_id, worker=worker).first()
        )
        if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
            raise ConflictError(
                _("您没有报名“%(course)s”（或已退出），不能签到。") % {"course": session.course.title},
                code="not_enrolled",
            )
        existing = Attendance.objects.filter(session=session, enrolment=enrolment).first()
        if existing is not None:
            return CheckIn(existing, created=False)
        problem = window_problem(session, timezone.now())
        if problem is not None:
            raise ConflictError(problem[1], code=problem[0])
        return _record(enrolment, session, AttendanceMethod.QR, actor)


def mark_present(*, actor: Any, session_id: int, enrolment_id: int) -> CheckIn:
    """The provider or staff in scope mark a learner present by hand (老师代签)."""
    session = (
        CourseSession.objects.select_related("course__provider", "course__station")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFoundError(_("课次不存在"))
    require_course_runner(actor, session.course)
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().filter(pk=enrolment_id, course_id=session.course_id).first()
        )
        if enrolment is None:
            message = _("该学员不在本班")
            raise NotFoundError(message, errors={"enrolment_id": [message]})
        if enrolment.status not in SEAT_STATUSES:
            message = _("该学员未在班（候补或已退出），不能签到。")
            raise ConflictError(message, code="not_enrolled", errors={"enrolment_id": [message]})
        if timezone.now() < session.starts_at - EARLY_CHECKIN:
            message = _("本节课还没开始，不能提前代签。")
            raise ConflictError(message, code="too_early")
        return _record(enrolment, session, AttendanceMethod.STAFF, actor)


# --- Reads --------------------------------------------------------------------------------------------


def session_for_runner(user: Any, session_id: int) -> CourseSession:
    session = (
        CourseSession.objects.select_related("course__provider", "course__station")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFoundError(_("课次不存在"))
    require_course_runner(user, session.course)
    return session


def session_roll(session: CourseSession) -> list[dict[str, Any]]:
    """The learners holding a place in the course, each with this session's check-in (or None)."""
    present = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    rows = []
    enrolments = (
        Enrolment.objects.filter(course_id=session.course_id, status__in=SEAT_STATUSES)
        .select_related("worker")
        .order_by("created_at", "pk")
    )
    for enrolment in enrolments:
        rows.append({"enrolment": enrolment, "attendance": present.get(enrolment.pk)})
    return rows


def attendance_counts(course: Course) -> dict[int, int]:
    """enrolment id -> sessions attended."""
    rows = Attendance.objects.filter(enrolment__course=course).values("enrolment_id").annotate(n=Count("pk"))
    return {r["enrolment_id"]: r["n"] for r in rows}


def hours_attended(enrolment: Enrolment) -> float:
    """Hours of the sessions the learner attended (for the certificate)."""
    total = dt.timedelta()
    for a in Attendance.objects.filter(enrolment=enrolment).select_related("session"):
        total += a.session.ends_at - a.session.starts_at
    return round(total.total_seconds() / 3600, 1)
