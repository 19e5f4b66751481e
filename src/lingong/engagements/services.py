"""Engagement lifecycle and attendance: one function per transition (pretix-style).

Lock order: job, then application, then engagement, then shift, so two transitions never deadlock.
Every transition appends an audit entry whose data carries ``engagement_id`` (the timeline reads it) and
publishes an ``engagement`` event to both parties after commit.

This app is the engagement record. What happens around it in other apps (the contract, the cover, the
freed place on the job, the replacement, settlement and ratings) is driven from above by
``lingong.workflow.chain``; functions here return what the orchestrator needs to know instead of
calling up. Reputation caches listen to ``engagements.signals.reliability_changed``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.audit.lifecycle import Lifecycle
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.geo import haversine_km
from lingong.core.worktime import daily_hours_problem
from lingong.engagements import links, signals, site_codes
from lingong.engagements.access import access_engagement_for, employer_users, lock_engagement, lock_for
from lingong.engagements.attendance import (
    CheckOutPreview,
    ShortCheckOut,
    check_site_code,
    paid_time_of,
    preview_check_out,
)
from lingong.engagements.models import (
    AttendanceCase,
    CancelReason,
    CaseStatus,
    CheckMethod,
    Confirmation,
    Engagement,
    EngagementStatus,
    Party,
    ReviewStatus,
    Shift,
    ShiftStatus,
)
from lingong.engagements.trail import event, publish, record
from lingong.jobs.models import Application, JobPosting, SettlementCycle
from lingong.notifications.services import notify
from lingong.org.policy import per_market_before, policy_for
from lingong.taxonomy.models import PayUnit
from lingong.workers.services import parse_pay

logger = logging.getLogger("lingong.engagements")

S = EngagementStatus
ENGAGEMENT_LIFECYCLE = Lifecycle.of(
    "engagement",
    [
        (S.CONTRACT_PENDING, S.SIGNED),
        (S.SIGNED, S.INSURED),
        (S.SIGNED, S.IN_PROGRESS),  # only when no insurance is required
        (S.INSURED, S.IN_PROGRESS),
        # New terms before work starts: a new contract version that both sides sign again.
        (S.SIGNED, S.CONTRACT_PENDING),
        (S.INSURED, S.CONTRACT_PENDING),
        (S.IN_PROGRESS, S.COMPLETED),
        (S.COMPLETED, S.SETTLED),
        (S.SETTLED, S.RATED),
        (S.CONTRACT_PENDING, S.CANCELLED),
        (S.SIGNED, S.CANCELLED),
        (S.INSURED, S.CANCELLED),
        (S.IN_PROGRESS, S.CANCELLED),  # only while no shift has been worked
    ],
    choices=EngagementStatus,
    subject="用工单",
)

SS = ShiftStatus
SHIFT_LIFECYCLE = Lifecycle.of(
    "shift",
    [
        (SS.SCHEDULED, SS.CHECKED_IN),
        (SS.CHECKED_IN, SS.CHECKED_OUT),
        (SS.SCHEDULED, SS.NO_SHOW),
        (SS.SCHEDULED, SS.CANCELLED),  # dropped, lapsed, or the engagement ended before it
        # Staff rejected a flagged check: the attendance did not count (not paid, a no-show).
        (SS.CHECKED_IN, SS.NO_SHOW),
        (SS.CHECKED_OUT, SS.NO_SHOW),
    ],
    choices=ShiftStatus,
    subject="班次",
)
CONFIRMATION_LIFECYCLE = Lifecycle.of(
    "shift_confirmation",
    [
        (Confirmation.PENDING, Confirmation.CONFIRMED),
        (Confirmation.PENDING, Confirmation.DISPUTED),
        (Confirmation.DISPUTED, Confirmation.CONFIRMED),  # staff decided the case
    ],
    choices=Confirmation,
    status_field="confirmation",
    subject="班次确认",
)
REVIEW_LIFECYCLE = Lifecycle.of(
    "shift_review",
    [
        (ReviewStatus.NONE, ReviewStatus.PENDING),
        (ReviewStatus.PENDING, ReviewStatus.CLEARED),
        (ReviewStatus.PENDING, ReviewStatus.REJECTED),
    ],
    choices=ReviewStatus,
    status_field="review_status",
    subject="考勤复核",
)
CASE_LIFECYCLE = Lifecycle.of(
    "attendance_case", [(CaseStatus.OPEN, CaseStatus.RESOLVED)], choices=CaseStatus, subject="考勤异议"
)

# Check-in opens this long before a shift starts (people arrive early at a loading yard).
CHECK_IN_OPENS_BEFORE = dt.timedelta(hours=2)
DEFAULT_START = dt.time(8, 0)


def _advance_engagement(
    engagement: Engagement,
    to: str,
    actor: User | None,
    *,
    action: str | None = None,
    op: str | None = None,
    stamp: str | None = None,
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
    quiet: bool = False,
) -> str:
    """Every engagement status change: guard, save, audit (with ``engagement_id``), event after commit.

    ``quiet`` leaves the event to the caller, whose own event covers the step (check-in starts work).
    """
    groups, payload = event(engagement, op or to)
    payload["status"] = str(to)  # the event carries the state the engagement moves to
    return ENGAGEMENT_LIFECYCLE.advance(
        engagement,
        to,
        actor=actor,
        action=action,
        data={"engagement_id": engagement.pk, **(data or {})},
        stamp=stamp,
        fields=fields,
        events=[] if quiet else [(groups, payload)],
    )


def _advance_shift(
    engagement: Engagement,
    shift: Shift,
    to: str,
    actor: User | None,
    *,
    action: str,
    stamp: str | None = None,
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
) -> None:
    SHIFT_LIFECYCLE.advance(
        shift,
        to,
        actor=actor,
        action=action,
        market=engagement.market_id,
        data={"engagement_id": engagement.pk, **(data or {})},
        stamp=stamp,
        fields=fields,
    )


def _reliability_changed(engagement: Engagement, *, worker: bool = False, employer: bool = False) -> None:
    """Shows, no-shows, late cancellations and disputes feed the reputation caches (ratings listens)."""
    worker_id = engagement.worker_id if worker else None
    enterprise_id = engagement.enterprise_id if employer else None
    transaction.on_commit(
        lambda: signals.reliability_changed.send(
            sender=Engagement, worker_id=worker_id, enterprise_id=enterprise_id
        )
    )


def _notify_worker(
    engagement: Engagement, kind: str, title: str, body: str, *, url: str = "", link_text: str = ""
) -> None:
    """The worker; the link is the engagement page (where every step of it is taken) unless ``url``
    names a more precise one."""
    notify(
        user=engagement.worker.user,
        kind=kind,
        title=title,
        body=body,
        url=url or links.engagement_url(engagement.pk),
        link_text=link_text or _("查看用工单"),
    )


def _notify_employer(
    engagement: Engagement, kind: str, title: str, body: str, *, url: str = "", link_text: str = ""
) -> None:
    for user in employer_users(engagement):
        notify(
            user=user,
            kind=kind,
            title=title,
            body=body,
            url=url or links.engagement_url(engagement.pk),
            link_text=link_text or _("查看用工单"),
        )


def _notify_other_side(
    engagement: Engagement, party: str, kind: str, title: str, body: str, *, link_text: str = ""
) -> None:
    if party != Party.WORKER:
        _notify_worker(engagement, kind, title, body, link_text=link_text)
    if party != Party.EMPLOYER:
        _notify_employer(engagement, kind, title, body, link_text=link_text)


# --- Creation --------------------------------------------------------------------------------------


def _daily_window(job: JobPosting) -> tuple[dt.time, dt.time]:
    start = job.daily_start_time or DEFAULT_START
    if job.daily_end_time is not None:
        return start, job.daily_end_time
    end = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(hours=float(job.daily_hours))
    return start, end.time()


def _shift_times(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    starts_at = timezone.make_aware(dt.datetime.combine(day, start), tz)
    ends_at = timezone.make_aware(dt.datetime.combine(day, end), tz)
    if ends_at <= starts_at:  # a night shift ends the next morning
        ends_at += dt.timedelta(days=1)
    return starts_at, ends_at


def _create_shifts(engagement: Engagement) -> None:
    shifts = []
    day = engagement.start_date
    while day <= engagement.end_date:
        starts_at, ends_at = _shift_times(day, engagement.daily_start_time, engagement.daily_end_time)
        shifts.append(Shift(engagement=engagement, date=day, starts_at=starts_at, ends_at=ends_at))
        day += dt.timedelta(days=1)
    Shift.objects.bulk_create(shifts)


def create_for_application(*, application: Application, actor: User | None) -> Engagement:
    """The accepted offer becomes an engagement with its shifts (the caller holds the job lock).

    Called by ``workflow.chain.accept_offer`` in the same transaction as ``jobs.services.accept_offer``;
    the orchestrator then opens the contract.
    """
    job = application.job
    occupation = job.occupations.order_by("order").first()
    if occupation is None:
        raise ConflictError(_("岗位缺少工种信息，无法生成用工单。"))
    start, end = _daily_window(job)
    pay_unit = job.pay_unit
    if pay_unit == PayUnit.NEGOTIABLE:
        # 面议: the employer states the agreed pay before the contract can be generated.
        pay_unit = (
            occupation.default_pay_unit if occupation.default_pay_unit != PayUnit.NEGOTIABLE else PayUnit.DAY
        )
    engagement = Engagement.objects.create(
        market_id=job.market_id,
        job=job,
        application=application,
        worker=application.worker,
        enterprise=job.enterprise,
        station=job.station or application.worker.station or job.enterprise.station,
        occupation=occupation,
        pay_amount=job.pay_amount or Decimal("0.00"),
        pay_unit=pay_unit,
        overtime_rate=job.overtime_rate,
        settlement_cycle=job.settlement_cycle,
        start_date=max(job.start_date, timezone.localdate()),
        end_date=job.end_date,
        daily_start_time=start,
        daily_end_time=end,
        daily_hours=job.daily_hours,
        site_lat=job.lat,
        site_lon=job.lon,
        insurance_required=job.insurance_required,
        auto_replace=job.auto_replace,
    )
    if engagement.end_date < engagement.start_date:
        raise ConflictError(_("该岗位的用工期限已过，无法生成用工单。"))
    _create_shifts(engagement)
    record("engagement.created", engagement, actor, application=application.pk, job=job.pk)
    publish(engagement, "created")
    # Signing comes before anything else (no check-in without it): the link opens the contract.
    _notify_worker(
        engagement,
        "engagement_created",
        _("请签署劳务协议"),
        _("您已被“%(enterprise)s”录用（%(title)s），请先在线签署劳务协议，签署后方可开工。")
        % {"enterprise": engagement.enterprise.name, "title": job.title},
        url=links.contract_url(engagement.pk),
        link_text=_("去签署劳务协议"),
    )
    _notify_employer(
        engagement,
        "engagement_created",
        _("请签署劳务协议"),
        _("%(name)s 已接受录用，请在线签署劳务协议。") % {"name": engagement.worker.masked_name},
        url=links.contract_url(engagement.pk),
        link_text=_("去签署劳务协议"),
    )
    return engagement


# --- Steps the orchestrator takes when a contract, a cover, a payment or a rating completes ----------


def _advance(engagement_id: int, actor: User | None, to: str, stamp: str) -> Engagement:
    """One step forward reported by the orchestrator: lock, guard, stamp the time, audit, publish."""
    engagement = lock_engagement(engagement_id)
    _advance_engagement(engagement, to, actor, stamp=stamp)
    return engagement


@transaction.atomic
def mark_signed(*, engagement_id: int, actor: User | None) -> Engagement:
    """Both parties signed the current contract version."""
    return _advance(engagement_id, actor, EngagementStatus.SIGNED, "signed_at")


@transaction.atomic
def reopen_for_new_terms(*, engagement_id: int, actor: User | None) -> Engagement:
    """A new contract version replaces the signed one: back to waiting for both signatures."""
    engagement = lock_engagement(engagement_id)
    if engagement.status == EngagementStatus.CONTRACT_PENDING:
        return engagement
    _advance_engagement(
        engagement, EngagementStatus.CONTRACT_PENDING, actor, action="engagement.terms_reopened"
    )
    return engagement


@transaction.atomic
def mark_insured(*, engagement_id: int, actor: User | None) -> Engagement:
    """The accident policy was issued."""
    engagement = _advance(engagement_id, actor, EngagementStatus.INSURED, "insured_at")
    if engagement.cover_failed:
        engagement.cover_failed = False
        engagement.save(update_fields=["cover_failed", "updated_at"])
    return engagement


@transaction.atomic
def note_cover_failed(*, engagement_id: int, failed: bool = True) -> Engagement:
    """The required cover could not be bought (or is being retried): check-in explains why it waits."""
    engagement = lock_engagement(engagement_id)
    if engagement.cover_failed != failed:
        engagement.cover_failed = failed
        engagement.save(update_fields=["cover_failed", "updated_at"])
    return engagement


@transaction.atomic
def mark_settled(*, engagement_id: int, actor: User | None) -> Engagement:
    """Every statement of a completed engagement is paid."""
    return _advance(engagement_id, actor, EngagementStatus.SETTLED, "settled_at")


@transaction.atomic
def mark_rated(*, engagement_id: int, actor: User | None) -> Engagement:
    """Both sides rated a settled engagement."""
    return _advance(engagement_id, actor, EngagementStatus.RATED, "rated_at")


# --- Cancelling and ending early ---------------------------------------------------------------------


def _first_shift_start(engagement: Engagement) -> dt.datetime | None:
    first = engagement.shifts.exclude(status=ShiftStatus.CANCELLED).order_by("starts_at").first()
    return first.starts_at if first else None


def _worked_any(engagement: Engagement) -> bool:
    return engagement.shifts.filter(status__in=[ShiftStatus.CHECKED_IN, ShiftStatus.CHECKED_OUT]).exists()


def _cancel_future_shifts(engagement: Engagement, after: dt.date | None = None) -> int:
    qs = engagement.shifts.filter(status=ShiftStatus.SCHEDULED)
    if after is not None:
        qs = qs.filter(date__gt=after)
    return SHIFT_LIFECYCLE.advance_many(qs, ShiftStatus.CANCELLED)


def _do_cancel(engagement: Engagement, *, actor: User | None, by: str, reason: str, note: str) -> None:
    """Cancel the (locked) engagement and its future shifts.

    The freed place, the cover to void and the replacement are the orchestrator's next steps.
    """
    if engagement.status == EngagementStatus.IN_PROGRESS and _worked_any(engagement):
        raise ConflictError(
            _("该用工单已有出勤记录，不能取消；请与对方协商提前结束。"), code="already_worked"
        )
    ENGAGEMENT_LIFECYCLE.guard(engagement, EngagementStatus.CANCELLED)
    now = timezone.now()
    first = _first_shift_start(engagement)
    late = bool(
        by == Party.WORKER
        and reason != CancelReason.NO_SHOW
        and first is not None
        and now >= first - dt.timedelta(hours=policy_for(engagement.market_id).late_cancel_hours)
    )
    engagement.cancelled_by = by
    engagement.cancel_reason = reason
    engagement.cancel_note = note[:200]
    engagement.late_cancellation = late
    _advance_engagement(
        engagement,
        EngagementStatus.CANCELLED,
        actor,
        stamp="cancelled_at",
        fields=("cancelled_by", "cancel_reason", "cancel_note", "late_cancellation"),
        data={"by": by, "reason": reason, "note": engagement.cancel_note, "late": late},
    )
    _cancel_future_shifts(engagement)
    _reliability_changed(engagement, worker=True)


@transaction.atomic
def cancel(*, actor: User, engagement_id: int, reason: str) -> Engagement:
    """Either side (or staff) cancels before work is done. A reason is required."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise InvalidInput(_("请填写取消原因。"), errors={"reason": [_("请填写取消原因")]})
    job_id = Engagement.objects.filter(pk=engagement_id).values_list("job_id", flat=True).first()
    if job_id is not None:
        JobPosting.objects.select_for_update().filter(pk=job_id).first()  # lock order: job first
    engagement, party = lock_for(actor, engagement_id)
    kind: str = {
        str(Party.WORKER): str(CancelReason.WORKER_CANCELLED),
        str(Party.EMPLOYER): str(CancelReason.EMPLOYER_CANCELLED),
    }.get(party, str(CancelReason.STAFF_CANCELLED))
    _do_cancel(engagement, actor=actor, by=party, reason=kind, note=reason)
    _notify_other_side(
        engagement,
        party,
        "engagement_cancelled",
        _("用工单已取消"),
        _("“%(title)s”的用工已被%(party)s取消，原因：%(reason)s")
        % {"title": engagement.job.title, "party": Party(party).label, "reason": reason},
    )
    return engagement


