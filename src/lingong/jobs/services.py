"""Job postings and applications: one function per transition (pretix-style).

Lock order is always job, then application, so two transitions never deadlock on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import (
    enterprise_of,
    is_staff,
    market_id_of,
    require_enterprise_in_scope,
    require_role,
    require_staff,
    staff_can_act_for_enterprise,
    staff_can_see_station,
)
from lingong.accounts.models import OtpPurpose, Role, User
from lingong.accounts.services import verify_otp
from lingong.audit import trail as audit
from lingong.audit.lifecycle import Lifecycle
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.events import send_event_on_commit
from lingong.core.worktime import daily_hours_problem
from lingong.employers.models import Enterprise
from lingong.jobs import links
from lingong.jobs.guards import posting_guards
from lingong.jobs.models import (
    ACTIVE_APPLICATION_STATUSES,
    Application,
    ApplicationStatus,
    JobPosting,
    JobReport,
    JobStatus,
    PostReviewStatus,
    ReportReason,
    RiskLevel,
    SettlementCycle,
    SourceChannel,
)
from lingong.jobs.recommendations import candidates_for
from lingong.jobs.screening import screen_job
from lingong.jobs.screening import service as screening
from lingong.jobs.selectors import POST_REVIEW_LIVE, auto_publish_blockers
from lingong.notifications.services import notify
from lingong.org.area import validate_in_market_area
from lingong.org.models import Division
from lingong.org.policy import policy_for, review_sla
from lingong.taxonomy.models import CertificateType, Occupation, PayUnit
from lingong.workers.models import WorkerProfile
from lingong.workers.services import parse_pay

logger = logging.getLogger("lingong.jobs")

MAX_JOB_DAYS = 366 * 2
HARD_GATE_KINDS = {"special_operations", "special_equipment", "driving"}

JOB_LIFECYCLE = Lifecycle.of(
    "job",
    [
        (JobStatus.DRAFT, JobStatus.PENDING_REVIEW),
        (JobStatus.REJECTED, JobStatus.PENDING_REVIEW),
        (JobStatus.DRAFT, JobStatus.OPEN),  # posted by market staff: reviewed as it is posted
        (JobStatus.PENDING_REVIEW, JobStatus.OPEN),
        (JobStatus.PENDING_REVIEW, JobStatus.REJECTED),
        (JobStatus.OPEN, JobStatus.FILLED),
        (
            JobStatus.FILLED,
            JobStatus.OPEN,
        ),  # a hired worker's engagement was cancelled: the place is free again
        (JobStatus.OPEN, JobStatus.CLOSED),
        (JobStatus.FILLED, JobStatus.CLOSED),
        (JobStatus.OPEN, JobStatus.EXPIRED),
        (JobStatus.FILLED, JobStatus.EXPIRED),
        (JobStatus.DRAFT, JobStatus.CANCELLED),
        (JobStatus.PENDING_REVIEW, JobStatus.CANCELLED),
        (JobStatus.REJECTED, JobStatus.CANCELLED),
        # Taken down by the post-publication review: the employer may correct it and submit it again.
        (JobStatus.OPEN, JobStatus.REJECTED),
        (JobStatus.FILLED, JobStatus.REJECTED),
        # Held again by screening: an edit or repeated reports raised its risk score to the hold score.
        (JobStatus.OPEN, JobStatus.PENDING_REVIEW),
    ],
    choices=JobStatus,
    subject="岗位",
)

# The check after a posting opened without review (先发布后复核); an edit of a live posting that trips the
# risk check asks for it again, even after an earlier check or a review before publication.
POST_REVIEW_LIFECYCLE = Lifecycle.of(
    "job_post_review",
    [
        (PostReviewStatus.NONE, PostReviewStatus.PENDING),
        (PostReviewStatus.CONFIRMED, PostReviewStatus.PENDING),
        (PostReviewStatus.PENDING, PostReviewStatus.CONFIRMED),
        (PostReviewStatus.PENDING, PostReviewStatus.TAKEN_DOWN),
    ],
    choices=PostReviewStatus,
    status_field="post_review_status",
    subject="事后复核",
)

APPLICATION_LIFECYCLE = Lifecycle.of(
    "application",
    [
        (ApplicationStatus.WITHDRAWN, ApplicationStatus.APPLIED),
        (ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED),
        (ApplicationStatus.APPLIED, ApplicationStatus.OFFERED),
        (ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED),
        (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED),
        (ApplicationStatus.ACCEPTED, ApplicationStatus.CANCELLED),  # its engagement was cancelled
        (ApplicationStatus.OFFERED, ApplicationStatus.DECLINED),
        (ApplicationStatus.APPLIED, ApplicationStatus.REJECTED),
        (ApplicationStatus.SHORTLISTED, ApplicationStatus.REJECTED),
        (ApplicationStatus.OFFERED, ApplicationStatus.REJECTED),
        (ApplicationStatus.APPLIED, ApplicationStatus.WITHDRAWN),
        (ApplicationStatus.SHORTLISTED, ApplicationStatus.WITHDRAWN),
        (ApplicationStatus.OFFERED, ApplicationStatus.WITHDRAWN),
    ],
    choices=ApplicationStatus,
    subject="报名",
)


def _job_transition(job: JobPosting, to: str) -> str:
    """Guard and set the posting's status; the caller saves it and writes the trail entry."""
    return JOB_LIFECYCLE.assign(job, to)


def _application_transition(application: Application, to: str) -> str:
    """Guard and set the application's status; the caller saves it and writes the trail entry."""
    return APPLICATION_LIFECYCLE.assign(application, to)


# --- Input ----------------------------------------------------------------------------------------


@dataclass
class JobInput:
    title: str
    description: str
    occupations: Sequence[str]
    headcount: int
    address: str
    division: str
    start_date: dt.date
    end_date: dt.date
    pay_unit: str
    pay_amount: Decimal | str | None = None
    lat: float | None = None
    lon: float | None = None
    certificates_required: Sequence[str] = field(default_factory=list)
    daily_start_time: dt.time | None = None
    daily_end_time: dt.time | None = None
    daily_hours: Decimal | str = Decimal("8")
    settlement_cycle: str = SettlementCycle.DAILY
    is_urgent: bool = False
    insurance_required: bool | None = None
    source_channel: str | None = None
    overtime_rate: Decimal | str | None = None
    auto_replace: bool = False


