"""Reads that span the chain: what a worker or an employer should do next (engagements and contracts), and
the whole story of one engagement, from the worker's registration to the last rating."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from lingong.accounts.access import enterprise_of
from lingong.accounts.models import STAFF_ROLES, Role, User
from lingong.audit.models import AuditEntry
from lingong.contracts.models import Contract
from lingong.core.masking import mask_name
from lingong.engagements.models import Engagement, EngagementStatus, Party, Shift, ShiftStatus
from lingong.engagements.selectors import current_shifts, describe, engagements_for
from lingong.workers.models import ConsentRecord, RegistrationChannel, WorkerProfile


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    urgent: bool = False


_WORKING = (EngagementStatus.SIGNED, EngagementStatus.INSURED, EngagementStatus.IN_PROGRESS)


def _unsigned_by(engagements: QuerySet[Engagement] | list[Engagement], party: str) -> list[Engagement]:
    """Engagements whose current contract still waits for ``party``'s signature."""
    rows = list(engagements)
    if not rows:
        return []
    pending = Contract.objects.filter(engagement__in=[e.pk for e in rows], status="pending").exclude(
        signatures__party=party
    )
    ids = set(pending.values_list("engagement_id", flat=True))
    return [e for e in rows if e.pk in ids]


def todo_for(user: Any, limit: int = 6) -> list[Todo]:
    """What the worker or employer should do next, for the top of their home page."""
    if not getattr(user, "is_authenticated", False):
        return []
    live = engagements_for(user, "active")
    items: list[Todo] = []
    if user.role == Role.WORKER:
        # One read for both kinds of to-do below, of the columns they show (not engagement_rows' six tables
        # with every column: this runs on every view of the worker's home).
        engagements = list(live.select_related(None).select_related("job").only("id", "status", "job__title"))
        pending = [e for e in engagements if e.status == EngagementStatus.CONTRACT_PENDING]
        for e in _unsigned_by(pending, "worker"):
            items.append(
                Todo(
                    _("请签署“%(t)s”的劳务协议") % {"t": e.job.title},
                    reverse("engagements:detail", args=[e.pk]),
                    True,
                )
            )
        now = timezone.now()
        working = [e for e in engagements if e.status in _WORKING]
        shifts = current_shifts([e.pk for e in working]) if working else {}
        for e in working:
            shift = shifts.get(e.pk)
            if shift is None:
                continue
            url = reverse("engagements:detail", args=[e.pk])
            if shift.status == ShiftStatus.CHECKED_IN:
                items.append(Todo(_("“%(t)s”下班后记得签退") % {"t": e.job.title}, url, True))
            elif shift.starts_at - now <= dt.timedelta(hours=2):
                start = timezone.localtime(shift.starts_at).strftime("%H:%M")
                items.append(
                    Todo(_("%(h)s 上班：“%(t)s”，到岗后签到") % {"h": start, "t": e.job.title}, url, True)
                )
    elif enterprise_of(user) is not None:
        for e in _unsigned_by(live.filter(status=EngagementStatus.CONTRACT_PENDING), "employer"):
            items.append(
                Todo(
                    _("请签署与%(n)s的劳务协议（%(t)s）") % {"n": e.worker.masked_name, "t": e.job.title},
                    reverse("engagements:detail", args=[e.pk]),
                    True,
                )
            )
        to_confirm = Shift.objects.filter(
            engagement__enterprise=enterprise_of(user), status=ShiftStatus.CHECKED_OUT, confirmation="pending"
        ).count()
        if to_confirm:
            items.append(Todo(_("%(n)d 个班次待确认工时") % {"n": to_confirm}, reverse("engagements:list")))
        unpaid = engagements_for(user, EngagementStatus.COMPLETED).count()
        if unpaid:
            items.append(
                Todo(
                    _("%(n)d 个已完工的用工单待结算工资") % {"n": unpaid},
                    reverse("engagements:list") + "?tab=all",
                    True,
                )
            )
    return items[:limit]


# --- The whole story of an engagement ----------------------------------------------------------------


class Phase:
    WORKER = "worker"  # registration and consent
    HIRING = "hiring"  # the posting, invitation, application, offer, acceptance
    ENGAGEMENT = "engagement"  # contract, cover, shifts, pay, ratings


PHASE_LABELS = {Phase.WORKER: N_("求职登记"), Phase.HIRING: N_("招聘录用"), Phase.ENGAGEMENT: N_("用工履约")}

# Trail entries before the engagement existed (the engagement's own are named in engagements.selectors).
HIRING_LABELS = {
    "job.approved": N_("岗位审核通过，公开招聘"),
    "job.published": N_("驿站代为发布岗位"),
    "job.worker_invited": N_("用工方邀请报名"),
    "application.applied": N_("报名"),
    "application.shortlisted": N_("列入候选"),
    "application.offered": N_("发出录用通知"),
    "application.replacement_offered": N_("缺勤补位：系统发出录用通知"),
    "application.accepted": N_("接受录用"),
    "application.withdrawn": N_("撤回报名"),
    "application.rejected": N_("未录用"),
    "application.declined": N_("婉拒录用"),
    "application.cancelled": N_("录用取消"),
}


@dataclass(frozen=True)
class StoryItem:
    """One step: when, what, who did it, details. ``seq`` is the step's number in its market's audit chain
    (None for a consent, which is kept in its own table); ``phase`` is one of ``Phase``."""

    at: dt.datetime
    action: str
    label: str
    actor: str
    detail: str
    seq: int | None
    phase: str

    @property
    def phase_label(self) -> str:
        return _(PHASE_LABELS[self.phase])