@transaction.atomic
def request_end_early(*, actor: User, engagement_id: int, reason: str, last_date: dt.date) -> Engagement:
    """One side proposes to end after ``last_date``; the other side has to agree."""
    engagement, party = lock_for(actor, engagement_id, Party.WORKER, Party.EMPLOYER)
    if engagement.status != EngagementStatus.IN_PROGRESS:
        raise ConflictError(_("只有进行中的用工单可以协商提前结束。"), code="invalid_transition")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise InvalidInput(_("请填写提前结束的原因。"), errors={"reason": [_("请填写原因")]})
    if not engagement.start_date <= last_date < engagement.end_date:
        raise InvalidInput(
            _("最后工作日应在用工期限内且早于原定结束日期。"), errors={"last_date": [_("日期无效")]}
        )
    engagement.end_request_by = party
    engagement.end_request_reason = reason[:200]
    engagement.end_request_last_date = last_date
    engagement.end_requested_at = timezone.now()
    engagement.save(
        update_fields=[
            "end_request_by",
            "end_request_reason",
            "end_request_last_date",
            "end_requested_at",
            "updated_at",
        ]
    )
    record(
        "engagement.end_requested",
        engagement,
        actor,
        by=party,
        last_date=last_date.isoformat(),
        reason=reason,
    )
    publish(engagement, "end_requested")
    _notify_other_side(
        engagement,
        party,
        "engagement_end_requested",
        _("对方提出提前结束用工"),
        _("对方提出在 %(date)s 后结束“%(title)s”，原因：%(reason)s。请确认或拒绝。")
        % {"date": last_date.isoformat(), "title": engagement.job.title, "reason": reason},
        link_text=_("去确认或拒绝"),
    )
    return engagement


