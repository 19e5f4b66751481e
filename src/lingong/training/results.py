"""Results: the provider (or staff in scope) enters each learner's score. A pass issues the training
certificate in the same transaction; its PDF is rendered after commit by a task."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.audit import trail
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.queue import enqueue_on_commit
from lingong.training import certificates, tasks
from lingong.training.attendance import attendance_counts
from lingong.training.models import (
    ENROLMENT_LIFECYCLE,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    TrainingCertificate,
)
from lingong.training.permissions import require_course_runner

RESULT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED)


def parse_score(value: Any) -> Decimal:
    message = _("成绩须为0至100之间的数字（最多一位小数）")
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(message, errors={"score": [message]}) from None
    if (
        not score.is_finite()
        or not Decimal(0) <= score <= Decimal(100)
        or score != score.quantize(Decimal("0.1"))
    ):
        raise InvalidInput(message, errors={"score": [message]})
    return score


def course_started(course: Course) -> bool:
    return course.status != CourseStatus.CANCELLED and (
        course.status in (CourseStatus.IN_PROGRESS, CourseStatus.COMPLETED)
        or course.start_date <= timezone.localdate()
    )


def enter_result(*, actor: Any, enrolment_id: int, score: Any, note: str = "") -> Enrolment:
    """score >= pass_score: PASSED (and the certificate); else FAILED. A fail may be corrected to a pass."""
    enrolment = (
        Enrolment.objects.select_related("course__provider", "course__station")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise NotFoundError(_("报名记录不存在"))
    course = require_course_runner(actor, enrolment.course)
    value = parse_score(score)
    note = (note or "").strip()
    if len(note) > 200:
        message = _("考核说明不能超过200字")
        raise InvalidInput(message, errors={"note": [message]})
    if not course_started(course):
        raise ConflictError(_("培训班尚未开课，不能录入成绩。"), code="course_not_started")
    passed = value >= course.pass_score
    with transaction.atomic():
        locked = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("course__provider", "course__certificate_type", "worker")
            .get(pk=enrolment.pk)
        )
        if locked.status not in RESULT_STATUSES:
            raise ConflictError(ENROLMENT_LIFECYCLE.refusal(locked.status), code="invalid_transition")
        if locked.status == EnrolmentStatus.PASSED:
            raise ConflictError(_("该学员已考核合格并发证，如需更正请先撤销证书。"), code="already_passed")
        locked.score = value
        locked.result_note = note
        locked.result_by = actor
        fields = ["score", "result_note", "result_by"]
        if passed:
            ENROLMENT_LIFECYCLE.advance(
                locked,
                EnrolmentStatus.PASSED,
                actor=actor,
                stamp="passed_at",
                fields=fields,
                data={"score": str(value)},
                market=course.market_id,
            )
            cert = certificates.issue(enrolment=locked, actor=actor)
            enqueue_on_commit(tasks.render_certificate_pdf, cert.pk)
        elif locked.status == EnrolmentStatus.FAILED:
            # A second fail corrects the score only (the status stays).
            locked.save(update_fields=[*fields, "updated_at"])
            trail.record(
                action="enrolment.result_corrected",
                obj=locked,
                actor=actor,
                data={"score": str(value)},
                market=course.market_id,
            )
        else:
            ENROLMENT_LIFECYCLE.advance(
                locked,
                EnrolmentStatus.FAILED,
                actor=actor,
                stamp="failed_at",
                fields=fields,
                data={"score": str(value)},
                market=course.market_id,
            )
    return locked


# --- Reads --------------------------------------------------------------------------------------------


def course_for_runner(user: Any, course_id: int) -> Course:
    course = (
        Course.objects.select_related("provider", "station", "certificate_type").filter(pk=course_id).first()
    )
    return require_course_runner(user, course)


def result_rows(course: Course) -> list[dict[str, Any]]:
    counts = attendance_counts(course)
    certs = {c.enrolment_id: c for c in TrainingCertificate.objects.filter(enrolment__course=course)}
    rows = []
    enrolments = (
        Enrolment.objects.filter(course=course, status__in=RESULT_STATUSES)
        .select_related("worker")
        .order_by("created_at", "pk")
    )
    for e in enrolments:
        rows.append({"enrolment": e, "attended": counts.get(e.pk, 0), "certificate": certs.get(e.pk)})
    return rows
