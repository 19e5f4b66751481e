"""The engagement's trail and realtime events, shared by every app of the chain.

Every audit entry of the chain carries ``engagement_id`` (the timeline page gathers them by it) and
every change is published to both parties and the market's engagement group after commit.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from lingong.accounts.models import User
from lingong.audit import trail as audit
from lingong.core.events import send_event_on_commit, user_group
from lingong.engagements.access import employer_users
from lingong.engagements.models import Engagement


def record(
    action: str, engagement: Engagement, actor: User | None, obj: Model | None = None, **data: Any
) -> None:
    """Append to the trail; every entry names its engagement so the timeline can gather it."""
    audit.record(
        action=action,
        obj=obj or engagement,
        actor=actor,
        data={"engagement_id": engagement.pk, **data},
        market=engagement.market_id,  # the market's chain, whatever the object
    )


def groups_of(engagement: Engagement) -> list[str]:
    groups = [user_group(engagement.worker.user_id)]
    groups += [user_group(u.pk) for u in employer_users(engagement)]
    groups.append(f"market.{engagement.market_id}.engagements")
    return groups


def event(engagement: Engagement, op: str, **extra: Any) -> tuple[list[str], dict[str, Any]]:
    payload = {"type": "engagement", "op": op, "id": engagement.pk, "status": engagement.status, **extra}
    return groups_of(engagement), payload


def publish(engagement: Engagement, op: str, **extra: Any) -> None:
    groups, payload = event(engagement, op, **extra)
    send_event_on_commit(groups, payload)