def _clear_end_request(engagement: Engagement) -> None:
    engagement.end_request_by = ""
    engagement.end_request_reason = ""
    engagement.end_request_last_date = None
    engagement.end_requested_at = None


@transaction.atomic
def respond_end_early(*, actor: User, engagement_id: int, agree: bool) -> Engagement:
    """The other side agrees (the engagement completes after the last day) or declines."""
    engagement, party = lock_for(actor, engagement_id, Party.WORKER, Party.EMPLOYER)
    if not engagement.end_request_by or engagement.status != EngagementStatus.IN_PROGRESS:
        raise ConflictError(_("没有待确认的提前结束申请。"), code="no_end_request")
    if engagement.end_request_by == party:
        raise PermissionDeniedError(_("需要由对方确认提前结束。"))
    last_date = engagement.end_request_last_date
    if not agree:
        _clear_end_request(engagement)
        engagement.save(
            update_fields=[
                "end_request_by",
                "end_request_reason",
                "end_request_last_date",
                "end_requested_at",
                "updated_at",
            ]
        )
        record("engagement.end_declined", engagement, actor, by=party)
        publish(engagement, "end_declined")
        _notify_other_side(
            engagement, party, "engagement_end_declined", _("提前结束申请未获同意"), _("对方未同意提前结束。")
        )
        return engagement
    assert last_date is not None
    if engagement.shifts.filter(status=ShiftStatus.CHECKED_IN).exists():
        raise ConflictError(_("还有未签退的班次，请先签退。"), code="shift_open")
    ENGAGEMENT_LIFECYCLE.guard(engagement, EngagementStatus.COMPLETED)
    cancelled = _cancel_future_shifts(engagement, after=last_date)
    engagement.ended_early = True
    engagement.end_date = last_date
    _advance_engagement(
        engagement,
        EngagementStatus.COMPLETED,
        actor,
        action="engagement.ended_early",
        stamp="completed_at",
        fields=("ended_early", "end_date"),
        data={"by": party, "last_date": last_date.isoformat(), "shifts_cancelled": cancelled},
    )
    _notify_other_side(
        engagement,
        party,
        "engagement_ended_early",
        _("已协商提前结束"),
        _("用工已于 %(date)s 提前结束。") % {"date": last_date},
    )
    return engagement


@transaction.atomic
def complete(*, actor: User, engagement_id: int) -> Engagement:
    """The employer (or staff) marks the work done; shifts not yet worked are dropped."""
    engagement, _party = lock_for(actor, engagement_id, Party.EMPLOYER, Party.STAFF)
    return _complete(engagement, actor)


