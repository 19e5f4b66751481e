"""Matching in the platform: ranked candidates for a job, recommended jobs for a worker, invitations.

Shared by the API (jobs.matching_api) and the pages; the engine is reached only through jobs.matching_index.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.audit import trail as audit
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, RateLimitedError
from lingong.core.geo import format_distance_km
from lingong.core.memo import ProcessCache
from lingong.core.metrics import timed_matching
from lingong.employers.models import Enterprise
from lingong.jobs import links, matching_index, selectors
from lingong.jobs.matching_index.rows import _PAY_UNITS
from lingong.jobs.models import Application, Invitation, JobPosting, JobStatus
from lingong.jobs.priority import candidate_priority
from lingong.matching import MatchingError, Reason, explain_jobs, explain_workers
from lingong.matching.parse import default_parser
from lingong.notifications.services import notify
from lingong.org.policy import policy_for
from lingong.taxonomy.models import PayUnit
from lingong.workers.models import WorkerProfile

_PAY_UNIT_NAMES = {int(code): name for name, code in _PAY_UNITS.items()}
# "【驿站代发】", "帮刘大爷发：", "村会计代发：": who relays a post, before what it asks for
_RELAY_PREFIX = re.compile(r"^\s*(?:【[^】]{0,12}】|[^，,。：:\s]{0,14}(?:发|代录|登记)[：:])\s*")
_CLAUSE_END = re.compile(r"[，,。；;！!\n]")


def reason_dict(r: Reason) -> dict[str, Any]:
    data = dataclasses.asdict(r)
    for key in ("id", "score", "sentence"):
        data.pop(key)
    data["distance_km"] = round(r.distance_km, 2)
    data["groups"] = list(r.groups)
    # The engine scores pay in floats; money leaves the platform as Decimal, and the unit by name.
    for key in ("expected_pay", "offer"):
        if data.get(key) is not None:
            data[key] = parsed_pay(data[key])
    data["pay_unit"] = _PAY_UNIT_NAMES.get(int(data.get("pay_unit") or 0), "")
    return data


@timed_matching("candidates")
def candidates_for(job: JobPosting, *, limit: int, radius_km: float) -> list[dict[str, Any]]:
    """Ranked candidates with masked names and reasons (also used by the employer's page).

    Being shown lowers a worker's later scores a little (exposure spreads the work around), but a worker
    is counted once per job, and not against that job: its employer reloading the page sees the same
    list in the same order (equal scores by worker id) until something about the candidates changes.
    """
    applied = tuple(Application.objects.filter(job=job).values_list("worker_id", flat=True))
    # Workers owed to this employer (graduates of its training order) come first, with the reason.
    priority = candidate_priority.for_job(job)
    queries = matching_index.job_queries(job, radius_km=radius_km, exclude_ids=applied)
    if not queries:
        return []
    entry = matching_index.index_for(job.market_id)
    try:
        with entry.lock:
            seen = entry.shown.setdefault(job.pk, set())
            seen_ids = tuple(sorted(seen))
            # A job asking for several occupations: the best of each worker over its occupations.
            best: dict[int, Reason] = {}
            for query in queries:
                query = dataclasses.replace(query, seen_ids=seen_ids)
                ranking = entry.workers.top_workers(query, k=limit + len(priority))
                for r in explain_workers(entry.workers, query, ranking):
                    if r.id not in best or r.score > best[r.id].score:
                        best[r.id] = r
            reasons = sorted(best.values(), key=lambda r: (r.id not in priority, -r.score, r.id))[:limit]
            first_shown = np.array([r.id for r in reasons if r.id not in seen], dtype=np.int64)
            if first_shown.size:
                entry.apply("workers", lambda index: index.record_exposure(first_shown))
                seen.update(first_shown.tolist())
    except MatchingError as exc:
        raise InvalidInput("匹配条件有误", errors={"__all__": [str(exc)]}) from exc
    names = dict(WorkerProfile.objects.filter(pk__in=[r.id for r in reasons]).values_list("pk", "real_name"))
    invited = invited_at(job)
    out = []
    for r in reasons:
        if r.id not in names:
            continue  # deleted since the index last saw it
        out.append(
            {
                "worker_id": r.id,
                "name": WorkerProfile(real_name=names[r.id]).masked_name,
                "score": round(r.score, 4),
                "distance_km": round(r.distance_km, 2),
                "distance_display": format_distance_km(r.distance_km),
                "sentence": r.sentence,
                "reasons": reason_dict(r),
                "invited_at": invited.get(r.id),
                "priority": priority.get(r.id, ""),
            }
        )
    return out


def is_candidate_of(enterprise: Any, worker: WorkerProfile) -> bool:
    """Whether the worker is, or was shown as, a candidate for one of the enterprise's live postings: they
    hold one of its occupations (the engine's partition key), or this process's candidate list showed them
    (a related occupation). Reads no index that is not already built."""
    live = JobPosting.objects.filter(enterprise=enterprise, status__in=[JobStatus.OPEN, JobStatus.FILLED])
    if worker.skills.filter(occupation__in=live.values("occupations")).exists():
        return True
    entry = matching_index.built_index(worker.market_id)
    if entry is None:
        return False
    job_ids = set(live.values_list("pk", flat=True))
    with entry.lock:
        return any(worker.pk in entry.shown.get(job_id, ()) for job_id in job_ids)


def _job_item(job: JobPosting, distance: float | None) -> dict[str, Any]:
    return {
        "job_id": job.pk,
        "title": job.title,
        "enterprise_name": job.enterprise.name,
        "address": job.address,
        "pay_display": job.pay_display,
        "is_urgent": job.is_urgent,
        "url": links.job_url(job.pk),
        "distance_km": None if distance is None else round(distance, 2),
        "distance_display": format_distance_km(distance),
    }


# A worker's recommendations (issue 15: on every home page and the API), by worker, the version of the
# market's jobs and of the worker's own rows, the ask, the day and the language.
_recommended: ProcessCache[list[dict[str, Any]]] = ProcessCache(maxsize=4096)


def recommended_for(worker: WorkerProfile, *, limit: int, radius_km: float | None) -> list[dict[str, Any]]:
    """Personalised: jobs ranked by the engine with reasons (also used by the job list page).

    Kept per process until the market's jobs (or their applications) or the worker's own rows change; the
    version is read before the ranking, so a change committed meanwhile makes the next ask rank again. The
    list is shared: callers only read it."""
    version = matching_index.worker_version(worker.market_id, worker.pk)
    key = (worker.pk, version, limit, radius_km, timezone.localdate(), get_language())
    return _recommended.get_or_make(key, lambda: _rank_jobs_for(worker, limit=limit, radius_km=radius_km))


@timed_matching("recommendations")
def _rank_jobs_for(worker: WorkerProfile, *, limit: int, radius_km: float | None) -> list[dict[str, Any]]:
    applied = tuple(Application.objects.filter(worker=worker).values_list("job_id", flat=True))
    query = matching_index.worker_query(worker, radius_km=radius_km, exclude_ids=applied)
    if query is None:
        return []
    entry = matching_index.index_for(worker.market_id)
    try:
        with entry.lock:
            ranking = entry.jobs.top_jobs(query, k=limit)
            reasons = explain_jobs(entry.jobs, query, ranking)
    except MatchingError as exc:
        raise InvalidInput("匹配条件有误", errors={"__all__": [str(exc)]}) from exc
    jobs = JobPosting.objects.select_related("enterprise").filter(
        pk__in=[r.id for r in reasons], status=JobStatus.OPEN
    )
    by_id = {j.pk: j for j in jobs}
    return [
        {
            **_job_item(by_id[r.id], r.distance_km),
            "score": round(r.score, 4),
            "sentence": r.sentence,
            "reasons": reason_dict(r),
        }
        for r in reasons
        if r.id in by_id
    ]


def plain_jobs_for(worker: WorkerProfile, *, limit: int, radius_km: float | None) -> list[dict[str, Any]]:
    """Not personalised (PIPL art. 24): every open job of the market, nearest first, no profile used but
    the location the distance is measured from."""
    page = selectors.browse_open_jobs(
        market_id=worker.market_id,
        filters=selectors.JobFilters(radius_km=radius_km),
        origin=selectors.origin_for_worker(worker),
        page=1,
        page_size=limit,
    )
    return [_job_item(j, getattr(j, "distance_km", None)) for j in page.items]


# The widest candidate list a job's manager can ask for (``matching_api.CandidatesQuery``: up to 100 workers
# within up to 100 km). Only a worker in it may be invited.
CANDIDATE_LIMIT = 100
CANDIDATE_RADIUS_KM = 100.0


def is_candidate(job: JobPosting, worker_id: int) -> bool:
    """Whether the worker is one of the job's candidates: in the widest list its manager can ask for (the
    engine's ranking, with the same exposure the job's own lists use), or already shown on this job's
    list by this process and still in the index. The engine decides who can be in it at all: an active
    account with a home location and a name, the occupation (or a related one), the certificates the
    job requires, within reach. Records no exposure (asking is not showing)."""
    applied = tuple(Application.objects.filter(job=job).values_list("worker_id", flat=True))
    queries = matching_index.job_queries(job, radius_km=CANDIDATE_RADIUS_KM, exclude_ids=applied)
    if not queries:
        return False
    entry = matching_index.index_for(job.market_id)
    try:
        with entry.lock:
            seen = entry.shown.get(job.pk, set())
            seen_ids = tuple(sorted(seen))
            for query in queries:
                query = dataclasses.replace(query, seen_ids=seen_ids)
                ranking = entry.workers.top_workers(query, k=CANDIDATE_LIMIT)
                if worker_id in set(ranking.ids.tolist()):
                    return True
            # Shown on this job's list before (by this process) and still in the index.
            return worker_id in seen and int(entry.workers.rows_of(np.array([worker_id]))[0]) >= 0
    except MatchingError as exc:
        raise InvalidInput("匹配条件有误", errors={"__all__": [str(exc)]}) from exc


def invitations_today(enterprise_id: int) -> int:
    """Invitations the employer (all its members and staff acting for it) sent today, local time."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Invitation.objects.filter(job__enterprise_id=enterprise_id, created_at__gte=start).count()


@dataclass(frozen=True)
class InviteResult:
    invitation: Invitation
    created: bool  # False: the worker had already been invited, nothing was sent again


@transaction.atomic
def invite_worker(*, actor: User, job: JobPosting, worker_id: int) -> InviteResult:
    """Tell a worker about a job (they then apply normally). The caller checked that ``actor`` manages it.

    Idempotent: a second invitation of the same worker to the same job sends nothing and returns the
    first. The job row is locked first (as every job transition does), so two requests at once are
    serialised; the (job, worker) constraint is the backstop.
    """
    job = JobPosting.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=job.pk)
    if job.status != JobStatus.OPEN:
        raise ConflictError(_("该岗位当前不在招聘中，无法邀请。"), code="job_not_open")
    worker = (
        WorkerProfile.objects.select_related("user").filter(pk=worker_id, market_id=job.market_id).first()
    )
    if worker is None:
        raise NotFoundError(_("求职者不存在"))
    if Application.objects.filter(job=job, worker=worker).exists():
        raise ConflictError(_("该求职者已报名此岗位。"), code="already_applied")
    existing = Invitation.objects.filter(job=job, worker=worker).first()
    if existing is not None:
        return InviteResult(existing, created=False)
    if not worker.user.is_active or not is_candidate(job, worker.pk):
        raise ConflictError(
            _("只能邀请本岗位推荐人选中的求职者。"),
            code="not_a_candidate",
            errors={"worker_id": [_("该求职者不在本岗位的推荐人选中")]},
        )
    # The employer's row serialises its invitations across its jobs (lock order: job, then employer), so
    # the daily limit holds under concurrent requests too.
    Enterprise.objects.select_for_update().filter(pk=job.enterprise_id).values_list("pk", flat=True).first()
    limit = policy_for(job.market_id).invitations_per_employer_per_day
    if invitations_today(job.enterprise_id) >= limit:
        raise RateLimitedError(
            _("今天已邀请%(n)d人，达到本市场每个用工单位每天的邀请上限，请明天再邀请。") % {"n": limit},
            code="invitation_limit",
        )
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(job=job, worker=worker, invited_by=actor)
    except IntegrityError:  # a concurrent request got there first (only without the row lock)
        return InviteResult(Invitation.objects.get(job=job, worker=worker), created=False)
    invitation.notification = notify(
        user=worker.user,
        kind="job_invitation",
        title=_("用工单位邀请您报名"),
        body=_("“%(enterprise)s”邀请您报名岗位“%(title)s”，如有意向请查看岗位并报名。")
        % {"enterprise": job.enterprise.name, "title": job.title},
        url=links.job_url(job.pk),
        link_text=_("查看岗位并报名"),
    )
    invitation.save(update_fields=["notification"])
    audit.record(
        action="job.worker_invited",
        obj=job,
        actor=actor,
        data={"worker": worker.pk, "invitation": invitation.pk},
    )
    return InviteResult(invitation, created=True)


