"""Payments: nothing slow runs under a lock.

A payment is an intent committed first (``begin_payment``), the provider is called outside any transaction
(``call_provider``), and the result is recorded in a second short transaction (``record_payment``); the
orchestrator (``lingong.workflow``) runs those steps in a task keyed by the payment's idempotency key and
moves a fully paid engagement (``fully_paid``) to "settled".

Lock order: engagement, statement, payment. A payment is found again by its idempotency key (unique in the
database) after the lock, and when a concurrent insert wins the race.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.core.errors import ConflictError, InvalidInput
from lingong.engagements.access import lock_engagement
from lingong.engagements.models import Engagement, EngagementStatus, Party, ShiftStatus
from lingong.engagements.trail import record
from lingong.notifications.services import notify
from lingong.settlement import figures, links
from lingong.settlement.models import Payment, PaymentStatus, Statement, StatementStatus
from lingong.settlement.providers import PaymentRequest, PaymentResult, get_provider
from lingong.settlement.services.arrears import _resolve_arrears
from lingong.settlement.services.common import (
    PAYMENT_LIFECYCLE,
    STATEMENT_LIFECYCLE,
    _key_reused,
    _lock_statement,
    _publish,
    clean_idempotency_key,
)


def _guard_payable(statement: Statement) -> None:
    if not STATEMENT_LIFECYCLE.allows(statement.status, StatementStatus.PAID):
        raise ConflictError(
            STATEMENT_LIFECYCLE.refusal(statement.status),
            code="already_paid" if statement.status == StatementStatus.PAID else "invalid_transition",
        )


def _existing_payment(key: str, statement_id: int) -> Payment | None:
    payment = Payment.objects.filter(idempotency_key=key).first()
    if payment is not None and payment.statement_id != statement_id:
        raise _key_reused()
    return payment


@dataclass(frozen=True)
class PaymentIntent:
    payment_id: int
    request: PaymentRequest | None  # None: the key was used before; nothing is left to do


@transaction.atomic
def begin_payment(
    *, actor: User, statement_id: int, idempotency_key: Any, reference: Any = ""
) -> PaymentIntent:
    """Commit the intent to pay a statement's net: a pending payment under the request's key.

    A retry with the same key finds the same payment; while one payment of a statement is in flight or
    made, another key is refused ("already_paid" / "payment_in_progress"): never pays twice.
    """
    key = clean_idempotency_key(idempotency_key)
    reference = (reference or "").strip() if isinstance(reference, str) else ""
    if len(reference) > 100:
        raise InvalidInput(_("转账凭证号不能超过100个字符。"), errors={"reference": [_("不能超过100个字符")]})
    engagement, statement, _party = _lock_statement(actor, statement_id, Party.EMPLOYER, Party.STAFF)
    if (found := _existing_payment(key, statement.pk)) is not None:
        return PaymentIntent(found.pk, _request(found, statement, engagement) if _in_flight(found) else None)
    _guard_payable(statement)  # refuses paid ("already_paid") and void
    if statement.payments.filter(status=PaymentStatus.PENDING).exists():
        raise ConflictError(_("该结算单正在支付中，请稍后刷新查看结果。"), code="payment_in_progress")
    provider = get_provider()
    payment = Payment(
        statement=statement,
        idempotency_key=key,
        provider=provider.name,
        amount=statement.net,
        status=PaymentStatus.PENDING,
        reference=reference,
        paid_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        if (found := _existing_payment(key, statement.pk)) is not None:
            return PaymentIntent(found.pk, None)
        raise ConflictError(_("该结算单已支付，不能重复支付。"), code="already_paid") from None
    record("payment.requested", engagement, actor, obj=payment, statement=statement.pk, amount=payment.amount)
    return PaymentIntent(payment.pk, _request(payment, statement, engagement))


def _in_flight(payment: Payment) -> bool:
    return payment.status == PaymentStatus.PENDING


def _request(payment: Payment, statement: Statement, engagement: Engagement) -> PaymentRequest:
    return PaymentRequest(
        idempotency_key=payment.idempotency_key,
        statement_number=statement.number,
        amount=payment.amount,
        payer_name=engagement.enterprise.name,
        payee_name=engagement.worker.real_name,
        reference=payment.reference,
    )


def pending_payment_request(payment_id: int) -> PaymentRequest | None:
    """What to send the provider for a payment still in flight (a retry after a crash or a timeout)."""
    payment = Payment.objects.select_related(
        "statement__engagement__enterprise", "statement__engagement__worker"
    )
    found = payment.filter(pk=payment_id).first()
    if found is None or not _in_flight(found):
        return None
    return _request(found, found.statement, found.statement.engagement)


def call_provider(request: PaymentRequest) -> PaymentResult:
    """The payment provider, outside every transaction and lock; idempotent on the request's key."""
    return get_provider().pay(request)


