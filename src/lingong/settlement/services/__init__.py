"""Settlement and pay: statements from confirmed shifts, tax per "one payment", payments, the arrears guard.

Split by concern; callers use this package (``from lingong.settlement import services``):
- ``statements``: the earnings and tax of confirmed shifts, ``settle`` and ``void_statement``;
- ``payments``: ``begin_payment``, ``call_provider``, ``record_payment``; is an engagement fully paid;
- ``arrears``: the wage-arrears flags (``detect_arrears``, ``waive_arrears``);
- ``exports``: the payroll export (the workbook itself is built by ``settlement.payroll``);
- ``common``: the lifecycle tables, idempotency keys, events and locks they share.

Nothing slow runs under a lock: a payment is an intent committed first (``begin_payment``), the provider
is called outside any transaction (``call_provider``), and the result is recorded in a second short
transaction (``record_payment``); the orchestrator (``lingong.workflow``) runs those steps in a task keyed
by the payment's idempotency key and moves a fully paid engagement to "settled".

Lock order (as in engagements): engagement, then the worker's profile (it serialises the "one payment" sums of
one worker across engagements), then statements and payments. Retries are safe: a statement or payment is
found again by its idempotency key (unique in the database) before anything is created, after the lock, and
when a concurrent insert wins the race (IntegrityError inside a savepoint, then a re-read).
"""

from lingong.settlement.services.arrears import detect_arrears, waive_arrears
from lingong.settlement.services.common import (
    ARREARS_LIFECYCLE,
    PAYMENT_LIFECYCLE,
    SETTLEABLE,
    STATEMENT_LIFECYCLE,
    clean_idempotency_key,
    staff_to_alert,
)
from lingong.settlement.services.exports import parse_month, payroll_shows_full_id_numbers, payroll_xlsx
from lingong.settlement.services.payments import (
    PaymentIntent,
    begin_payment,
    call_provider,
    completed_with_payments,
    fully_paid,
    pending_payment_request,
    record_payment,
)
from lingong.settlement.services.statements import (
    StatementDraft,
    compute_statement,
    earnings_for,
    payable_unsettled_shifts,
    refuse_if_on_statement,
    settle,
    terms_of,
    void_statement,
)

__all__ = [
    "ARREARS_LIFECYCLE",
    "PAYMENT_LIFECYCLE",
    "SETTLEABLE",
    "STATEMENT_LIFECYCLE",
    "PaymentIntent",
    "StatementDraft",
    "begin_payment",
    "call_provider",
    "clean_idempotency_key",
    "completed_with_payments",
    "compute_statement",
    "detect_arrears",
    "earnings_for",
    "fully_paid",
    "parse_month",
    "payable_unsettled_shifts",
    "payroll_shows_full_id_numbers",
    "payroll_xlsx",
    "pending_payment_request",
    "record_payment",
    "refuse_if_on_statement",
    "settle",
    "staff_to_alert",
    "terms_of",
    "void_statement",
    "waive_arrears",
]
