"""Job fairs (招聘会, issue 12 section 2): fairs on site and/or online, numbered booths on a floor plan,
enterprises' booth applications with the jobs they bring, workers' registrations (each with a personal QR
code checked at the door) and the interview intentions recorded at a booth or online (投递)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.org.models import MarketScoped


class FairMode(models.TextChoices):
    ONSITE = "onsite", _("现场")
    ONLINE = "online", _("线上")
    BOTH = "both", _("现场+线上")


class FairStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


FAIR_LIFECYCLE = Lifecycle.of(
    "fair",
    [
        (FairStatus.DRAFT, FairStatus.PUBLISHED),
        (FairStatus.DRAFT, FairStatus.CANCELLED),
        (FairStatus.PUBLISHED, FairStatus.CLOSED),
        (FairStatus.PUBLISHED, FairStatus.CANCELLED),
    ],
    choices=FairStatus,
    subject=str(_("招聘会")),
)


class JobFair(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    # The organising unit: its staff (and those above it) manage the fair.
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("主办驿站"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    centre = models.ForeignKey(
        "org.ServiceCentre",
        verbose_name=_("主办服务中心"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Public, unguessable part of the fair's URL and poster QR code.
    code = models.CharField(_("招聘会编号"), max_length=16, unique=True)
    title = models.CharField(_("名称"), max_length=60)
    description = models.CharField(_("简介"), max_length=500, blank=True)
    mode = models.CharField(_("形式"), max_length=8, choices=FairMode.choices, default=FairMode.ONSITE)
    # On site: the venue, the day(s) and the daily hours.
    venue = models.CharField(_("场馆"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    lat = models.FloatField(_("纬度（WGS84）"), null=True, blank=True)
    lon = models.FloatField(_("经度（WGS84）"), null=True, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    opens_at = models.TimeField(_("每日开始"), null=True, blank=True)
    closes_at = models.TimeField(_("每日结束"), null=True, blank=True)
    # Floor plan size in grid units; booths are placed on this grid.
    floor_width = models.PositiveSmallIntegerField(_("平面图宽（格）"), default=12)
    floor_height = models.PositiveSmallIntegerField(_("平面图高（格）"), default=8)
    # {industry code: most booths}; an industry not named has no limit.
    industry_limits = models.JSONField(_("各行业展位上限"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=FairStatus.choices, default=FairStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("招聘会")
        verbose_name_plural = _("招聘会")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["market", "status", "starts_on"], name="fair_list_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_onsite(self) -> bool:
        return self.mode in (FairMode.ONSITE, FairMode.BOTH)

    @property
    def is_online(self) -> bool:
        return self.mode in (FairMode.ONLINE, FairMode.BOTH)


class Booth(MarketScoped):
    """A numbered place on the floor plan (x, y, w, h in grid units)."""

    market_parent = "fair"

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="booths")
    number = models.CharField(_("展位号"), max_length=8)
    x = models.PositiveSmallIntegerField(default=0)
    y = models.PositiveSmallIntegerField(default=0)
    w = models.PositiveSmallIntegerField(default=1)
    h = models.PositiveSmallIntegerField(default=1)
    zone = models.CharField(_("区域"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("展位")
        verbose_name_plural = _("展位")
        ordering = ["fair", "number"]
        constraints = [models.UniqueConstraint(fields=["fair", "number"], name="fair_booth_number_unique")]

    def __str__(self) -> str:
        return self.number


class BoothStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


BOOTH_LIFECYCLE = Lifecycle.of(
    "fair_booth",
    [
        (BoothStatus.SUBMITTED, BoothStatus.APPROVED),
        (BoothStatus.SUBMITTED, BoothStatus.REJECTED),
        (BoothStatus.SUBMITTED, BoothStatus.WITHDRAWN),
        (BoothStatus.APPROVED, BoothStatus.WITHDRAWN),
    ],
    choices=BoothStatus,
    subject=str(_("展位申请")),
)


class BoothApplication(MarketScoped):
    """An enterprise's place at a fair: applied for with the jobs it brings; approved with a booth."""

    market_parent = "fair"

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="exhibitors")
    enterprise = models.ForeignKey(
        "employers.Enterprise", verbose_name=_("用工单位"), on_delete=models.PROTECT, related_name="+"
    )
    jobs = models.ManyToManyField("jobs.JobPosting", verbose_name=_("招聘岗位"), related_name="+")
    status = models.CharField(
        _("状态"), max_length=12, choices=BoothStatus.choices, default=BoothStatus.SUBMITTED
    )
    booth = models.OneToOneField(
        Booth,
        verbose_name=_("展位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibitor",
    )
    # Scanned by workers at the booth (and printed on the booth QR sheet).
    qr_token = models.CharField(max_length=24, unique=True)
    contact_name = models.CharField(_("现场联系人"), max_length=30, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    reason = models.CharField(_("审核意见"), max_length=200, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("参展申请")
        verbose_name_plural = _("参展申请")
        ordering = ["fair", "booth__number", "pk"]
        constraints = [models.UniqueConstraint(fields=["fair", "enterprise"], name="fair_enterprise_unique")]

    def __str__(self) -> str:
        return f"{self.fair_id}/{self.enterprise_id}"


class RegistrationChannel(models.TextChoices):
    SELF = "self", _("本人预约")
    STAFF = "staff", _("工作人员代登记")
    WALK_IN = "walk_in", _("现场登记")


class FairRegistration(MarketScoped):
    """A worker's place at a fair: pre-registered (or registered at the door); ``code`` is their
    personal QR code, scanned or typed at the door to check them in once."""

    market_parent = "fair"

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="registrations")
    worker = models.ForeignKey(
        "workers.WorkerProfile", verbose_name=_("求职者"), on_delete=models.PROTECT, related_name="+"
    )
    # Short enough to type at the door (8 characters from an alphabet without look-alikes).
    code = models.CharField(_("入场码"), max_length=12, unique=True)
    channel = models.CharField(_("登记方式"), max_length=8, choices=RegistrationChannel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("招聘会登记")
        verbose_name_plural = _("招聘会登记")
        ordering = ["fair", "-registered_at"]
        constraints = [models.UniqueConstraint(fields=["fair", "worker"], name="fair_registration_unique")]
        indexes = [models.Index(fields=["fair", "checked_in_at"], name="fair_checkin_idx")]

    def __str__(self) -> str:
        return self.code


class IntentionSource(models.TextChoices):
    WORKER_SCAN = "worker_scan", _("求职者扫展位码")
    BOOTH_SCAN = "booth_scan", _("展位扫求职者码")
    ONLINE = "online", _("线上投递")


class IntentionStatus(models.TextChoices):
    NEW = "new", _("待沟通")
    OFFERED = "offered", _("已发录用")
    DECLINED = "declined", _("不合适")


INTENTION_LIFECYCLE = Lifecycle.of(
    "fair_intention",
    [(IntentionStatus.NEW, IntentionStatus.OFFERED), (IntentionStatus.NEW, IntentionStatus.DECLINED)],
    choices=IntentionStatus,
    subject=str(_("面试意向")),
)


class Intention(MarketScoped):
    """A worker and a booth want to talk: recorded by a scan at the booth or by 投递 online. The enterprise
    turns it into an offer for one of the booth's jobs (a ``jobs.Application``, so the offer, the
    acceptance and the engagement follow the platform's one path)."""

    market_parent = "fair"

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="intentions")
    exhibitor = models.ForeignKey(BoothApplication, on_delete=models.CASCADE, related_name="intentions")
    worker = models.ForeignKey(
        "workers.WorkerProfile", verbose_name=_("求职者"), on_delete=models.PROTECT, related_name="+"
    )
    registration = models.ForeignKey(
        FairRegistration, on_delete=models.SET_NULL, null=True, blank=True, related_name="intentions"
    )
    # The job named online (投递 on a job) or chosen for the offer.
    job = models.ForeignKey(
        "jobs.JobPosting",
        verbose_name=_("岗位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=12, choices=IntentionSource.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=IntentionStatus.choices, default=IntentionStatus.NEW
    )
    application = models.ForeignKey(
        "jobs.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("面试意向")
        verbose_name_plural = _("面试意向")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["exhibitor", "worker"], name="fair_intention_unique")]
        indexes = [models.Index(fields=["fair", "status"], name="fair_intention_idx")]

    def __str__(self) -> str:
        return f"{self.exhibitor_id}/{self.worker_id}"