def _clean_job(data: JobInput, *, today: dt.date, is_new: bool, market_id: int) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(str(message))

    clean: dict[str, Any] = {}
    title = (data.title or "").strip()
    if not 2 <= len(title) <= 60:
        err("title", _("标题应为2至60个字"))
    description = (data.description or "").strip()
    if not 5 <= len(description) <= 2000:
        err("description", _("工作内容应为5至2000个字"))
    clean.update(title=title, description=description)
    codes = list(dict.fromkeys(data.occupations or []))
    occupations = list(Occupation.objects.filter(code__in=codes).select_related("certificate"))
    if not codes:
        err("occupations", _("请至少选择一个工种"))
    elif len(occupations) != len(codes):
        err("occupations", _("包含无效的工种"))
    elif len(codes) > 5:
        err("occupations", _("一个岗位最多选择5个工种"))
    clean["occupations"] = occupations
    cert_codes = list(dict.fromkeys(data.certificates_required or []))
    certificates = list(CertificateType.objects.filter(code__in=cert_codes))
    if len(certificates) != len(cert_codes):
        err("certificates_required", _("包含无效的证书类型"))
    # A skill whose certificate is a legal gate (special operations, special equipment, driving)
    # always requires it, whatever the employer ticked. Health certificates are the employer's call.
    implied = {
        o.certificate
        for o in occupations
        if o.certificate is not None and o.certificate.kind in HARD_GATE_KINDS
    }
    clean["certificates"] = list({c.code: c for c in [*certificates, *implied]}.values())
    try:
        headcount = int(data.headcount)
    except (TypeError, ValueError):
        headcount = 0
    if not 1 <= headcount <= 1000:
        err("headcount", _("招聘人数应在1至1000之间"))
    clean["headcount"] = headcount
    address = (data.address or "").strip()
    if not 2 <= len(address) <= 200:
        err("address", _("请填写工作地点（2至200字）"))
    clean["address"] = address
    division = Division.objects.filter(code=data.division).first()
    if division is None:
        err("division", _("请选择工作所在区域"))
    clean["division"] = division
    lat, lon = data.lat, data.lon
    if (lat is None or lon is None) and division is not None:
        lat, lon = division.lat, division.lon
    try:
        validate_in_market_area(lat, lon, market_id)
    except ValidationError as exc:
        err("location", exc.messages[0])
    clean.update(lat=lat, lon=lon)
    if data.pay_unit not in PayUnit.values:
        err("pay_unit", _("计酬单位无效"))
    clean["pay_unit"] = data.pay_unit
    if data.pay_unit == PayUnit.NEGOTIABLE:
        clean["pay_amount"] = parse_pay(data.pay_amount, errors, "pay_amount", market_id=market_id)
    else:
        clean["pay_amount"] = parse_pay(
            data.pay_amount, errors, "pay_amount", allow_none=False, market_id=market_id
        )
    if clean["pay_amount"] is not None and clean["pay_amount"] <= 0:
        # Nobody works for nothing: a stated amount is above zero (negotiable pay may state none).
        err("pay_amount", _("报酬应大于0"))
    if not isinstance(data.start_date, dt.date) or not isinstance(data.end_date, dt.date):
        err("start_date", _("请填写开始和结束日期"))
    else:
        if data.end_date < data.start_date:
            err("end_date", _("结束日期不能早于开始日期"))
        if is_new and data.start_date < today:
            err("start_date", _("开始日期不能早于今天"))
        if (data.end_date - data.start_date).days > MAX_JOB_DAYS:
            err("end_date", _("用工期限不能超过两年"))
    clean.update(start_date=data.start_date, end_date=data.end_date)
    if (data.daily_start_time is None) != (data.daily_end_time is None):
        err("daily_end_time", _("请同时填写上班和下班时间"))
    clean.update(daily_start_time=data.daily_start_time, daily_end_time=data.daily_end_time)
    try:
        hours = Decimal(str(data.daily_hours))
    except Exception:
        hours = Decimal("-1")
    if not (Decimal("0.5") <= hours <= Decimal("16")):
        err("daily_hours", _("每日工时应在0.5至16小时之间"))
    elif problem := daily_hours_problem(data.daily_start_time, data.daily_end_time, hours):
        err("daily_hours", problem)
    clean["daily_hours"] = hours
    if data.settlement_cycle not in SettlementCycle.values:
        err("settlement_cycle", _("结算周期无效"))
    clean["settlement_cycle"] = data.settlement_cycle
    clean["is_urgent"] = bool(data.is_urgent)
    if data.insurance_required is None:
        clean["insurance_required"] = any(o.insurance_default for o in occupations)
    else:
        clean["insurance_required"] = bool(data.insurance_required)
    if data.source_channel is not None and data.source_channel not in SourceChannel.values:
        err("source_channel", _("来源渠道无效"))
    clean["overtime_rate"] = parse_pay(data.overtime_rate, errors, "overtime_rate", market_id=market_id)
    clean["auto_replace"] = bool(data.auto_replace)
    if errors:
        raise InvalidInput(_("岗位信息填写有误，请检查标红的项目。"), errors=errors)
    return clean


def _apply_clean(job: JobPosting, clean: dict[str, Any]) -> None:
    for key, value in clean.items():
        if key not in {"occupations", "certificates"}:
            setattr(job, key, value)


# --- Access ---------------------------------------------------------------------------------------


def can_manage_job(user: Any, job: JobPosting) -> bool:
    """The employer's own members, and staff whose scope holds the posting's employer (its station,
    centre or market: ``accounts.access.staff_can_act_for_enterprise``), whichever station posted it."""
    enterprise = enterprise_of(user)
    if enterprise is not None and enterprise.pk == job.enterprise_id:
        return True
    return job.market_id == getattr(user, "market_id", None) and staff_can_act_for_enterprise(
        user, job.enterprise
    )


def require_manager(actor: Any, job: JobPosting, message: str = "") -> None:
    """Refuse anyone who may not manage the posting: staff outside their scope get 404, as if it did not
    exist (accounts.access), other accounts 403 as before."""
    if can_manage_job(actor, job):
        return
    if is_staff(actor):
        raise NotFoundError(_("岗位不存在"))
    raise PermissionDeniedError(message or _("您没有权限管理该岗位。"))


def _lock_job_for_manager(actor: User, job_id: int) -> JobPosting:
    job = JobPosting.objects.select_for_update().filter(pk=job_id).first()
    if job is None:
        raise NotFoundError(_("岗位不存在"))
    require_manager(actor, job)
    return job


def _lock_application(application_id: int) -> tuple[JobPosting, Application]:
    job_id = Application.objects.filter(pk=application_id).values_list("job_id", flat=True).first()
    if job_id is None:
        raise NotFoundError(_("报名记录不存在"))
    job = JobPosting.objects.select_for_update().get(pk=job_id)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("worker__user")
        .get(pk=application_id)
    )
    return job, application


