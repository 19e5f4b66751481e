"""The order's promise (issue 13 §2): places promised by the ordering employers, learners enrolled and
passed, and graduates hired by the ordering employers within ``training_hire_window_days`` (market
policy, 30) of passing: an engagement of that worker with that enterprise created in the window and not
cancelled before it started. Per employer and in total; kept when every employer hired its places."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lingong.engagements.models import Engagement, EngagementStatus
from lingong.org.policy import policy_for
from lingong.training.models import SEAT_STATUSES, Enrolment, EnrolmentStatus, TrainingOrder


def order_promise(order: TrainingOrder) -> dict[str, Any]:
    window = dt.timedelta(days=policy_for(order.market_id).training_hire_window_days)
    employers = list(order.employers.select_related("enterprise").order_by("pk"))
    enrolments = Enrolment.objects.filter(course__order=order)
    enrolled = enrolments.filter(status__in=SEAT_STATUSES).values("worker_id").distinct().count()
    graduates = {
        e.worker_id: e.passed_at
        for e in enrolments.filter(status=EnrolmentStatus.PASSED).order_by("-passed_at")
        if e.passed_at is not None
    }
    engagements = (
        Engagement.objects.filter(
            worker_id__in=graduates, enterprise_id__in=[oe.enterprise_id for oe in employers]
        )
        .exclude(status=EngagementStatus.CANCELLED, started_at__isnull=True)
        .values_list("worker_id", "enterprise_id", "created_at")
    )
    hired_by: dict[int, set[int]] = {oe.enterprise_id: set() for oe in employers}
    for worker_id, enterprise_id, created_at in engagements:
        passed_at = graduates[worker_id]
        if passed_at <= created_at <= passed_at + window:
            hired_by[enterprise_id].add(worker_id)
    rows = []
    for oe in employers:
        hired = len(hired_by[oe.enterprise_id])
        rows.append(
            {
                "enterprise_id": oe.enterprise_id,
                "enterprise": oe.enterprise.name,
                "places": oe.places,
                "hired": hired,
                "kept": hired >= oe.places,
            }
        )
    places = sum(oe.places for oe in employers)
    hired_total = len(set().union(*hired_by.values())) if hired_by else 0
    return {
        "order_id": order.pk,
        "code": order.code,
        "title": order.title,
        "window_days": window.days,
        "places": places,
        "enrolled": enrolled,
        "passed": len(graduates),
        "hired": hired_total,
        "kept": bool(rows) and all(r["kept"] for r in rows),
        "employers": rows,
    }
