"""Disputes listens to the settlement record below it (settlement never imports disputes)."""

from __future__ import annotations

from typing import Any

from lingong.disputes.services import close_paid_wage_complaints
from lingong.settlement.models import ArrearsFlag, ArrearsStatus


def on_arrears_flag_saved(
    sender: Any, instance: ArrearsFlag, update_fields: Any = None, **kwargs: Any
) -> None:
    """An arrears flag resolved by a payment (not waived by staff): in the payment's own transaction, the
    engagement's open wage complaints close with reason PAID, so the flag and the complaints close
    together (or neither does)."""
    if instance.status != ArrearsStatus.RESOLVED:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    close_paid_wage_complaints(instance.engagement_id)
