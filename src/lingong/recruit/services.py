"""Instant quick-recruit (即时快招): every state change of a campaign and its invites.

Lock order is the platform's: the job row, then the campaign row, then invites and applications. The
jobs services take the job lock first too, and the receivers (``recruit.receivers``) run inside their
transactions, so a decline that promotes the next worker on standby never waits on an answer in the
other order. Every function takes ``now`` so that tests and the drill can drive a fake clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff, require_role, require_staff, staff_can_act_for_enterprise
from lingong.accounts.models import Role, User
from lingong.audit import trail as audit
from lingong.audit.lifecycle import Lifecycle
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.events import campaign_group, market_group, send_event_on_commit, station_group
from lingong.core.geo import haversine_km
from lingong.core.queue import enqueue_on_commit
from lingong.core.validators import normalize_phone
from lingong.engagements.models import Engagement, EngagementStatus
from lingong.jobs import services as jobs
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.jobs.recommendations import candidates_for
from lingong.matching import waves
from lingong.notifications.services import notify
from lingong.org.models import Station
from lingong.org.policy import policy_for
from lingong.recruit.models import (
    LIVE_STATUSES,
    CampaignInvite,
    CampaignStatus,
    InviteChannel,
    InviteState,
    QuickRecruit,
    StationLink,
    Wave,
)
from lingong.workers import services as workers
from lingong.workers.models import WorkerProfile

logger = logging.getLogger("lingong.recruit")

# The clock every function reads when no ``now`` is passed, receivers included: the drill replaces it with
# its compressed clock (``using_clock``) so that times stamped by the jobs receivers follow the same clock.
clock: Callable[[], dt.datetime] = timezone.now


@contextmanager
def using_clock(read: Callable[[], dt.datetime]) -> Iterator[None]:
    global clock
    previous, clock = clock, read
    try:
        yield
    finally:
        clock = previous


MAX_HEADCOUNT = 500
MAX_LEAD = dt.timedelta(hours=72)

CAMPAIGN_LIFECYCLE = Lifecycle.of(
    "quick_recruit",
    [
        (CampaignStatus.OPEN, CampaignStatus.FILLING),  # the first wave went out
        (CampaignStatus.OPEN, CampaignStatus.FILLED),  # answers (or nominations) filled it before wave 1
        (CampaignStatus.FILLING, CampaignStatus.FILLED),
        (CampaignStatus.FILLED, CampaignStatus.FILLING),  # a hired worker dropped out before the start
        (CampaignStatus.OPEN, CampaignStatus.EXPIRED),
        (CampaignStatus.FILLING, CampaignStatus.EXPIRED),
        (CampaignStatus.OPEN, CampaignStatus.CANCELLED),
        (CampaignStatus.FILLING, CampaignStatus.CANCELLED),
        (CampaignStatus.FILLED, CampaignStatus.CANCELLED),
    ],
    choices=CampaignStatus,
    subject="快招",
)

INVITE_LIFECYCLE = Lifecycle.of(
    "quick_recruit_invite",
    [
        (InviteState.INVITED, InviteState.STANDBY),
        (InviteState.INVITED, InviteState.OFFERED),
        (InviteState.STANDBY, InviteState.OFFERED),
        (InviteState.OFFERED, InviteState.ACCEPTED),
        (InviteState.OFFERED, InviteState.RELEASED),  # declined, withdrew, offer withdrawn
        (InviteState.ACCEPTED, InviteState.RELEASED),  # cancelled, no-show
        (InviteState.OFFERED, InviteState.LAPSED),  # not answered within the market's time
        (InviteState.INVITED, InviteState.CLOSED),
        (InviteState.STANDBY, InviteState.CLOSED),
    ],
    choices=InviteState,
    status_field="state",
    subject="快招邀请",
)

TAKEN = (InviteState.OFFERED, InviteState.ACCEPTED)
ENGAGED = (
    EngagementStatus.CONTRACT_PENDING,
    EngagementStatus.SIGNED,
    EngagementStatus.INSURED,
    EngagementStatus.IN_PROGRESS,
)


def invite_url(campaign_id: int) -> str:
    return reverse("recruit:invitation", args=[campaign_id])


def campaign_url(campaign_id: int) -> str:
    return reverse("recruit:campaign", args=[campaign_id])


# --- Reading under the lock ---------------------------------------------------------------------------


def _lock(campaign_id: int) -> QuickRecruit:
    """Job row, then campaign row (the platform's lock order)."""
    job_id = QuickRecruit.objects.filter(pk=campaign_id).values_list("job_id", flat=True).first()
    if job_id is None:
        raise NotFoundError(_("快招不存在"))
    list(JobPosting.objects.select_for_update().filter(pk=job_id).values_list("pk", flat=True))
    return (
        QuickRecruit.objects.select_for_update(of=("self",))
        .select_related("job", "enterprise")
        .get(pk=campaign_id)
    )


def taken(campaign: QuickRecruit) -> int:
    return campaign.invites.filter(state__in=TAKEN).count()


def _accepted(campaign: QuickRecruit) -> int:
    return campaign.invites.filter(state=InviteState.ACCEPTED).count()


def _publish(campaign: QuickRecruit) -> None:
    """The campaign's summary to its page, its market and every linked station, after commit."""
    # selectors reads the models only; imported here to keep one summary for services and pages alike.
    from lingong.recruit.selectors import campaign_summary

    groups = [campaign_group(campaign.pk), market_group(campaign.market_id)]
    groups += [
        station_group(sid)
        for sid in campaign.station_links.values_list("station_id", flat=True).order_by("pk")
    ]
    send_event_on_commit(groups, {"type": "campaign", "op": "update", "campaign": campaign_summary(campaign)})


def can_manage(user: Any, campaign: QuickRecruit) -> bool:
    """The employer's members and staff whose scope holds the employer (as for its postings)."""
    return jobs.can_manage_job(user, campaign.job)


def staff_may_see(user: Any, campaign: QuickRecruit) -> bool:
    """Staff of the market who act for the employer, or whose station (centre) the campaign reached."""
    if not is_staff(user) or user.market_id != campaign.market_id:
        return False
    if user.role == Role.MARKET_ADMIN or staff_can_act_for_enterprise(user, campaign.enterprise):
        return True
    links = campaign.station_links.all()
    if user.role == Role.CENTRE_STAFF:
        return links.filter(station__centre_id=user.centre_id).exists()
    return links.filter(station_id=user.station_id).exists()


def require_viewer(user: Any, campaign: QuickRecruit) -> None:
    """Managers and staff in scope; everyone else 404 (it does not reveal that the campaign exists)."""
    if can_manage(user, campaign) or staff_may_see(user, campaign):
        return
    raise NotFoundError(_("快招不存在"))


# --- Starting ------------------------------------------------------------------------------------------


@dataclass
class CampaignInput:
    headcount: int
    starts_at: dt.datetime
    fill_deadline: dt.datetime
    auto_offer: bool = True
    job_id: int | None = None  # an existing open posting of the employer
    job: jobs.JobInput | None = None  # or a new posting
    enterprise_id: int | None = None  # staff starting one for an employer (new posting)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def campaign_errors(data: CampaignInput, now: dt.datetime) -> dict[str, list[str]]:
    """Every problem of the input at once (the posting's own problems come from the jobs service)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(data.headcount, int) or not 1 <= data.headcount <= MAX_HEADCOUNT:
        errors["headcount"] = [_("招募人数应为1至%(n)d人") % {"n": MAX_HEADCOUNT}]
    starts_at, deadline = _aware(data.starts_at), _aware(data.fill_deadline)
    if starts_at <= now:
        errors["starts_at"] = [_("到岗时间不能早于现在")]
    elif starts_at > now + MAX_LEAD:
        errors["starts_at"] = [_("即时快招的到岗时间须在72小时以内")]
    if deadline <= now:
        errors["fill_deadline"] = [_("招满截止时间不能早于现在")]
    elif deadline > starts_at:
        errors["fill_deadline"] = [_("招满截止时间不能晚于到岗时间")]
    if (data.job_id is None) == (data.job is None):
        errors["job_id"] = [_("请选择一个岗位，或填写新岗位")]
    return errors


def start_campaign(*, actor: User, data: CampaignInput, now: dt.datetime | None = None) -> QuickRecruit:
    """An employer (or staff on its behalf) starts a quick-recruit; wave 1 goes out after commit."""
    now = now or clock()
    require_role(actor, Role.EMPLOYER, Role.STATION_STAFF, Role.CENTRE_STAFF, Role.MARKET_ADMIN)
    errors = campaign_errors(data, now)
    if errors:
        raise InvalidInput(_("请检查快招信息"), errors=errors)
    starts_at, deadline = _aware(data.starts_at), _aware(data.fill_deadline)
    with transaction.atomic():
        job = _posting_for(actor, data, starts_at)
        if QuickRecruit.objects.filter(job=job, status__in=LIVE_STATUSES).exists():
            raise ConflictError(_("该岗位已有进行中的快招。"), code="campaign_exists")
        campaign = QuickRecruit.objects.create(
            market_id=job.market_id,
            enterprise_id=job.enterprise_id,
            job=job,
            created_by=actor,
            headcount=data.headcount,
            starts_at=starts_at,
            fill_deadline=deadline,
            auto_offer=bool(data.auto_offer),
            lat=job.lat,
            lon=job.lon,
            next_wave_at=now,
            started_at=now,
            created_at=now,
        )
        audit.record(
            action="quick_recruit.started",
            obj=campaign,
            actor=actor,
            data={"job": job.pk, "headcount": campaign.headcount, "starts_at": starts_at.isoformat()},
        )
        _publish(campaign)
        enqueue_on_commit(_tasks().first_wave, campaign.pk)
    return campaign


def _tasks() -> Any:
    # recruit.tasks imports this module (its tasks call the services); import it when first used.
    from lingong.recruit import tasks

    return tasks


def _posting_for(actor: User, data: CampaignInput, starts_at: dt.datetime) -> JobPosting:
    local = timezone.localtime(starts_at)
    if data.job is not None:
        posting = data.job
        posting.headcount = data.headcount
        posting.start_date = local.date()
        posting.end_date = max(posting.end_date or local.date(), local.date())
        posting.is_urgent = True
        created = jobs.create_job(actor=actor, data=posting, enterprise_id=data.enterprise_id)
        if created.status != JobStatus.OPEN:
            raise ConflictError(
                _("新岗位需审核通过后才能发起快招，请在岗位通过审核后再试。"), code="job_not_open"
            )
        return JobPosting.objects.select_for_update().get(pk=created.pk)
    job = JobPosting.objects.select_for_update().filter(pk=data.job_id or 0).first()
    if job is None or not jobs.can_manage_job(actor, job):
        raise NotFoundError(_("岗位不存在"))
    if job.status != JobStatus.OPEN:
        raise ConflictError(_("岗位不在招聘中，不能发起快招。"), code="job_not_open")
    errors: dict[str, list[str]] = {}
    if not job.start_date <= local.date() <= job.end_date:
        errors["starts_at"] = [_("到岗时间须在岗位的工作日期之内")]
    accepted = job.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    if data.headcount > job.headcount - accepted:
        errors["headcount"] = [_("超过岗位剩余名额（%(n)d人）") % {"n": job.headcount - accepted}]
    if errors:
        raise InvalidInput(_("请检查快招信息"), errors=errors)
    return job


# --- Waves ---------------------------------------------------------------------------------------------


def engaged_worker_ids(at: dt.datetime, market_id: int) -> set[int]:
    """The market's workers with a live engagement on the campaign's start date."""
    day = timezone.localtime(at).date()
    live = Engagement.objects.filter(
        market_id=market_id, status__in=ENGAGED, start_date__lte=day, end_date__gte=day
    )
    return set(live.values_list("worker_id", flat=True))


def run_wave(*, campaign_id: int, now: dt.datetime | None = None) -> Wave | None:
    """The next wave if it is due: widen the radius, invite the next candidates, link the stations."""
    now = now or clock()
    with transaction.atomic():
        campaign = _lock(campaign_id)
        if campaign.status not in LIVE_STATUSES or campaign.next_wave_at is None:
            return None
        if campaign.next_wave_at > now or now >= campaign.fill_deadline:
            return None
        policy = policy_for(campaign.market_id)
        last = campaign.waves.order_by("-number").first()
        step = waves.next_wave(
            last_radius_km=last.radius_km if last is not None else None,
            open_places=max(campaign.headcount - taken(campaign), 0),
            start_radius_km=float(policy.quick_recruit_start_radius_km),
            cap_km=float(policy.radius_cap_km),
            over_invite_factor=float(policy.over_invite_factor),
        )
        radius, size = step.radius_km, step.size
        wave = Wave.objects.create(
            campaign=campaign, number=(last.number + 1) if last else 1, radius_km=radius, at=now
        )
        wave.invited = _invite(campaign, wave, size, now)
        wave.stations_linked = _link_stations(campaign, wave, now)
        wave.save(update_fields=["invited", "stations_linked"])
        campaign.radius_km = radius
        campaign.next_wave_at = (
            now + dt.timedelta(minutes=policy.wave_interval_minutes) if step.more_follow else None
        )
        wave_data = {"wave": wave.number, "radius_km": radius, "invited": wave.invited}
        if campaign.status == CampaignStatus.OPEN:
            CAMPAIGN_LIFECYCLE.advance(
                campaign,
                CampaignStatus.FILLING,
                actor=None,
                fields=["radius_km", "next_wave_at"],
                data=wave_data,
            )
        else:
            campaign.save(update_fields=["radius_km", "next_wave_at", "updated_at"])
            audit.record(action="quick_recruit.wave", obj=campaign, actor=None, data=wave_data)
        _publish(campaign)
    return wave


def _invite(campaign: QuickRecruit, wave: Wave, size: int, now: dt.datetime) -> int:
    if size <= 0:
        return 0
    known = set(campaign.invites.values_list("worker_id", flat=True))
    busy = engaged_worker_ids(campaign.starts_at, campaign.market_id)
    try:
        ranked = candidates_for(
            campaign.job, limit=waves.ranking_depth(size, len(known)), radius_km=wave.radius_km
        )
    except Exception:  # a matching failure must not stop the waves; the next wave tries again
        logger.exception("Matching failed for quick-recruit %s", campaign.pk)
        return 0
    chosen = waves.choose_invitees((c["worker_id"] for c in ranked), known, busy, size)
    job = campaign.job
    workers_by_id = WorkerProfile.objects.select_related("user").in_bulk(chosen)
    when = timezone.localtime(campaign.starts_at).strftime("%m-%d %H:%M")
    for worker_id in chosen:
        worker = workers_by_id.get(worker_id)
        if worker is None:
            continue
        CampaignInvite.objects.create(
            campaign=campaign,
            worker=worker,
            wave=wave,
            channel=InviteChannel.SMS if worker.user.phone else InviteChannel.APP,
            invited_at=now,
        )
        notify(
            user=worker.user,
            kind="quick_recruit_invite",
            title=_("即时快招：%(title)s") % {"title": job.title},
            body=_("%(name)s急招%(n)d人，%(when)s到岗，%(pay)s。一键接单，先到先得。")
            % {
                "name": campaign.enterprise.name,
                "n": campaign.headcount,
                "when": when,
                "pay": job.pay_display,
            },
            url=invite_url(campaign.pk),
            link_text=_("一键接单"),
        )
    return len(chosen)


def _link_stations(campaign: QuickRecruit, wave: Wave, now: dt.datetime) -> int:
    linked = set(campaign.station_links.values_list("station_id", flat=True))
    new = []
    for station in Station.objects.filter(market_id=campaign.market_id, is_active=True).order_by("pk"):
        if station.pk in linked:
            continue
        distance = haversine_km(campaign.lat, campaign.lon, station.lat, station.lon)
        if distance <= wave.radius_km:
            new.append(
                StationLink(
                    campaign=campaign,
                    station=station,
                    wave_number=wave.number,
                    distance_km=round(distance, 2),
                    linked_at=now,
                )
            )
    StationLink.objects.bulk_create(new)
    return len(new)


def run_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The every-minute sweep: due waves, lapsed offers, campaigns past their deadline."""
    now = now or clock()
    done = {"waves": 0, "lapsed": 0, "expired": 0}
    for campaign_id in QuickRecruit.objects.filter(
        status__in=LIVE_STATUSES, next_wave_at__lte=now, fill_deadline__gt=now
    ).values_list("pk", flat=True):
        try:
            done["waves"] += run_wave(campaign_id=campaign_id, now=now) is not None
        except Exception:  # one broken campaign must not stop the sweep
            logger.exception("Could not run the wave of quick-recruit %s", campaign_id)
    done["lapsed"] = lapse_offers(now=now)
    for campaign_id in QuickRecruit.objects.filter(
        status__in=LIVE_STATUSES, fill_deadline__lte=now
    ).values_list("pk", flat=True):
        try:
            done["expired"] += expire(campaign_id=campaign_id, now=now)
        except Exception:
            logger.exception("Could not expire quick-recruit %s", campaign_id)
    return done


def expire(*, campaign_id: int, now: dt.datetime | None = None) -> bool:
    """Past its fill deadline: no more waves; those not answered and on standby are told it ended."""
    now = now or clock()
    with transaction.atomic():
        campaign = _lock(campaign_id)
        if campaign.status not in LIVE_STATUSES or campaign.fill_deadline > now:
            return False
        campaign.closed_at = now
        campaign.next_wave_at = None
        CAMPAIGN_LIFECYCLE.advance(
            campaign,
            CampaignStatus.EXPIRED,
            actor=None,
            fields=["closed_at", "next_wave_at"],
            data={"taken": taken(campaign), "headcount": campaign.headcount},
        )
        _close_waiting(campaign)
        _publish(campaign)
    return True


def _close_waiting(campaign: QuickRecruit) -> None:
    INVITE_LIFECYCLE.advance_many(
        campaign.invites.filter(state__in=[InviteState.INVITED, InviteState.STANDBY]), InviteState.CLOSED
    )


def cancel(*, actor: User, campaign_id: int, now: dt.datetime | None = None) -> QuickRecruit:
    """The employer or staff stop the campaign. Offers already made stand (the worker may still accept)."""
    now = now or clock()
    with transaction.atomic():
        campaign = _lock(campaign_id)
        if not can_manage(actor, campaign):
            if is_staff(actor) or getattr(actor, "role", None) == Role.EMPLOYER:
                raise NotFoundError(_("快招不存在"))
            raise PermissionDeniedError(_("您没有权限取消该快招。"))
        campaign.closed_at = now
        campaign.next_wave_at = None
        CAMPAIGN_LIFECYCLE.advance(
            campaign, CampaignStatus.CANCELLED, actor=actor, fields=["closed_at", "next_wave_at"]
        )
        _close_waiting(campaign)
        _publish(campaign)
    return campaign


# --- Answers -------------------------------------------------------------------------------------------


def worker_of(actor: Any) -> WorkerProfile:
    require_role(actor, Role.WORKER)
    worker = WorkerProfile.objects.select_related("user").filter(user=actor).first()
    if worker is None:
        raise ConflictError(_("请先完善求职资料。"), code="profile_incomplete")
    return worker


def answer(
    *, actor: User, campaign_id: int, now: dt.datetime | None = None, channel: str = InviteChannel.APP
) -> CampaignInvite:
    """A worker's one tap (接单): an offer at once while places last, else the standby list. The answer
    time is read under the lock, so the standby order is the order the answers were served in."""
    worker = worker_of(actor)
    with transaction.atomic():
        campaign = _lock(campaign_id)
        return _answer_locked(campaign, worker, now=now or clock(), actor=actor, channel=channel)


def _answer_locked(
    campaign: QuickRecruit,
    worker: WorkerProfile,
    *,
    now: dt.datetime,
    actor: User,
    channel: str,
    station: Station | None = None,
) -> CampaignInvite:
    if campaign.status not in (*LIVE_STATUSES, CampaignStatus.FILLED) or now >= campaign.starts_at:
        raise ConflictError(_("该快招已结束。"), code="campaign_closed")
    if campaign.market_id != worker.market_id:
        raise NotFoundError(_("快招不存在"))
    invite = CampaignInvite.objects.select_for_update().filter(campaign=campaign, worker=worker).first()
    if invite is not None and invite.answered_at is not None:
        return invite  # a second tap answers nothing new
    _check_worker(campaign, worker)
    if invite is None:
        invite = CampaignInvite.objects.create(
            campaign=campaign,
            worker=worker,
            channel=channel,
            invited_at=now,
            nominated_by=actor if channel == InviteChannel.STATION else None,
            station=station,
        )
    elif channel == InviteChannel.STATION:
        invite.nominated_by, invite.station = actor, station
    invite.answered_at = now
    invite.viewed_at = invite.viewed_at or now
    invite.save(update_fields=["answered_at", "viewed_at", "nominated_by", "station", "updated_at"])
    if campaign.first_answer_at is None:
        campaign.first_answer_at = now
        campaign.time_to_first_answer_s = max(int((now - campaign.started_at).total_seconds()), 0)
        campaign.save(update_fields=["first_answer_at", "time_to_first_answer_s", "updated_at"])
    audit.record(
        action="quick_recruit.answered",
        obj=invite,
        actor=actor,
        data={"campaign": campaign.pk, "worker": worker.pk, "channel": channel},
        market=campaign.market_id,
    )
    if (
        campaign.auto_offer
        and campaign.status != CampaignStatus.FILLED
        and taken(campaign) < campaign.headcount
    ):
        _offer(campaign, invite, now)
    else:
        INVITE_LIFECYCLE.advance(invite, InviteState.STANDBY, actor=actor, market=campaign.market_id)
    _publish(campaign)
    return invite


def _check_worker(campaign: QuickRecruit, worker: WorkerProfile) -> None:
    if not worker.real_name or not worker.id_number:
        raise ConflictError(_("接单前请先填写姓名和身份证号码。"), code="profile_incomplete")
    missing = jobs.missing_certificates(worker, campaign.job)
    if missing:
        names = "、".join(c.name for c in missing)
        raise ConflictError(
            _("该岗位要求持有经核验且在有效期内的%(names)s，请先到驿站核验证书。") % {"names": names},
            code="certificate_required",
        )
    status = (
        Application.objects.filter(job=campaign.job, worker=worker).values_list("status", flat=True).first()
    )
    if status is not None and status not in (
        ApplicationStatus.APPLIED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.WITHDRAWN,
    ):
        raise ConflictError(_("您已对该岗位作出过答复。"), code="already_answered")
    if worker.pk in engaged_worker_ids(campaign.starts_at, campaign.market_id):
        raise ConflictError(_("您在该时间已有用工安排。"), code="already_engaged")


def _offer(campaign: QuickRecruit, invite: CampaignInvite, now: dt.datetime) -> None:
    application = jobs.offer_on_behalf(
        job_id=campaign.job_id,
        worker_id=invite.worker_id,
        note=str(_("即时快招自动录用")),
        url=invite_url(campaign.pk),
    )
    invite.application = application
    invite.offered_at = now
    INVITE_LIFECYCLE.advance(
        invite,
        InviteState.OFFERED,
        actor=None,
        fields=["application", "offered_at"],
        data={"application": application.pk},
        market=campaign.market_id,
    )


def _promote(campaign: QuickRecruit, now: dt.datetime) -> int:
    """Offer the freed places to the first on standby (by answer time), while places and the job last."""
    if not campaign.auto_offer or campaign.status not in LIVE_STATUSES or now >= campaign.starts_at:
        return 0
    if JobPosting.objects.filter(pk=campaign.job_id).values_list("status", flat=True).get() != JobStatus.OPEN:
        return 0  # the posting reopens after the place is freed: recruit.receivers.job_saved tries again
    promoted = 0
    while taken(campaign) < campaign.headcount:
        invite = (
            campaign.invites.select_for_update()
            .filter(state=InviteState.STANDBY)
            .order_by("answered_at", "pk")
            .first()
        )
        if invite is None:
            break
        _offer(campaign, invite, now)
        promoted += 1
    return promoted


def confirm(
    *, actor: User, campaign_id: int, invite_id: int, now: dt.datetime | None = None
) -> CampaignInvite:
    """Auto-offer off: the employer offers a place to one who answered."""
    now = now or clock()
    with transaction.atomic():
        campaign = _lock(campaign_id)
        if not can_manage(actor, campaign):
            raise NotFoundError(_("快招不存在"))
        invite = campaign.invites.select_for_update().filter(pk=invite_id).first()
        if invite is None:
            raise NotFoundError(_("报名不存在"))
        if campaign.status not in LIVE_STATUSES or taken(campaign) >= campaign.headcount:
            raise ConflictError(_("名额已满或快招已结束。"), code="no_places_left")
        INVITE_LIFECYCLE.guard(invite, InviteState.OFFERED)
        _offer(campaign, invite, now)
        audit.record(action="quick_recruit.confirmed", obj=invite, actor=actor, market=campaign.market_id)
        _publish(campaign)
    return invite


def mark_viewed(*, actor: User, campaign_id: int, now: dt.datetime | None = None) -> bool:
    """The worker opened the invitation (not a state change: a stamp for the counts)."""
    now = now or clock()
    if getattr(actor, "role", None) != Role.WORKER:
        return False
    updated = CampaignInvite.objects.filter(
        campaign_id=campaign_id, worker__user=actor, viewed_at__isnull=True
    ).update(viewed_at=now)
    if updated:
        with transaction.atomic():
            _publish(QuickRecruit.objects.get(pk=campaign_id))
    return bool(updated)


# --- What the jobs app tells us (recruit.receivers) --------------------------------------------------


def application_changed(*, application: Application, now: dt.datetime | None = None) -> None:
    """An application a campaign offered moved: accepted (maybe filled), or left (promote the next).

    Runs inside the jobs service's transaction, which already holds the job lock."""
    now = now or clock()
    invite = CampaignInvite.objects.filter(application_id=application.pk, state__in=TAKEN).first()
    if invite is None:
        return
    campaign = QuickRecruit.objects.select_for_update().get(pk=invite.campaign_id)
    invite = CampaignInvite.objects.select_for_update().get(pk=invite.pk)
    status = application.status
    if status == ApplicationStatus.ACCEPTED and invite.state == InviteState.OFFERED:
        INVITE_LIFECYCLE.advance(invite, InviteState.ACCEPTED, actor=None, market=campaign.market_id)
        _check_filled(campaign, now)
    elif status not in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
        INVITE_LIFECYCLE.advance(
            invite, InviteState.RELEASED, actor=None, data={"application": status}, market=campaign.market_id
        )
        if campaign.status == CampaignStatus.FILLED and now < campaign.starts_at:
            CAMPAIGN_LIFECYCLE.advance(campaign, CampaignStatus.FILLING, actor=None)
        _promote(campaign, now)
    else:
        return
    _publish(campaign)


def job_reopened(*, job_id: int, now: dt.datetime | None = None) -> None:
    """The posting took places again (a hired worker's engagement was cancelled): promote on standby."""
    now = now or clock()
    for campaign in QuickRecruit.objects.select_for_update().filter(job_id=job_id, status__in=LIVE_STATUSES):
        if _promote(campaign, now):
            _publish(campaign)


def _check_filled(campaign: QuickRecruit, now: dt.datetime) -> None:
    if _accepted(campaign) < campaign.headcount or campaign.status not in LIVE_STATUSES:
        return
    campaign.filled_at = now
    campaign.next_wave_at = None
    fields = ["filled_at", "next_wave_at"]
    if campaign.time_to_fill_s is None:
        campaign.time_to_fill_s = max(int((now - campaign.started_at).total_seconds()), 0)
        fields.append("time_to_fill_s")
    CAMPAIGN_LIFECYCLE.advance(
        campaign,
        CampaignStatus.FILLED,
        actor=None,
        fields=fields,
        data={"time_to_fill_s": campaign.time_to_fill_s},
    )


def lapse_offers(*, now: dt.datetime | None = None) -> int:
    """Offers a campaign made and nobody answered within the market's minutes lapse; standby moves up."""
    now = now or clock()
    lapsed = 0
    due = CampaignInvite.objects.filter(
        state=InviteState.OFFERED, campaign__status__in=[*LIVE_STATUSES, CampaignStatus.FILLED]
    ).values_list("pk", "campaign_id", "campaign__market_id", "offered_at")
    for invite_id, campaign_id, market_id, offered_at in due:
        minutes = policy_for(market_id).quick_recruit_offer_minutes
        if offered_at is None or offered_at + dt.timedelta(minutes=minutes) > now:
            continue
        try:
            lapsed += _lapse(invite_id, campaign_id, now)
        except Exception:
            logger.exception("Could not lapse the offer of quick-recruit invite %s", invite_id)
    return lapsed


def _lapse(invite_id: int, campaign_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        campaign = _lock(campaign_id)
        invite = campaign.invites.select_for_update().filter(pk=invite_id, state=InviteState.OFFERED).first()
        if invite is None:
            return False
        # Lapsed first, so that the application's move below is not read as a release.
        INVITE_LIFECYCLE.advance(invite, InviteState.LAPSED, actor=None, market=campaign.market_id)
        if invite.application_id is not None:
            jobs.lapse_offer(application_id=invite.application_id, reason=str(_("快招录用超时未确认")))
        _promote(campaign, now)
        _publish(campaign)
    return True


# --- Stations put people forward (代报名) -----------------------------------------------------------------


@dataclass
class WalkIn:
    """A person not yet registered, registered on the spot with their consent (workers.register_walk_in)."""

    profile: workers.ProfileInput
    consent_channel: str
    consent_reference: str = ""
    otp_code: str = ""


def nominate(
    *,
    actor: User,
    campaign_id: int,
    phone: str,
    walk_in: WalkIn | None = None,
    now: dt.datetime | None = None,
) -> CampaignInvite:
    """Station staff put a registered worker (by phone) or a walk-in onto the campaign's queue."""
    require_staff(actor)
    with transaction.atomic():
        campaign = _lock(campaign_id)
        now = now or clock()
        if not staff_may_see(actor, campaign):
            raise NotFoundError(_("快招不存在"))
        try:
            number = normalize_phone(phone or "")
        except ValidationError as exc:
            raise InvalidInput(
                _("请输入正确的11位手机号码"), errors={"phone": [str(exc.messages[0])]}
            ) from exc
        worker = (
            WorkerProfile.objects.select_related("user")
            .filter(user__phone=number, market_id=campaign.market_id)
            .first()
        )
        if worker is None:
            if walk_in is None:
                raise InvalidInput(
                    _("该手机号尚未登记，请填写登记信息并取得本人同意"),
                    errors={"phone": [_("该手机号尚未登记")]},
                )
            _walk_in_defaults(walk_in.profile, campaign, actor)
            worker = workers.register_walk_in(
                actor=actor,
                phone=number,
                consent_channel=walk_in.consent_channel,
                consent_reference=walk_in.consent_reference,
                otp_code=walk_in.otp_code,
                data=walk_in.profile,
            )
        station = Station.objects.filter(pk=actor.station_id).first() if actor.station_id else None
        invite = _answer_locked(
            campaign, worker, now=now, actor=actor, channel=InviteChannel.STATION, station=station
        )
        audit.record(
            action="quick_recruit.nominated",
            obj=invite,
            actor=actor,
            data={"campaign": campaign.pk, "worker": worker.pk},
            market=campaign.market_id,
        )
    return invite


def _walk_in_defaults(profile: workers.ProfileInput, campaign: QuickRecruit, actor: User) -> None:
    """What the nomination form does not ask: the campaign's trade, and the station as the home area."""
    if profile.skills is None:
        occupation = campaign.job.occupations.order_by("pk").values_list("code", flat=True).first()
        profile.skills = [(occupation, 0)] if occupation else None
    station = Station.objects.filter(pk=actor.station_id).first() if actor.station_id else None
    if station is not None and profile.home_division is None:
        profile.home_division = station.division_id
        if profile.home_lat is None:
            profile.home_lat, profile.home_lon = station.lat, station.lon


def live_for_job(job_id: int) -> QuerySet[QuickRecruit]:
    return QuickRecruit.objects.filter(job_id=job_id, status__in=LIVE_STATUSES)