def engagement_story(engagement: Engagement, party: str) -> list[StoryItem]:
    """Everything that led to the engagement and everything since, in time order, for a viewer who is
    ``party`` in it (the caller checked access with ``access_engagement_for``).

    The worker's registration and consents come from their rows (the trail adds the registration's
    number where it has one); the posting's opening, the invitation and the application's steps from
    the trail; then the engagement's own trail. Names of staff are masked for anyone but staff, and a
    paper consent form's number is not shown to the employer.
    """
    worker = WorkerProfile.objects.select_related("user", "station", "registered_by__station").get(
        pk=engagement.worker_id
    )
    items = [*_registration(worker, party), *_consents(worker, party)]
    hiring = list(_hiring_entries(engagement))
    items += [_trail_item(e, party, Phase.HIRING) for e in hiring]
    seen = {e.pk for e in hiring}
    items += [
        _trail_item(e, party, Phase.ENGAGEMENT) for e in _engagement_entries(engagement) if e.pk not in seen
    ]
    order = {Phase.WORKER: 0, Phase.HIRING: 1, Phase.ENGAGEMENT: 2}
    return sorted(items, key=lambda i: (i.at, order[i.phase], i.seq or 0))


def _who(user: User | None, party: str, *, fallback: str = "") -> str:
    """Who acted, as the viewer may see it: the role, the station of station staff, and a staff member's
    name (masked unless the viewer is staff too). Workers and employers are named by their side only."""
    if user is None:
        return fallback or str(_("系统"))
    if user.role == Role.WORKER:
        return str(_("劳动者本人"))
    if user.role == Role.EMPLOYER:
        return str(_("用工方"))
    if user.role not in STAFF_ROLES:
        return fallback or str(_("系统"))
    name = user.display_name if party == Party.STAFF else mask_name(user.display_name)
    who = " ".join(part for part in (str(Role(user.role).label), name) if part)
    if user.role == Role.STATION_STAFF and user.station is not None:
        who += f"（{user.station.name}）"
    return who


def _registration(worker: WorkerProfile, party: str) -> list[StoryItem]:
    entry = (
        AuditEntry.objects.filter(
            action="worker.registered", object_type="workers.workerprofile", object_id=str(worker.pk)
        )
        .order_by("seq")
        .first()
    )
    if worker.registration_channel == RegistrationChannel.STATION:
        staff = worker.registered_by
        station = (staff.station if staff is not None else None) or worker.station
        label = _("驿站工作人员代为求职登记")
        actor = _who(staff, party, fallback=str(_("驿站工作人员")))
        detail = _("登记驿站：%(s)s") % {"s": station.name} if station is not None else ""
    else:
        label = _("本人注册求职账号")
        actor = str(_("劳动者本人"))
        detail = _("所属驿站：%(s)s") % {"s": worker.station.name} if worker.station is not None else ""
    return [
        StoryItem(
            at=worker.created_at,
            action="worker.registered",
            label=str(label),
            actor=actor,
            detail=str(detail),
            seq=entry.seq if entry is not None else None,
            phase=Phase.WORKER,
        )
    ]


def _consents(worker: WorkerProfile, party: str) -> list[StoryItem]:
    """Each consent the worker gave (purpose, how, which notice) and each withdrawal."""
    items = []
    records = ConsentRecord.objects.filter(user_id=worker.user_id).select_related("recorded_by__station")
    for c in records.order_by("given_at", "pk"):
        recorder = c.recorded_by if c.recorded_by_id != worker.user_id else None
        parts = [str(c.get_channel_display()), _("告知书版本 %(v)s") % {"v": c.notice_version}]
        if c.reference and c.channel == "paper" and party != Party.EMPLOYER:
            parts.append(_("授权书编号 %(r)s") % {"r": c.reference})
        items.append(
            StoryItem(
                at=c.given_at,
                action="worker.consent_given",
                label=_("同意个人信息授权：%(p)s") % {"p": c.get_purpose_display()},
                actor=_who(recorder, party) if recorder else str(_("劳动者本人")),
                detail=" · ".join(str(p) for p in parts),
                seq=None,
                phase=Phase.WORKER,
            )
        )
        if c.withdrawn_at is not None:
            items.append(
                StoryItem(
                    at=c.withdrawn_at,
                    action="worker.consent_withdrawn",
                    label=_("撤回个人信息授权：%(p)s") % {"p": c.get_purpose_display()},
                    actor=str(_("劳动者本人")),
                    detail="",
                    seq=None,
                    phase=Phase.WORKER,
                )
            )
    return items


def _hiring_entries(engagement: Engagement) -> QuerySet[AuditEntry]:
    """The posting's opening, this worker's invitation to it, and every step of the application."""
    job = str(engagement.job_id)
    return AuditEntry.objects.filter(
        Q(object_type="jobs.application", object_id=str(engagement.application_id))
        | Q(object_type="jobs.jobposting", object_id=job, action__in=["job.approved", "job.published"])
        | Q(
            object_type="jobs.jobposting",
            object_id=job,
            action="job.worker_invited",
            data__worker=engagement.worker_id,
        )
    ).select_related("actor__station")


def _trail_item(entry: AuditEntry, party: str, phase: str) -> StoryItem:
    base = describe(entry, HIRING_LABELS)
    return StoryItem(
        at=base.at,
        action=base.action,
        label=_(base.label),
        actor=_who(entry.actor, party, fallback=base.actor),
        detail=base.detail,
        seq=base.seq,
        phase=phase,
    )


def _engagement_entries(engagement: Engagement) -> QuerySet[AuditEntry]:
    """The engagement's own trail: every entry of the chain names it (``engagements.trail``)."""
    return AuditEntry.objects.filter(
        Q(object_type="engagements.engagement", object_id=str(engagement.pk))
        | Q(data__engagement_id=engagement.pk)
    ).select_related("actor__station")
