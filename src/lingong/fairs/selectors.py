"""Reading fairs: the public listing and page (booths, exhibitors and their jobs, the floor plan), staff
lists in scope, an enterprise's and a worker's own rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from lingong.core.errors import NotFoundError
from lingong.core.memo import TimedCache
from lingong.fairs import floor
from lingong.fairs.access import can_manage_fair, fair_scope_q
from lingong.fairs.models import (
    Booth,
    BoothApplication,
    BoothStatus,
    FairRegistration,
    FairStatus,
    JobFair,
)
from lingong.fairs.services import local_today
from lingong.jobs.models import JobPosting, JobStatus

PUBLIC_STATUSES = (FairStatus.PUBLISHED, FairStatus.CLOSED)


def public_fairs(market_id: int | None, today: dt.date | None = None) -> QuerySet[JobFair]:
    """Published fairs of the market that have not ended (today's and upcoming), soonest first."""
    today = today or local_today()
    qs = JobFair.objects.filter(status=FairStatus.PUBLISHED, ends_on__gte=today)
    if market_id is not None:
        qs = qs.filter(market_id=market_id)
    return qs.order_by("starts_on", "pk")


# The banner is on every worker's home (issue 15) and changes a few times a year: read at most every 15 s
# per process, and at once after a fair is saved in this one.
_banners: TimedCache[JobFair | None] = TimedCache(maxsize=256, seconds=15)
_banners.clear_on_save(JobFair)


def banner_fair(market_id: int | None, today: dt.date | None = None) -> JobFair | None:
    """The fair a worker's home announces: today's first, else the next one."""
    today = today or local_today()
    return _banners.get_or_make((market_id, today), lambda: public_fairs(market_id, today).first())


def fair_for_viewer(user: Any, code: str) -> JobFair:
    """A fair by its code: public once published (or closed); a draft or cancelled fair only to its staff."""
    fair = JobFair.objects.select_related("station", "centre").filter(code=(code or "").upper()).first()
    if fair is None or (fair.status not in PUBLIC_STATUSES and not can_manage_fair(user, fair)):
        raise NotFoundError(_not_found())
    return fair


def managed_fair(user: Any, code: str) -> JobFair:
    fair = JobFair.objects.select_related("station", "centre").filter(code=(code or "").upper()).first()
    if fair is None or not can_manage_fair(user, fair):
        raise NotFoundError(_not_found())
    return fair


def _not_found() -> str:
    return _("招聘会不存在")


def staff_fairs(user: Any) -> QuerySet[JobFair]:
    return (
        JobFair.objects.filter(fair_scope_q(user))
        .select_related("station", "centre")
        .order_by("-starts_on", "-pk")
    )


def job_is_live(job: JobPosting) -> bool:
    """A job shows as open on a fair only while it is open and its employer verified."""
    return job.status == JobStatus.OPEN and job.enterprise.is_verified


@dataclass
class ExhibitorView:
    application: BoothApplication
    jobs: list[JobPosting]

    @property
    def anchor(self) -> str:
        return f"exhibitor-{self.application.pk}"


def exhibitors(fair: JobFair) -> list[ExhibitorView]:
    """Approved exhibitors, by booth number, each with the jobs it brings."""
    jobs = JobPosting.objects.select_related("enterprise").order_by("pk")
    rows = (
        BoothApplication.objects.filter(fair=fair, status=BoothStatus.APPROVED)
        .select_related("enterprise", "booth")
        .prefetch_related(Prefetch("jobs", queryset=jobs))
        .order_by("booth__number", "pk")
    )
    return [ExhibitorView(application=a, jobs=list(a.jobs.all())) for a in rows]


def floor_plan(fair: JobFair, shown: list[ExhibitorView], page_url: str = "") -> str:
    """The floor plan as SVG: every booth, exhibitors' short names, a tap goes to the booth's jobs."""
    by_booth = {e.application.booth_id: e for e in shown if e.application.booth_id}
    drawn = []
    for booth in Booth.objects.filter(fair=fair).order_by("number"):
        exhibitor = by_booth.get(booth.pk)
        drawn.append(
            floor.DrawnBooth(
                place=floor.Place(booth.number, booth.x, booth.y, booth.w, booth.h),
                label=floor.short_name(exhibitor.application.enterprise.name) if exhibitor else "",
                href=f"{page_url}#{exhibitor.anchor}" if exhibitor else "",
            )
        )
    return floor.floor_svg(fair.floor_width, fair.floor_height, drawn, title=fair.title)


def applications_for_staff(fair: JobFair, status: str | None = None) -> QuerySet[BoothApplication]:
    qs = (
        BoothApplication.objects.filter(fair=fair)
        .select_related("enterprise__industry", "booth")
        .prefetch_related("jobs")
        .order_by("status", "created_at", "pk")
    )
    return qs.filter(status=status) if status else qs


def registrations_for_staff(fair: JobFair, q: str = "") -> QuerySet[FairRegistration]:
    qs = FairRegistration.objects.filter(fair=fair).select_related("worker__user").order_by("-registered_at")
    q = (q or "").strip()[:30]
    if q:
        qs = qs.filter(
            Q(worker__real_name__icontains=q) | Q(worker__user__phone__endswith=q) | Q(code__iexact=q.upper())
        )
    return qs


def my_registrations(worker: Any) -> QuerySet[FairRegistration]:
    return FairRegistration.objects.filter(worker=worker).select_related("fair").order_by("-fair__starts_on")


def my_registration(worker: Any, code: str) -> FairRegistration:
    registration = (
        FairRegistration.objects.filter(worker=worker, fair__code=(code or "").upper())
        .select_related("fair")
        .first()
    )
    if registration is None:
        raise NotFoundError(_not_found())
    return registration


def registration_of(worker: Any, fair: JobFair) -> FairRegistration | None:
    if worker is None:
        return None
    return FairRegistration.objects.filter(worker=worker, fair=fair).first()


def fairs_for_enterprise(
    enterprise: Any, today: dt.date | None = None
) -> tuple[list[JobFair], list[BoothApplication]]:
    """(fairs open for booth applications it has not applied to, its own applications)."""
    mine = list(
        BoothApplication.objects.filter(enterprise=enterprise)
        .select_related("fair", "booth")
        .prefetch_related("jobs")
        .order_by("-fair__starts_on")
    )
    applied = {a.fair_id for a in mine}
    open_fairs = [f for f in public_fairs(enterprise.market_id, today) if f.pk not in applied]
    return open_fairs, mine


def open_jobs_of(enterprise: Any) -> QuerySet[JobPosting]:
    return JobPosting.objects.filter(enterprise=enterprise, status=JobStatus.OPEN).order_by(
        "-published_at", "-pk"
    )


def staff_fair_url(fair: JobFair) -> str:
    return reverse("fairs:staff_fair", args=[fair.code])
