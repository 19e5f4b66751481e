"""Test helpers for steps that run as tasks after commit (tests run in a transaction that never commits)."""

from __future__ import annotations

from typing import Any

from lingong.settlement.models import Payment
from lingong.workflow import chain


def pay_now(**kwargs: Any) -> Payment:
    """``chain.pay_statement``, then the retry task's step in case the provider had not answered."""
    payment = chain.pay_statement(**kwargs)
    return chain.execute_payment(payment_id=payment.pk)