def _notify_employer(
    job: JobPosting, kind: str, title: str, body: str = "", *, url: str = "", link_text: str = ""
) -> None:
    """Every member of the employer; the link is the posting's applicants page unless ``url`` says."""
    url = url or links.job_applicants_url(job.pk)
    link_text = link_text or _("查看报名情况")
    for member in job.enterprise.members.select_related("user"):
        notify(user=member.user, kind=kind, title=title, body=body, url=url, link_text=link_text)


def _publish_job(job: JobPosting, op: str) -> None:
    send_event_on_commit(
        [f"market.{job.market_id}.jobs"],
        {"type": "job", "op": op, "id": job.pk, "status": job.status, "title": job.title},
    )


# --- Postings -------------------------------------------------------------------------------------


@transaction.atomic
def create_job(
    *, actor: User, data: JobInput, enterprise_id: int | None = None, submit: bool = True
) -> JobPosting:
    """An employer drafts or submits a posting; staff post for an employer in their scope (their station's,
    their centre's, or any of the market for a market admin; 404 outside it, see accounts.access)."""
    if is_staff(actor):
        if not enterprise_id:
            raise InvalidInput(_("请选择用工单位"), errors={"enterprise": [_("请选择用工单位")]})
        enterprise = require_enterprise_in_scope(
            actor,
            Enterprise.objects.select_related("station")
            .filter(pk=enterprise_id, market_id=market_id_of(actor))
            .first(),
        )
        station = actor.station
        channel = data.source_channel or SourceChannel.STATION
    else:
        require_role(actor, Role.EMPLOYER)
        cached = enterprise_of(actor)
        if cached is None:
            raise PermissionDeniedError(_("您尚未关联用工单位。"))
        enterprise = Enterprise.objects.get(pk=cached.pk)  # fresh: verification may have just changed
        station = None
        channel = data.source_channel or SourceChannel.ONLINE
    _assert_can_post(enterprise)
    if submit and not enterprise.is_verified:
        raise ConflictError(_("单位认证通过后才能发布岗位，可先保存为草稿。"), code="enterprise_not_verified")
    clean = _clean_job(data, today=timezone.localdate(), is_new=True, market_id=enterprise.market_id)
    job = JobPosting(
        market=enterprise.market,
        enterprise=enterprise,
        station=station,
        created_by=actor,
        source_channel=channel,
        status=JobStatus.DRAFT,
    )
    _apply_clean(job, clean)
    job.save()
    job.occupations.set(clean["occupations"])
    job.certificates_required.set(clean["certificates"])
    audit.record(action="job.created", obj=job, actor=actor, data={"channel": channel})
    if submit:
        _submit(actor, job)
    return job


def _assert_can_post(enterprise: Enterprise) -> None:
    posting_guards.check(enterprise)  # e.g. the wage-arrears guard registered by settlement


def _submit(actor: User, job: JobPosting) -> None:
    _assert_can_post(job.enterprise)
    screened = screening.record_screening(job, trigger="submitted")
    if screened.level == RiskLevel.HOLD:
        _hold(actor, job, screened.messages)
        return
    if actor.role == Role.MARKET_ADMIN:
        # A market admin is the last reviewer: their posting is reviewed as it is posted and opens at once
        # (a high risk score holds it like anyone's). Station and centre staff posting for an employer of
        # their scope go the employer's way below (the same record check, risk screening and review or
        # post-publication check, by someone else: a reviewer never approves their own posting) -- staff
        # accounts are many and a posting that skips review is the easiest way to publish a fee scam under
        # a verified employer's name.
        _job_transition(job, JobStatus.OPEN)
        job.published_at = timezone.now()
        job.reviewed_by = actor
        job.save(update_fields=["status", "published_at", "reviewed_by"])
        audit.record(action="job.published", obj=job, actor=actor, data={"by": "staff"})
        if screened.level == RiskLevel.FLAG:
            _flag_for_post_review(actor, job, screened.messages)
        _publish_job(job, "open")
        return
    job.submitted_at = timezone.now()
    blockers = review_first_reasons(job)
    if not blockers:
        _publish_before_review(actor, job)
        return
    _job_transition(job, JobStatus.PENDING_REVIEW)
    job.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(action="job.submitted", obj=job, actor=actor, data={"review_first": blockers})


def review_first_reasons(job: JobPosting) -> list[str]:
    """Why this posting must be reviewed before it opens; none: it opens at once and is checked after.

    The employer's record (``selectors.auto_publish_blockers``, which also reads the market's switch), the
    risk check of its content (``screening``), and a posting that was rejected before is always reviewed.
    """
    if not policy_for(job.market_id).auto_publish_enabled:
        return [_("本市场未开启先发布后复核")]
    reasons = auto_publish_blockers(job.enterprise)
    if job.status != JobStatus.DRAFT:
        reasons.append(_("曾被退回的岗位需重新审核"))
    # Publishing before review is for content with no finding at all; a medium score on this path is
    # reviewed before publication (stricter than publishing it with a flag).
    reasons.extend(screen_job(job).messages)
    return reasons


def _hold(actor: User, job: JobPosting, reasons: list[str], *, reported: bool = False) -> None:
    """High risk: the posting waits for staff review (again, if it was open), the employer is told why."""
    was_open = job.status == JobStatus.OPEN
    _job_transition(job, JobStatus.PENDING_REVIEW)
    job.submitted_at = timezone.now()
    job.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(
        action="job.held", obj=job, actor=actor, data={"score": job.risk_score, "reported": reported}
    )
    _notify_employer(
        job,
        "job_held",
        _("岗位待审核"),
        _("“%(title)s”待审核：%(reasons)s") % {"title": job.title, "reasons": "；".join(reasons)},
        url=links.job_edit_url(job.pk),
        link_text=_("查看或修改岗位"),
    )
    if was_open:
        _publish_job(job, "close")  # off the live lists until a reviewer approves it again


def _flag_for_post_review(actor: User, job: JobPosting, reasons: list[str]) -> None:
    """Medium risk on a live posting: it stays published and goes in front of staff (事后复核, flagged)."""
    if job.post_review_status == PostReviewStatus.PENDING:
        return  # already waiting: staff will see the new findings
    POST_REVIEW_LIFECYCLE.assign(job, PostReviewStatus.PENDING)
    job.submitted_at = timezone.now()
    job.save(update_fields=["post_review_status", "submitted_at", "updated_at"])
    audit.record(
        action="job.post_review_flagged",
        obj=job,
        actor=actor,
        data={"score": job.risk_score, "risks": reasons},
    )


