"""Settlement and pay: statements from confirmed shifts, tax per "one payment", payments, the arrears guard.

Nothing slow runs under a lock: a payment is an intent committed first (``begin_payment``), the provider
is called outside any transaction (``call_provider``), and the result is recorded in a second short
transaction (``record_payment``); the orchestrator (``lingong.workflow``) runs those steps in a task keyed
by the payment's idempotency key and moves a fully paid engagement to "settled".

Lock order (as in engagements): engagement, then the worker's profile (it serialises the "one payment" sums of
one worker across engagements), then statements and payments. Retries are safe: a statement or payment is
found again by its idempotency key (unique in the database) before anything is created, after the lock, and
when a concurrent insert wins the race (IntegrityError inside a savepoint, then a re-read).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.audit import trail as audit
from lingong.audit.lifecycle import Lifecycle
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.events import send_event_on_commit, user_group
from lingong.engagements.access import employer_users, lock_engagement, lock_for, party_of, staff_tiers
from lingong.engagements.earnings import Earnings, Terms, WorkDay, compute_earnings
from lingong.engagements.models import (
    Confirmation,
    Engagement,
    EngagementStatus,
    Party,
    Shift,
    ShiftStatus,
)
from lingong.engagements.trail import record
from lingong.notifications.services import notify
from lingong.org.policy import policy_for
from lingong.settlement import figures, links
from lingong.settlement.models import (
    ArrearsFlag,
    ArrearsStatus,
    Payment,
    PaymentStatus,
    Statement,
    StatementShift,
    StatementStatus,
)
from lingong.settlement.providers import PaymentRequest, PaymentResult, get_provider
from lingong.settlement.schedule import overdue_shifts
from lingong.workers.models import WorkerProfile

logger = logging.getLogger("lingong.settlement")

SETTLEABLE = (EngagementStatus.IN_PROGRESS, EngagementStatus.COMPLETED)
STATEMENT_LIFECYCLE = Lifecycle.of(
    "settlement",
    [(StatementStatus.ISSUED, StatementStatus.PAID), (StatementStatus.ISSUED, StatementStatus.VOID)],
    choices=StatementStatus,
    subject="结算单",
)
STATEMENT_TRANSITIONS = STATEMENT_LIFECYCLE.transitions
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
ARREARS_TRANSITIONS = ARREARS_LIFECYCLE.transitions
_KEY_RE = re.compile(r"^[A-Za-z0-9._:\-]{8,100}$")


def _guard_payable(statement: Statement) -> None:
    if not STATEMENT_LIFECYCLE.allows(statement.status, StatementStatus.PAID):
        raise ConflictError(
            STATEMENT_LIFECYCLE.refusal(statement.status),
            code="already_paid" if statement.status == StatementStatus.PAID else "invalid_transition",
        )


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


# --- Shifts and figures ------------------------------------------------------------------------------------


def payable_unsettled_shifts(engagement: Engagement, period_end: dt.date | None = None) -> list[Shift]:
    """Confirmed, checked-out shifts not on any live statement (voided statements free theirs)."""
    qs = engagement.shifts.filter(
        status=ShiftStatus.CHECKED_OUT, confirmation=Confirmation.CONFIRMED, statement_link__isnull=True
    )
    if period_end is not None:
        qs = qs.filter(date__lte=period_end)
    return list(qs.order_by("date"))


def terms_of(engagement: Engagement) -> Terms:
    return Terms(
        pay_amount=engagement.pay_amount,
        pay_unit=engagement.pay_unit,
        daily_hours=engagement.daily_hours,
        overtime_rate=engagement.overtime_rate,
    )


def _work_day(shift: Shift) -> WorkDay:
    hours = shift.confirmed_hours if shift.confirmed_hours is not None else shift.worked_hours
    quantity = shift.confirmed_quantity if shift.confirmed_quantity is not None else shift.quantity
    return WorkDay(date=shift.date, hours=hours or Decimal(0), quantity=quantity)


def earnings_for(engagement: Engagement, shifts: Iterable[Shift]) -> Earnings:
    scheduled = figures.scheduled_days_per_month(
        list(engagement.shifts.exclude(status=ShiftStatus.CANCELLED).values_list("date", flat=True))
    )
    return compute_earnings(terms_of(engagement), [_work_day(s) for s in shifts], scheduled)


def _one_payment_so_far(engagement: Engagement, kind: str, month: str) -> tuple[Decimal, Decimal]:
    """Gross and tax of live statements already issued in this "one payment" (payer, worker, kind, month)."""
    sums = (
        Statement.objects.filter(
            enterprise_id=engagement.enterprise_id,
            worker_id=engagement.worker_id,
            kind_of_service=kind,
            payment_month=month,
        )
        .exclude(status=StatementStatus.VOID)
        .aggregate(gross=Sum("gross"), tax=Sum("tax"))
    )
    return figures.money(sums["gross"] or Decimal(0)), figures.money(sums["tax"] or Decimal(0))


@dataclass(frozen=True)
class StatementDraft:
    """What a statement for these shifts would say now (shown before issuing, and saved by ``settle``)."""

    earnings: Earnings
    gross: Decimal
    period_start: dt.date
    period_end: dt.date
    payment_month: str
    kind: str
    kind_label: str
    earlier_gross: Decimal
    earlier_tax: Decimal
    tax: figures.TaxFigures
    note: figures.InvoiceNote


def compute_statement(engagement: Engagement, shifts: list[Shift]) -> StatementDraft:
    """Earnings of ``shifts`` (ordered by date, not empty), and the tax on them as the next instalment of the
    month's "one payment" from this payer to this worker for this kind of service."""
    earnings = earnings_for(engagement, shifts)
    gross = figures.money(earnings.total)
    start, end = shifts[0].date, shifts[-1].date
    month = f"{end.year:04d}-{end.month:02d}"
    kind = engagement.occupation_id
    kind_label = engagement.occupation.name
    earlier_gross, earlier_tax = _one_payment_so_far(engagement, kind, month)
    tax = figures.tax_for_statement(
        gross=gross,
        earlier_gross=earlier_gross,
        earlier_tax=earlier_tax,
        payment_month=month,
        kind_label=kind_label,
    )
    note = figures.invoice_note(
        gross=gross, days=len(shifts), threshold=policy_for(engagement.market_id).vat_threshold_per_day
    )
    return StatementDraft(
        earnings, gross, start, end, month, kind, kind_label, earlier_gross, earlier_tax, tax, note
    )


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


