"""The wage-arrears guard: a flag opens on overdue unpaid work (``detect_arrears``, hourly), is lifted when
nothing is overdue any more (``_resolve_arrears``, after a payment) or by staff (``waive_arrears``). While a
flag is open the enterprise cannot post (``selectors.assert_can_post``, registered in ``apps.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.core.errors import InvalidInput, NotFoundError
from lingong.core.events import send_event_on_commit
from lingong.engagements.access import employer_users, lock_for
from lingong.engagements.models import Confirmation, Engagement, Party, Shift, ShiftStatus
from lingong.engagements.trail import record
from lingong.notifications.services import notify
from lingong.settlement import links
from lingong.settlement.models import ArrearsFlag, ArrearsStatus, StatementStatus
from lingong.settlement.schedule import overdue_shifts
from lingong.settlement.services.common import ARREARS_LIFECYCLE, SETTLEABLE, staff_to_alert

logger = logging.getLogger("lingong.settlement")


def detect_arrears(today: dt.date | None = None) -> int:
    """Open an arrears flag for each engagement with overdue unpaid work (run hourly). Returns how many."""
    today = today or timezone.localdate()
    candidates = (
        Shift.objects.filter(
            status=ShiftStatus.CHECKED_OUT,
            confirmation=Confirmation.CONFIRMED,
            engagement__status__in=SETTLEABLE,
        )
        .exclude(statement_link__statement__status=StatementStatus.PAID)
        .exclude(engagement__arrears_flags__status=ArrearsStatus.OPEN)
        .values_list("engagement_id", flat=True)
        .distinct()
    )
    opened = 0
    for engagement_id in sorted(set(candidates)):
        try:
            if _flag_arrears(engagement_id, today):
                opened += 1
        except Exception:  # one broken row must not stop the sweep
            logger.exception("Could not check engagement %s for wage arrears", engagement_id)
    return opened


@transaction.atomic
def _flag_arrears(engagement_id: int, today: dt.date) -> bool:
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("worker__user", "enterprise", "job", "station")
        .get(pk=engagement_id)
    )
    if engagement.status not in SETTLEABLE:
        return False
    if ArrearsFlag.objects.filter(engagement=engagement, status=ArrearsStatus.OPEN).exists():
        return False
    overdue = overdue_shifts(engagement, today)
    if not overdue:
        return False
    flag = ArrearsFlag.objects.create(
        enterprise_id=engagement.enterprise_id,
        engagement=engagement,
        due_date=min(due for _shift, due in overdue),
        covered_through=max(due for _shift, due in overdue),
        unpaid_days=len(overdue),
    )
    record(
        "arrears.flagged", engagement, None, obj=flag, due_date=flag.due_date.isoformat(), days=len(overdue)
    )
    body = _(
        "“%(enterprise)s”的用工单 %(number)s（%(title)s）有 %(days)s 天已确认的工作超过结算周期和宽限期"
        "（应于 %(due)s 前结清）仍未支付工资。结清或经市场工作人员核实解除前，该单位不能发布新岗位。"
    ) % {
        "enterprise": engagement.enterprise.name,
        "number": engagement.number,
        "title": engagement.job.title,
        "days": len(overdue),
        "due": flag.due_date.isoformat(),
    }
    for user in employer_users(engagement):
        notify(
            user=user,
            kind="wage_arrears",
            title=_("欠薪预警：请尽快结清工资"),
            body=body,
            url=links.engagement_settlement_url(engagement.pk),
            link_text=_("去结清工资"),
        )
    for user in staff_to_alert(engagement):
        notify(
            user=user,
            kind="wage_arrears",
            title=_("欠薪预警"),
            body=body,
            url=links.arrears_url(),
            link_text=_("查看欠薪预警"),
            sms=False,
        )
    send_event_on_commit(
        [f"market.{engagement.market_id}.engagements"],
        {"type": "arrears", "op": "flagged", "id": flag.pk, "engagement_id": engagement.pk},
    )
    return True


@transaction.atomic
def waive_arrears(*, actor: User, flag_id: int, reason: Any) -> ArrearsFlag:
    """Market staff lift a flag after checking (e.g. the worker confirms cash pay), with a reason."""
    engagement_id = ArrearsFlag.objects.filter(pk=flag_id).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        raise NotFoundError(_("欠薪预警不存在"))
    engagement, _party = lock_for(actor, engagement_id, Party.STAFF)
    flag = ArrearsFlag.objects.select_for_update().get(pk=flag_id)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not 2 <= len(reason) <= 200:
        raise InvalidInput(_("请填写2至200字的解除原因。"), errors={"reason": [_("请填写解除原因")]})
    ARREARS_LIFECYCLE.guard(flag, ArrearsStatus.WAIVED)
    flag.waived_by = actor
    flag.waive_reason = reason
    # Everything that was overdue when staff checked is covered by the waiver.
    flag.covered_through = max(flag.covered_through, timezone.localdate() - dt.timedelta(days=1))
    ARREARS_LIFECYCLE.advance(
        flag,
        ArrearsStatus.WAIVED,
        actor=actor,
        stamp="resolved_at",
        fields=("waived_by", "waive_reason", "covered_through"),
        market=engagement.market_id,
        data={"engagement_id": engagement.pk, "reason": reason},
    )
    for user in employer_users(engagement):
        notify(
            user=user,
            kind="wage_arrears_waived",
            title=_("欠薪预警已解除"),
            body=_("市场工作人员已核实并解除用工单 %(number)s 的欠薪预警，原因：%(reason)s。")
            % {"number": engagement.number, "reason": reason},
            url=links.engagement_settlement_url(engagement.pk),
            link_text=_("查看结算"),
            sms=False,
        )
    return flag


def _resolve_arrears(engagement: Engagement, actor: User | None) -> None:
    """Lift arrears flags nothing is overdue for any more."""
    today = timezone.localdate()
    if overdue_shifts(engagement, today):
        return
    for flag in ArrearsFlag.objects.select_for_update().filter(
        engagement=engagement, status=ArrearsStatus.OPEN
    ):
        ARREARS_LIFECYCLE.advance(
            flag,
            ArrearsStatus.RESOLVED,
            actor=actor,
            stamp="resolved_at",
            market=engagement.market_id,
            data={"engagement_id": engagement.pk},
        )