def _publish_before_review(actor: User, job: JobPosting) -> None:
    """A clean employer's low-risk posting opens now and waits in the post-publication queue."""
    _job_transition(job, JobStatus.OPEN)
    POST_REVIEW_LIFECYCLE.assign(job, PostReviewStatus.PENDING)
    job.published_at = job.submitted_at
    job.save(update_fields=["status", "post_review_status", "submitted_at", "published_at", "updated_at"])
    audit.record(action="job.published", obj=job, actor=actor, data={"by": "auto", "post_review": True})
    hours = review_sla(policy_for(job.market_id), urgent=job.is_urgent).total_seconds() // 3600
    _notify_employer(
        job,
        "job_published",
        _("岗位已发布"),
        _("“%(title)s”已直接发布，求职者现在可以报名；市场工作人员将在%(hours)d小时内复核。")
        % {"title": job.title, "hours": hours},
    )
    _publish_job(job, "open")


@transaction.atomic
def submit_job(*, actor: User, job_id: int) -> JobPosting:
    job = _lock_job_for_manager(actor, job_id)
    if job.status not in (JobStatus.DRAFT, JobStatus.REJECTED):
        raise ConflictError(JOB_LIFECYCLE.refusal(job.status), code="invalid_transition")
    if not job.enterprise.is_verified:
        raise ConflictError(_("单位认证通过后才能发布岗位。"), code="enterprise_not_verified")
    _submit(actor, job)
    return job


def _lock_for_review(actor: User, job_id: int, *, approving: bool = False) -> JobPosting:
    """The posting, locked, for a reviewer whose scope holds its employer (centre staff: their centre's
    stations; market admins: the market). 404 outside the scope; a reviewer other than a market admin may
    not approve or confirm a posting they created themselves (four eyes)."""
    require_role(actor, Role.MARKET_ADMIN, Role.CENTRE_STAFF)
    job = (
        JobPosting.objects.select_for_update(of=("self",))  # PostgreSQL: no lock across the nullable join
        .select_related("enterprise__station")
        .filter(pk=job_id, market_id=market_id_of(actor))
        .first()
    )
    if job is None or not staff_can_act_for_enterprise(actor, job.enterprise):
        raise NotFoundError(_("岗位不存在"))
    if approving and job.created_by_id == actor.pk and actor.role != Role.MARKET_ADMIN:
        raise PermissionDeniedError(_("不能审核自己发布的岗位，请由其他工作人员审核。"), code="own_posting")
    return job


@transaction.atomic
def approve_job(*, actor: User, job_id: int) -> JobPosting:
    job = _lock_for_review(actor, job_id, approving=True)
    if job.status != JobStatus.PENDING_REVIEW:
        # (draft -> open) is only for staff posting themselves; review never publishes an unsubmitted
        # draft (which may belong to an enterprise that is not verified yet).
        raise ConflictError(
            _("岗位当前状态为“%(status)s”，不能进行此操作。") % {"status": JobStatus(job.status).label},
            code="invalid_transition",
        )
    _assert_can_post(job.enterprise)
    _job_transition(job, JobStatus.OPEN)
    job.published_at = timezone.now()
    job.reviewed_by = actor
    job.review_note = ""
    job.save(update_fields=["status", "published_at", "reviewed_by", "review_note"])
    audit.record(action="job.approved", obj=job, actor=actor)
    screening.record_decision(job, actor=actor, approved=True)
    _notify_employer(
        job,
        "job_approved",
        _("岗位已通过审核"),
        _("“%(title)s”已发布，求职者现在可以报名。") % {"title": job.title},
    )
    _publish_job(job, "open")
    return job


@transaction.atomic
def reject_job(*, actor: User, job_id: int, reason: str) -> JobPosting:
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 200:
        raise InvalidInput(_("请填写2至200字的审核意见"), errors={"reason": [_("必填")]})
    job = _lock_for_review(actor, job_id)
    if job.status != JobStatus.PENDING_REVIEW:
        # A live posting is taken down through its post-publication check (take_down_job).
        raise ConflictError(JOB_LIFECYCLE.refusal(job.status), code="invalid_transition")
    _job_transition(job, JobStatus.REJECTED)
    job.review_note = reason
    job.reviewed_by = actor
    job.rejected_at = timezone.now()
    job.save(update_fields=["status", "review_note", "reviewed_by", "rejected_at", "updated_at"])
    audit.record(action="job.rejected", obj=job, actor=actor, data={"reason": reason})
    screening.record_decision(job, actor=actor, approved=False)
    _notify_employer(
        job,
        "job_rejected",
        _("岗位未通过审核"),
        reason,
        url=links.job_edit_url(job.pk),
        link_text=_("修改后重新提交"),
    )
    return job


@transaction.atomic
def confirm_post_review(*, actor: User, job_id: int) -> JobPosting:
    """Staff checked a posting that opened without review and it may stay."""
    job = _lock_for_review(actor, job_id, approving=True)
    job.reviewed_by = actor
    POST_REVIEW_LIFECYCLE.advance(
        job,
        PostReviewStatus.CONFIRMED,
        actor=actor,
        action="job.post_review_confirmed",
        fields=["reviewed_by"],
    )
    screening.record_decision(job, actor=actor, approved=True)
    return job


@transaction.atomic
def take_down_job(*, actor: User, job_id: int, reason: str) -> JobPosting:
    """Staff take down a posting that opened without review: it stops recruiting, waiting applicants are
    told, and the employer gets the reason and may correct it and submit it again. Workers already hired
    keep their engagements; staff handle those on the engagement pages."""
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 200:
        raise InvalidInput(_("请填写2至200字的下架原因"), errors={"reason": [_("必填")]})
    job = _lock_for_review(actor, job_id)
    POST_REVIEW_LIFECYCLE.guard(job, PostReviewStatus.TAKEN_DOWN)
    _job_transition(job, JobStatus.REJECTED)
    POST_REVIEW_LIFECYCLE.assign(job, PostReviewStatus.TAKEN_DOWN)
    job.review_note = reason
    job.reviewed_by = actor
    job.rejected_at = timezone.now()
    job.save(
        update_fields=[
            "status", "post_review_status", "review_note", "reviewed_by", "rejected_at", "updated_at"
        ]
    )  # fmt: skip
    _end_active_applications(job, str(_("岗位已被零工市场下架")))
    hired = job.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    audit.record(action="job.taken_down", obj=job, actor=actor, data={"reason": reason, "hired": hired})
    screening.record_decision(job, actor=actor, approved=False)
    _notify_employer(
        job,
        "job_taken_down",
        _("岗位已被下架"),
        _("“%(title)s”经零工市场复核已下架：%(reason)s。修改后可重新提交审核。")
        % {"title": job.title, "reason": reason},
    )
    _publish_job(job, "close")
    return job