def _complete(engagement: Engagement, actor: User) -> Engagement:
    if engagement.shifts.filter(status=ShiftStatus.CHECKED_IN).exists():
        raise ConflictError(_("还有未签退的班次，请先签退。"), code="shift_open")
    ENGAGEMENT_LIFECYCLE.guard(engagement, EngagementStatus.COMPLETED)
    dropped = _cancel_future_shifts(engagement)
    _advance_engagement(
        engagement, EngagementStatus.COMPLETED, actor, stamp="completed_at", data={"shifts_dropped": dropped}
    )
    _notify_worker(
        engagement,
        "engagement_completed",
        _("用工已完工"),
        _("“%(title)s”已完工，等待结算。") % {"title": engagement.job.title},
        url=links.settlement_url(engagement.pk),
        link_text=_("查看结算"),
    )
    return engagement


# --- Attendance -------------------------------------------------------------------------------------


def _lock_shift(actor: User, shift_id: int, *parties: str) -> tuple[Engagement, Shift, str]:
    engagement_id = Shift.objects.filter(pk=shift_id).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        raise NotFoundError(_("班次不存在"))
    engagement, party = lock_for(actor, engagement_id, *parties)
    shift = Shift.objects.select_for_update().get(pk=shift_id)
    return engagement, shift, party


def _coordinates(lat: Any, lon: Any) -> tuple[float, float]:
    if lat in (None, "") or lon in (None, ""):
        raise InvalidInput(
            _("无法获取您的位置。请打开手机定位并允许浏览器使用位置后重试，或扫描工地的现场签到码。"),
            code="location_missing",
            errors={"location": [_("缺少位置")]},
        )
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            _("无法获取您的位置，请打开定位后重试。"), errors={"location": [_("位置无效")]}
        ) from exc
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180) or lat_f != lat_f or lon_f != lon_f:
        raise InvalidInput(_("位置坐标无效。"), errors={"location": [_("位置无效")]})
    return lat_f, lon_f


def _distance_m(engagement: Engagement, lat: float, lon: float) -> int:
    return round(haversine_km(engagement.site_lat, engagement.site_lon, lat, lon) * 1000)


def _flag(shift: Shift, reason: str) -> None:
    if shift.review_status != ReviewStatus.PENDING:
        REVIEW_LIFECYCLE.assign(shift, ReviewStatus.PENDING)
    shift.review_reason = (f"{shift.review_reason}；{reason}" if shift.review_reason else reason)[:200]


@dataclass(frozen=True)
class Evidence:
    """How a check was made and where the phone was (None when no location was given)."""

    method: str
    lat: float | None
    lon: float | None


def _evidence(
    engagement: Engagement, party: str, lat: Any, lon: Any, site_code: str | None, now: dt.datetime
) -> Evidence:
    """The worker's phone location; or the site code they scanned; or staff recording it for them.

    Without a location a worker needs the site code; staff recording a check on the worker's behalf
    (the worker has no smartphone or no location) may leave the location out: their checks are always
    flagged for review anyway.
    """
    has_location = lat not in (None, "") and lon not in (None, "")
    if site_code:
        check_site_code(site_code, engagement, now=now)
        method = CheckMethod.SITE_QR
    elif party == Party.STAFF:
        method = CheckMethod.STAFF
    else:
        method, has_location = CheckMethod.GPS, True  # a location is required: _coordinates says why not
    if not has_location:
        return Evidence(method, None, None)
    lat_f, lon_f = _coordinates(lat, lon)
    return Evidence(method, lat_f, lon_f)


def _cover_wait_message(engagement: Engagement) -> str:
    """Why a worker whose job needs cover cannot check in yet."""
    if engagement.cover_failed:
        return _("意外险投保未成功，驿站工作人员正在处理，暂不能签到。如需帮助请联系驿站。")
    return _("意外险正在办理中，保单生效后即可签到，请稍候。")


def _require_ready_for_work(engagement: Engagement) -> None:
    if engagement.status == EngagementStatus.CONTRACT_PENDING:
        raise ConflictError(_("劳务协议尚未由双方签署，暂不能签到。"), code="contract_not_signed")
    if engagement.status == EngagementStatus.SIGNED and engagement.insurance_required:
        raise ConflictError(_cover_wait_message(engagement), code="insurance_not_active")
    if engagement.status not in (
        EngagementStatus.SIGNED,
        EngagementStatus.INSURED,
        EngagementStatus.IN_PROGRESS,
    ):
        raise ConflictError(
            _("用工单当前状态为“%(status)s”，不能签到。")
            % {"status": EngagementStatus(engagement.status).label},
            code="invalid_transition",
        )


def _place(engagement: Engagement, shift: Shift, evidence: Evidence, *, out: bool) -> None:
    """Store where the check was made; flag it when it was farther from the site than the geofence."""
    distance = None
    if evidence.lat is not None and evidence.lon is not None:
        distance = _distance_m(engagement, evidence.lat, evidence.lon)
    prefix = "check_out" if out else "check_in"
    setattr(shift, f"{prefix}_lat", evidence.lat)
    setattr(shift, f"{prefix}_lon", evidence.lon)
    setattr(shift, f"{prefix}_distance_m", distance)
    setattr(shift, f"{prefix}_method", evidence.method)
    if distance is not None and distance > policy_for(engagement.market_id).geofence_meters:
        reason = _("签退位置距工作地点 %(m)d 米") if out else _("签到位置距工作地点 %(m)d 米")
        _flag(shift, reason % {"m": distance})


@transaction.atomic
def check_in(
    *,
    actor: User,
    shift_id: int,
    lat: Any = None,
    lon: Any = None,
    site_code: str | None = None,
    at: dt.datetime | None = None,
) -> Shift:
    """The worker checks in with the phone's location or by scanning the site code; staff may record it
    on the worker's behalf. A check-in outside the geofence is accepted and flagged for staff review."""
    engagement, shift, party = _lock_shift(actor, shift_id, Party.WORKER, Party.STAFF)
    _require_ready_for_work(engagement)
    now = at or timezone.now()
    if shift.status != ShiftStatus.SCHEDULED:
        raise ConflictError(
            _("该班次当前为“%(status)s”，不能签到。") % {"status": ShiftStatus(shift.status).label},
            code="invalid_transition",
        )
    if now < shift.starts_at - CHECK_IN_OPENS_BEFORE:
        raise ConflictError(_("还未到签到时间（上班前2小时内可签到）。"), code="too_early")
    if now > shift.ends_at:
        raise ConflictError(_("该班次已结束，不能签到；如有疑问请联系驿站。"), code="too_late")
    evidence = _evidence(engagement, party, lat, lon, site_code, now)
    SHIFT_LIFECYCLE.assign(shift, ShiftStatus.CHECKED_IN)
    shift.check_in_at = now
    shift.check_in_by = actor
    _place(engagement, shift, evidence, out=False)
    if party == Party.STAFF:
        shift.recorded_by_staff = True
        _flag(shift, _("工作人员代为签到"))
    shift.save()
    if engagement.status != EngagementStatus.IN_PROGRESS:
        engagement.started_at = now
        _advance_engagement(
            engagement,
            EngagementStatus.IN_PROGRESS,
            actor,
            action="engagement.started",
            fields=("started_at",),
            quiet=True,
        )
    record(
        "shift.checked_in",
        engagement,
        actor,
        obj=shift,
        date=shift.date.isoformat(),
        distance_m=shift.check_in_distance_m,
        method=evidence.method,
        early_minutes=shift.minutes_early,
        flagged=shift.review_status == ReviewStatus.PENDING,
        on_behalf=party == Party.STAFF,
    )
    publish(engagement, "checked_in", shift_id=shift.pk)
    return shift


