"""Statements: the earnings and tax of confirmed shifts as the next instalment of a "one payment", issued
(``settle``) and voided (``void_statement``).

Lock order: engagement, then the worker's profile (it serialises the "one payment" sums of one worker across
engagements), then statements. A statement is found again by its idempotency key before anything is created,
after the lock, and when a concurrent insert wins the race.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.core.errors import ConflictError, InvalidInput
from lingong.engagements.access import employer_users, lock_for, party_of
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
from lingong.settlement.models import Statement, StatementShift, StatementStatus
from lingong.settlement.services.common import (
    SETTLEABLE,
    STATEMENT_LIFECYCLE,
    _key_reused,
    _lock_statement,
    _publish,
    clean_idempotency_key,
)
from lingong.workers.models import WorkerProfile

# --- Shifts and figures ------------------------------------------------------------------------------------


def payable_unsettled_shifts(engagement: Engagement, period_end: dt.date | None = None) -> list[Shift]:
    """Confirmed, checked-out shifts not on any live statement (voided statements free theirs)."""
    qs = engagement.shifts.filter(
        status=ShiftStatus.CHECKED_OUT, confirmation=Confirmation.CONFIRMED, statement_link__isnull=True
    )
    if period_end is not None:
        qs = qs.filter(date__lte=period_end)
    return list(qs.order_by("date"))


def refuse_if_on_statement(shift: Shift) -> None:
    """A shift on a live statement keeps its attendance: void the statement first (staff reject checks)."""
    link = StatementShift.objects.filter(shift=shift).select_related("statement").first()
    if link is not None:
        raise ConflictError(
            _("该班次已列入结算单 %(n)s，请先作废该结算单，再驳回考勤。") % {"n": link.statement.number},
            code="shift_on_statement",
        )


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
        link_text=_("查看结算单"),
        sms=False,
    )
    return statement


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
        link_text=_("查看结算单"),
        sms=False,
    )
    for user in employer_users(engagement):
        notify(
            user=user,
            kind="statement_voided",
            title=_("结算单已作废"),
            body=body,
            url=links.engagement_settlement_url(engagement.pk),
            link_text=_("重新结算"),
            sms=False,
        )
    return statement