# --- Settle ------------------------------------------------------------------------------------------------


def _existing_statement(actor: User, key: str, engagement_id: int) -> Statement | None:
    statement = Statement.objects.select_related("engagement").filter(idempotency_key=key).first()
    if statement is None:
        return None
    party = party_of(actor, statement.engagement)
    if statement.engagement_id != engagement_id or party not in (Party.EMPLOYER, Party.STAFF):
        raise _key_reused()
    return statement


@transaction.atomic
def settle(
    *, actor: User, engagement_id: int, idempotency_key: Any, period_end: dt.date | None = None
) -> Statement:
    """Issue a statement for the engagement's confirmed, unsettled shifts up to ``period_end`` (all when
    None). The same idempotency key returns the statement it made, also under concurrent requests."""
    key = clean_idempotency_key(idempotency_key)
    if (found := _existing_statement(actor, key, engagement_id)) is not None:
        return found
    engagement, _party = lock_for(actor, engagement_id, Party.EMPLOYER, Party.STAFF)
    # A concurrent request with the same key may have committed while this one waited for the lock.
    if (found := _existing_statement(actor, key, engagement_id)) is not None:
        return found
    if engagement.status not in SETTLEABLE:
        raise ConflictError(
            _("用工单当前状态为“%(status)s”，不能结算。")
            % {"status": EngagementStatus(engagement.status).label},
            code="invalid_transition",
        )
    if period_end is not None and not isinstance(period_end, dt.date):
        raise InvalidInput(_("结算截止日期无效。"), errors={"period_end": [_("日期无效")]})
    # One worker's "one payment" sums span engagements: serialise them on the worker's row.
    WorkerProfile.objects.select_for_update().filter(pk=engagement.worker_id).first()
    shifts = payable_unsettled_shifts(engagement, period_end)
    if not shifts:
        raise ConflictError(
            _("没有可结算的班次：只有已签退并经用工方确认工时的班次才能结算。"), code="nothing_to_settle"
        )
    draft = compute_statement(engagement, shifts)
    sequence = Statement.objects.filter(engagement=engagement).count() + 1
    statement = Statement(
        engagement=engagement,
        enterprise_id=engagement.enterprise_id,
        worker_id=engagement.worker_id,
        number=f"{engagement.number}-{sequence:02d}",
        period_start=draft.period_start,
        period_end=draft.period_end,
        kind_of_service=draft.kind,
        kind_of_service_name=draft.kind_label,
        payment_month=draft.payment_month,
        gross=draft.gross,
        earlier_gross_same_payment=draft.earlier_gross,
        earlier_tax_same_payment=draft.earlier_tax,
        tax=draft.tax.tax,
        net=draft.tax.net,
        lines=figures.lines_json(draft.earnings),
        tax_calc=draft.tax.calc,
        shift_ids=[s.pk for s in shifts],
        days=len(shifts),
        needs_invoice=draft.note.needs_invoice,
        invoice_note=draft.note.note[:200],
        idempotency_key=key,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            statement.save()
            StatementShift.objects.bulk_create([StatementShift(statement=statement, shift=s) for s in shifts])
    except IntegrityError:
        # Same key used concurrently (for another engagement, or a race the lock did not cover), or a shift
        # linked meanwhile: never a second statement for the same work.
        if (found := _existing_statement(actor, key, engagement_id)) is not None:
            return found
        raise ConflictError(_("这些班次已在其他结算单中，请刷新后重试。"), code="already_settled") from None
    record(
        "settlement.issued",
        engagement,
        actor,
        obj=statement,
        number=statement.number,
        period=f"{statement.period_start.isoformat()}..{statement.period_end.isoformat()}",
        payment_month=statement.payment_month,
        gross=statement.gross,
        tax=statement.tax,
        net=statement.net,
        shifts=statement.shift_ids,
    )
    _publish(statement, "issued")
    notify(
        user=engagement.worker.user,
        kind="statement_issued",
        title=_("工资结算单已生成"),
        body=_("“%(title)s” %(start)s 至 %(end)s：应发 %(gross)s，代扣个税 %(tax)s，实发 %(net)s。")
        % {
            "title": engagement.job.title,
            "start": statement.period_start.isoformat(),
            "end": statement.period_end.isoformat(),
            "gross": figures.yuan(statement.gross),
            "tax": figures.yuan(statement.tax),
            "net": figures.yuan(statement.net),
        },
        url=links.statement_url(statement.pk),
        sms=False,
    )
    return statement


# --- Pay ---------------------------------------------------------------------------------------------------


def _existing_payment(key: str, statement_id: int) -> Payment | None:
    payment = Payment.objects.filter(idempotency_key=key).first()
    if payment is not None and payment.statement_id != statement_id:
        raise _key_reused()
    return payment


def _lock_statement(actor: User, statement_id: int, *parties: str) -> tuple[Engagement, Statement, str]:
    engagement_id = Statement.objects.filter(pk=statement_id).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        raise NotFoundError(_("结算单不存在"))
    engagement, party = lock_for(actor, engagement_id, *parties)
    statement = Statement.objects.select_for_update().get(pk=statement_id)
    statement.engagement = engagement
    return engagement, statement, party


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
    notify(
        user=engagement.worker.user,
        kind="statement_paid",
        title=_("工资已支付"),
        body=_("“%(title)s”结算单 %(number)s 实发 %(net)s 已支付，可下载收款凭证。")
        % {"title": engagement.job.title, "number": statement.number, "net": figures.yuan(statement.net)},
        url=links.statement_url(statement.pk),
    )
    _resolve_arrears(engagement, recorded_by)
    return payment


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


# --- Void --------------------------------------------------------------------------------------------------


@transaction.atomic
def void_statement(*, actor: User, statement_id: int, reason: Any) -> Statement:
    """Market staff void an unpaid statement (with a reason); its shifts can be settled again."""
    engagement, statement, _party = _lock_statement(actor, statement_id, Party.STAFF)
    WorkerProfile.objects.select_for_update().filter(pk=statement.worker_id).first()  # as in settle
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not 2 <= len(reason) <= 200:
        raise InvalidInput(_("请填写2至200字的作废原因。"), errors={"reason": [_("请填写作废原因")]})
    later = (
        Statement.objects.filter(
            enterprise_id=statement.enterprise_id,
            worker_id=statement.worker_id,
            kind_of_service=statement.kind_of_service,
            payment_month=statement.payment_month,
            pk__gt=statement.pk,
        )
        .exclude(status=StatementStatus.VOID)
        .exists()
    )
    if later:
        # A later statement of the same "one payment" deducted this one's tax: voiding this alone would leave
        # the month's withholding wrong.
        raise ConflictError(
            _("同月同一劳务项目之后还有结算单，其个税计算包含本单，请先作废之后的结算单。"),
            code="later_statement_exists",
        )
    if statement.status == StatementStatus.PAID:
        raise ConflictError(STATEMENT_LIFECYCLE.refusal(statement.status), code="already_paid")
    STATEMENT_LIFECYCLE.guard(statement, StatementStatus.VOID)
    freed = StatementShift.objects.filter(statement=statement).delete()[0]
    statement.voided_by = actor
    statement.void_reason = reason
    STATEMENT_LIFECYCLE.advance(
        statement,
        StatementStatus.VOID,
        actor=actor,
        action="settlement.voided",
        stamp="voided_at",
        fields=("voided_by", "void_reason"),
        market=engagement.market_id,
        data={"engagement_id": engagement.pk, "number": statement.number, "reason": reason, "freed": freed},
    )
    _publish(statement, "voided")
    body = _("结算单 %(number)s 已作废，原因：%(reason)s。相关班次可重新结算。") % {
        "number": statement.number,
        "reason": reason,
    }
    notify(
        user=engagement.worker.user,
        kind="statement_voided",
        title=_("结算单已作废"),
        body=body,
        url=links.statement_url(statement.pk),
        sms=False,
    )
    for user in employer_users(engagement):
        notify(
            user=user,
            kind="statement_voided",
            title=_("结算单已作废"),
            body=body,
            url=links.engagement_settlement_url(engagement.pk),
            sms=False,
        )
    return statement


# --- Arrears guard -----------------------------------------------------------------------------------------


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
        )
    for user in staff_to_alert(engagement):
        notify(
            user=user, kind="wage_arrears", title=_("欠薪预警"), body=body, url=links.arrears_url(), sms=False
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
            sms=False,
        )
    return flag


# --- Payroll export ----------------------------------------------------------------------------------------


def parse_month(value: Any) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise InvalidInput(_("月份格式应为 YYYY-MM，如 2026-11。"), errors={"month": [_("月份无效")]})
    return text


def payroll_xlsx(*, actor: User, enterprise_id: int, month: Any) -> bytes:
    """The enterprise's paid statements of a month as a workbook for the withholding declaration.

    The full ID number is in the file (the tax filing needs it); only the enterprise's own members and the
    market staff may export it, and every export is recorded in the audit trail."""
    from lingong.settlement.payroll import build_workbook
    from lingong.settlement.selectors import payroll_statements

    month = parse_month(month)
    enterprise, statements = payroll_statements(actor, enterprise_id, month)
    data = build_workbook(enterprise, month, statements)

    audit.record(
        action="payroll.exported",
        obj=enterprise,
        actor=actor,
        data={"month": month, "rows": len(statements), "full_id_numbers": True},
    )
    return data
