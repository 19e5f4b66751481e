from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.core.money import format_yuan
from lingong.org.models import MarketScoped
from lingong.taxonomy.models import PayUnit


class SettlementCycle(models.TextChoices):
    DAILY = "daily", _("日结")
    WEEKLY = "weekly", _("周结")
    MONTHLY = "monthly", _("月结")
    ON_COMPLETION = "on_completion", _("完工结算")


class SourceChannel(models.TextChoices):
    ONLINE = "online", _("线上发布")
    STATION = "station", _("驿站代发")
    LIVE_STREAM = "live_stream", _("直播带岗")
    PHONE = "phone", _("电话登记")
    # A household's housekeeping booking (lingong.housekeeping): a one-place posting made for the booking
    # when a worker takes it, never listed on the board.
    HOUSEKEEPING = "housekeeping", _("家政预约")


class JobStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING_REVIEW = "pending_review", _("待审核")
    OPEN = "open", _("招聘中")
    FILLED = "filled", _("已招满")
    CLOSED = "closed", _("已关闭")
    EXPIRED = "expired", _("已过期")
    CANCELLED = "cancelled", _("已取消")
    REJECTED = "rejected", _("审核未通过")


class PostReviewStatus(models.TextChoices):
    """The check staff make after a posting opened without review (先发布后复核)."""

    NONE = "none", _("无需事后复核")
    PENDING = "pending", _("待事后复核")
    CONFIRMED = "confirmed", _("复核通过")
    TAKEN_DOWN = "taken_down", _("已下架")


class RiskLevel(models.TextChoices):
    """The outcome of screening a posting (jobs.screening): the market's policy sets the two scores."""

    LOW = "low", _("低风险")
    FLAG = "flag", _("中风险（已标记）")
    HOLD = "hold", _("高风险（暂停发布）")


