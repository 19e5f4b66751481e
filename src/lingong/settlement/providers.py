"""Payment providers: how net pay reaches the worker.

A provider must be idempotent on ``PaymentRequest.idempotency_key``: asked twice with the same key it
reports the one payment it made and never moves money again. The settlement service also stores the key
(Payment.idempotency_key is unique) and returns the stored payment on a retry before asking the provider.

The built-in ``OfflineTransferProvider`` moves no money: it records that the employer paid the worker
outside the platform (bank transfer, WeChat, cash) and keeps the reference the employer typed.
Select the provider with ``settings.LINGONG_PAYMENT_PROVIDER`` (a dotted path).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PaymentRequest:
    idempotency_key: str
    statement_number: str
    amount: Decimal  # net pay, to the fen
    payer_name: str
    payee_name: str
    reference: str  # what the employer typed (e.g. the bank transfer reference)


@dataclass(frozen=True)
class PaymentResult:
    succeeded: bool
    provider_reference: str
    paid_at: dt.datetime | None = None
    failure_reason: str = ""


class PaymentProvider(Protocol):
    name: str
    label: str  # shown on the receipt as the payment method

    def pay(self, request: PaymentRequest) -> PaymentResult: ...


class OfflineTransferProvider:
    """Records a transfer the employer already made; nothing to call, so it always succeeds."""

    name = "offline_transfer"
    label = "线下转账（用工单位自行支付，平台记录）"

    def pay(self, request: PaymentRequest) -> PaymentResult:
        if request.amount < 0:
            return PaymentResult(False, "", failure_reason="金额不能为负数")
        # Deterministic from the key: asking again with the same key reports the same payment.
        return PaymentResult(True, f"OFFLINE-{request.idempotency_key}"[:100])


def get_provider() -> PaymentProvider:
    provider: PaymentProvider = import_string(settings.LINGONG_PAYMENT_PROVIDER)()
    return provider
