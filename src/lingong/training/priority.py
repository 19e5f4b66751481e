"""Ordering employers get their graduates first (issue 13 §2): a source for
``lingong.jobs.priority.candidate_priority``, registered in ``TrainingConfig.ready``.

For a job, the workers who PASSED a course of an order in which the job's enterprise is an ordering
employer, and who hold the course's certificate on their profile (verified), come first among the
job's candidates, with the reason "订单培训学员（<course title>）"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lingong.jobs.priority import candidate_priority
from lingong.training.models import Enrolment, EnrolmentStatus, OrderStatus
from lingong.workers.models import WorkerCertificate


def graduates_for_job(job: Any) -> dict[int, str]:
    enterprise_id = getattr(job, "enterprise_id", None)
    if enterprise_id is None:
        return {}
    passed = (
        Enrolment.objects.filter(
            status=EnrolmentStatus.PASSED,
            course__order__employers__enterprise_id=enterprise_id,
        )
        .exclude(course__order__status=OrderStatus.CANCELLED)
        .select_related("course")
        .order_by("passed_at", "pk")
    )
    found: dict[int, str] = {}
    rows = list(passed)
    if not rows:
        return found
    held = set(
        WorkerCertificate.objects.filter(
            worker_id__in={e.worker_id for e in rows}, verified_at__isnull=False
        ).values_list("worker_id", "certificate_type_id")
    )
    for e in rows:
        ctype = e.course.certificate_type_id
        if ctype is not None and (e.worker_id, ctype) not in held:
            continue  # the national certificate is not on the profile yet (official number not recorded)
        found.setdefault(e.worker_id, _("订单培训学员（%(course)s）") % {"course": e.course.title})
    return found


def register() -> None:
    candidate_priority.register(graduates_for_job, name="training.order_graduates")