def _quantity(value: Any, name: str = "quantity") -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        q = Decimal(str(value))
    except InvalidOperation as exc:
        raise InvalidInput(_("数量无效。"), errors={name: [_("请填写数字")]}) from exc
    if not q.is_finite() or q < 0 or q > Decimal("99999999") or q != q.quantize(Decimal("0.01")):
        raise InvalidInput(_("数量无效。"), errors={name: [_("数量应为不小于0的数字，最多两位小数")]})
    return q


@transaction.atomic
def check_out(
    *,
    actor: User,
    shift_id: int,
    lat: Any = None,
    lon: Any = None,
    site_code: str | None = None,
    quantity: Any = None,
    confirm_short: bool = False,
    at: dt.datetime | None = None,
) -> Shift:
    """The worker (or staff on the worker's behalf) checks out; the paid hours follow ``paid_time``.

    A check-out that would record fewer paid hours than the market's minimum raises ``ShortCheckOut``
    (409 ``short_shift_unconfirmed``, with what it would record) unless ``confirm_short`` is set; nothing
    is written then. The last open shift's check-out completes the engagement.
    """
    engagement, shift, party = _lock_shift(actor, shift_id, Party.WORKER, Party.STAFF)
    if shift.status != ShiftStatus.CHECKED_IN:
        raise ConflictError(_("请先签到再签退。"), code="invalid_transition")
    now = at or timezone.now()
    evidence = _evidence(engagement, party, lat, lon, site_code, now)
    qty = _quantity(quantity)
    if engagement.pay_unit == PayUnit.PIECE and qty is None:
        raise InvalidInput(_("计件工作请填写完成数量。"), errors={"quantity": [_("请填写完成数量")]})
    preview = preview_check_out(engagement, shift, at=now, quantity=qty)
    if preview.below_minimum and not confirm_short:
        raise ShortCheckOut(preview)
    SHIFT_LIFECYCLE.assign(shift, ShiftStatus.CHECKED_OUT)
    shift.check_out_at = now
    shift.check_out_by = actor
    _place(engagement, shift, evidence, out=True)
    shift.worked_hours = preview.hours
    shift.quantity = qty
    if party == Party.STAFF:
        shift.recorded_by_staff = True
        _flag(shift, _("工作人员代为签退"))
    shift.save()
    record(
        "shift.checked_out",
        engagement,
        actor,
        obj=shift,
        date=shift.date.isoformat(),
        hours=shift.worked_hours,
        paid_from=preview.paid.start.isoformat(),
        paid_until=preview.paid.end.isoformat(),
        quantity=qty,
        distance_m=shift.check_out_distance_m,
        method=evidence.method,
        short_confirmed=preview.below_minimum,
        on_behalf=party == Party.STAFF,
    )
    publish(engagement, "checked_out", shift_id=shift.pk)
    _reliability_changed(engagement, worker=True)
    _notify_employer(
        engagement,
        "shift_checked_out",
        _("请确认工时"),
        _("%(name)s %(date)s 计酬工时 %(hours)s 小时，请确认。")
        % {"name": engagement.worker.masked_name, "date": shift.date, "hours": shift.worked_hours},
        link_text=_("去确认工时"),
    )
    if preview.ends_engagement:
        _complete(engagement, actor)
    return shift


def check_out_preview(*, actor: User, shift_id: int, at: dt.datetime | None = None) -> CheckOutPreview:
    """What checking out now would record (read only), for a client to show before it checks out."""
    engagement_id = Shift.objects.filter(pk=shift_id).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        raise NotFoundError(_("班次不存在"))
    engagement, party = access_engagement_for(actor, engagement_id)
    if party not in (Party.WORKER, Party.STAFF):
        raise PermissionDeniedError(_("只有劳动者本人或驿站工作人员可以签退。"))
    shift = Shift.objects.get(pk=shift_id)
    if shift.status != ShiftStatus.CHECKED_IN:
        raise ConflictError(_("请先签到再签退。"), code="invalid_transition")
    return preview_check_out(engagement, shift, at=at or timezone.now())


def _hours(value: Any, name: str = "hours") -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation as exc:
        raise InvalidInput(_("工时无效。"), errors={name: [_("请填写数字")]}) from exc
    if (
        not hours.is_finite()
        or not Decimal(0) <= hours <= Decimal(24)
        or hours != hours.quantize(Decimal("0.01"))
    ):
        raise InvalidInput(_("工时无效。"), errors={name: [_("工时应在0至24小时之间，最多两位小数")]})
    return hours


@transaction.atomic
def confirm_shift(*, actor: User, shift_id: int) -> Shift:
    """The employer accepts the recorded hours (and quantity); the shift becomes payable."""
    engagement, shift, _party = _lock_shift(actor, shift_id, Party.EMPLOYER)
    if shift.status != ShiftStatus.CHECKED_OUT:
        raise ConflictError(_("只能确认已签退的班次。"), code="invalid_transition")
    if shift.confirmation != Confirmation.PENDING:
        raise ConflictError(
            _("该班次已%(state)s。") % {"state": Confirmation(shift.confirmation).label},
            code="already_confirmed",
        )
    CONFIRMATION_LIFECYCLE.assign(shift, Confirmation.CONFIRMED)
    shift.confirmed_hours = shift.worked_hours
    shift.confirmed_quantity = shift.quantity
    shift.confirmed_by = actor
    shift.confirmed_at = timezone.now()
    shift.save()
    record(
        "shift.confirmed",
        engagement,
        actor,
        obj=shift,
        hours=shift.confirmed_hours,
        quantity=shift.confirmed_quantity,
    )
    publish(engagement, "shift_confirmed", shift_id=shift.pk)
    return shift


@transaction.atomic
def dispute_shift(
    *, actor: User, shift_id: int, reason: str, claimed_hours: Any = None, claimed_quantity: Any = None
) -> AttendanceCase:
    """The employer disputes the hours; a case opens for market staff, who decide."""
    engagement, shift, _party = _lock_shift(actor, shift_id, Party.EMPLOYER)
    if shift.status != ShiftStatus.CHECKED_OUT or shift.confirmation != Confirmation.PENDING:
        raise ConflictError(_("只能对已签退、待确认的班次提出异议。"), code="invalid_transition")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise InvalidInput(_("请说明异议原因。"), errors={"reason": [_("请说明原因")]})
    hours = _hours(claimed_hours, "claimed_hours")
    qty = _quantity(claimed_quantity, "claimed_quantity")
    CONFIRMATION_LIFECYCLE.assign(shift, Confirmation.DISPUTED)
    shift.save(update_fields=["confirmation", "updated_at"])
    case = AttendanceCase.objects.create(
        shift=shift, opened_by=actor, reason=reason[:300], claimed_hours=hours, claimed_quantity=qty
    )
    record("shift.disputed", engagement, actor, obj=shift, case=case.pk, reason=reason, claimed_hours=hours)
    publish(engagement, "shift_disputed", shift_id=shift.pk)
    _reliability_changed(engagement, employer=True)
    _notify_worker(
        engagement,
        "shift_disputed",
        _("用工方对工时有异议"),
        _("%(date)s 的工时有异议，驿站工作人员将核实处理。") % {"date": shift.date},
    )
    return case


