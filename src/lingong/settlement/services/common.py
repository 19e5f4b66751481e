"""What the settlement services share: the lifecycle tables, idempotency keys, events, locks, whom to alert.

Underscored names here are private to the ``services`` package (its modules use them; callers do not).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.audit.lifecycle import Lifecycle
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.events import send_event_on_commit, user_group
from lingong.engagements.access import employer_users, lock_for, staff_tiers
from lingong.engagements.models import Engagement, EngagementStatus
from lingong.settlement.models import ArrearsStatus, PaymentStatus, Statement, StatementStatus

SETTLEABLE = (EngagementStatus.IN_PROGRESS, EngagementStatus.COMPLETED)
STATEMENT_LIFECYCLE = Lifecycle.of(
    "settlement",
    [(StatementStatus.ISSUED, StatementStatus.PAID), (StatementStatus.ISSUED, StatementStatus.VOID)],
    choices=StatementStatus,
    subject="结算单",
)
PAYMENT_LIFECYCLE = Lifecycle.of(
    "payment",
    [(PaymentStatus.PENDING, PaymentStatus.SUCCEEDED), (PaymentStatus.PENDING, PaymentStatus.FAILED)],
    choices=PaymentStatus,
    subject="支付",
)
ARREARS_LIFECYCLE = Lifecycle.of(
    "arrears",
    [(ArrearsStatus.OPEN, ArrearsStatus.RESOLVED), (ArrearsStatus.OPEN, ArrearsStatus.WAIVED)],
    choices=ArrearsStatus,
    subject="欠薪预警",
)
_KEY_RE = re.compile(r"^[A-Za-z0-9._:\-]{8,100}$")


def clean_idempotency_key(value: Any) -> str:
    key = (value or "").strip() if isinstance(value, str) else ""
    if not _KEY_RE.match(key):
        raise InvalidInput(
            _("请求缺少有效的幂等键（8至100位字母、数字或 . _ : -），请刷新页面后重试。"),
            errors={"idempotency_key": [_("幂等键无效")]},
        )
    return key


def _key_reused() -> ConflictError:
    return ConflictError(_("该幂等键已用于其他请求，请使用新的幂等键。"), code="idempotency_key_reused")


def _lock_statement(actor: User, statement_id: int, *parties: str) -> tuple[Engagement, Statement, str]:
    engagement_id = Statement.objects.filter(pk=statement_id).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        raise NotFoundError(_("结算单不存在"))
    engagement, party = lock_for(actor, engagement_id, *parties)
    statement = Statement.objects.select_for_update().get(pk=statement_id)
    statement.engagement = engagement
    return engagement, statement, party


# --- Events and notifications ------------------------------------------------------------------------------


def _groups(engagement: Engagement) -> list[str]:
    groups = [user_group(engagement.worker.user_id)]
    groups += [user_group(u.pk) for u in employer_users(engagement)]
    return groups


def _publish(statement: Statement, op: str, **extra: Any) -> None:
    send_event_on_commit(
        _groups(statement.engagement),
        {
            "type": "settlement",
            "op": op,
            "id": statement.pk,
            "engagement_id": statement.engagement_id,
            "status": statement.status,
            **extra,
        },
    )


def staff_to_alert(engagement: Engagement) -> list[User]:
    """The staff who look after the engagement: its station's and centre's; market admins when none."""
    *local, admins = staff_tiers(engagement)
    return [user for tier in local for user in tier] or list(admins)