class JobPosting(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "employers.Enterprise", verbose_name=_("用工单位"), on_delete=models.PROTECT, related_name="jobs"
    )
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("代发驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=60)
    description = models.TextField(_("工作内容"), max_length=2000)
    occupations = models.ManyToManyField(
        "taxonomy.Occupation", verbose_name=_("所需工种"), related_name="jobs"
    )
    certificates_required = models.ManyToManyField(
        "taxonomy.CertificateType", verbose_name=_("所需证书"), blank=True, related_name="+"
    )
    headcount = models.PositiveSmallIntegerField(_("招聘人数"))
    address = models.CharField(_("工作地点"), max_length=200)
    division = models.ForeignKey(
        "org.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(_("纬度（WGS84）"))
    lon = models.FloatField(_("经度（WGS84）"))
    pay_amount = models.DecimalField(_("报酬"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_unit = models.CharField(_("计酬单位"), max_length=12, choices=PayUnit.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    daily_start_time = models.TimeField(_("每日上班时间"), null=True, blank=True)
    daily_end_time = models.TimeField(_("每日下班时间"), null=True, blank=True)
    daily_hours = models.DecimalField(_("每日工时"), max_digits=4, decimal_places=1, default=8)
    settlement_cycle = models.CharField(
        _("结算周期"), max_length=16, choices=SettlementCycle.choices, default=SettlementCycle.DAILY
    )
    is_urgent = models.BooleanField(_("急招"), default=False)
    insurance_required = models.BooleanField(_("需购买意外险"), default=False)
    overtime_rate = models.DecimalField(
        _("加班费（元/小时）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # When a hired worker does not turn up, offer the place to the next best candidate without asking.
    auto_replace = models.BooleanField(_("缺勤自动补位"), default=False)
    source_channel = models.CharField(
        _("来源渠道"), max_length=16, choices=SourceChannel.choices, default=SourceChannel.ONLINE
    )
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.DRAFT)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    # When the posting entered the review queue it is in now (submitted, published without review, or
    # flagged again after an edit): the review clock runs from here.
    submitted_at = models.DateTimeField(_("进入审核时间"), null=True, blank=True)
    # The last time staff rejected it or took it down: an employer's clean record is read from this.
    rejected_at = models.DateTimeField(_("最近退回时间"), null=True, blank=True)
    post_review_status = models.CharField(
        _("事后复核"), max_length=12, choices=PostReviewStatus.choices, default=PostReviewStatus.NONE
    )
    # The latest screening (jobs.screening.assess), kept on the row for the queues' filters.
    risk_score = models.PositiveSmallIntegerField(_("风险分"), default=0)
    risk_level = models.CharField(
        _("风险等级"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用工需求")
        verbose_name_plural = _("用工需求")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["market", "status", "lat", "lon"]),
            models.Index(fields=["status", "end_date"]),
            models.Index(fields=["market", "status", "is_urgent", "submitted_at"], name="job_review_queue"),
            models.Index(fields=["market", "post_review_status"], name="job_post_review_queue"),
            # The monthly report (reports.figures) filters each month on this column.
            models.Index(fields=["market", "published_at"], name="job_published_month"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="job_dates_order"
            ),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1) & models.Q(headcount__lte=1000),
                name="job_headcount_range",
            ),
            models.CheckConstraint(
                condition=models.Q(pay_amount__isnull=True) | models.Q(pay_amount__gte=0),
                name="job_pay_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == JobStatus.OPEN

    @property
    def held_reasons(self) -> list[str]:
        """Why screening holds it for review (its latest screening); empty when it is not held."""
        if self.status != JobStatus.PENDING_REVIEW or self.risk_level != RiskLevel.HOLD:
            return []
        latest = self.screenings.order_by("-created_at", "-id").first()
        return latest.messages if latest is not None else []

    @property
    def pay_display(self) -> str:

        if self.pay_unit == PayUnit.NEGOTIABLE or self.pay_amount is None:
            return str(_("面议"))
        return f"{format_yuan(self.pay_amount)} 元/{PayUnit(self.pay_unit).label}"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("已报名")
    SHORTLISTED = "shortlisted", _("已入围")
    OFFERED = "offered", _("已发录用")
    ACCEPTED = "accepted", _("已接受")
    REJECTED = "rejected", _("未录用")
    WITHDRAWN = "withdrawn", _("已撤回")
    DECLINED = "declined", _("已婉拒")
    CANCELLED = "cancelled", _("用工已取消")


ACTIVE_APPLICATION_STATUSES = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.OFFERED,
)


class Application(MarketScoped):
    market_parent = "job"

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="applications")
    worker = models.ForeignKey("workers.WorkerProfile", on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        _("状态"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    message = models.CharField(_("留言"), max_length=200, blank=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    applied_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    shortlisted_at = models.DateTimeField(_("入围时间"), null=True, blank=True)
    offered_at = models.DateTimeField(_("录用时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("未录用时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["-applied_at"]
        constraints = [models.UniqueConstraint(fields=["job", "worker"], name="uniq_application_per_job")]
        indexes = [
            models.Index(fields=["job", "status"]),
            # The monthly report (reports.figures) filters each month on this column.
            models.Index(fields=["applied_at"], name="application_applied_month"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.job}"


class Invitation(MarketScoped):
    """An employer asked a recommended worker to apply. One per job and worker: a second tap, a retried
    request or two members of the employer at once send one invitation (the job row lock serialises them;
    the constraint is the backstop)."""

    market_parent = "job"

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="invitations")
    worker = models.ForeignKey("workers.WorkerProfile", on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notification = models.ForeignKey(
        "notifications.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("邀请时间"), default=timezone.now)

    class Meta:
        verbose_name = _("邀请报名")
        verbose_name_plural = _("邀请报名")
        constraints = [models.UniqueConstraint(fields=["job", "worker"], name="uniq_invitation_per_job")]

    def __str__(self) -> str:
        return f"{self.job} → {self.worker}"


class ScreeningDecision(models.TextChoices):
    PENDING = "pending", _("待人工决定")
    APPROVED = "approved", _("通过")
    REJECTED = "rejected", _("退回/下架")
    NONE = "none", _("无需决定")


class PostingScreening(models.Model):
    """One screening of a posting (on submit, on edit, on a report): the score, the reasons staff see, and
    the staff decision that followed, which the per-market calibration reads."""

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="screenings")
    market = models.ForeignKey("org.Market", on_delete=models.PROTECT, related_name="+")
    trigger = models.CharField(_("触发"), max_length=12)  # submitted | edited | reported
    score = models.PositiveSmallIntegerField(_("风险分"))
    level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices)
    # [{"code": "fee", "weight": 60, "message": "..."}], in the order found
    reasons = models.JSONField(_("原因"), default=list)
    hold_score = models.PositiveSmallIntegerField(_("当时的暂停分"))
    flag_score = models.PositiveSmallIntegerField(_("当时的标记分"))
    decision = models.CharField(
        _("人工决定"), max_length=10, choices=ScreeningDecision.choices, default=ScreeningDecision.NONE
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("筛查时间"), default=timezone.now)

    class Meta:
        verbose_name = _("岗位风险筛查")
        verbose_name_plural = _("岗位风险筛查")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["market", "decision", "decided_at"], name="screening_calibration")]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.score} {self.level}"

    @property
    def messages(self) -> list[str]:
        return [str(r.get("message", "")) for r in self.reasons]


class ReportReason(models.TextChoices):
    FEE = "fee", _("收取押金或费用")
    FAKE = "fake", _("虚假岗位或信息不实")
    CONTACT = "contact", _("引导到平台外联系")
    DISCRIMINATION = "discrimination", _("歧视性要求")
    MINORS = "minors", _("招用未成年人")
    UNPAID = "unpaid", _("拖欠工钱")
    OTHER = "other", _("其他")


class JobReport(MarketScoped):
    """A user's report (举报) against a posting. One per user and posting; reports from several people
    raise the posting's risk score and may hold it for review again."""

    market_parent = "job"

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("举报原因"), max_length=16, choices=ReportReason.choices)
    text = models.CharField(_("补充说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("举报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("岗位举报")
        verbose_name_plural = _("岗位举报")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["job", "reporter"], name="uniq_report_per_user")]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.reason}"
