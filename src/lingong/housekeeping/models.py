"""Housekeeping bookings (家政预约, issue 13 section 3).

Staff keep a catalogue of ``HousekeepingService`` per market (hourly cleaning with a 2-hour minimum, deep
cleaning by area, appliance cleaning, elder care, childcare, maternity care by the 26-day term, live-in nanny
by the month), each with its price rule, the certificates in-home work needs (DOMAIN-RULES "Housekeeping")
and its service hours. A household (an ``Enterprise`` of kind household) books one: a ``Booking`` holds the
address with its location, the date and time (or the term), the household's needs and the price quoted
before confirming. Dispatch offers it to the best available certified worker nearby (``BookingOffer``, in
turn, each lapsing after the market's timeout), or to a worker the household chose among the top three or
rated well before. When a worker accepts, the booking becomes an engagement (contract, insurance, check-in
at the address, the household's confirmation, settlement and ratings as for any job). A
``RecurringPlan`` (every Tuesday 9:00 for 3 h) creates each visit ahead of time.

The address of a booking is shown only to the worker who took it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.org.models import MarketScoped


class PriceRule(models.TextChoices):
    HOURLY = "hourly", _("按小时")
    AREA = "area", _("按面积（平方米）")
    UNIT = "unit", _("按台/件")
    TERM = "term", _("按周期（26天）")
    MONTHLY = "monthly", _("按月")


class HousekeepingService(models.Model):
    """A catalogue entry. ``unit_price`` is per hour, m², unit, term or month by ``price_rule``; the
    quantity a booking asks for lies in [min_quantity, max_quantity]. ``minutes_per_unit`` turns an area or
    a number of appliances into the visit's length; terms and months run ``term_days`` days from the date."""

    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("服务名称"), max_length=40)
    description = models.CharField(_("服务说明"), max_length=500, blank=True)
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("对应工种"), on_delete=models.PROTECT, related_name="+"
    )
    certificates_required = models.ManyToManyField(
        "taxonomy.CertificateType", verbose_name=_("所需证书"), blank=True, related_name="+"
    )
    price_rule = models.CharField(_("计价方式"), max_length=8, choices=PriceRule.choices)
    unit_price = models.DecimalField(_("单价（元）"), max_digits=10, decimal_places=2)
    min_quantity = models.DecimalField(_("起订量"), max_digits=8, decimal_places=1, default=1)
    max_quantity = models.DecimalField(_("最大量"), max_digits=8, decimal_places=1, default=1)
    minutes_per_unit = models.PositiveIntegerField(_("每单位服务时长（分钟）"), default=60)
    term_days = models.PositiveSmallIntegerField(_("周期天数"), null=True, blank=True)
    daily_hours = models.DecimalField(_("每日服务小时（周期类）"), max_digits=4, decimal_places=1, default=8)
    live_in = models.BooleanField(_("住家"), default=False)
    service_start = models.TimeField(_("最早上门时间"))
    service_end = models.TimeField(_("最晚结束时间"))
    is_active = models.BooleanField(_("上架"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("维护人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("家政服务项目")
        verbose_name_plural = _("家政服务项目")
        ordering = ["market", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["market", "code"], name="uniq_housekeeping_service_code"),
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="hk_service_price_nonneg"),
            models.CheckConstraint(
                condition=models.Q(max_quantity__gte=models.F("min_quantity")),
                name="hk_service_quantity_order",
            ),
            models.CheckConstraint(
                condition=models.Q(service_end__gt=models.F("service_start")), name="hk_service_hours_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("进行中")
    PAUSED = "paused", _("已暂停")
    ENDED = "ended", _("已结束")


PLAN_LIFECYCLE = Lifecycle.of(
    "housekeeping_plan",
    [
        (PlanStatus.ACTIVE, PlanStatus.PAUSED),
        (PlanStatus.PAUSED, PlanStatus.ACTIVE),
        (PlanStatus.ACTIVE, PlanStatus.ENDED),
        (PlanStatus.PAUSED, PlanStatus.ENDED),
    ],
    choices=PlanStatus,
    subject=str(_("周期预约")),
)


class RecurringPlan(models.Model):
    """Every <weekday> at <start_time> for <quantity> (hours): one booking per visit, made ahead."""

    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "employers.Enterprise", verbose_name=_("预约家庭"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        HousekeepingService, verbose_name=_("服务项目"), on_delete=models.PROTECT, related_name="plans"
    )
    address = models.CharField(_("服务地址"), max_length=200)
    division = models.ForeignKey(
        "org.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(_("纬度（WGS84）"))
    lon = models.FloatField(_("经度（WGS84）"))
    weekday = models.PositiveSmallIntegerField(_("星期"))  # 0 = Monday
    start_time = models.TimeField(_("上门时间"))
    quantity = models.DecimalField(_("数量"), max_digits=8, decimal_places=1)
    first_date = models.DateField(_("首次日期"))
    until_date = models.DateField(_("截止日期"), null=True, blank=True)
    needs = models.JSONField(_("家庭情况"), default=dict, blank=True)
    # The worker asked for each visit first (the last one the household rated well, or chosen).
    preferred_worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("指定服务人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    active_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # Visits are made up to and including this day (the recurring task moves it forward).
    generated_until = models.DateField(_("已生成至"), null=True, blank=True)

    class Meta:
        verbose_name = _("周期预约")
        verbose_name_plural = _("周期预约")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="hk_plan_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.service_id} w{self.weekday} {self.start_time}"


class BookingStatus(models.TextChoices):
    DISPATCHING = "dispatching", _("派单中")
    CONFIRMED = "confirmed", _("已确认")
    IN_SERVICE = "in_service", _("服务中")
    COMPLETED = "completed", _("已完成")
    UNFILLED = "unfilled", _("暂无人接单")
    CANCELLED = "cancelled", _("已取消")


BOOKING_LIFECYCLE = Lifecycle.of(
    "booking",
    [
        (BookingStatus.DISPATCHING, BookingStatus.CONFIRMED),
        (BookingStatus.DISPATCHING, BookingStatus.UNFILLED),
        (BookingStatus.DISPATCHING, BookingStatus.CANCELLED),
        (BookingStatus.UNFILLED, BookingStatus.DISPATCHING),
        (BookingStatus.UNFILLED, BookingStatus.CANCELLED),
        (BookingStatus.CONFIRMED, BookingStatus.IN_SERVICE),
        (BookingStatus.CONFIRMED, BookingStatus.CANCELLED),
        # The worker withdrew before the visit: the booking goes back out to others.
        (BookingStatus.CONFIRMED, BookingStatus.DISPATCHING),
        (BookingStatus.IN_SERVICE, BookingStatus.COMPLETED),
    ],
    choices=BookingStatus,
    subject=str(_("家政预约")),
)

# Statuses in which a booking holds its address and its worker's time.
LIVE_BOOKING_STATUSES = (
    BookingStatus.DISPATCHING,
    BookingStatus.CONFIRMED,
    BookingStatus.IN_SERVICE,
)


class DispatchMode(models.TextChoices):
    AUTO = "auto", _("系统派单")
    CHOSEN = "chosen", _("家庭选定")
    REBOOK = "rebook", _("指定回头客服务人员")


class Booking(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("预约编号"), max_length=20, unique=True)
    household = models.ForeignKey(
        "employers.Enterprise", verbose_name=_("预约家庭"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("预约人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service = models.ForeignKey(
        HousekeepingService, verbose_name=_("服务项目"), on_delete=models.PROTECT, related_name="bookings"
    )
    plan = models.ForeignKey(
        RecurringPlan,
        verbose_name=_("周期预约"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    address = models.CharField(_("服务地址"), max_length=200)
    division = models.ForeignKey(
        "org.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(_("纬度（WGS84）"))
    lon = models.FloatField(_("经度（WGS84）"))
    starts_at = models.DateTimeField(_("上门时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    quantity = models.DecimalField(_("数量"), max_digits=8, decimal_places=1)
    # {"pets": bool, "elderly": bool, "children": bool, "note": str}
    needs = models.JSONField(_("家庭情况"), default=dict, blank=True)
    quoted_price = models.DecimalField(_("报价（元）"), max_digits=10, decimal_places=2)
    # [{"label": "保洁 3 小时 × 50.00", "amount": "150.00"}, ...] as shown before confirming.
    price_lines = models.JSONField(_("报价明细"), default=list, blank=True)
    # Each time the booking goes (back) into dispatch (the household retries an unfilled booking, or the
    # worker who took it withdraws) a new round starts: a worker whose offer lapsed or was withdrawn in an
    # earlier round may be asked again; one who declined it or took it and withdrew is not.
    dispatch_round = models.PositiveSmallIntegerField(_("派单轮次"), default=1)
    dispatch_mode = models.CharField(
        _("派单方式"), max_length=8, choices=DispatchMode.choices, default=DispatchMode.AUTO
    )
    requested_worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("家庭指定的服务人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("服务人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="housekeeping_bookings",
    )
    job = models.ForeignKey(
        "jobs.JobPosting",
        verbose_name=_("用工需求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    engagement = models.OneToOneField(
        "engagements.Engagement",
        verbose_name=_("用工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="housekeeping_booking",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.DISPATCHING
    )
    cancelled_by = models.CharField(_("取消方"), max_length=12, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    cancel_fee = models.DecimalField(_("取消费（元）"), max_digits=10, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("预约时间"), default=timezone.now)
    dispatching_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    in_service_at = models.DateTimeField(_("开始服务时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    unfilled_at = models.DateTimeField(_("无人接单时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("家政预约")
        verbose_name_plural = _("家政预约")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["household", "status", "starts_at"]),
            models.Index(fields=["worker", "status", "starts_at"]),
            models.Index(fields=["market", "status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="hk_booking_order"
            ),
            models.CheckConstraint(
                condition=models.Q(quoted_price__gte=0) & models.Q(cancel_fee__gte=0),
                name="hk_booking_money_nonneg",
            ),
            # One visit of a plan per start time, however often the recurring task runs.
            models.UniqueConstraint(fields=["plan", "starts_at"], name="uniq_plan_visit"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.service_id}"


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("待应答")
    ACCEPTED = "accepted", _("已接单")
    DECLINED = "declined", _("已拒绝")
    EXPIRED = "expired", _("已超时")
    WITHDRAWN = "withdrawn", _("已撤回")


OFFER_LIFECYCLE = Lifecycle.of(
    "booking_offer",
    [
        (OfferStatus.OFFERED, OfferStatus.ACCEPTED),
        (OfferStatus.OFFERED, OfferStatus.DECLINED),
        (OfferStatus.OFFERED, OfferStatus.EXPIRED),
        (OfferStatus.OFFERED, OfferStatus.WITHDRAWN),
    ],
    choices=OfferStatus,
    subject=str(_("派单")),
)


class BookingOffer(MarketScoped):
    """The booking offered to one worker, who has until ``expires_at`` to take it."""

    market_parent = "booking"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="offers")
    worker = models.ForeignKey(
        "workers.WorkerProfile", verbose_name=_("服务人员"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("派单顺位"))  # over all rounds: 1, 2, 3, ...
    round = models.PositiveSmallIntegerField(_("派单轮次"), default=1)
    score = models.FloatField(_("匹配分"), default=0)
    # The engine's reasons, as shown to the household when it chooses (distance, stars, certificates).
    reasons = models.JSONField(_("推荐理由"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    offered_at = models.DateTimeField(_("派单时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("应答截止"))
    accepted_at = models.DateTimeField(_("接单时间"), null=True, blank=True)
    declined_at = models.DateTimeField(_("拒绝时间"), null=True, blank=True)
    expired_at = models.DateTimeField(_("超时时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("派单")
        verbose_name_plural = _("派单")
        ordering = ["booking", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "round", "worker"], name="uniq_offer_per_worker_round")
        ]
        indexes = [models.Index(fields=["status", "expires_at"]), models.Index(fields=["worker", "status"])]

    def __str__(self) -> str:
        return f"{self.booking_id} → {self.worker_id} ({self.status})"
