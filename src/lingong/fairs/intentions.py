"""Interview intentions at a job fair (面试意向, issue 12 section 2) and the offers made from them.

A worker scans a booth's QR code (or the booth scans or types the worker's personal code, or the worker
presses 投递 on a job of an online fair): one ``Intention`` per exhibitor and worker. The enterprise turns it
into an offer for one of the booth's jobs through the jobs services, so the offer, the acceptance on 我的报名
and the engagement follow the platform's one path; or marks it 不合适.

Lock order is the platform's: the job row (offers), then the registration or the intention row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, is_staff, require_role
from lingong.accounts.models import Role, User
from lingong.audit import trail as audit
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.events import fair_group, send_event_on_commit
from lingong.fairs.access import can_manage_fair
from lingong.fairs.intention_rules import normalize_code, online_problem, onsite_problem
from lingong.fairs.models import (
    INTENTION_LIFECYCLE,
    BoothApplication,
    BoothStatus,
    FairRegistration,
    Intention,
    IntentionSource,
    IntentionStatus,
    JobFair,
)
from lingong.jobs import services as jobs
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.workers.models import WorkerProfile

# An application in one of these may be offered through jobs.offer (the manager's own step).
OFFERABLE = (ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED)


# --- Who sees what ----------------------------------------------------------------------------------------


def is_member(user: Any, exhibitor: BoothApplication) -> bool:
    enterprise = enterprise_of(user)
    return enterprise is not None and enterprise.pk == exhibitor.enterprise_id


def can_see_exhibitor(user: Any, exhibitor: BoothApplication) -> bool:
    """The exhibiting enterprise's members (its own booth only) and staff who manage the fair."""
    return is_member(user, exhibitor) or can_manage_fair(user, exhibitor.fair)


def exhibitor_for(user: Any, exhibitor_id: int) -> BoothApplication:
    """An approved exhibitor the user may work at; 404 otherwise (it does not reveal that it exists)."""
    exhibitor = (
        BoothApplication.objects.select_related("fair", "enterprise", "booth")
        .filter(pk=exhibitor_id, status=BoothStatus.APPROVED)
        .first()
    )
    if exhibitor is None or not can_see_exhibitor(user, exhibitor):
        raise NotFoundError(_("展位不存在"))
    return exhibitor


def intentions_visible_to(user: Any, fair: JobFair) -> Any:
    """Intentions of the fair the user may see: all of them for its staff, the own booth's for members."""
    qs = Intention.objects.filter(fair=fair)
    if can_manage_fair(user, fair):
        return qs
    enterprise = enterprise_of(user)
    if enterprise is None:
        return qs.none()
    return qs.filter(exhibitor__enterprise=enterprise)


# --- Live figures -----------------------------------------------------------------------------------------


def booth_counts(fair: JobFair) -> list[dict[str, Any]]:
    """Per approved exhibitor: intentions and offers so far (the dashboard's table and every event)."""
    rows = (
        BoothApplication.objects.filter(fair=fair, status=BoothStatus.APPROVED)
        .annotate(
            n_intentions=Count("intentions"),
            n_offers=Count("intentions", filter=Q(intentions__status=IntentionStatus.OFFERED)),
        )
        .select_related("booth", "enterprise")
        .order_by("booth__number", "pk")
    )
    return [
        {
            "exhibitor": row.pk,
            "booth": row.booth.number if row.booth else "",
            "enterprise": row.enterprise.name,
            "intentions": row.n_intentions,
            "offers": row.n_offers,
        }
        for row in rows
    ]


def _publish(fair: JobFair, kind: str, intention: Intention) -> None:
    send_event_on_commit(
        [fair_group(fair.pk)],
        {
            "type": kind,
            "fair": fair.code,
            "exhibitor": intention.exhibitor_id,
            "intention": intention.pk,
            "status": intention.status,
            "booths": booth_counts(fair),
        },
    )


# --- Recording an intention -------------------------------------------------------------------------------


def _worker_of(actor: User) -> WorkerProfile:
    require_role(actor, Role.WORKER)
    worker = WorkerProfile.objects.filter(user=actor).first()
    if worker is None:
        raise ConflictError(_("请先完善求职者资料。"), code="profile_incomplete")
    return worker


def _require_not_sent(exhibitor: BoothApplication, worker_id: int) -> None:
    if Intention.objects.filter(exhibitor=exhibitor, worker_id=worker_id).exists():
        raise ConflictError(_("已向该展位投递过，请等待企业联系。"), code="already_sent")


