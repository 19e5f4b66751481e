"""Settlement and pay (薪税结算): statements, payments and the wage-arrears guard.

A statement (结算单) pays a set of confirmed shifts of one engagement: the earnings lines, the individual
income tax withheld on labour remuneration (computed per "one payment": same payer, worker, kind of service
and month summed) and the net pay. A shift is linked to at most one live statement (StatementShift.shift
is unique), so it can never be paid twice; voiding an unpaid statement frees its shifts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.org.models import MarketScoped


class StatementStatus(models.TextChoices):
    ISSUED = "issued", _("待支付")
    PAID = "paid", _("已支付")
    VOID = "void", _("已作废")


class Statement(MarketScoped):
    market_parent = "engagement"

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("用工单"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    # Denormalised from the engagement: the "one payment" grouping reads them (payer, worker).
    enterprise = models.ForeignKey(
        "employers.Enterprise", verbose_name=_("付款单位"), on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        "workers.WorkerProfile", verbose_name=_("劳动者"), on_delete=models.PROTECT, related_name="statements"
    )
    number = models.CharField(_("结算单号"), max_length=32, unique=True)
    period_start = models.DateField(_("结算期间起"))
    period_end = models.DateField(_("结算期间止"))
    kind_of_service = models.CharField(_("劳务项目（工种代码）"), max_length=64)
    kind_of_service_name = models.CharField(_("劳务项目"), max_length=50, blank=True)
    payment_month = models.CharField(_("所属月份"), max_length=7, help_text=_("YYYY-MM，结算期间止所在月"))
    gross = models.DecimalField(_("应发金额（税前）"), max_digits=12, decimal_places=2)
    earlier_gross_same_payment = models.DecimalField(
        _("同一次收入已结算金额"), max_digits=12, decimal_places=2, default=0
    )
    earlier_tax_same_payment = models.DecimalField(
        _("同一次收入已预扣税额"), max_digits=12, decimal_places=2, default=0
    )
    tax = models.DecimalField(_("代扣个人所得税"), max_digits=12, decimal_places=2)
    net = models.DecimalField(_("实发金额"), max_digits=12, decimal_places=2)
    lines = models.JSONField(_("收入明细"), default=list)
    tax_calc = models.JSONField(_("个税计算过程"), default=dict)
    shift_ids = models.JSONField(_("所含班次"), default=list)  # kept after a void frees the links
    days = models.PositiveIntegerField(_("出勤天数"), default=0)
    needs_invoice = models.BooleanField(_("需开具发票"), default=False)
    invoice_note = models.CharField(_("票据说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=StatementStatus.choices, default=StatementStatus.ISSUED
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=100, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("结算单")
        verbose_name_plural = _("结算单")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["enterprise", "worker", "kind_of_service", "payment_month"],
                name="statement_one_payment",
            ),
            models.Index(fields=["enterprise", "payment_month", "status"], name="statement_payroll"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="statement_period"
            ),
            models.CheckConstraint(
                condition=Q(gross__gte=0) & Q(tax__gte=0), name="statement_amounts_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(net=models.F("gross") - models.F("tax")), name="statement_net_is_gross_minus_tax"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_paid(self) -> bool:
        return self.status == StatementStatus.PAID


class StatementShift(MarketScoped):
    """Which shifts a live statement pays. The unique shift is what makes paying a shift twice impossible."""

    market_parent = "statement"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="shift_links")
    shift = models.OneToOneField("engagements.Shift", on_delete=models.PROTECT, related_name="statement_link")

    class Meta:
        verbose_name = _("结算班次")
        verbose_name_plural = _("结算班次")

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.shift_id}"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("支付处理中")
    SUCCEEDED = "succeeded", _("支付成功")
    FAILED = "failed", _("支付失败")


class Payment(MarketScoped):
    market_parent = "statement"

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="payments")
    idempotency_key = models.CharField(_("幂等键"), max_length=100, unique=True)
    provider = models.CharField(_("支付渠道"), max_length=40)
    provider_reference = models.CharField(_("渠道流水号"), max_length=100, blank=True)
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=PaymentStatus.choices)
    reference = models.CharField(_("转账凭证号"), max_length=100, blank=True)
    failure_reason = models.CharField(_("失败原因"), max_length=200, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(_("支付时间"), default=timezone.now)

    class Meta:
        verbose_name = _("支付记录")
        verbose_name_plural = _("支付记录")
        ordering = ["-paid_at", "-id"]
        constraints = [
            # Never pays twice: at most one payment per statement in flight or made, whatever the keys.
            models.UniqueConstraint(
                fields=["statement"],
                condition=Q(status__in=["pending", "succeeded"]),
                name="one_live_payment_per_statement",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_nonneg"),
        ]
        # The monthly report (reports.figures) sums the month's successful payments.
        indexes = [models.Index(fields=["status", "paid_at"], name="payment_paid_month")]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.amount} {self.status}"


class ArrearsStatus(models.TextChoices):
    OPEN = "open", _("欠薪未结")
    RESOLVED = "resolved", _("已结清")
    WAIVED = "waived", _("已核实解除")


class ArrearsFlag(MarketScoped):
    """Confirmed work not paid by the end of its settlement cycle plus the grace days: the employer may not
    post new jobs while a flag is open (until paid, or waived by staff with a reason)."""

    market_parent = "enterprise"

    enterprise = models.ForeignKey(
        "employers.Enterprise",
        verbose_name=_("用工单位"),
        on_delete=models.PROTECT,
        related_name="arrears_flags",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("用工单"),
        on_delete=models.PROTECT,
        related_name="arrears_flags",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ArrearsStatus.choices, default=ArrearsStatus.OPEN
    )
    due_date = models.DateField(_("应结清日期"))
    unpaid_days = models.PositiveIntegerField(_("逾期未付天数"), default=0)
    # Work falling due up to this date is covered by this flag; a waiver extends it to the day before the
    # waiver, so only work falling due later can flag the engagement again.
    covered_through = models.DateField(_("覆盖至"))
    detected_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waive_reason = models.CharField(_("解除原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("欠薪预警")
        verbose_name_plural = _("欠薪预警")
        ordering = ["-detected_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement"], condition=Q(status="open"), name="one_open_arrears_flag_per_engagement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.engagement_id} {self.status}"