EDITABLE_STATUSES = {
    JobStatus.DRAFT,
    JobStatus.PENDING_REVIEW,
    JobStatus.REJECTED,
    JobStatus.OPEN,
    JobStatus.FILLED,
}


@transaction.atomic
def update_job(*, actor: User, job_id: int, data: JobInput) -> JobPosting:
    job = _lock_job_for_manager(actor, job_id)
    if job.status not in EDITABLE_STATUSES:
        raise ConflictError(_("该岗位已结束，不能再修改。"), code="invalid_transition")
    clean = _clean_job(
        data, today=timezone.localdate(), is_new=job.status == JobStatus.DRAFT, market_id=job.market_id
    )
    accepted = job.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    if clean["headcount"] < accepted:
        raise InvalidInput(
            _("已有%(n)d人接受录用，招聘人数不能少于该数。") % {"n": accepted},
            errors={"headcount": [_("不能少于已录用人数")]},
        )
    _apply_clean(job, clean)
    if job.status == JobStatus.FILLED and accepted < job.headcount:
        _job_transition(job, JobStatus.OPEN)  # more places were added
    elif job.status == JobStatus.OPEN and accepted >= job.headcount:
        _job_transition(job, JobStatus.FILLED)
    job.save()
    job.occupations.set(clean["occupations"])
    job.certificates_required.set(clean["certificates"])
    audit.record(action="job.updated", obj=job, actor=actor)
    if job.status != JobStatus.DRAFT:
        # Everyone's edit is screened again (staff edit as the employer does): a high score holds an open
        # posting for review, a medium one puts it in the post-publication check.
        _screen_change(actor, job, trigger="edited")
    _publish_job(job, "update")
    return job


def _screen_change(actor: User, job: JobPosting, *, trigger: str) -> None:
    """Screen a submitted posting again after an edit or a report: a high score holds an open posting
    for review again; a medium one (or a high one on a filled posting) puts it in the post-publication
    queue. A posting waiting for review keeps waiting, with the new reasons shown."""
    screened = screening.record_screening(job, trigger=trigger)
    if screened.level == RiskLevel.LOW or job.status not in POST_REVIEW_LIVE:
        return
    if screened.level == RiskLevel.HOLD and job.status == JobStatus.OPEN:
        _hold(actor, job, screened.messages, reported=trigger == "reported")
        return
    _flag_for_post_review(actor, job, screened.messages)


# --- Reports (举报) -------------------------------------------------------------------------------------


@transaction.atomic
def report_job(*, actor: User, job_id: int, reason: str, text: str = "") -> JobReport:
    """A signed-in user reports a posting they can see (one report each). The posting is screened again:
    reports from several people raise its score and can hold it for review."""
    reason = (reason or "").strip()
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if reason not in ReportReason.values:
        errors["reason"] = [_("请选择举报原因")]
    if len(text) > 500:
        errors["text"] = [_("补充说明不能超过500字")]
    if reason == ReportReason.OTHER and len(text) < 2:
        errors["text"] = [_("选择“其他”时请写明原因")]
    if errors:
        raise InvalidInput(_("举报内容填写有误"), errors=errors)
    job = JobPosting.objects.select_for_update().filter(pk=job_id, status__in=POST_REVIEW_LIVE).first()
    if job is None:
        raise NotFoundError(_("岗位不存在"))
    own = enterprise_of(actor)
    if own is not None and own.pk == job.enterprise_id:
        raise ConflictError(_("不能举报本单位的岗位"), code="own_job")
    if JobReport.objects.filter(job=job, reporter=actor).exists():
        raise ConflictError(_("您已举报过该岗位，工作人员会尽快核实。"), code="already_reported")
    report = JobReport.objects.create(job=job, reporter=actor, reason=reason, text=text)
    audit.record(action="job.reported", obj=job, actor=actor, data={"reason": reason})
    _screen_change(actor, job, trigger="reported")
    return report


def _end_active_applications(job: JobPosting, reason: str) -> None:
    for application in job.applications.select_for_update().filter(status__in=ACTIVE_APPLICATION_STATUSES):
        _application_transition(application, ApplicationStatus.REJECTED)
        application.reason = reason
        application.rejected_at = timezone.now()
        application.save(update_fields=["status", "reason", "rejected_at", "updated_at"])
        notify(
            user=application.worker.user,
            kind="job_closed",
            title=_("您报名的岗位已停止招聘"),
            body=f"{job.title}：{reason}",
            url=links.job_list_url(),
            link_text=_("看看其他岗位"),
            sms=False,
        )


@transaction.atomic
def close_job(*, actor: User, job_id: int) -> JobPosting:
    job = _lock_job_for_manager(actor, job_id)
    if job.status in {JobStatus.DRAFT, JobStatus.PENDING_REVIEW, JobStatus.REJECTED}:
        _job_transition(job, JobStatus.CANCELLED)
    else:
        _job_transition(job, JobStatus.CLOSED)
    job.closed_at = timezone.now()
    job.save(update_fields=["status", "closed_at"])
    _end_active_applications(job, str(_("用工单位已关闭该岗位")))
    audit.record(action=f"job.{job.status}", obj=job, actor=actor)
    _publish_job(job, "close")
    return job


def expire_jobs(*, today: dt.date | None = None) -> int:
    """Periodic: open or filled postings whose end date has passed become expired."""
    today = today or timezone.localdate()
    count = 0
    ids = list(
        JobPosting.objects.filter(
            status__in=[JobStatus.OPEN, JobStatus.FILLED], end_date__lt=today
        ).values_list("pk", flat=True)
    )
    for job_id in ids:
        with transaction.atomic():
            job = JobPosting.objects.select_for_update().get(pk=job_id)
            if job.status not in {JobStatus.OPEN, JobStatus.FILLED} or job.end_date >= today:
                continue
            _job_transition(job, JobStatus.EXPIRED)
            job.closed_at = timezone.now()
            job.save(update_fields=["status", "closed_at"])
            _end_active_applications(job, str(_("岗位已过期")))
            audit.record(action="job.expired", obj=job)
            count += 1
    return count


# --- Applications ---------------------------------------------------------------------------------