def _create(
    *,
    actor: User,
    exhibitor: BoothApplication,
    worker_id: int,
    registration: FairRegistration | None,
    source: str,
    job: JobPosting | None = None,
) -> Intention:
    """Insert the row (the unique constraint backs the check under concurrency), audit, publish."""
    _require_not_sent(exhibitor, worker_id)
    try:
        with transaction.atomic():
            intention = Intention.objects.create(
                fair=exhibitor.fair,
                exhibitor=exhibitor,
                worker_id=worker_id,
                registration=registration,
                job=job,
                source=source,
            )
    except IntegrityError:
        raise ConflictError(_("已向该展位投递过，请等待企业联系。"), code="already_sent") from None
    audit.record(
        action="fair_intention.created",
        obj=intention,
        actor=actor,
        market=exhibitor.fair.market_id,
        data={"fair": exhibitor.fair_id, "exhibitor": exhibitor.pk, "source": source, "job": job and job.pk},
    )
    _publish(exhibitor.fair, "intention", intention)
    return intention


def _locked_registration(fair: JobFair, worker_id: int) -> FairRegistration | None:
    return FairRegistration.objects.select_for_update().filter(fair=fair, worker_id=worker_id).first()


def scan_booth(*, actor: User, qr_token: str, now: dt.datetime | None = None) -> Intention:
    """The worker scanned the booth's QR code: they must be registered at the booth's fair (whichever fair
    they were checked in at), checked in, and the fair open now."""
    now = now or timezone.now()
    worker = _worker_of(actor)
    exhibitor = (
        BoothApplication.objects.select_related("fair", "enterprise", "booth")
        .filter(qr_token=qr_token[:24], status=BoothStatus.APPROVED)
        .first()
    )
    if exhibitor is None:
        raise NotFoundError(_("展位码无效或该展位已撤展。"))
    fair = exhibitor.fair
    with transaction.atomic():
        registration = _locked_registration(fair, worker.pk)
        if registration is None:
            raise ConflictError(
                _("您尚未登记参加“%(fair)s”，请先登记并到入口签到。") % {"fair": fair.title},
                code="not_registered",
            )
        problem = onsite_problem(fair, now)
        if problem:
            raise ConflictError(problem, code="fair_closed")
        if registration.checked_in_at is None:
            raise ConflictError(_("请先在招聘会入口签到，再扫展位码。"), code="not_checked_in")
        return _create(
            actor=actor,
            exhibitor=exhibitor,
            worker_id=worker.pk,
            registration=registration,
            source=IntentionSource.WORKER_SCAN,
        )


def booth_scans_worker(
    *, actor: User, exhibitor_id: int, code: str, now: dt.datetime | None = None
) -> Intention:
    """The booth (the enterprise's member, or fair staff helping it) scanned or typed a worker's personal
    code: a code of another fair is refused; the worker must be checked in and the fair open now."""
    now = now or timezone.now()
    exhibitor = exhibitor_for(actor, exhibitor_id)
    fair = exhibitor.fair
    typed = normalize_code(code)
    if not typed:
        raise InvalidInput(_("请输入求职者的入场码"), errors={"code": [_("请输入入场码")]})
    found = FairRegistration.objects.filter(code=typed).values_list("fair_id", "worker_id").first()
    if found is None:
        raise InvalidInput(_("入场码无效"), errors={"code": [_("没有这个入场码，请核对后重试")]})
    if found[0] != fair.pk:
        raise ConflictError(_("该入场码属于其他招聘会，不能在本展位登记。"), code="other_fair")
    with transaction.atomic():
        registration = _locked_registration(fair, found[1])
        if registration is None:
            raise InvalidInput(_("入场码无效"), errors={"code": [_("没有这个入场码，请核对后重试")]})
        problem = onsite_problem(fair, now)
        if problem:
            raise ConflictError(problem, code="fair_closed")
        if registration.checked_in_at is None:
            raise ConflictError(_("该求职者尚未在入口签到。"), code="not_checked_in")
        return _create(
            actor=actor,
            exhibitor=exhibitor,
            worker_id=registration.worker_id,
            registration=registration,
            source=IntentionSource.BOOTH_SCAN,
        )


def _booth_job(exhibitor: BoothApplication, job_id: int | None) -> JobPosting:
    """One of the exhibitor's jobs, locked (the job row first: the platform's lock order)."""
    job = (
        JobPosting.objects.select_for_update()
        .filter(pk=job_id or 0, pk__in=exhibitor.jobs.values("pk"))
        .first()
    )
    if job is None:
        raise InvalidInput(_("请选择本展位的岗位"), errors={"job": [_("该岗位不属于本展位")]})
    if job.status != JobStatus.OPEN:
        raise ConflictError(_("该岗位已停止招聘。"), code="job_not_open")
    return job


