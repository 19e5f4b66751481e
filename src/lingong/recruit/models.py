"""Instant quick-recruit (即时快招): a campaign, its invitation waves, its invites and its stations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.org.models import MarketScoped


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("已发起")
    FILLING = "filling", _("招募中")
    FILLED = "filled", _("已招满")
    EXPIRED = "expired", _("已截止")
    CANCELLED = "cancelled", _("已取消")


LIVE_STATUSES = (CampaignStatus.OPEN, CampaignStatus.FILLING)


class QuickRecruit(models.Model):
    """One urgent need pushed to nearby workers in waves until its places are taken or its deadline."""

    market = models.ForeignKey("org.Market", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "employers.Enterprise", verbose_name=_("用工单位"), on_delete=models.PROTECT, related_name="+"
    )
    job = models.ForeignKey(
        "jobs.JobPosting", verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    headcount = models.PositiveSmallIntegerField(_("招募人数"))
    starts_at = models.DateTimeField(_("到岗时间"))
    fill_deadline = models.DateTimeField(_("招满截止时间"))
    auto_offer = models.BooleanField(_("自动录用"), default=True)
    lat = models.FloatField(_("纬度（WGS84）"))
    lon = models.FloatField(_("经度（WGS84）"))
    status = models.CharField(
        _("状态"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    radius_km = models.FloatField(_("当前半径（公里）"), default=0)
    next_wave_at = models.DateTimeField(_("下一轮时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("发起时间"))
    first_answer_at = models.DateTimeField(_("首个响应时间"), null=True, blank=True)
    filled_at = models.DateTimeField(_("招满时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    time_to_first_answer_s = models.PositiveIntegerField(_("首个响应用时（秒）"), null=True, blank=True)
    time_to_fill_s = models.PositiveIntegerField(_("招满用时（秒）"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("即时快招")
        verbose_name_plural = _("即时快招")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_wave_at"], name="campaign_due_waves"),
            models.Index(fields=["market", "status"], name="campaign_market_live"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1) & models.Q(headcount__lte=500),
                name="campaign_headcount_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.headcount}"


class InviteChannel(models.TextChoices):
    SMS = "sms", _("短信")
    APP = "app", _("平台")
    STATION = "station", _("驿站代报名")


class InviteState(models.TextChoices):
    INVITED = "invited", _("已邀请")
    STANDBY = "standby", _("候补")
    OFFERED = "offered", _("已录用待确认")
    ACCEPTED = "accepted", _("已接受")
    RELEASED = "released", _("已退出")
    LAPSED = "lapsed", _("录用超时")
    CLOSED = "closed", _("已结束")


class Wave(MarketScoped):
    market_parent = "campaign"

    campaign = models.ForeignKey(QuickRecruit, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("轮次"))
    radius_km = models.FloatField(_("半径（公里）"))
    at = models.DateTimeField(_("时间"))
    invited = models.PositiveIntegerField(_("邀请人数"), default=0)
    stations_linked = models.PositiveIntegerField(_("新联动驿站"), default=0)

    class Meta:
        verbose_name = _("快招轮次")
        verbose_name_plural = _("快招轮次")
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="uniq_wave_number")]

    def __str__(self) -> str:
        return f"{self.campaign_id}#{self.number}"


class CampaignInvite(MarketScoped):
    """One worker in one campaign: invited by a wave, answering on their own, or put forward by a station."""

    market_parent = "campaign"

    campaign = models.ForeignKey(QuickRecruit, on_delete=models.CASCADE, related_name="invites")
    worker = models.ForeignKey("workers.WorkerProfile", on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, null=True, blank=True, on_delete=models.SET_NULL, related_name="invites")
    channel = models.CharField(_("渠道"), max_length=8, choices=InviteChannel.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    station = models.ForeignKey(
        "org.Station", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=InviteState.choices, default=InviteState.INVITED
    )
    application = models.ForeignKey(
        "jobs.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("邀请时间"))
    viewed_at = models.DateTimeField(_("查看时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    offered_at = models.DateTimeField(_("录用时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("快招邀请")
        verbose_name_plural = _("快招邀请")
        ordering = ["campaign", "answered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "worker"], name="uniq_invite_per_worker")]
        indexes = [models.Index(fields=["campaign", "state", "answered_at"], name="invite_queue")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.worker_id} {self.state}"


class StationLink(MarketScoped):
    """A station within the campaign's radius: its staff page and screen show the campaign."""

    market_parent = "campaign"

    campaign = models.ForeignKey(QuickRecruit, on_delete=models.CASCADE, related_name="station_links")
    station = models.ForeignKey("org.Station", on_delete=models.CASCADE, related_name="+")
    wave_number = models.PositiveSmallIntegerField(_("轮次"))
    distance_km = models.FloatField(_("距离（公里）"))
    linked_at = models.DateTimeField(_("联动时间"))

    class Meta:
        verbose_name = _("联动驿站")
        verbose_name_plural = _("联动驿站")
        constraints = [models.UniqueConstraint(fields=["campaign", "station"], name="uniq_station_link")]

    def __str__(self) -> str:
        return f"{self.campaign_id} @ {self.station_id}"


class InboundOutcome(models.TextChoices):
    ANSWERED = "answered", _("已接单（即时快招）")
    APPLIED = "applied", _("已报名（邀请报名）")
    REFUSED = "refused", _("未能办理")
    NOTHING_OPEN = "nothing_open", _("没有待回复的邀请")
    NOT_UNDERSTOOD = "not_understood", _("回复内容无法识别")
    UNKNOWN_PHONE = "unknown_phone", _("号码未注册")


class InboundSms(models.Model):
    """One text message a phone sent back (上行短信), kept once per provider message id: a reply "1" to an
    invitation (issue 12 §3). A provider that delivers the same message twice finds its row here."""

    message_id = models.CharField(_("短信平台消息编号"), max_length=64, unique=True)
    phone = models.CharField(_("手机号"), max_length=20)
    text = models.CharField(_("内容"), max_length=500)
    received_at = models.DateTimeField(_("接收时间"))
    outcome = models.CharField(_("处理结果"), max_length=16, choices=InboundOutcome.choices)
    detail = models.CharField(_("说明"), max_length=200, blank=True)
    worker = models.ForeignKey(
        "workers.WorkerProfile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    campaign_invite = models.ForeignKey(
        CampaignInvite, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.ForeignKey(
        "jobs.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    application = models.ForeignKey(
        "jobs.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("上行短信")
        verbose_name_plural = _("上行短信")
        indexes = [models.Index(fields=["phone", "created_at"], name="inbound_sms_phone")]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.outcome}"