def _worker_of(actor: User) -> WorkerProfile:
    require_role(actor, Role.WORKER)
    profile = WorkerProfile.objects.filter(user=actor).first()
    if profile is None:
        raise ConflictError(_("请先完善求职资料。"), code="profile_incomplete")
    return profile


def missing_certificates(worker: WorkerProfile, job: JobPosting) -> list[CertificateType]:
    """Certificates the job requires that the worker does not hold verified and valid on the start date."""
    required = list(job.certificates_required.all())
    if not required:
        return []
    held = {
        c.certificate_type_id
        for c in worker.certificates.all()
        if c.is_valid_on(max(job.start_date, timezone.localdate()))
    }
    return [c for c in required if c.code not in held]


@transaction.atomic
def apply(*, actor: User, job_id: int, message: str = "") -> Application:
    return _apply_for(_worker_of(actor), actor=actor, job_id=job_id, message=message)


CONSENT_SMS = "sms_code"  # workers.models.ConsentChannel values: the worker told staff the code sent
CONSENT_PAPER = "paper"  # or signed a paper form / gave consent in person, which staff note down


@transaction.atomic
def apply_on_behalf(
    *,
    actor: User,
    worker_id: int,
    job_id: int,
    consent_channel: str,
    otp_code: str = "",
    consent_note: str = "",
) -> Application:
    """Station staff apply for a worker in their scope who asked them to (assisted use, 适老化): the
    worker's consent is the code sent to their phone (purpose "代登记授权") or a signed paper form /
    consent in person with the staff member's note. The application is the worker's own, as if they had
    tapped 报名; the audit entry names the staff member and the consent."""
    require_staff(actor)
    worker = (
        WorkerProfile.objects.select_for_update(of=("self",))
        .select_related("user", "station")
        .filter(pk=worker_id)
        .first()
    )
    if (
        worker is None
        or worker.market_id != actor.market_id
        or not staff_can_see_station(actor, worker.station)
    ):
        raise NotFoundError(_("求职者不存在或不在您的服务范围内"))
    note = consent_note.strip()
    if consent_channel == CONSENT_SMS:
        if not otp_code.strip():
            raise InvalidInput(_("请填写求职者手机收到的验证码"), errors={"otp_code": [_("请填写验证码")]})
        try:
            verify_otp(phone=worker.user.phone, code=otp_code.strip(), purpose=OtpPurpose.CONSENT)
        except InvalidInput as exc:
            raise InvalidInput(exc.message, errors={"otp_code": [exc.message]}) from exc
    elif consent_channel == CONSENT_PAPER:
        if not 4 <= len(note) <= 200:
            raise InvalidInput(
                _("请记录求职者的授权情况（4至200字，如纸质授权书编号或当面同意的经过）"),
                errors={"consent_note": [_("请填写4至200字的授权说明")]},
            )
    else:
        raise InvalidInput(_("请选择求职者的授权方式"), errors={"consent_channel": [_("请选择授权方式")]})
    application = _apply_for(worker, actor=actor, job_id=job_id, message="")
    audit.record(
        action="application.applied_on_behalf",
        obj=application,
        actor=actor,
        data={"job": job_id, "worker": worker.pk, "consent": consent_channel, "note": note[:200]},
    )
    _notify_worker(
        application,
        "applied_on_behalf",
        _("驿站已为您报名"),
        _("驿站工作人员按您的意愿为您报名了“%(title)s”。") % {"title": application.job.title},
    )
    return application


