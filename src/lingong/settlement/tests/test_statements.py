"""Statements from confirmed attendance: earnings per pay unit, tax per "one payment", retries, void."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.engagements.models import EngagementStatus
from lingong.notifications.models import Notification
from lingong.settlement import schedule, services
from lingong.settlement.models import Payment, PaymentStatus, Statement, StatementShift, StatementStatus
from lingong.settlement.tests.helpers import (
    key,
    next_month_day,
    signed_engagement,
    work_shift,
    worked_engagement,
)
from lingong.workflow import chain
from lingong.workflow.tests.helpers import pay_now

pytestmark = pytest.mark.django_db
D = Decimal


def settle(cast: Any, engagement: Any, **kw: Any) -> Statement:
    kw.setdefault("idempotency_key", key())
    return services.settle(actor=cast.employer, engagement_id=engagement.pk, **kw)


def amounts(statement: Statement) -> list[tuple[str, str]]:
    return [(line["description"], line["amount"]) for line in statement.lines]


# --- Earnings by pay unit -----------------------------------------------------------------------------------


def test_day_pay_with_overtime_at_the_agreed_rate(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 10, 8), pay_amount=D("300"), overtime_rate=D("50"))
    assert engagement.status == EngagementStatus.COMPLETED
    statement = settle(cast, engagement)
    assert amounts(statement) == [
        ("日工资", "300.00"),
        ("日工资", "300.00"),
        ("加班", "100.00"),
        ("日工资", "300.00"),
    ]
    # 1,000 is one payment: (1,000 − 800) × 20% = 40.00
    assert (statement.gross, statement.tax, statement.net) == (D("1000.00"), D("40.00"), D("960.00"))
    assert statement.days == 3
    assert statement.period_start == next_month_day(2)
    assert statement.period_end == next_month_day(4)
    assert statement.payment_month == next_month_day(2).strftime("%Y-%m")
    assert statement.kind_of_service == "loader_driver"
    assert statement.kind_of_service_name == "装载机司机"
    assert statement.number == f"{engagement.number}-01"
    assert statement.status == StatementStatus.ISSUED
    assert StatementShift.objects.filter(statement=statement).count() == 3
    assert not statement.needs_invoice  # 333.33 a day: below the VAT starting point, a receipt serves
    assert "收款凭证" in statement.invoice_note


def test_hourly_pay_with_overtime(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 10), pay_unit="hour", pay_amount=D("50"), overtime_rate=D("75"))
    statement = settle(cast, engagement)
    assert amounts(statement) == [("计时工资", "400.00"), ("计时工资", "400.00"), ("加班", "150.00")]
    assert (statement.gross, statement.tax, statement.net) == (D("950.00"), D("30.00"), D("920.00"))


def test_hourly_overtime_defaults_to_the_hourly_rate(cast: Any) -> None:
    engagement = worked_engagement(cast, (9.5,), pay_unit="hour", pay_amount=D("40"))
    statement = settle(cast, engagement)
    assert amounts(statement) == [("计时工资", "320.00"), ("加班", "60.00")]
    assert (statement.gross, statement.tax) == (D("380.00"), D("0.00"))  # below 800: no tax


def test_piece_pay_from_confirmed_quantities(cast: Any) -> None:
    engagement = worked_engagement(
        cast, (8, 8), quantities=("120", "200.5"), pay_unit="piece", pay_amount=D("2.50")
    )
    statement = settle(cast, engagement)
    assert amounts(statement) == [("计件工资", "300.00"), ("计件工资", "501.25")]
    # (801.25 − 800) × 20% = 0.25
    assert (statement.gross, statement.tax, statement.net) == (D("801.25"), D("0.25"), D("801.00"))


def test_monthly_pay_is_prorated_over_the_scheduled_days_of_the_month(cast: Any) -> None:
    engagement = signed_engagement(
        cast, days=10, pay_unit="month", pay_amount=D("6000"), overtime_rate=D("40")
    )
    shifts = list(engagement.shifts.order_by("date"))
    for shift, hours in zip(shifts[:4], (8, 10, 8, 8), strict=True):
        work_shift(cast, shift, hours)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.IN_PROGRESS  # six shifts still to come
    statement = settle(cast, engagement)
    # 4 of 10 scheduled days × 6,000 = 2,400.00, plus 2 overtime hours × 40 = 80.00
    assert amounts(statement) == [(statement.lines[0]["description"], "2400.00"), ("加班", "80.00")]
    assert "出勤 4 / 应出勤 10 天" in statement.lines[0]["description"]
    # (2,480 − 800) × 20% = 336.00; 620 a day reaches the VAT starting point: an invoice is needed
    assert (statement.gross, statement.tax, statement.net) == (D("2480.00"), D("336.00"), D("2144.00"))
    assert statement.needs_invoice
    assert "代开发票" in statement.invoice_note


# --- Tax per "one payment" ----------------------------------------------------------------------------------


def test_single_statement_of_4001_is_taxed_640_16(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("4001.00"))
    statement = settle(cast, engagement)
    assert statement.gross == D("4001.00")
    # above 4,000: 4,001 × 80% = 3,200.80; × 20% = 640.16
    assert statement.tax == D("640.16")
    assert statement.net == D("3360.84")
    calc = statement.tax_calc
    assert (calc["taxable"], calc["rate"], calc["quick_deduction"], calc["tax"]) == (
        "3200.80",
        "0.20",
        "0.00",
        "640.16",
    )
    shown = dict(calc["lines"])
    assert shown["应纳税所得额"].startswith("4,001.00 × 80% = 3,200.80")
    assert shown["应预扣税额"] == "3,200.80 × 20% − 0.00 = 640.16"
    assert shown["本次代扣个人所得税"] == "640.16 元"


def test_two_statements_in_a_month_are_one_payment(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("2000"))
    first_shift, second_shift = engagement.shifts.order_by("date")
    work_shift(cast, first_shift)
    first = settle(cast, engagement)
    # 2,000 alone: (2,000 − 800) × 20% = 240.00
    assert (first.gross, first.tax, first.earlier_gross_same_payment) == (
        D("2000.00"),
        D("240.00"),
        D("0.00"),
    )
    work_shift(cast, second_shift)
    second = settle(cast, engagement)
    # 4,000 together: (4,000 − 800) × 20% = 640.00, minus the 240.00 withheld = 400.00
    assert (second.earlier_gross_same_payment, second.earlier_tax_same_payment) == (D("2000.00"), D("240.00"))
    assert (second.gross, second.tax, second.net) == (D("2000.00"), D("400.00"), D("1600.00"))
    assert first.tax + second.tax == D("640.00")
    assert second.tax_calc["total_gross"] == "4000.00"
    assert second.tax_calc["total_tax"] == "640.00"
    shown = dict(second.tax_calc["lines"])
    assert shown["合并为一次劳务报酬收入"] == "4,000.00 元"
    assert shown["减：本月已预扣税额"] == "240.00 元"
    assert second.number == f"{engagement.number}-02"


def test_one_payment_spans_engagements_of_the_same_payer_and_kind(cast: Any) -> None:
    first = worked_engagement(cast, (8,), pay_amount=D("2000"))
    second = worked_engagement(
        cast, (8,), pay_amount=D("2000"), start_date=next_month_day(10), end_date=next_month_day(10)
    )
    a, b = settle(cast, first), settle(cast, second)
    assert (a.tax, b.tax) == (D("240.00"), D("400.00"))


def test_other_payer_or_other_kind_of_service_is_a_separate_payment(cast: Any) -> None:
    mine = worked_engagement(cast, (8,), pay_amount=D("2000"))
    other_kind = worked_engagement(
        cast,
        (8,),
        pay_amount=D("2000"),
        occupations=["construction_laborer"],
        start_date=next_month_day(10),
        end_date=next_month_day(10),
    )
    other_payer = worked_engagement(
        cast,
        (8,),
        employer=cast.other_employer,
        pay_amount=D("2000"),
        start_date=next_month_day(12),
        end_date=next_month_day(12),
    )
    taxes = [
        settle(cast, mine).tax,
        settle(cast, other_kind).tax,
        services.settle(actor=cast.other_employer, engagement_id=other_payer.pk, idempotency_key=key()).tax,
    ]
    assert taxes == [D("240.00"), D("240.00"), D("240.00")]


def test_a_voided_statement_no_longer_counts_towards_the_month(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("2000"))
    first_shift, second_shift = engagement.shifts.order_by("date")
    work_shift(cast, first_shift)
    first = settle(cast, engagement)
    services.void_statement(actor=cast.station_staff, statement_id=first.pk, reason="工时录入有误")
    work_shift(cast, second_shift)
    again = settle(cast, engagement)
    # Both shifts on one statement now: 4,000 → 640.00, with nothing earlier in the month.
    assert (again.gross, again.tax, again.earlier_gross_same_payment) == (
        D("4000.00"),
        D("640.00"),
        D("0.00"),
    )
    assert sorted(again.shift_ids) == sorted([first_shift.pk, second_shift.pk])


# --- Settling: rules and retries ----------------------------------------------------------------------------


def test_period_end_settles_only_shifts_up_to_that_day(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 8, 8), pay_amount=D("300"))
    statement = settle(cast, engagement, period_end=next_month_day(3))
    assert statement.days == 2
    assert statement.period_end == next_month_day(3)
    rest = settle(cast, engagement)
    assert rest.days == 1 and rest.period_start == next_month_day(4)


def test_same_key_returns_the_same_statement_and_a_new_key_finds_nothing_left(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 8), pay_amount=D("300"))
    k = key()
    first = settle(cast, engagement, idempotency_key=k)
    for _ in range(3):
        assert settle(cast, engagement, idempotency_key=k).pk == first.pk
    assert Statement.objects.count() == 1
    assert AuditEntry.objects.filter(action="settlement.issued").count() == 1
    with pytest.raises(ConflictError) as exc:
        settle(cast, engagement)
    assert exc.value.code == "nothing_to_settle"


def test_key_of_another_engagement_is_refused(cast: Any) -> None:
    a = worked_engagement(cast, (8,), pay_amount=D("300"))
    b = worked_engagement(
        cast, (8,), pay_amount=D("300"), start_date=next_month_day(9), end_date=next_month_day(9)
    )
    k = key()
    settle(cast, a, idempotency_key=k)
    with pytest.raises(ConflictError) as exc:
        settle(cast, b, idempotency_key=k)
    assert exc.value.code == "idempotency_key_reused"


@pytest.mark.parametrize("bad", ["", "short", "has space in it", "x" * 101, None, 12345678])
def test_invalid_key_is_refused(cast: Any, bad: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    with pytest.raises(InvalidInput) as exc:
        services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=bad)
    assert "幂等键" in exc.value.message


def test_unconfirmed_shifts_are_not_settled(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"))
    first, _second = engagement.shifts.order_by("date")
    work_shift(cast, first, confirm=False)
    with pytest.raises(ConflictError) as exc:
        settle(cast, engagement)
    assert exc.value.code == "nothing_to_settle"
    assert "确认" in exc.value.message


def test_only_in_progress_or_completed_engagements_settle(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"))
    with pytest.raises(ConflictError) as exc:
        settle(cast, engagement)
    assert exc.value.code == "invalid_transition"


def test_who_may_settle(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 8), pay_amount=D("300"))
    with pytest.raises(PermissionDeniedError):
        services.settle(actor=cast.worker.user, engagement_id=engagement.pk, idempotency_key=key())
    for outsider in (cast.other_employer, cast.other_worker.user, cast.other_station_staff):
        with pytest.raises(NotFoundError):
            services.settle(actor=outsider, engagement_id=engagement.pk, idempotency_key=key())
    statement = services.settle(actor=cast.station_staff, engagement_id=engagement.pk, idempotency_key=key())
    assert statement.created_by == cast.station_staff


def test_issuing_is_audited_and_the_worker_told(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    statement = settle(cast, engagement)
    entry = AuditEntry.objects.get(action="settlement.issued")
    assert entry.data["engagement_id"] == engagement.pk
    assert entry.data["net"] == "300.00"
    assert entry.object_id == str(statement.pk)
    note = Notification.objects.get(user=cast.worker.user, kind="statement_issued")
    assert "实发 300.00 元" in note.body
    assert verify_chain() is None


# --- Paying -------------------------------------------------------------------------------------------------


def test_pay_is_idempotent_and_never_pays_twice(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    statement = settle(cast, engagement)
    k = key()
    payment = pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=k, reference="ICBC-1")
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.amount == D("300.00")
    assert payment.provider == "offline_transfer"
    assert payment.reference == "ICBC-1"
    again = pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=k, reference="other")
    assert again.pk == payment.pk
    with pytest.raises(ConflictError) as exc:
        pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    assert exc.value.code == "already_paid"
    assert Payment.objects.count() == 1
    assert AuditEntry.objects.filter(action="payment.recorded").count() == 1
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID and statement.paid_at == payment.paid_at
    assert Notification.objects.filter(user=cast.worker.user, kind="statement_paid").count() == 1


def test_payment_key_of_another_statement_is_refused(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"))
    one, two = engagement.shifts.order_by("date")
    work_shift(cast, one)
    first = settle(cast, engagement)
    work_shift(cast, two)
    second = settle(cast, engagement)
    k = key()
    pay_now(actor=cast.employer, statement_id=first.pk, idempotency_key=k)
    with pytest.raises(ConflictError) as exc:
        pay_now(actor=cast.employer, statement_id=second.pk, idempotency_key=k)
    assert exc.value.code == "idempotency_key_reused"


def test_who_may_pay(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    statement = settle(cast, engagement)
    with pytest.raises(PermissionDeniedError):
        pay_now(actor=cast.worker.user, statement_id=statement.pk, idempotency_key=key())
    with pytest.raises(NotFoundError):
        pay_now(actor=cast.other_employer, statement_id=statement.pk, idempotency_key=key())
    with pytest.raises(NotFoundError):
        pay_now(actor=cast.employer, statement_id=999999, idempotency_key=key())
    with pytest.raises(InvalidInput):
        pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key(), reference="x" * 101)
    assert Payment.objects.count() == 0


def test_failed_provider_payment_is_recorded_and_the_statement_stays_payable(
    cast: Any, settings: Any
) -> None:
    settings.LINGONG_PAYMENT_PROVIDER = "lingong.settlement.tests.test_statements.FailingProvider"
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    statement = settle(cast, engagement)
    failed = pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    assert failed.status == PaymentStatus.FAILED and failed.failure_reason == "银行维护"
    statement.refresh_from_db()
    assert statement.status == StatementStatus.ISSUED
    settings.LINGONG_PAYMENT_PROVIDER = "lingong.settlement.providers.OfflineTransferProvider"
    paid = pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    assert paid.status == PaymentStatus.SUCCEEDED


class FailingProvider:
    name = "failing"
    label = "测试渠道"

    def pay(self, request: Any) -> Any:
        from lingong.settlement.providers import PaymentResult

        return PaymentResult(False, "", failure_reason="银行维护")


def test_engagement_is_settled_when_every_statement_is_paid(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"))
    one, two = engagement.shifts.order_by("date")
    work_shift(cast, one)
    first = settle(cast, engagement)
    pay_now(actor=cast.employer, statement_id=first.pk, idempotency_key=key())
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.IN_PROGRESS  # paid so far, but not completed
    work_shift(cast, two)  # the last shift completes the engagement
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED
    second = settle(cast, engagement)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED  # an unpaid statement is left
    pay_now(actor=cast.employer, statement_id=second.pk, idempotency_key=key())
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SETTLED
    assert engagement.settled_at is not None
    assert (
        AuditEntry.objects.filter(action="engagement.settled", data__engagement_id=engagement.pk).count() == 1
    )


def test_disputed_work_keeps_the_engagement_from_settling(cast: Any) -> None:
    from lingong.engagements import services as engagements

    engagement = signed_engagement(cast, days=2, pay_amount=D("300"))
    one, two = engagement.shifts.order_by("date")
    work_shift(cast, one)
    work_shift(cast, two, confirm=False)
    engagements.dispute_shift(actor=cast.employer, shift_id=two.pk, reason="提前离岗", claimed_hours="6")
    statement = settle(cast, engagement)
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED  # the disputed day is still owed


def test_sweep_settles_engagements_paid_before_they_completed(cast: Any) -> None:
    from lingong.engagements import services as engagements

    engagement = signed_engagement(cast, days=2, pay_amount=D("300"))
    one, _two = engagement.shifts.order_by("date")
    work_shift(cast, one)
    statement = settle(cast, engagement)
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    engagements.complete(actor=cast.employer, engagement_id=engagement.pk)  # the second day is dropped
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED
    assert chain.settle_paid_engagements() == 1
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SETTLED


# --- Voiding ------------------------------------------------------------------------------------------------


def test_staff_void_an_unpaid_statement_and_its_shifts_are_free_again(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 8), pay_amount=D("300"))
    statement = settle(cast, engagement)
    with pytest.raises(PermissionDeniedError):
        services.void_statement(actor=cast.employer, statement_id=statement.pk, reason="算错了")
    with pytest.raises(NotFoundError):
        services.void_statement(actor=cast.other_station_staff, statement_id=statement.pk, reason="算错了")
    with pytest.raises(InvalidInput):
        services.void_statement(actor=cast.station_staff, statement_id=statement.pk, reason=" ")
    voided = services.void_statement(actor=cast.station_staff, statement_id=statement.pk, reason="工时有误")
    assert voided.status == StatementStatus.VOID and voided.void_reason == "工时有误"
    assert StatementShift.objects.count() == 0
    assert voided.shift_ids  # the history stays on the voided statement
    with pytest.raises(ConflictError) as exc:
        pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    assert exc.value.code == "invalid_transition"
    again = settle(cast, engagement)
    assert again.gross == statement.gross and again.number.endswith("-02")


def test_paid_statement_cannot_be_voided(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    statement = settle(cast, engagement)
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    with pytest.raises(ConflictError) as exc:
        services.void_statement(actor=cast.station_staff, statement_id=statement.pk, reason="重复")
    assert exc.value.code == "already_paid"


def test_earlier_statement_of_the_month_cannot_be_voided_alone(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("2000"))
    one, two = engagement.shifts.order_by("date")
    work_shift(cast, one)
    first = settle(cast, engagement)
    work_shift(cast, two)
    second = settle(cast, engagement)
    with pytest.raises(ConflictError) as exc:
        services.void_statement(actor=cast.station_staff, statement_id=first.pk, reason="重新核算")
    assert exc.value.code == "later_statement_exists"
    services.void_statement(actor=cast.station_staff, statement_id=second.pk, reason="重新核算")
    services.void_statement(actor=cast.station_staff, statement_id=first.pk, reason="重新核算")


def test_cycle_ends(cast: Any) -> None:
    engagement = signed_engagement(cast, days=1, pay_amount=D("300"))
    wednesday = dt.date(2026, 12, 2)
    engagement.settlement_cycle = "daily"
    assert schedule.cycle_end(engagement, wednesday) == wednesday
    engagement.settlement_cycle = "weekly"
    assert schedule.cycle_end(engagement, wednesday) == dt.date(2026, 12, 6)  # Sunday of that ISO week
    assert schedule.cycle_end(engagement, dt.date(2026, 12, 6)) == dt.date(2026, 12, 6)
    engagement.settlement_cycle = "monthly"
    assert schedule.cycle_end(engagement, dt.date(2027, 2, 3)) == dt.date(2027, 2, 28)
    engagement.settlement_cycle = "on_completion"
    assert schedule.cycle_end(engagement, wednesday) is None
    from django.utils import timezone

    engagement.completed_at = timezone.make_aware(dt.datetime(2026, 12, 9, 23, 30))
    assert schedule.cycle_end(engagement, wednesday) == dt.date(2026, 12, 9)
