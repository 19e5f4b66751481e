"""Live figures (issue 10): counters kept by events, and the secret keys of the kiosk screens.

Counters are two tables. ``CounterDelta`` is append-only: the audit listener inserts one row per counted
event inside the transaction that made the change, so no two requests ever update the same row (an insert
takes no lock another insert waits for). ``HourlyCounter`` holds the folded sums, one row per market, local
hour, metric and dimension; it is written only by the fold (``stats.counters.fold``), a short transaction
outside every request. A reader adds the rows of both, so a figure is exact whether or not the fold ran.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    WORKER_REGISTERED = "worker_registered", _("新登记求职者")
    ENTERPRISE_REGISTERED = "enterprise_registered", _("新登记用工单位")
    JOB_PUBLISHED = "job_published", _("新发布岗位")
    APPLICATION = "application", _("报名")
    MATCH = "match", _("撮合成功")
    CHECK_IN = "check_in", _("到岗签到")
    PAYMENT = "payment", _("工资发放")
    INSURED = "insured", _("参保用工")


class _Dimensions(models.Model):
    """What a counted event is broken down by. Zero / "" stand for "none" so that unique keys hold."""

    market_id = models.PositiveBigIntegerField(_("市场"))
    hour = models.DateTimeField(_("小时"))  # the start of the local (Asia/Shanghai) hour
    metric = models.CharField(_("指标"), max_length=32, choices=Metric.choices)
    district = models.CharField(_("区县代码"), max_length=6, default="", blank=True)
    occupation = models.CharField(_("工种代码"), max_length=64, default="", blank=True)
    centre_id = models.PositiveBigIntegerField(_("服务中心"), default=0)
    station_id = models.PositiveBigIntegerField(_("驿站"), default=0)
    count = models.BigIntegerField(_("次数"), default=0)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.market_id} {self.hour:%Y-%m-%d %H}h {self.metric} {self.count}"


class CounterDelta(_Dimensions):
    """One counted event, appended in the transaction of the change; folded away by ``counters.fold``."""

    class Meta:
        verbose_name = _("计数增量")
        verbose_name_plural = _("计数增量")
        indexes = [models.Index(fields=["market_id", "metric", "hour"], name="stats_delta_market")]


class HourlyCounter(_Dimensions):
    class Meta:
        verbose_name = _("小时计数")
        verbose_name_plural = _("小时计数")
        constraints = [
            models.UniqueConstraint(
                fields=["market_id", "hour", "metric", "district", "occupation", "centre_id", "station_id"],
                name="stats_hourly_key",
            )
        ]
        indexes = [models.Index(fields=["market_id", "metric", "hour"], name="stats_hourly_market")]


class ScreenKind(models.TextChoices):
    MARKET = "market", _("市场数据大屏")
    CENTRE = "centre", _("服务中心数据大屏")
    STATION = "station", _("驿站屏")


class ScreenKey(models.Model):
    """The secret of one kiosk screen's URL. Only its SHA-256 is stored: the URL is shown once, when made."""

    kind = models.CharField(_("屏幕"), max_length=10, choices=ScreenKind.choices)
    market = models.ForeignKey("org.Market", on_delete=models.CASCADE, related_name="+")
    centre = models.ForeignKey(
        "org.ServiceCentre", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    station = models.ForeignKey(
        "org.Station", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    secret_sha256 = models.CharField(max_length=64, unique=True)
    rotated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    rotated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("大屏访问链接")
        verbose_name_plural = _("大屏访问链接")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "market", "centre", "station"], name="stats_one_key_per_screen"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.market_id} {self.centre_id} {self.station_id}"