@transaction.atomic
def resolve_case(*, actor: User, case_id: int, hours: Any, quantity: Any = None, note: str) -> AttendanceCase:
    """Market staff decide the hours (and quantity) of a disputed shift, which then becomes payable."""
    shift_id = AttendanceCase.objects.filter(pk=case_id).values_list("shift_id", flat=True).first()
    if shift_id is None:
        raise NotFoundError(_("异议记录不存在"))
    engagement, shift, _party = _lock_shift(actor, shift_id, Party.STAFF)
    case = AttendanceCase.objects.select_for_update().get(pk=case_id)
    if case.status != CaseStatus.OPEN:
        raise ConflictError(_("该异议已处理。"), code="already_resolved")
    decided_hours = _hours(hours)
    if decided_hours is None:
        raise InvalidInput(_("请填写核定工时。"), errors={"hours": [_("请填写核定工时")]})
    decided_quantity = _quantity(quantity)
    note = (note or "").strip()
    if len(note) < 2:
        raise InvalidInput(_("请填写处理意见。"), errors={"note": [_("请填写处理意见")]})
    now = timezone.now()
    CASE_LIFECYCLE.assign(case, CaseStatus.RESOLVED)
    case.resolved_hours, case.resolved_quantity = decided_hours, decided_quantity
    case.resolution_note, case.resolved_by, case.resolved_at = note[:300], actor, now
    case.save()
    CONFIRMATION_LIFECYCLE.assign(shift, Confirmation.CONFIRMED)
    shift.confirmed_hours = decided_hours
    shift.confirmed_quantity = decided_quantity if decided_quantity is not None else shift.quantity
    shift.confirmed_by, shift.confirmed_at = actor, now
    shift.save()
    record("shift.case_resolved", engagement, actor, obj=shift, case=case.pk, hours=decided_hours, note=note)
    publish(engagement, "shift_confirmed", shift_id=shift.pk)
    _notify_other_side(
        engagement,
        Party.STAFF,
        "case_resolved",
        _("考勤异议已处理"),
        _("%(date)s 核定工时 %(h)s 小时。") % {"date": shift.date, "h": decided_hours},
    )
    return case


@transaction.atomic
def review_shift(*, actor: User, shift_id: int, note: str = "") -> Shift:
    """Staff looked at a flagged check (outside the geofence, or recorded on behalf)."""
    engagement, shift, _party = _lock_shift(actor, shift_id, Party.STAFF)
    if shift.review_status != ReviewStatus.PENDING:
        raise ConflictError(_("该班次无需复核。"), code="not_flagged")
    REVIEW_LIFECYCLE.assign(shift, ReviewStatus.CLEARED)
    shift.reviewed_by, shift.reviewed_at, shift.review_note = (
        actor,
        timezone.now(),
        (note or "").strip()[:200],
    )
    shift.save()
    record("shift.reviewed", engagement, actor, obj=shift, note=shift.review_note)
    return shift


@transaction.atomic
def confirm_extra_time(
    *, actor: User, shift_id: int, early_start: bool = False, late_finish: bool = False
) -> Shift:
    """The employer agrees that time outside the shift counts: the early start (paid from the check-in)
    and/or staying late (paid to the check-out, as overtime beyond the daily hours).

    Only before the hours are confirmed; a checked-out shift's paid hours are worked out again.
    """
    engagement, shift, _party = _lock_shift(actor, shift_id, Party.EMPLOYER)
    if not (early_start or late_finish):
        raise InvalidInput(_("请选择要确认的时间。"), errors={"__all__": [_("请选择提前上岗或延时下班")]})
    if shift.status not in (ShiftStatus.CHECKED_IN, ShiftStatus.CHECKED_OUT):
        raise ConflictError(_("该班次尚未签到，不能确认。"), code="invalid_transition")
    if shift.confirmation != Confirmation.PENDING:
        raise ConflictError(_("该班次的工时已确认或有异议，不能再修改。"), code="already_confirmed")
    fields = _early_start(shift, actor) if early_start else []
    if late_finish:
        fields += _late_finish(shift, actor)
    before = shift.worked_hours
    if shift.status == ShiftStatus.CHECKED_OUT:
        assert shift.check_out_at is not None
        shift.worked_hours = paid_time_of(shift, shift.check_out_at).hours
        fields.append("worked_hours")
    shift.save(update_fields=[*fields, "updated_at"])
    record(
        "shift.extra_time_confirmed",
        engagement,
        actor,
        obj=shift,
        date=shift.date.isoformat(),
        early_start=early_start,
        late_finish=late_finish,
        hours_before=before,
        hours=shift.worked_hours,
    )
    publish(engagement, "shift_updated", shift_id=shift.pk)
    what = "、".join(
        label for label, chosen in ((_("提前上岗"), early_start), (_("延时下班"), late_finish)) if chosen
    )
    body = _("用工方已确认您 %(date)s 的%(what)s时间计入工时。") % {"date": shift.date, "what": what}
    if shift.worked_hours is not None:
        body += _("计酬工时现为 %(h)s 小时。") % {"h": shift.worked_hours}
    _notify_worker(engagement, "shift_extra_time", _("工时已按实际时间计算"), body)
    return shift


def _early_start(shift: Shift, actor: User) -> list[str]:
    if shift.check_in_at is None or shift.check_in_at >= shift.starts_at:
        raise ConflictError(_("劳动者没有在上班时间前签到，无需确认提前上岗。"), code="not_early")
    if shift.early_start_confirmed_at is not None:
        raise ConflictError(_("已确认过提前上岗。"), code="already_confirmed")
    shift.early_start_confirmed_at, shift.early_start_confirmed_by = timezone.now(), actor
    return ["early_start_confirmed_at", "early_start_confirmed_by"]


def _late_finish(shift: Shift, actor: User) -> list[str]:
    if shift.status == ShiftStatus.CHECKED_OUT and (
        shift.check_out_at is None or shift.check_out_at <= shift.ends_at
    ):
        raise ConflictError(_("劳动者没有在下班时间后签退，无需确认延时。"), code="not_late")
    if shift.late_finish_confirmed_at is not None:
        raise ConflictError(_("已确认过延时下班。"), code="already_confirmed")
    shift.late_finish_confirmed_at, shift.late_finish_confirmed_by = timezone.now(), actor
    return ["late_finish_confirmed_at", "late_finish_confirmed_by"]


ShiftGuard = Callable[[Shift], None]