def invited_at(job: JobPosting) -> dict[int, dt.datetime]:
    """When each invited worker was invited to this job, by worker id."""
    return dict(Invitation.objects.filter(job=job).values_list("worker_id", "created_at"))


def parsed_pay(pay: float | None) -> Decimal | None:
    """The parser works in floats; money leaves it as Decimal, rounded to the fen."""
    if pay is None:
        return None
    return Decimal(str(round(pay, 2))).quantize(Decimal("0.01"))


def parsed_hours(hours: float | None) -> Decimal | None:
    """Daily hours as the posting stores them: a Decimal with one decimal place."""
    if hours is None:
        return None
    return Decimal(str(round(hours, 1))).quantize(Decimal("0.1"))


def suggested_title(text: str) -> str:
    """The sentence's first clause, without who relays it ("帮刘大爷发：后院两棵大树要锯掉，..." ->
    "后院两棵大树要锯掉")."""
    text = text.strip()
    rest = _RELAY_PREFIX.sub("", text, count=1).strip() or text
    return _CLAUSE_END.split(rest, maxsplit=1)[0].strip()[:60] or rest[:60]


def job_form_initial(text: str, today: dt.date) -> dict[str, Any]:
    """Initial values for the posting form from one pasted sentence, for the employer to confirm.

    ``today`` is the market's local date: "明天" and "干6个月" are counted from it. Without a start in
    the text the job starts today; without an end it lasts a week, as on the blank form."""

    parsed = default_parser().parse_job(text, today)
    initial: dict[str, Any] = {"description": text.strip()[:2000], "title": suggested_title(text)}
    if parsed.occupations:
        initial["occupations"] = list(parsed.occupations)
    if parsed.headcount:
        initial["headcount"] = parsed.headcount
    pay = parsed.pay
    if pay is not None and pay.negotiable and pay.amount is None:
        initial["pay_unit"] = PayUnit.NEGOTIABLE
    elif pay is not None and pay.amount is not None and pay.unit:
        initial["pay_amount"] = parsed_pay(pay.amount)  # a range's lower end: what is promised at least
        initial["pay_unit"] = pay.unit
    elif pay is not None and pay.unit:
        initial["pay_unit"] = pay.unit  # "按床算": the unit said, the amount left for the employer
    if parsed.divisions:
        initial["division"] = parsed.divisions[0]
    start = parsed.start_date or today
    initial["start_date"] = start
    initial["end_date"] = parsed.end_date or start + dt.timedelta(days=7)
    if parsed.daily_start_time is not None and parsed.daily_end_time is not None:
        initial["daily_start_time"] = parsed.daily_start_time
        initial["daily_end_time"] = parsed.daily_end_time
    if parsed.daily_hours is not None:
        initial["daily_hours"] = parsed_hours(parsed.daily_hours)
    initial["is_urgent"] = parsed.urgent
    if parsed.certificates:
        initial["certificates_required"] = list(parsed.certificates)
    return initial