def _apply_for(worker: WorkerProfile, *, actor: User, job_id: int, message: str) -> Application:
    if not worker.real_name or not worker.id_number:
        raise ConflictError(_("报名前请先填写姓名和身份证号码。"), code="profile_incomplete")
    if len(message) > 200:
        raise InvalidInput(_("留言不能超过200字"), errors={"message": [_("留言过长")]})
    job = (
        JobPosting.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        raise NotFoundError(_("岗位不存在"))
    if job.status != JobStatus.OPEN:
        raise ConflictError(_("该岗位当前不接受报名。"), code="job_not_open")
    missing = missing_certificates(worker, job)
    if missing:
        names = "、".join(c.name for c in missing)
        raise ConflictError(
            _("该岗位要求持有经核验且在有效期内的%(names)s，请先到驿站核验证书。") % {"names": names},
            code="certificate_required",
        )
    application = Application.objects.select_for_update().filter(job=job, worker=worker).first()
    if application is None:
        application = Application.objects.create(job=job, worker=worker, message=message.strip())
    else:
        _application_transition(application, ApplicationStatus.APPLIED)
        application.message = message.strip()
        application.applied_at = timezone.now()
        application.withdrawn_at = None
        application.save()
    audit.record(action="application.applied", obj=application, actor=actor, data={"job": job.pk})
    _notify_employer(
        job,
        "application_received",
        _("收到新的报名"),
        _("%(name)s 报名了“%(title)s”") % {"name": worker.masked_name, "title": job.title},
    )
    return application


def _lock_application_for_manager(actor: User, application_id: int) -> tuple[JobPosting, Application]:
    job, application = _lock_application(application_id)
    require_manager(actor, job, _("您没有权限处理该报名。"))
    return job, application


def _lock_application_for_worker(actor: User, application_id: int) -> tuple[JobPosting, Application]:
    require_role(actor, Role.WORKER)
    job, application = _lock_application(application_id)
    if application.worker.user_id != actor.pk:
        raise PermissionDeniedError(_("这不是您的报名。"))
    return job, application


def _notify_worker(
    application: Application, kind: str, title: str, body: str, *, url: str = "", link_text: str = ""
) -> None:
    """The applicant; the link is their application on "my applications" unless ``url`` says."""
    notify(
        user=application.worker.user,
        kind=kind,
        title=title,
        body=body,
        url=url or links.my_application_url(application.pk),
        link_text=link_text or _("查看我的报名"),
    )


@transaction.atomic
def shortlist(*, actor: User, application_id: int) -> Application:
    job, application = _lock_application_for_manager(actor, application_id)
    _application_transition(application, ApplicationStatus.SHORTLISTED)
    application.shortlisted_at = timezone.now()
    application.save(update_fields=["status", "shortlisted_at", "updated_at"])
    audit.record(action="application.shortlisted", obj=application, actor=actor)
    _notify_worker(
        application,
        "shortlisted",
        _("您已入围"),
        _("“%(title)s”的用工单位已将您列入候选。") % {"title": job.title},
    )
    return application


@transaction.atomic
def offer(*, actor: User, application_id: int) -> Application:
    job, application = _lock_application_for_manager(actor, application_id)
    if job.status != JobStatus.OPEN:
        raise ConflictError(_("岗位不在招聘中，不能发出录用。"), code="job_not_open")
    _application_transition(application, ApplicationStatus.OFFERED)
    application.offered_at = timezone.now()
    application.save(update_fields=["status", "offered_at", "updated_at"])
    audit.record(action="application.offered", obj=application, actor=actor)
    _notify_worker(
        application,
        "offer_made",
        _("您收到了录用通知"),
        _("“%(title)s”向您发出录用，请尽快确认。") % {"title": job.title},
        link_text=_("查看录用并确认"),
    )
    return application


@transaction.atomic
def reject_application(*, actor: User, application_id: int, reason: str = "") -> Application:
    job, application = _lock_application_for_manager(actor, application_id)
    _application_transition(application, ApplicationStatus.REJECTED)
    application.reason = (reason or "").strip()[:200]
    application.rejected_at = timezone.now()
    application.save(update_fields=["status", "reason", "rejected_at", "updated_at"])
    audit.record(
        action="application.rejected", obj=application, actor=actor, data={"reason": application.reason}
    )
    _notify_worker(
        application,
        "application_rejected",
        _("很遗憾，本次未被录用"),
        _("“%(title)s”本次未录用您，平台会继续为您推荐合适的岗位。") % {"title": job.title},
        url=links.job_list_url(),
        link_text=_("看看其他岗位"),
    )
    return application


@transaction.atomic
def accept_offer(*, actor: User, application_id: int) -> Application:
    """The worker accepts. The job row lock makes the headcount check safe under concurrency.

    Called by ``workflow.chain.accept_offer``, which creates the engagement in the same transaction.
    """
    job, application = _lock_application_for_worker(actor, application_id)
    if application.status != ApplicationStatus.OFFERED:
        _application_transition(application, ApplicationStatus.ACCEPTED)  # raises with a clear message
    if job.status != JobStatus.OPEN:
        raise ConflictError(_("很抱歉，该岗位已招满或已停止招聘。"), code="no_places_left")
    accepted = job.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    if accepted >= job.headcount:
        raise ConflictError(_("很抱歉，该岗位已招满。"), code="no_places_left")
    _application_transition(application, ApplicationStatus.ACCEPTED)
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    audit.record(action="application.accepted", obj=application, actor=actor)
    if accepted + 1 >= job.headcount:
        _job_transition(job, JobStatus.FILLED)
        job.save(update_fields=["status"])
        audit.record(action="job.filled", obj=job, actor=actor)
        _publish_job(job, "filled")
    _notify_employer(
        job,
        "offer_accepted",
        _("求职者已接受录用"),
        _("%(name)s 已接受“%(title)s”的录用（%(n)d/%(total)d）。")
        % {
            "name": application.worker.masked_name,
            "title": job.title,
            "n": accepted + 1,
            "total": job.headcount,
        },
    )
    # The orchestrator (workflow.chain.accept_offer) turns it into an engagement in this transaction.
    return application


@transaction.atomic
def decline_offer(*, actor: User, application_id: int, reason: str = "") -> Application:
    job, application = _lock_application_for_worker(actor, application_id)
    _application_transition(application, ApplicationStatus.DECLINED)
    application.reason = (reason or "").strip()[:200]
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "reason", "decided_at", "updated_at"])
    audit.record(action="application.declined", obj=application, actor=actor)
    _notify_employer(
        job,
        "offer_declined",
        _("求职者婉拒了录用"),
        _("%(name)s 婉拒了“%(title)s”的录用。")
        % {"name": application.worker.masked_name, "title": job.title},
    )
    return application


@transaction.atomic
def withdraw(*, actor: User, application_id: int) -> Application:
    _job, application = _lock_application_for_worker(actor, application_id)
    _application_transition(application, ApplicationStatus.WITHDRAWN)
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit.record(action="application.withdrawn", obj=application, actor=actor)
    return application


# --- Steps the orchestrator takes when an engagement ends ----------------------------------------------


def release_place(*, application_id: int, actor: User | None) -> None:
    """An accepted worker's engagement was cancelled: the place is free, the posting reopens if it was full.

    Called by the orchestrator inside the engagement's transaction, which already holds the job lock.
    """
    job, application = _lock_application(application_id)
    _application_transition(application, ApplicationStatus.CANCELLED)
    application.save(update_fields=["status", "updated_at"])
    audit.record(action="application.cancelled", obj=application, actor=actor)
    if job.status == JobStatus.FILLED and job.source_channel == SourceChannel.HOUSEKEEPING:
        # A housekeeping booking's one-place posting never goes on the board: it closes (the booking
        # goes back to dispatch on its own side).
        _job_transition(job, JobStatus.CLOSED)
        job.closed_at = timezone.now()
        job.save(update_fields=["status", "closed_at"])
        audit.record(action="job.closed", obj=job, actor=actor, data={"application": application.pk})
        _publish_job(job, "closed")
    elif job.status == JobStatus.FILLED and job.end_date >= timezone.localdate():
        _job_transition(job, JobStatus.OPEN)
        job.save(update_fields=["status"])
        audit.record(action="job.reopened", obj=job, actor=actor, data={"application": application.pk})
        _publish_job(job, "reopened")


def _replacement_candidates(job: JobPosting, exclude_worker_ids: set[int]) -> list[int]:
    """Waiting applicants first (they asked for this job), then the matching engine's best candidates."""
    waiting = list(
        job.applications.filter(status__in=[ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED])
        .exclude(worker_id__in=exclude_worker_ids)
        .order_by("-status", "applied_at")  # shortlisted before applied, then first come
        .values_list("worker_id", flat=True)
    )
    if waiting:
        return waiting
    try:
        ranked = candidates_for(job, limit=10, radius_km=30)
    except Exception:  # the replacement is a courtesy; a matching failure must not undo the no-show
        logger.exception("Matching failed while looking for a replacement for job %s", job.pk)
        return []
    return [c["worker_id"] for c in ranked if c["worker_id"] not in exclude_worker_ids]