def record_payment(*, payment_id: int, result: PaymentResult, actor: User | None) -> Payment:
    """Store the provider's answer (the caller's transaction; locks engagement, statement, payment)."""
    statement_id = Payment.objects.filter(pk=payment_id).values_list("statement_id", flat=True).get()
    engagement, statement = _lock_statement_for_system(statement_id)
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if not _in_flight(payment):
        return payment  # recorded by a concurrent attempt
    payment.provider_reference = result.provider_reference[:100]
    payment.failure_reason = result.failure_reason[:200]
    payment.paid_at = result.paid_at or timezone.now()
    recorded_by = actor or payment.paid_by
    if not result.succeeded:
        PAYMENT_LIFECYCLE.advance(
            payment,
            PaymentStatus.FAILED,
            actor=recorded_by,
            fields=("provider_reference", "failure_reason", "paid_at"),
            audit=False,
        )
        # The statement stays payable; a retry needs a new key.
        record(
            "payment.failed",
            engagement,
            recorded_by,
            obj=payment,
            statement=statement.pk,
            reason=payment.failure_reason,
        )
        return payment
    PAYMENT_LIFECYCLE.advance(
        payment,
        PaymentStatus.SUCCEEDED,
        actor=recorded_by,
        fields=("provider_reference", "failure_reason", "paid_at"),
        audit=False,
    )
    statement.paid_at = payment.paid_at
    STATEMENT_LIFECYCLE.advance(
        statement,
        StatementStatus.PAID,
        actor=recorded_by,
        action="payment.recorded",
        audit_obj=payment,
        fields=("paid_at",),
        data={
            "engagement_id": engagement.pk,
            "statement": statement.pk,
            "number": statement.number,
            "amount": payment.amount,
            "provider": payment.provider,
            "reference": payment.reference,
        },
    )
    _publish(statement, "paid")
    _notify_paid(engagement, statement)
    _resolve_arrears(engagement, recorded_by)
    return payment


def _notify_paid(engagement: Engagement, statement: Statement) -> None:
    """Paid for work that is over: the worker's next step is rating the employer (the receipt is one tap
    away on the statement); while work goes on, the statement and its receipt."""
    body = _("“%(title)s”结算单 %(number)s 实发 %(net)s 已支付，可下载收款凭证。") % {
        "title": engagement.job.title,
        "number": statement.number,
        "net": figures.yuan(statement.net),
    }
    if engagement.status in (EngagementStatus.COMPLETED, EngagementStatus.SETTLED):
        url, link_text = links.rate_url(engagement.pk), _("去评价用工方")
    else:
        url, link_text = links.statement_url(statement.pk), _("查看收款凭证")
    notify(
        user=engagement.worker.user,
        kind="statement_paid",
        title=_("工资已支付"),
        body=body,
        url=url,
        link_text=link_text,
    )


def _lock_statement_for_system(statement_id: int) -> tuple[Engagement, Statement]:
    engagement_id = Statement.objects.filter(pk=statement_id).values_list("engagement_id", flat=True).get()
    engagement = lock_engagement(engagement_id)
    statement = Statement.objects.select_for_update().get(pk=statement_id)
    statement.engagement = engagement
    return engagement, statement


def _unpaid_work(engagement: Engagement) -> bool:
    """Checked-out work not on a paid statement (payable or still to be confirmed), or an unpaid statement."""
    unpaid_shift = (
        engagement.shifts.filter(status=ShiftStatus.CHECKED_OUT)
        .exclude(statement_link__statement__status=StatementStatus.PAID)
        .exists()
    )
    return (
        unpaid_shift
        or Statement.objects.filter(engagement=engagement, status=StatementStatus.ISSUED).exists()
    )


def fully_paid(engagement: Engagement) -> bool:
    """Completed, something was paid and nothing is left to pay: the orchestrator settles it."""
    if engagement.status != EngagementStatus.COMPLETED or _unpaid_work(engagement):
        return False
    return Statement.objects.filter(engagement=engagement, status=StatementStatus.PAID).exists()


def completed_with_payments() -> list[int]:
    """Completed engagements with a paid statement: candidates for the settle sweep."""
    return list(
        Engagement.objects.filter(status=EngagementStatus.COMPLETED, statements__status=StatementStatus.PAID)
        .values_list("pk", flat=True)
        .distinct()[:500]
    )
