"""Reads that span the chain: what a worker or an employer should do next (engagements and contracts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of
from lingong.accounts.models import Role
from lingong.contracts.models import Contract
from lingong.engagements.models import Engagement, EngagementStatus, Shift, ShiftStatus
from lingong.engagements.selectors import engagements_for, today_shift


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    urgent: bool = False


def _unsigned_by(engagements: QuerySet[Engagement], party: str) -> list[Engagement]:
    """Engagements whose current contract still waits for ``party``'s signature."""
    pending = Contract.objects.filter(engagement__in=engagements, status="pending").exclude(
        signatures__party=party
    )
    ids = set(pending.values_list("engagement_id", flat=True))
    return [e for e in engagements if e.pk in ids]


def todo_for(user: Any, limit: int = 6) -> list[Todo]:
    """What the worker or employer should do next, for the top of their home page."""
    if not getattr(user, "is_authenticated", False):
        return []
    live = engagements_for(user, "active")
    items: list[Todo] = []
    if user.role == Role.WORKER:
        for e in _unsigned_by(live.filter(status=EngagementStatus.CONTRACT_PENDING), "worker"):
            items.append(
                Todo(
                    _("请签署“%(t)s”的劳务协议") % {"t": e.job.title},
                    reverse("engagements:detail", args=[e.pk]),
                    True,
                )
            )
        now = timezone.now()
        for e in live.filter(
            status__in=[EngagementStatus.SIGNED, EngagementStatus.INSURED, EngagementStatus.IN_PROGRESS]
        ):
            shift = today_shift(e)
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
