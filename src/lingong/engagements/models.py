"""Engagements (用工单): an accepted application becomes work that is signed, insured, done, paid and rated.

The engagement copies the job's terms when it is created so later edits of the posting never change what
was agreed; a change of terms goes through a new contract version that both sides sign.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.core.money import format_yuan
from lingong.engagements.earnings import hourly_equivalent
from lingong.jobs.models import SettlementCycle
from lingong.org.models import MarketScoped
from lingong.taxonomy.models import PayUnit


class EngagementStatus(models.TextChoices):
    CONTRACT_PENDING = "contract_pending", _("待签约")
    SIGNED = "signed", _("已签约")
    INSURED = "insured", _("已投保")
    IN_PROGRESS = "in_progress", _("进行中")
    COMPLETED = "completed", _("已完工")
    SETTLED = "settled", _("已结算")
    RATED = "rated", _("已评价")
    CANCELLED = "cancelled", _("已取消")


# Statuses in which the engagement still holds one of the job's places.
LIVE_ENGAGEMENT_STATUSES = (
    EngagementStatus.CONTRACT_PENDING,
    EngagementStatus.SIGNED,
    EngagementStatus.INSURED,
    EngagementStatus.IN_PROGRESS,
)


class Party(models.TextChoices):
    WORKER = "worker", _("劳务提供方")
    EMPLOYER = "employer", _("用工方")
    STAFF = "staff", _("市场工作人员")
    SYSTEM = "system", _("系统")


class CancelReason(models.TextChoices):
    WORKER_CANCELLED = "worker_cancelled", _("劳动者取消")
    EMPLOYER_CANCELLED = "employer_cancelled", _("用工方取消")
    NO_SHOW = "no_show", _("未到岗")
    STAFF_CANCELLED = "staff_cancelled", _("工作人员取消")
    LAPSED = "lapsed", _("未签约或未投保，自动失效")


class Engagement(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    job = models.ForeignKey(
        "jobs.JobPosting", verbose_name=_("用工需求"), on_delete=models.PROTECT, related_name="engagements"
    )
    application = models.OneToOneField(
        "jobs.Application", verbose_name=_("报名"), on_delete=models.PROTECT, related_name="engagement"
    )
    worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("劳动者"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    enterprise = models.ForeignKey(
        "employers.Enterprise",
        verbose_name=_("用工单位"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    # The station that looks after this engagement: the job's, else the worker's. Staff scope goes through it.
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("服务驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.CONTRACT_PENDING
    )

    # Agreed terms (copied from the job, changed only through a re-signed contract version).
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("工种"), on_delete=models.PROTECT, related_name="+"
    )
    pay_amount = models.DecimalField(_("报酬"), max_digits=10, decimal_places=2)
    pay_unit = models.CharField(_("计酬单位"), max_length=12, choices=PayUnit.choices)
    overtime_rate = models.DecimalField(
        _("加班费（元/小时）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    settlement_cycle = models.CharField(_("结算周期"), max_length=16, choices=SettlementCycle.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    daily_start_time = models.TimeField(_("每日上班时间"))
    daily_end_time = models.TimeField(_("每日下班时间"))
    daily_hours = models.DecimalField(_("每日工时"), max_digits=4, decimal_places=1)
    site_lat = models.FloatField(_("工作地点纬度（WGS84）"))
    site_lon = models.FloatField(_("工作地点经度（WGS84）"))
    insurance_required = models.BooleanField(_("需购买意外险"), default=False)
    auto_replace = models.BooleanField(_("缺勤自动补位"), default=False)
    terms_version = models.PositiveSmallIntegerField(_("条款版本"), default=1)
    # Set by the orchestrator when the required cover could not be bought; check-in then says so.
    cover_failed = models.BooleanField(_("投保未成功"), default=False)

    # Endings.
    cancelled_by = models.CharField(_("取消方"), max_length=12, choices=Party.choices, blank=True)
    cancel_reason = models.CharField(_("取消类型"), max_length=20, choices=CancelReason.choices, blank=True)
    cancel_note = models.CharField(_("取消原因"), max_length=200, blank=True)
    late_cancellation = models.BooleanField(_("临时取消"), default=False)
    ended_early = models.BooleanField(_("协商提前结束"), default=False)
    end_request_by = models.CharField(_("提前结束提出方"), max_length=12, choices=Party.choices, blank=True)
    end_request_reason = models.CharField(_("提前结束原因"), max_length=200, blank=True)
    end_request_last_date = models.DateField(_("最后工作日"), null=True, blank=True)
    end_requested_at = models.DateTimeField(_("提出时间"), null=True, blank=True)

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    signed_at = models.DateTimeField(_("签约时间"), null=True, blank=True)
    insured_at = models.DateTimeField(_("投保时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开工时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完工时间"), null=True, blank=True)
    settled_at = models.DateTimeField(_("结清时间"), null=True, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("用工单")
        verbose_name_plural = _("用工单")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["worker", "status"]),
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["market", "status"]),
            # The monthly report (reports.figures) filters each month on this column.
            models.Index(fields=["market", "started_at"], name="engagement_started_month"),
            models.Index(fields=["market", "created_at"], name="engagement_created_month"),
            # Time to fill reads a posting's engagements in the order they were made.
            models.Index(fields=["job", "created_at"], name="engagement_job_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="engagement_dates_order"
            ),
            models.CheckConstraint(condition=models.Q(pay_amount__gte=0), name="engagement_pay_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.job.title}"

    @property
    def number(self) -> str:
        """The number printed on contracts, statements and pages: LG + creation date + id."""
        day = timezone.localtime(self.created_at).strftime("%Y%m%d")
        return f"LG{day}{self.pk:06d}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_ENGAGEMENT_STATUSES

    @property
    def pay_display(self) -> str:

        return f"{format_yuan(self.pay_amount)} 元/{PayUnit(self.pay_unit).label}"

    @property
    def hourly_equivalent(self) -> Decimal:
        """The pay for one hour of this engagement, used to pay partial days and unset overtime."""
        return hourly_equivalent(self.pay_amount, self.pay_unit, self.daily_hours)


class ShiftStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待上岗")
    CHECKED_IN = "checked_in", _("已签到")
    CHECKED_OUT = "checked_out", _("已签退")
    NO_SHOW = "no_show", _("未到岗")
    CANCELLED = "cancelled", _("已取消")


class Confirmation(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DISPUTED = "disputed", _("有异议")


class ReviewStatus(models.TextChoices):
    NONE = "none", _("无需复核")
    PENDING = "pending", _("待复核")
    CLEARED = "cleared", _("已复核")
    REJECTED = "rejected", _("复核未通过")


class CheckMethod(models.TextChoices):
    """How a check-in or check-out was made: the evidence staff and the employer look at."""

    GPS = "gps", _("手机定位")
    SITE_QR = "site_qr", _("扫现场签到码")
    STAFF = "staff", _("工作人员代记")


class Shift(MarketScoped):
    """One working day of an engagement: check-in, check-out, the employer's confirmation."""

    market_parent = "engagement"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField(_("日期"))
    starts_at = models.DateTimeField(_("上班时间"))
    ends_at = models.DateTimeField(_("下班时间"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ShiftStatus.choices, default=ShiftStatus.SCHEDULED
    )

    check_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    check_in_lat = models.FloatField(null=True, blank=True)
    check_in_lon = models.FloatField(null=True, blank=True)
    check_in_distance_m = models.PositiveIntegerField(_("签到距离（米）"), null=True, blank=True)
    check_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    check_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    check_out_lat = models.FloatField(null=True, blank=True)
    check_out_lon = models.FloatField(null=True, blank=True)
    check_out_distance_m = models.PositiveIntegerField(_("签退距离（米）"), null=True, blank=True)
    check_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    check_in_method = models.CharField(_("签到方式"), max_length=8, choices=CheckMethod.choices, blank=True)
    check_out_method = models.CharField(_("签退方式"), max_length=8, choices=CheckMethod.choices, blank=True)
    # Set when station staff recorded the check on the worker's behalf (e.g. no smartphone).
    recorded_by_staff = models.BooleanField(_("工作人员代记"), default=False)
    # The paid hours: from the later of the shift start and the check-in (the check-in when the employer
    # confirmed an early start) to the earlier of the shift end and the check-out (the check-out when the
    # employer confirmed staying late). check_in_at / check_out_at keep the times as they happened.
    worked_hours = models.DecimalField(_("计酬工时"), max_digits=5, decimal_places=2, null=True, blank=True)
    early_start_confirmed_at = models.DateTimeField(_("用工方确认提前上岗时间"), null=True, blank=True)
    early_start_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late_finish_confirmed_at = models.DateTimeField(_("用工方确认延时下班时间"), null=True, blank=True)
    late_finish_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quantity = models.DecimalField(_("计件数量"), max_digits=10, decimal_places=2, null=True, blank=True)

    # Outside the geofence (or recorded on behalf): accepted, but staff look at it. Staff clear it, or
    # reject it with a reason: the shift is then recorded as not attended and is not paid.
    review_status = models.CharField(
        _("复核状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.NONE
    )
    review_reason = models.CharField(_("复核原因"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("复核意见"), max_length=200, blank=True)  # the reason, when rejected

    confirmation = models.CharField(
        _("用工方确认"), max_length=10, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    confirmed_hours = models.DecimalField(
        _("确认工时"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    confirmed_quantity = models.DecimalField(
        _("确认数量"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    no_show_marked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["engagement_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "date"], name="uniq_shift_per_day"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_times_order"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["review_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.date}"

    @property
    def minutes_early(self) -> int:
        """Whole minutes the check-in came before the shift start (0 when it did not)."""
        if self.check_in_at is None or self.check_in_at >= self.starts_at:
            return 0
        return int((self.starts_at - self.check_in_at).total_seconds() // 60)

    @property
    def minutes_late_out(self) -> int:
        """Whole minutes the check-out came after the shift end (0 when it did not)."""
        if self.check_out_at is None or self.check_out_at <= self.ends_at:
            return 0
        return int((self.check_out_at - self.ends_at).total_seconds() // 60)

    @property
    def is_payable(self) -> bool:
        """Counts towards pay: the employer confirmed it (or staff resolved its dispute)."""
        return self.confirmation == Confirmation.CONFIRMED and self.status == ShiftStatus.CHECKED_OUT


class CaseStatus(models.TextChoices):
    OPEN = "open", _("处理中")
    RESOLVED = "resolved", _("已处理")


class AttendanceCase(MarketScoped):
    """The employer disputes a shift's hours or quantity; market staff decide."""

    market_parent = "shift"

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="cases")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("异议说明"), max_length=300)
    claimed_hours = models.DecimalField(
        _("用工方认定工时"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    claimed_quantity = models.DecimalField(
        _("用工方认定数量"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    resolved_hours = models.DecimalField(_("核定工时"), max_digits=5, decimal_places=2, null=True, blank=True)
    resolved_quantity = models.DecimalField(
        _("核定数量"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    resolution_note = models.CharField(_("处理意见"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("考勤异议")
        verbose_name_plural = _("考勤异议")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.shift} {self.get_status_display()}"
