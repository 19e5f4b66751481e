"""When pay for a day of work falls due: the end of its settlement cycle plus the market's grace days
(its policy, ``org.policy``).

Shared by the arrears guard and by the employer reputation (paid on time or late).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from lingong.engagements.models import Confirmation, Engagement, Shift, ShiftStatus
from lingong.jobs.models import SettlementCycle
from lingong.org.policy import policy_for
from lingong.settlement.models import ArrearsFlag, ArrearsStatus, StatementStatus


def cycle_end(engagement: Engagement, day: dt.date) -> dt.date | None:
    """The last day of the settlement cycle holding ``day``; None while an on-completion job runs."""
    cycle = engagement.settlement_cycle
    if cycle == SettlementCycle.DAILY:
        return day
    if cycle == SettlementCycle.WEEKLY:
        return day + dt.timedelta(days=6 - day.weekday())  # Sunday of that ISO week
    if cycle == SettlementCycle.MONTHLY:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if engagement.completed_at is None:
        return None
    return timezone.localtime(engagement.completed_at).date()


def due_date(engagement: Engagement, day: dt.date) -> dt.date | None:
    """Pay for work on ``day`` is overdue after this date: the cycle's end plus the grace days."""
    end = cycle_end(engagement, day)
    grace = dt.timedelta(days=policy_for(engagement.market_id).arrears_grace_days)
    return None if end is None else end + grace


def overdue_shifts(engagement: Engagement, today: dt.date) -> list[tuple[Shift, dt.date]]:
    """Payable shifts without a paid statement whose due date has passed, with that date.

    Once staff waived a flag, only work falling due after what the waiver covered counts again."""
    covered = (
        ArrearsFlag.objects.filter(engagement=engagement, status=ArrearsStatus.WAIVED)
        .order_by("-covered_through")
        .values_list("covered_through", flat=True)
        .first()
    )
    shifts = engagement.shifts.filter(
        status=ShiftStatus.CHECKED_OUT, confirmation=Confirmation.CONFIRMED
    ).exclude(statement_link__statement__status=StatementStatus.PAID)
    out = []
    for shift in shifts.order_by("date"):
        due = due_date(engagement, shift.date)
        if due is not None and due < today and (covered is None or due > covered):
            out.append((shift, due))
    return out