@transaction.atomic
def reject_review(*, actor: User, shift_id: int, reason: str, guard: ShiftGuard | None = None) -> Shift:
    """Staff reject a flagged check: the attendance is not accepted as recorded.

    The shift is recorded as not attended (未到岗): it is not paid and counts as a no-show in the worker's
    reliability. The check-in and check-out stay as they happened, for the record. A dispute still open
    on the shift is closed with it. ``guard`` is the orchestrator's check that the shift is not on a pay
    statement (settlement sits above this app); it raises to refuse. When no shift of an engagement in
    progress is left to work, the engagement completes, as after the last check-out.
    """
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise InvalidInput(
            _("请填写驳回原因。"), errors={"reason": [_("请填写驳回原因，如：电话核实未到岗")]}
        )
    engagement, shift, _party = _lock_shift(actor, shift_id, Party.STAFF)
    if shift.review_status != ReviewStatus.PENDING:
        raise ConflictError(_("该班次无需复核。"), code="not_flagged")
    if guard is not None:
        guard(shift)
    was = shift.status
    now = timezone.now()
    REVIEW_LIFECYCLE.assign(shift, ReviewStatus.REJECTED)
    SHIFT_LIFECYCLE.assign(shift, ShiftStatus.NO_SHOW)
    shift.reviewed_by, shift.reviewed_at, shift.review_note = actor, now, reason[:200]
    shift.save()
    closed = _close_cases_of_rejected(shift, actor, reason, now)
    record(
        "shift.review_rejected",
        engagement,
        actor,
        obj=shift,
        date=shift.date.isoformat(),
        reason=reason,
        status_before=was,
        hours=shift.worked_hours,
        cases_closed=closed,
    )
    publish(engagement, "shift_rejected", shift_id=shift.pk)
    _reliability_changed(engagement, worker=True)
    _notify_worker(
        engagement,
        "shift_rejected",
        _("考勤复核未通过"),
        _(
            "您 %(date)s 的签到经驿站复核未通过（%(reason)s），该班次按未到岗处理，不计报酬。"
            "如有异议请联系驿站。"
        )
        % {"date": shift.date, "reason": reason},
    )
    _notify_employer(
        engagement,
        "shift_rejected",
        _("考勤复核未通过"),
        _("%(name)s %(date)s 的签到经复核未通过（%(reason)s），该班次按未到岗处理，不计报酬。")
        % {"name": engagement.worker.masked_name, "date": shift.date, "reason": reason},
    )
    open_left = engagement.shifts.filter(status__in=[ShiftStatus.SCHEDULED, ShiftStatus.CHECKED_IN])
    if (
        engagement.status == EngagementStatus.IN_PROGRESS
        and not open_left.exists()
        and _worked_any(engagement)
    ):
        _complete(engagement, actor)
    return shift


def _close_cases_of_rejected(shift: Shift, actor: User, reason: str, now: dt.datetime) -> list[int]:
    """A dispute about the hours of a shift that did not count is moot: close it with zero hours."""
    closed = []
    for case in AttendanceCase.objects.select_for_update().filter(shift=shift, status=CaseStatus.OPEN):
        CASE_LIFECYCLE.assign(case, CaseStatus.RESOLVED)
        case.resolved_hours, case.resolved_by, case.resolved_at = Decimal(0), actor, now
        case.resolution_note = (_("考勤复核未通过，按未到岗处理：") + reason)[:300]
        case.save()
        closed.append(case.pk)
    return closed


# --- Site check-in codes ---------------------------------------------------------------------------


@transaction.atomic
def issue_site_code(
    *, actor: User, engagement_id: int, validity: str = site_codes.DAY, for_job: bool = False
) -> site_codes.SiteCode:
    """The employer (or staff) makes a site code for this engagement, or for every worker of its job."""
    engagement, party = access_engagement_for(actor, engagement_id)
    if party not in (Party.EMPLOYER, Party.STAFF):
        raise PermissionDeniedError(_("只有用工方或驿站工作人员可以出示现场签到码。"))
    now = timezone.now()
    end_date = engagement.job.end_date if for_job else engagement.end_date
    expires = site_codes.expiry(validity, end_date=end_date, now=now)
    scope = site_codes.JOB if for_job else site_codes.ENGAGEMENT
    code = site_codes.issue(scope, engagement.job_id if for_job else engagement.pk, expires)
    record(
        "engagement.site_code_issued",
        engagement,
        actor,
        scope="job" if for_job else "engagement",
        job=engagement.job_id,
        validity=validity,
        expires_at=expires.isoformat(),
    )
    return code


# --- No-shows ---------------------------------------------------------------------------------------


def _could_check_in() -> Q:
    """Engagements whose worker could have checked in: signed (and insured when the job needs cover)."""
    return Q(engagement__status__in=[EngagementStatus.INSURED, EngagementStatus.IN_PROGRESS]) | Q(
        engagement__status=EngagementStatus.SIGNED, engagement__insurance_required=False
    )


def _blocked_by_the_platform() -> Q:
    """Still waiting for signatures, or for cover the job needs: a missed shift is not the worker's fault."""
    return Q(engagement__status=EngagementStatus.CONTRACT_PENDING) | Q(
        engagement__status=EngagementStatus.SIGNED, engagement__insurance_required=True
    )


@dataclass(frozen=True)
class DueShifts:
    no_show_shift_ids: list[int]
    lapsing_engagement_ids: list[int]
    now: dt.datetime


def due_for_no_show(*, now: dt.datetime | None = None, limit: int = 500) -> DueShifts:
    """Shifts not checked in N minutes after they start: no-shows, or lapses when nobody could check in.

    Shifts that nobody could check in to (contract unsigned, cover not issued) lapse instead of counting
    against the worker. The orchestrator's sweep (``workflow.chain.sweep_no_shows``) runs every minute.
    """
    now = now or timezone.now()
    late = per_market_before(  # each market's own no-show minutes
        now=now, market_field="engagement__market_id", time_field="starts_at",
        delta=lambda p: dt.timedelta(minutes=p.no_show_minutes),
    )  # fmt: skip
    due = Shift.objects.filter(late, status=ShiftStatus.SCHEDULED)
    shift_ids = list(due.filter(_could_check_in()).values_list("pk", flat=True)[:limit])
    engagement_ids = sorted(
        set(due.filter(_blocked_by_the_platform()).values_list("engagement_id", flat=True)[:limit])
    )
    return DueShifts(shift_ids, engagement_ids, now)


@transaction.atomic
def lapse_shifts(*, engagement_id: int, now: dt.datetime) -> Engagement | None:
    """Missed shifts of an engagement still waiting for signatures or cover lapse.

    Returns the engagement when every shift lapsed and it was cancelled (the orchestrator then frees the
    place and voids the cover), else None.
    """
    job_id = Engagement.objects.filter(pk=engagement_id).values_list("job_id", flat=True).get()
    JobPosting.objects.select_for_update().filter(pk=job_id).first()
    engagement = lock_engagement(engagement_id)
    waiting = engagement.status == EngagementStatus.CONTRACT_PENDING or (
        engagement.status == EngagementStatus.SIGNED and engagement.insurance_required
    )
    if not waiting:
        return None
    cutoff = now - dt.timedelta(minutes=policy_for(engagement.market_id).no_show_minutes)
    missed = engagement.shifts.filter(status=ShiftStatus.SCHEDULED, starts_at__lte=cutoff)
    lapsed = list(missed.values_list("date", flat=True))
    if not lapsed:
        return None
    SHIFT_LIFECYCLE.advance_many(engagement.shifts.filter(date__in=lapsed), ShiftStatus.CANCELLED)
    why = _("协议未签署") if engagement.status == EngagementStatus.CONTRACT_PENDING else _("意外险未生效")
    record("shift.lapsed", engagement, None, dates=[d.isoformat() for d in lapsed], reason=why)
    if engagement.shifts.filter(status=ShiftStatus.SCHEDULED).exists():
        return None
    _do_cancel(engagement, actor=None, by=Party.SYSTEM, reason=CancelReason.LAPSED, note=why)
    _notify_other_side(
        engagement,
        Party.SYSTEM,
        "engagement_lapsed",
        _("用工单已失效"),
        _("“%(title)s”在用工期内未能完成%(why)s，用工单已自动取消。")
        % {"title": engagement.job.title, "why": why},
    )
    return engagement


