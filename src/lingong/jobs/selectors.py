"""Reads for postings and applications."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, enterprise_scope_q, require_staff
from lingong.core.geo import EARTH_RADIUS_KM, bbox_around, haversine_km, haversine_km_many
from lingong.core.memo import ProcessCache
from lingong.core.pagination import Page, clamp_page, paginate
from lingong.core.search import name_or_code_q
from lingong.core.sla import SlaClock, clock
from lingong.employers.models import EmployerReputation, Enterprise
from lingong.jobs import matching_index
from lingong.jobs.models import (
    Application,
    ApplicationStatus,
    JobPosting,
    JobStatus,
    PostingScreening,
    PostReviewStatus,
    RiskLevel,
)
from lingong.org.models import Division, Market
from lingong.org.policy import Policy, policy_for, review_sla
from lingong.org.selectors import districts
from lingong.taxonomy.models import Occupation
from lingong.workers.models import ConsentPurpose, WorkerProfile, WorkerSkill

MAX_SEARCH_RADIUS_KM = 300.0


@dataclass
class JobFilters:
    occupation: str | None = None
    division: str | None = None
    pay_min: Decimal | None = None
    pay_unit: str | None = None
    on_date: dt.date | None = None
    urgent: bool | None = None
    q: str | None = None
    radius_km: float | None = None


def _with_related(qs: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    return qs.select_related("enterprise", "division").prefetch_related(
        "occupations", "certificates_required"
    )


def _filtered_open_jobs(market_id: int, filters: JobFilters) -> QuerySet[JobPosting]:
    qs = JobPosting.objects.filter(market_id=market_id, status=JobStatus.OPEN)
    if filters.division:
        qs = qs.filter(division__code__startswith=filters.division)
    if filters.pay_min is not None:
        qs = qs.filter(pay_amount__gte=filters.pay_min)
    if filters.pay_unit:
        qs = qs.filter(pay_unit=filters.pay_unit)
    if filters.on_date:
        qs = qs.filter(start_date__lte=filters.on_date, end_date__gte=filters.on_date)
    if filters.urgent:
        qs = qs.filter(is_urgent=True)
    if filters.q:
        term = filters.q.strip()[:30]
        occupation_codes = [
            o.code for o in Occupation.objects.all() if term in o.name or any(term in s for s in o.synonyms)
        ]
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(occupations__code__in=occupation_codes)
        )
    if filters.occupation:
        # A subquery, not a join: a job with two occupations is still one row, and no DISTINCT over
        # every column is needed (the counts and pages run on every job list).
        qs = qs.filter(
            pk__in=JobPosting.occupations.through.objects.filter(occupation_id=filters.occupation).values(
                "jobposting_id"
            )
        )
    return qs.distinct() if filters.q else qs


# Pages of the job list by market, jobs' version, filters, origin and page (issue 15): every worker's home
# and the API read them, far more often than the market's jobs change. 512 pages of 20 jobs is a few MB.
_browse_pages: ProcessCache[Page[JobPosting]] = ProcessCache(maxsize=512)


def browse_open_jobs(
    *,
    market_id: int,
    filters: JobFilters,
    origin: tuple[float, float] | None,
    page: Any = 1,
    page_size: Any = 20,
) -> Page[JobPosting]:
    """Open jobs, nearest first when an origin is known, else newest first. Sets ``distance_km``.

    The page is kept per process under the matching index's version of the market's jobs (a change to any
    open job, its occupations or applications, in this process at once and in another within about a
    second), so the same list asked again costs no query. Its jobs are shared: callers only read them."""
    key = browse_key(market_id=market_id, filters=filters, origin=origin, page=page, page_size=page_size)
    return _browse_pages.get_or_make(
        key, lambda: _browse_open_jobs(market_id, filters, origin, page, page_size)
    )


def browse_key(
    *, market_id: int, filters: JobFilters, origin: tuple[float, float] | None, page: Any, page_size: Any
) -> tuple[Any, ...]:
    """What a page of the job list is derived from, with the version of the market's jobs: a view that
    keeps something derived from the page (the API's JSON) keys it by this too."""
    return (market_id, browse_version(market_id), astuple(filters), origin, str(page), str(page_size))


def browse_version(market_id: int) -> tuple[int, int]:
    """The version of the market's open jobs (the matching index's), for reads derived from them."""
    return matching_index.jobs_version(market_id)


def _browse_open_jobs(
    market_id: int, filters: JobFilters, origin: tuple[float, float] | None, page: Any, page_size: Any
) -> Page[JobPosting]:
    qs = _filtered_open_jobs(market_id, filters)
    if origin is None:
        result = paginate(_with_related(qs.order_by("-is_urgent", "-published_at", "-id")), page, page_size)
        for job in result.items:
            job.distance_km = None
        return result
    ids_page = _nearest_first(qs, origin, filters.radius_km, page, page_size)
    jobs = {j.pk: j for j in _with_related(JobPosting.objects.filter(pk__in=ids_page.items))}
    items = []
    for job_id in ids_page.items:
        job = jobs[job_id]
        # Shown from the scalar formula, as everywhere else (the vector one only ordered the rows).
        job.distance_km = haversine_km(origin[0], origin[1], job.lat, job.lon)  # type: ignore[attr-defined]
        items.append(job)
    return Page(items=items, page=ids_page.page, page_size=ids_page.page_size, total=ids_page.total)


# The first circle searched around the origin; it doubles until it holds the rows up to the asked page.
_FIRST_SEARCH_KM = 3.0
_WHOLE_EARTH_KM = math.pi * EARTH_RADIUS_KM  # a circle this wide covers every point
# Up to this many matching rows, reading them all at once is cheaper than growing the circle step by step.
_READ_ALL_UP_TO = 400


def _nearest_first(
    qs: QuerySet[JobPosting], origin: tuple[float, float], radius_km: float | None, page: Any, page_size: Any
) -> Page[int]:
    """One page of job ids ordered by (distance, urgent first, id).

    Only the rows in a circle around the origin are read, not the market's every open job: the circle
    grows until it holds as many rows as the pages up to the asked one (rows outside it are all farther),
    or, with a radius, is that radius."""
    lat, lon = origin
    number, size = clamp_page(page, page_size, 20)
    if radius_km:
        ids, dist, urgent = _rows_within(qs, lat, lon, min(radius_km, MAX_SEARCH_RADIUS_KM))
        total = len(ids)
    else:
        total = qs.order_by().values("pk").count()  # DISTINCT over the id only, not every column
        number = min(number, max(1, -(-total // size)))
        need, search_km = min(number * size, total), _FIRST_SEARCH_KM
        if total <= _READ_ALL_UP_TO:
            search_km = _WHOLE_EARTH_KM * 2  # few rows (a narrow filter): one read of them all
        while True:
            ids, dist, urgent = _rows_within(qs, lat, lon, search_km)
            if len(ids) >= need or search_km > _WHOLE_EARTH_KM:
                break
            search_km *= 2
    order = np.lexsort((ids, -urgent, dist))
    ordered = ids[order].tolist()
    window = paginate(ordered, number, size)
    return Page(items=window.items, page=window.page, page_size=window.page_size, total=total)


def _rows_within(
    qs: QuerySet[JobPosting], lat: float, lon: float, km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ids, distances and urgency of the rows within ``km`` of the point (a box in SQL, the circle here)."""
    box = bbox_around(lat, lon, km)
    rows = list(
        qs.filter(lat__gte=box.min_lat, lat__lte=box.max_lat, lon__gte=box.min_lon, lon__lte=box.max_lon)
        .order_by()
        .values_list("id", "lat", "lon", "is_urgent")
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    lats = np.array([r[1] for r in rows], dtype=np.float64)
    dist = haversine_km_many(lat, lon, lats, np.array([r[2] for r in rows], dtype=np.float64))
    urgent = np.array([r[3] for r in rows], dtype=np.int64)
    inside = dist <= km
    return ids[inside], dist[inside], urgent[inside]


def district_of_market(market_id: int, code: str) -> Division | None:
    """A district or county of the market's city, by its code; the centre it gives is where "nearest"
    is measured from for a visitor who shares no location."""
    city_code = Market.objects.filter(pk=market_id).values_list("city_code", flat=True).first()
    if not city_code:
        return None
    return districts(city_code).filter(code=code).first()


def origin_for_worker(worker: WorkerProfile | None) -> tuple[float, float] | None:
    if worker is None or worker.home_lat is None or worker.home_lon is None:
        return None
    return worker.home_lat, worker.home_lon


def job_detail(job_id: int) -> JobPosting | None:
    return (
        _with_related(JobPosting.objects.filter(pk=job_id))
        .annotate(
            accepted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED))
        )
        .first()
    )


def is_publicly_visible(job: JobPosting) -> bool:
    return job.status in {JobStatus.OPEN, JobStatus.FILLED, JobStatus.CLOSED, JobStatus.EXPIRED}


def applications_of_worker(worker: WorkerProfile) -> QuerySet[Application]:
    return (
        Application.objects.filter(worker=worker)
        .select_related("job", "job__enterprise", "job__division")
        .order_by("-updated_at")
    )


def jobs_of_enterprise(user: Any) -> QuerySet[JobPosting]:
    enterprise = enterprise_of(user)
    if enterprise is None:
        return JobPosting.objects.none()
    return _annotated(JobPosting.objects.filter(enterprise=enterprise)).order_by("-created_at")


def _annotated(qs: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    return qs.select_related("division", "enterprise").annotate(
        applicant_count=Count("applications", filter=~Q(applications__status=ApplicationStatus.WITHDRAWN)),
        accepted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)),
    )


# An offer the worker accepted: the engagement exists (accepting creates it in the same transaction), and
# stays so when that engagement is later cancelled.
HIRED_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.CANCELLED)


def phone_visible_worker_ids(enterprise_id: int | None, worker_ids: Iterable[int]) -> set[int]:
    """Of ``worker_ids``, the workers whose full phone number the enterprise may see (PIPL art. 23; issue 9):
    those who accepted one of its offers, or who gave the separate consent to share their contact with
    employers (``ConsentPurpose.SHARE_CONTACT``, not withdrawn). Everyone else: masked, contact through the
    platform (invitations, offers and their notifications)."""
    ids = set(worker_ids)
    if enterprise_id is None or not ids:
        return set()
    hired = Application.objects.filter(
        job__enterprise_id=enterprise_id, worker_id__in=ids, status__in=HIRED_STATUSES
    ).values_list("worker_id", flat=True)
    consented = WorkerProfile.objects.filter(
        pk__in=ids,
        user__consents__purpose=ConsentPurpose.SHARE_CONTACT,
        user__consents__withdrawn_at__isnull=True,
    ).values_list("pk", flat=True)
    return set(hired) | set(consented)


def applicant_phone(application: Application, visible: set[int]) -> str:
    """The applicant's phone as the job's employer sees it: full once visible, else ``138****1234``."""
    user = application.worker.user
    return user.phone if application.worker_id in visible else user.masked_phone


def applicants_for_job(job: JobPosting) -> QuerySet[Application]:
    """Applications the job's manager may see; withdrawn ones are hidden with their contact details."""
    return (
        job.applications.exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("worker", "worker__user", "worker__home_division")
        .prefetch_related(
            Prefetch("worker__skills", queryset=WorkerSkill.objects.select_related("occupation")),
            "worker__certificates__certificate_type",
        )
        .order_by("status", "applied_at")
    )


def staff_jobs(user: Any) -> QuerySet[JobPosting]:
    """Postings a staff member oversees: those of the employers in their scope (``enterprise_scope_q``, the
    rule every action on a posting checks), whichever station posted them."""
    require_staff(user)
    scoped = JobPosting.objects.filter(enterprise_scope_q(user, "enterprise__"))
    return _annotated(scoped).order_by("-created_at")


def pending_reviews(user: Any) -> QuerySet[JobPosting]:
    """Postings waiting for review before publication, in queue order (see ``review_queue``)."""
    return review_queue(user, ReviewFilters())


# --- Review queues -------------------------------------------------------------------------------------

QUEUE_PENDING = "pending"  # reviewed before publication (待审核)
QUEUE_POST = "post"  # published at once, reviewed afterwards (事后复核)
QUEUES = (QUEUE_PENDING, QUEUE_POST)
# The statuses a post-publication check still matters for: the posting is live, or people were hired.
POST_REVIEW_LIVE = (JobStatus.OPEN, JobStatus.FILLED)
# An employer may have at most this many postings published without review waiting for the check, so a
# trusted account that is taken over cannot flood the board before staff look.
MAX_AWAITING_POST_REVIEW = 3


@dataclass
class ReviewFilters:
    queue: str = QUEUE_PENDING
    q: str = ""  # title, enterprise name or credit code
    division: str = ""  # a division code; its sub-divisions are included
    urgent: bool = False
    overdue: bool = False
    risk: str = ""  # "flag" or "hold": only postings screening flagged or held (RiskLevel)


def review_queue(
    user: Any, filters: ReviewFilters, *, now: dt.datetime | None = None
) -> QuerySet[JobPosting]:
    """One of the market's review queues: urgent first, then the longest waiting, with ``waiting_since``.

    Scoped to the postings of the employers the staff member may act for (``enterprise_scope_q``), the
    rule the review actions check.
    """
    require_staff(user)
    qs = JobPosting.objects.filter(enterprise_scope_q(user, "enterprise__"))
    if filters.queue == QUEUE_POST:
        qs = qs.filter(status__in=POST_REVIEW_LIVE, post_review_status=PostReviewStatus.PENDING)
    else:
        qs = qs.filter(status=JobStatus.PENDING_REVIEW)
    qs = qs.annotate(waiting_since=Coalesce("submitted_at", "published_at", "created_at")).order_by(
        "-is_urgent", "waiting_since", "id"
    )
    term = (filters.q or "").strip()[:50]
    if term:
        by_enterprise = name_or_code_q(term, "enterprise__name", "enterprise__credit_code")
        qs = qs.filter(Q(title__icontains=term) | by_enterprise)
    if filters.division:
        qs = qs.filter(division__code__startswith=filters.division)
    if filters.urgent:
        qs = qs.filter(is_urgent=True)
    if filters.overdue:
        qs = qs.filter(overdue_q(policy_for(user.market_id), now or timezone.now()))
    if filters.risk in RiskLevel.values:
        qs = qs.filter(risk_level=filters.risk)
    return _annotated(qs).select_related("enterprise", "division").prefetch_related("occupations")


def overdue_q(policy: Policy, now: dt.datetime) -> Q:
    """Rows of a queue (annotated with ``waiting_since``) past their review deadline."""
    return Q(is_urgent=True, waiting_since__lt=now - review_sla(policy, urgent=True)) | Q(
        is_urgent=False, waiting_since__lt=now - review_sla(policy, urgent=False)
    )


def review_clock(job: JobPosting, policy: Policy, now: dt.datetime | None = None) -> SlaClock:
    """How long a queued posting has waited and its deadline (``job`` from ``review_queue``)."""
    started = getattr(job, "waiting_since", None) or job.submitted_at or job.published_at or job.created_at
    return clock(started, review_sla(policy, urgent=job.is_urgent), now)


def overdue_review_counts(user: Any, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Postings past their review deadline in each queue of the staff member's market."""
    now = now or timezone.now()
    counts = {}
    for queue in QUEUES:
        counts[queue] = review_queue(user, ReviewFilters(queue=queue, overdue=True), now=now).count()
    return counts


def auto_publish_blockers(enterprise: Enterprise, *, now: dt.datetime | None = None) -> list[str]:
    """Why this employer's postings may not open before review; an empty list means they may (when the
    market's policy switches publishing before review on).

    A clean record (the market's policy sets the window, default 30 days): the enterprise is verified and
    has been for the whole window; at least one of its postings was published after a person reviewed it
    (a market admin who posted it, or a reviewer); none was rejected or taken down within the window; no
    settlement is overdue in its reputation; and fewer than MAX_AWAITING_POST_REVIEW of its postings wait
    for the post-publication check. Open wage arrears refuse posting altogether (the posting guard).
    """
    now = now or timezone.now()
    policy = policy_for(enterprise.market_id)
    window = dt.timedelta(days=policy.auto_publish_history_days)
    days = policy.auto_publish_history_days
    reasons = []
    if not enterprise.is_verified or enterprise.verified_at is None or enterprise.verified_at > now - window:
        reasons.append(_("单位认证未满%(n)d天") % {"n": days})
    jobs = JobPosting.objects.filter(enterprise=enterprise)
    if not jobs.filter(published_at__isnull=False, reviewed_by__isnull=False).exists():
        reasons.append(_("尚无经工作人员审核发布的岗位"))
    if jobs.filter(rejected_at__gte=now - window).exists():
        reasons.append(_("近%(n)d天内有岗位被退回或下架") % {"n": days})
    reputation = EmployerReputation.objects.filter(enterprise=enterprise).first()
    if reputation is not None and reputation.statements_overdue:
        reasons.append(_("有逾期未付的结算"))
    awaiting = jobs.filter(status__in=POST_REVIEW_LIVE, post_review_status=PostReviewStatus.PENDING).count()
    if awaiting >= MAX_AWAITING_POST_REVIEW:
        reasons.append(_("已有%(n)d个岗位等待事后复核") % {"n": awaiting})
    return reasons


def latest_screenings(job_ids: Iterable[int]) -> dict[int, PostingScreening]:
    """The latest screening of each posting (one query), for the review queues' reasons."""
    latest: dict[int, PostingScreening] = {}
    for row in PostingScreening.objects.filter(job_id__in=list(job_ids)).order_by(
        "job_id", "created_at", "id"
    ):
        latest[row.job_id] = row
    return latest