def offer_replacement(
    *, job_id: int, exclude_worker_ids: set[int], engagement_id: int | None = None
) -> Application | None:
    """After a no-show, offer the freed place to the next best candidate (the employer chose auto-replace).

    The offer is made by the system on the employer's behalf; the worker still accepts or declines it.
    """
    job = JobPosting.objects.select_for_update().get(pk=job_id)
    if job.status != JobStatus.OPEN:
        return None
    for worker_id in _replacement_candidates(job, exclude_worker_ids):
        application = Application.objects.select_for_update().filter(job=job, worker_id=worker_id).first()
        now = timezone.now()
        created = application is None
        if application is None:
            application = Application.objects.create(
                job=job,
                worker_id=worker_id,
                status=ApplicationStatus.OFFERED,
                offered_at=now,
                message=str(_("缺勤自动补位")),
            )
        elif application.status in (ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED):
            _application_transition(application, ApplicationStatus.OFFERED)
            application.offered_at = now
            application.save(update_fields=["status", "offered_at", "updated_at"])
        else:
            continue
        audit.record(
            action="application.replacement_offered",
            obj=application,
            actor=None,
            market=job.market_id,
            data={"engagement_id": engagement_id, "job": job.pk, "worker": worker_id, "created": created},
        )
        _notify_worker(
            Application.objects.select_related("worker__user", "job").get(pk=application.pk),
            "offer_made",
            _("您收到一份补位录用"),
            _("“%(title)s”有空缺，向您发出录用，请尽快确认。") % {"title": job.title},
            link_text=_("查看录用并确认"),
        )
        _notify_employer(
            job,
            "replacement_offered",
            _("已自动发出补位录用"),
            _("已向 %(name)s 发出“%(title)s”的补位录用。")
            % {"name": application.worker.masked_name, "title": job.title},
        )
        return application
    _notify_employer(
        job,
        "replacement_none",
        _("暂无合适的补位人选"),
        _("“%(title)s”暂时没有合适的补位人选，岗位已重新开放报名。") % {"title": job.title},
    )
    return None


# --- Offers made by the system on the employer's behalf (quick-recruit campaigns) ----------------------


def offer_on_behalf(*, job_id: int, worker_id: int, note: str, url: str = "") -> Application:
    """Offer a place to a worker without a manager: a quick-recruit campaign (recruit) made it under the
    employer's standing instruction (auto-offer). The caller holds the job lock; the worker still
    accepts or declines. A worker whose application ended another way (declined, rejected) is refused."""
    job = JobPosting.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=job_id)
    if job.status != JobStatus.OPEN:
        raise ConflictError(_("岗位不在招聘中，不能发出录用。"), code="job_not_open")
    application = Application.objects.select_for_update().filter(job=job, worker_id=worker_id).first()
    now = timezone.now()
    created = application is None
    if application is None:
        application = Application.objects.create(
            job=job, worker_id=worker_id, status=ApplicationStatus.OFFERED, offered_at=now, message=note[:200]
        )
    else:
        if application.status == ApplicationStatus.WITHDRAWN:
            _application_transition(application, ApplicationStatus.APPLIED)
        if application.status != ApplicationStatus.OFFERED:
            _application_transition(application, ApplicationStatus.OFFERED)
        application.offered_at = now
        application.save(update_fields=["status", "offered_at", "updated_at"])
    audit.record(
        action="application.offered_on_behalf",
        obj=application,
        actor=None,
        market=job.market_id,  # no actor and an application carries no market: name the chain
        # "created": the answer was also the worker's application (the live figures count it as one).
        data={"job": job.pk, "worker": worker_id, "note": note[:200], "created": created},
    )
    _notify_worker(
        Application.objects.select_related("worker__user").get(pk=application.pk),
        "offer_made",
        _("您收到了录用通知"),
        _("“%(title)s”向您发出录用，请尽快确认。") % {"title": job.title},
        url=url,
        link_text=_("查看录用并确认"),
    )
    return application


def lapse_offer(*, application_id: int, reason: str) -> Application | None:
    """An offer made on the employer's behalf was not answered in time: it is withdrawn (rejected with the
    reason) and the worker is told. None when it is no longer an open offer."""
    job, application = _lock_application(application_id)
    if application.status != ApplicationStatus.OFFERED:
        return None
    _application_transition(application, ApplicationStatus.REJECTED)
    application.reason = reason[:200]
    application.rejected_at = timezone.now()
    application.save(update_fields=["status", "reason", "rejected_at", "updated_at"])
    audit.record(action="application.offer_lapsed", obj=application, actor=None, data={"reason": reason})
    _notify_worker(
        application,
        "offer_lapsed",
        _("录用已失效"),
        _("“%(title)s”的录用未在时限内确认，已失效。") % {"title": job.title},
        url=links.job_list_url(),
        link_text=_("看看其他岗位"),
    )
    return application


@dataclass
class DirectHire:
    """A one-place posting made for a worker already chosen (a housekeeping booking a worker took)."""

    enterprise: Enterprise
    worker: WorkerProfile
    title: str
    description: str
    occupation: Occupation
    certificates: Sequence[CertificateType]
    address: str
    division: Division
    lat: float
    lon: float
    pay_amount: Decimal
    pay_unit: str
    start_date: dt.date
    end_date: dt.date
    daily_start_time: dt.time
    daily_end_time: dt.time
    daily_hours: Decimal
    source_channel: str
    insurance_required: bool = True
    settlement_cycle: str = SettlementCycle.ON_COMPLETION


def create_direct_hire(*, actor: User | None, data: DirectHire) -> Application:
    """Create the posting already filled by its one accepted worker (no board, no review, no matching).

    The caller (housekeeping's orchestrator) holds the locks of what it hires for and opens the
    engagement in the same transaction; the posting is created FILLED so it is never listed as open.
    """
    job = JobPosting.objects.create(
        market_id=data.enterprise.market_id,
        enterprise=data.enterprise,
        station=data.enterprise.station,
        created_by=actor,
        title=data.title[:60],
        description=data.description[:2000],
        headcount=1,
        address=data.address,
        division=data.division,
        lat=data.lat,
        lon=data.lon,
        pay_amount=data.pay_amount,
        pay_unit=data.pay_unit,
        start_date=data.start_date,
        end_date=data.end_date,
        daily_start_time=data.daily_start_time,
        daily_end_time=data.daily_end_time,
        daily_hours=data.daily_hours,
        settlement_cycle=data.settlement_cycle,
        insurance_required=data.insurance_required,
        source_channel=data.source_channel,
        status=JobStatus.FILLED,
    )
    job.occupations.set([data.occupation])
    job.certificates_required.set(list(data.certificates))
    now = timezone.now()
    application = Application.objects.create(
        job=job, worker=data.worker, status=ApplicationStatus.ACCEPTED, offered_at=now, decided_at=now
    )
    audit.record(action="job.direct_hire", obj=job, actor=actor, data={"channel": data.source_channel})
    audit.record(action="application.accepted", obj=application, actor=actor, data={"direct": True})
    return application