@dataclass(frozen=True)
class NoShow:
    engagement: Engagement
    cancelled: bool  # nothing was worked, so the engagement ended: the place is free again


@transaction.atomic
def mark_no_show(*, shift_id: int, now: dt.datetime) -> NoShow | None:
    """One shift not checked in becomes a no-show; None when it was handled meanwhile."""
    engagement_id, job_id = (
        Shift.objects.filter(pk=shift_id).values_list("engagement_id", "engagement__job_id").get()
    )
    JobPosting.objects.select_for_update().filter(pk=job_id).first()
    engagement = lock_engagement(engagement_id)
    shift = Shift.objects.select_for_update().get(pk=shift_id)
    if shift.status != ShiftStatus.SCHEDULED:
        return None
    shift.no_show_marked_at = now
    _advance_shift(
        engagement,
        shift,
        ShiftStatus.NO_SHOW,
        None,
        action="shift.no_show",
        fields=("no_show_marked_at",),
        data={"date": shift.date.isoformat()},
    )
    _reliability_changed(engagement, worker=True)
    _notify_employer(
        engagement,
        "shift_no_show",
        _("劳动者未按时到岗"),
        _("%(name)s 未在 %(date)s 按时签到。") % {"name": engagement.worker.masked_name, "date": shift.date},
    )
    _notify_worker(
        engagement,
        "shift_no_show",
        _("您未按时签到"),
        _("您未在 %(date)s 的上班时间签到，已记为缺勤。如有特殊情况请联系驿站。") % {"date": shift.date},
    )
    if _worked_any(engagement):
        return NoShow(engagement, cancelled=False)
    _do_cancel(engagement, actor=None, by=Party.SYSTEM, reason=CancelReason.NO_SHOW, note=str(_("未到岗")))
    return NoShow(engagement, cancelled=True)


# --- New terms (a new contract version) ----------------------------------------------------------------

TERM_FIELDS = (
    "pay_amount",
    "pay_unit",
    "overtime_rate",
    "start_date",
    "end_date",
    "daily_start_time",
    "daily_end_time",
    "daily_hours",
    "settlement_cycle",
)


def _clean_terms(engagement: Engagement, changes: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    unknown = set(changes) - set(TERM_FIELDS)
    if unknown:
        errors["__all__"] = [_("不能修改的条款：%(f)s") % {"f": "、".join(sorted(unknown))}]
    clean: dict[str, Any] = {}
    if "pay_amount" in changes:
        amount = parse_pay(
            changes["pay_amount"], errors, "pay_amount", allow_none=False, market_id=engagement.market_id
        )
        if amount is not None and amount <= 0:
            errors.setdefault("pay_amount", []).append(_("报酬应大于0"))
        clean["pay_amount"] = amount
    if "overtime_rate" in changes:
        clean["overtime_rate"] = parse_pay(
            changes["overtime_rate"], errors, "overtime_rate", market_id=engagement.market_id
        )
    if "pay_unit" in changes:
        if changes["pay_unit"] not in {PayUnit.HOUR, PayUnit.DAY, PayUnit.PIECE, PayUnit.MONTH}:
            errors.setdefault("pay_unit", []).append(_("计酬单位应为小时、天、件或月"))
        clean["pay_unit"] = changes["pay_unit"]
    if "settlement_cycle" in changes:
        if changes["settlement_cycle"] not in SettlementCycle.values:
            errors.setdefault("settlement_cycle", []).append(_("结算周期无效"))
        clean["settlement_cycle"] = changes["settlement_cycle"]
    if "daily_hours" in changes:
        hours = _hours(changes["daily_hours"], "daily_hours")
        if hours is None or not Decimal("0.5") <= hours <= Decimal(16):
            errors.setdefault("daily_hours", []).append(_("每日工时应在0.5至16小时之间"))
        clean["daily_hours"] = hours
    for name in ("start_date", "end_date"):
        if name in changes:
            if not isinstance(changes[name], dt.date):
                errors.setdefault(name, []).append(_("日期无效"))
            clean[name] = changes[name]
    for name in ("daily_start_time", "daily_end_time"):
        if name in changes:
            if not isinstance(changes[name], dt.time):
                errors.setdefault(name, []).append(_("时间无效"))
            clean[name] = changes[name]
    if not errors:
        start = clean.get("start_date", engagement.start_date)
        end = clean.get("end_date", engagement.end_date)
        if end < start:
            errors.setdefault("end_date", []).append(_("结束日期不能早于开始日期"))
        if "start_date" in clean and start < timezone.localdate():
            errors.setdefault("start_date", []).append(_("开始日期不能早于今天"))
        if (end - start).days > 366 * 2:
            errors.setdefault("end_date", []).append(_("用工期限不能超过两年"))
        problem = daily_hours_problem(
            clean.get("daily_start_time", engagement.daily_start_time),
            clean.get("daily_end_time", engagement.daily_end_time),
            clean.get("daily_hours", engagement.daily_hours),
        )
        if problem:
            errors.setdefault("daily_hours", []).append(problem)
    if errors:
        raise InvalidInput(_("条款填写有误，请检查标红的项目。"), errors=errors)
    return clean


def apply_terms(*, engagement: Engagement, changes: dict[str, Any], actor: User) -> Engagement:
    """Apply new agreed terms before work starts (the caller holds the engagement lock).

    The schedule is rebuilt from the new dates and times; a signed engagement goes back to waiting for
    signatures on the new contract version (the contracts service renders it).
    """
    if engagement.status not in (
        EngagementStatus.CONTRACT_PENDING,
        EngagementStatus.SIGNED,
        EngagementStatus.INSURED,
    ):
        raise ConflictError(
            _("开工后不能修改条款；如需调整，请协商提前结束后重新录用。"), code="invalid_transition"
        )
    clean = _clean_terms(engagement, changes)
    before = {name: getattr(engagement, name) for name in clean}
    for name, value in clean.items():
        setattr(engagement, name, value)
    engagement.terms_version += 1
    engagement.save(update_fields=[*clean, "terms_version", "updated_at"])
    if {"start_date", "end_date", "daily_start_time", "daily_end_time"} & set(clean):
        engagement.shifts.all().delete()
        _create_shifts(engagement)
    record(
        "engagement.terms_changed",
        engagement,
        actor,
        version=engagement.terms_version,
        before=before,
        after=clean,
    )
    if engagement.status != EngagementStatus.CONTRACT_PENDING:
        _advance_engagement(
            engagement,
            EngagementStatus.CONTRACT_PENDING,
            actor,
            action="engagement.terms_reopened",
            quiet=True,
        )
    publish(engagement, "terms_changed")
    return engagement