def apply_online(*, actor: User, exhibitor_id: int, job_id: int, now: dt.datetime | None = None) -> Intention:
    """投递 on a job of an online fair (online or both) within its dates; the job must be one of the
    exhibitor's and open. A registration at the fair is linked when there is one, not required."""
    now = now or timezone.now()
    worker = _worker_of(actor)
    exhibitor = (
        BoothApplication.objects.select_related("fair", "enterprise", "booth")
        .filter(pk=exhibitor_id, status=BoothStatus.APPROVED)
        .first()
    )
    if exhibitor is None:
        raise NotFoundError(_("展位不存在"))
    fair = exhibitor.fair
    problem = online_problem(fair, now)
    if problem:
        raise ConflictError(problem, code="fair_closed")
    with transaction.atomic():
        job = _booth_job(exhibitor, job_id)
        registration = _locked_registration(fair, worker.pk)
        return _create(
            actor=actor,
            exhibitor=exhibitor,
            worker_id=worker.pk,
            registration=registration,
            source=IntentionSource.ONLINE,
            job=job,
        )


# --- Offer or decline -------------------------------------------------------------------------------------


def _intention_for(actor: User, intention_id: int) -> Intention:
    intention = Intention.objects.select_related("exhibitor__fair").filter(pk=intention_id).first()
    if intention is None or not can_see_exhibitor(actor, intention.exhibitor):
        raise NotFoundError(_("面试意向不存在"))
    return intention


def _offer_application(actor: User, job: JobPosting, worker_id: int, fair: JobFair) -> Application:
    """The worker's application to the job, offered through the jobs services (created when missing)."""
    application = Application.objects.select_for_update().filter(job=job, worker_id=worker_id).first()
    if application is None or application.status == ApplicationStatus.WITHDRAWN:
        note = _("招聘会“%(fair)s”现场录用") % {"fair": fair.title}
        return jobs.offer_on_behalf(job_id=job.pk, worker_id=worker_id, note=str(note))
    if application.status in OFFERABLE:
        return jobs.offer(actor=actor, application_id=application.pk)
    if application.status in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
        raise ConflictError(_("已向该求职者发出过这个岗位的录用。"), code="already_offered")
    raise ConflictError(
        _("该求职者对这个岗位的报名已结束（%(status)s），不能再发录用。")
        % {"status": application.get_status_display()},
        code="application_closed",
    )


def make_offer(*, actor: User, intention_id: int, job_id: int) -> Intention:
    """The enterprise (or staff acting for it) offers one of the booth's open jobs with places left."""
    found = _intention_for(actor, intention_id)
    exhibitor = found.exhibitor
    with transaction.atomic():
        job = _booth_job(exhibitor, job_id)
        if not jobs.can_manage_job(actor, job):
            raise NotFoundError(_("面试意向不存在"))
        intention = Intention.objects.select_for_update().get(pk=found.pk)
        INTENTION_LIFECYCLE.guard(intention, IntentionStatus.OFFERED)
        accepted = job.applications.filter(status=ApplicationStatus.ACCEPTED).count()
        if accepted >= job.headcount:
            raise ConflictError(_("该岗位已招满。"), code="no_places_left")
        worker = WorkerProfile.objects.get(pk=intention.worker_id)
        missing = jobs.missing_certificates(worker, job)
        if missing:
            names = "、".join(c.name for c in missing)
            raise ConflictError(
                _("该岗位要求持有经核验的%(names)s，该求职者尚无。") % {"names": names},
                code="certificate_required",
            )
        application = _offer_application(actor, job, worker.pk, exhibitor.fair)
        intention.job = job
        intention.application = application
        INTENTION_LIFECYCLE.advance(
            intention,
            IntentionStatus.OFFERED,
            actor=actor,
            stamp="offered_at",
            fields=["job", "application"],
            market=exhibitor.fair.market_id,
            data={"job": job.pk, "application": application.pk},
        )
        _publish(exhibitor.fair, "offer", intention)
    return intention


def decline(*, actor: User, intention_id: int) -> Intention:
    """不合适: the intention ends without an offer (the worker is not notified)."""
    found = _intention_for(actor, intention_id)
    with transaction.atomic():
        intention = Intention.objects.select_for_update().get(pk=found.pk)
        INTENTION_LIFECYCLE.advance(
            intention,
            IntentionStatus.DECLINED,
            actor=actor,
            stamp="declined_at",
            market=found.exhibitor.fair.market_id,
        )
        _publish(found.exhibitor.fair, "intention", intention)
    return intention


def staff_may_watch(user: Any, fair: JobFair) -> bool:
    return is_staff(user) and can_manage_fair(user, fair)
