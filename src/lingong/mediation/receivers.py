"""Mediation listens to disputes below it (disputes never imports mediation)."""

from __future__ import annotations

from typing import Any

from lingong.disputes.models import CloseReason, Complaint
from lingong.mediation.services import on_complaint_closed_otherwise, on_complaint_paid


def on_complaint_closed(
    sender: Any, complaint: Complaint, actor: Any = None, reason: str = "", **kwargs: Any
) -> None:
    """A complaint closed as PAID (its arrears flag resolved by a payment), in the payment's transaction:
    its active mediation case is fulfilled or settled in that same transaction. A close by the mediation
    itself (AGREEMENT) finds its case fulfilled already. Any other close (withdrawn, merged, resolved, not
    upheld, decided by a court) ends an unsigned case; a signed agreement keeps tracking its payments."""
    if reason == CloseReason.PAID:
        on_complaint_paid(complaint=complaint, actor=actor)
    elif reason != CloseReason.AGREEMENT:
        on_complaint_closed_otherwise(complaint=complaint, actor=actor, reason=reason)
