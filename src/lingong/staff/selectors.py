"""What the staff workspace reads across the market: figures that count workers, enterprises and jobs."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lingong.accounts.access import require_role
from lingong.accounts.models import Role
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.employers.selectors import overdue_verifications, pending_enterprises
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.jobs.selectors import (
    QUEUE_PENDING,
    QUEUE_POST,
    ReviewFilters,
    overdue_review_counts,
    review_queue,
)
from lingong.org.models import Station
from lingong.workers.models import WorkerProfile


def market_totals(user: Any) -> dict[str, int]:
    """Headline figures for the market admin and centre staff."""
    require_role(user, Role.MARKET_ADMIN, Role.CENTRE_STAFF)
    market_id = user.market_id
    jobs = JobPosting.objects.filter(market_id=market_id)
    return {
        "workers": WorkerProfile.objects.filter(market_id=market_id).count(),
        "enterprises": Enterprise.objects.filter(
            market_id=market_id, status=VerificationStatus.VERIFIED
        ).count(),
        "enterprises_pending": Enterprise.objects.filter(
            market_id=market_id, status=VerificationStatus.PENDING
        ).count(),
        "jobs_open": jobs.filter(status=JobStatus.OPEN).count(),
        "jobs_pending_review": jobs.filter(status=JobStatus.PENDING_REVIEW).count(),
        "jobs_total": jobs.count(),
        "places_open": sum(jobs.filter(status=JobStatus.OPEN).values_list("headcount", flat=True)),
        "applications": Application.objects.filter(job__market_id=market_id).count(),
        "accepted": Application.objects.filter(
            job__market_id=market_id, status=ApplicationStatus.ACCEPTED
        ).count(),
        "stations": Station.objects.filter(market_id=market_id, is_active=True).count(),
    }


def review_overview(user: Any) -> dict[str, int]:
    """The review queues of the market for its reviewers: how many wait in each, and how many are past the
    deadline the market's policy sets (the dashboard highlights those)."""
    require_role(user, Role.MARKET_ADMIN, Role.CENTRE_STAFF)
    now = timezone.now()
    overdue = overdue_review_counts(user, now=now)
    counts = {
        "jobs": review_queue(user, ReviewFilters(queue=QUEUE_PENDING), now=now).count(),
        "jobs_overdue": overdue[QUEUE_PENDING],
        "post": review_queue(user, ReviewFilters(queue=QUEUE_POST), now=now).count(),
        "post_overdue": overdue[QUEUE_POST],
        "enterprises": pending_enterprises(user).count(),
        "enterprises_overdue": overdue_verifications(user, now=now),
    }
    counts["overdue"] = counts["jobs_overdue"] + counts["post_overdue"] + counts["enterprises_overdue"]
    return counts


def open_jobs_to_apply(user: Any, limit: int = 100) -> list[JobPosting]:
    """Open postings of the staff member's market a worker could be put forward for (newest first)."""
    return list(
        JobPosting.objects.filter(market_id=user.market_id, status=JobStatus.OPEN)
        .select_related("enterprise")
        .order_by("-id")[:limit]
    )
