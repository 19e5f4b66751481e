"""Live job promotion (直播带岗, issue 12 section 1): sessions, the jobs they promote, viewers, comments
and the leads that comments and taps leave.

A viewer is one browser in one session, logged in or not: its ``key`` is a random token the room page
keeps in the viewer's Django session, so an anonymous viewer who reloads is the same viewer (one lead per
viewer and job, one mute per viewer).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.org.models import MarketScoped


class LiveSettings(models.Model):
    """A market's live-room rules: extra sign-up phrases (besides ``live.intent``'s own) and the word list
    that hides abusive comments. One row per market; no row means the built-in rules only."""

    market = models.OneToOneField(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.CASCADE, related_name="live_settings"
    )
    # One phrase per line; each counts as a sign-up intent like 扣1 / 报名.
    intent_phrases = models.TextField(_("报名意向词"), blank=True)
    # One word per line; a comment containing any is hidden from everyone but its author and staff.
    blocked_words = models.TextField(_("屏蔽词"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("直播带岗设置")
        verbose_name_plural = _("直播带岗设置")

    def __str__(self) -> str:
        return f"{self.market_id}"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("预告")
    LIVE = "live", _("直播中")
    ENDED = "ended", _("已结束")
    CANCELLED = "cancelled", _("已取消")


SESSION_LIFECYCLE = Lifecycle.of(
    "live_session",
    [
        (SessionStatus.SCHEDULED, SessionStatus.LIVE),
        (SessionStatus.SCHEDULED, SessionStatus.CANCELLED),
        (SessionStatus.LIVE, SessionStatus.ENDED),
    ],
    choices=SessionStatus,
    subject=str(_("直播场次")),
)


class StreamKind(models.TextChoices):
    NONE = "none", _("无视频（仅评论与岗位卡片）")
    HLS = "hls", _("本市场推流服务器（HLS）")
    EXTERNAL = "external", _("外部平台直播间链接")


class LiveSession(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    # The organising unit: staff of this station (or of its centre, or the market admin) manage the room.
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
    # Public, unguessable part of the room's URL and QR code (``secrets.token_urlsafe(8)``).
    code = models.CharField(_("直播间编号"), max_length=16, unique=True)
    title = models.CharField(_("标题"), max_length=60)
    description = models.CharField(_("简介"), max_length=300, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("主播"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    host_name = models.CharField(_("主播称呼"), max_length=30, blank=True)
    starts_at = models.DateTimeField(_("开播时间"))
    planned_minutes = models.PositiveSmallIntegerField(_("计划时长（分钟）"), default=60)
    stream_kind = models.CharField(
        _("视频来源"), max_length=12, choices=StreamKind.choices, default=StreamKind.NONE
    )
    # HLS playlist (.m3u8) of the market's streaming server, or the outside platform's room URL.
    stream_url = models.URLField(_("视频地址"), max_length=500, blank=True)
    # After the session: a recording to play back (HLS or MP4), if any.
    replay_url = models.URLField(_("回放地址"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    pinned = models.ForeignKey(
        "live.SessionJob",
        verbose_name=_("当前置顶岗位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pinned_at = models.DateTimeField(_("置顶时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("实际开播"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    # Kept up to date while live (viewers connected at once, at most; distinct viewers who opened the room).
    peak_viewers = models.PositiveIntegerField(_("峰值在线"), default=0)
    total_viewers = models.PositiveIntegerField(_("累计观看"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("直播带岗场次")
        verbose_name_plural = _("直播带岗场次")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["market", "status", "starts_at"], name="live_session_list_idx")]

    def __str__(self) -> str:
        return self.title


class SessionJob(MarketScoped):
    """A job the session promotes, in the host's order."""

    market_parent = "session"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="jobs")
    job = models.ForeignKey(
        "jobs.JobPosting", verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    # Each time the host pins it (for the stats: leads while pinned).
    pinned_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("推介岗位")
        verbose_name_plural = _("推介岗位")
        ordering = ["session", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "job"], name="live_session_job_unique")]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.position} {self.job_id}"


class LiveViewer(MarketScoped):
    market_parent = "session"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="viewers")
    key = models.CharField(max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What others see: "观众1234" for an anonymous viewer, the masked name of a logged-in one.
    nickname = models.CharField(_("昵称"), max_length=20)
    muted = models.BooleanField(_("已禁言"), default=False)
    muted_at = models.DateTimeField(null=True, blank=True)
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("观众")
        verbose_name_plural = _("观众")
        constraints = [models.UniqueConstraint(fields=["session", "key"], name="live_viewer_key_unique")]

    def __str__(self) -> str:
        return self.nickname


class HiddenReason(models.TextChoices):
    NONE = "", _("未隐藏")
    WORD_LIST = "word_list", _("含屏蔽词")
    STAFF = "staff", _("工作人员隐藏")
    MUTED = "muted", _("观众已被禁言")


class LiveComment(MarketScoped):
    market_parent = "session"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="comments")
    viewer = models.ForeignKey(
        LiveViewer, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    # A host's or staff member's answer (no viewer); ``answer_to`` is the comment it answers, if any.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_host = models.BooleanField(default=False)
    answer_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # What was typed (staff and the author see it) and what everyone else sees (phone numbers and WeChat
    # ids masked).
    text = models.CharField(_("评论"), max_length=200)
    public_text = models.CharField(_("公开内容"), max_length=200)
    hidden_reason = models.CharField(
        _("隐藏原因"), max_length=12, choices=HiddenReason.choices, default=HiddenReason.NONE, blank=True
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    # The job pinned when it was posted and whether it read as a sign-up intent (扣1).
    job = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_intent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("直播评论")
        verbose_name_plural = _("直播评论")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "created_at"], name="live_comment_stream_idx")]

    def __str__(self) -> str:
        return self.public_text


class LeadSource(models.TextChoices):
    COMMENT = "comment", _("评论扣1")
    TAP = "tap", _("点击我要报名")


class LeadStatus(models.TextChoices):
    NEW = "new", _("待跟进")
    CONTACTED = "contacted", _("已联系")
    APPLIED = "applied", _("已报名")
    HIRED = "hired", _("已录用上岗")
    NOT_INTERESTED = "not_interested", _("无意向")
    NO_ANSWER = "no_answer", _("未接通")


LEAD_LIFECYCLE = Lifecycle.of(
    "live_lead",
    [
        (LeadStatus.NEW, LeadStatus.CONTACTED),
        (LeadStatus.NEW, LeadStatus.NO_ANSWER),
        (LeadStatus.NEW, LeadStatus.NOT_INTERESTED),
        (LeadStatus.NEW, LeadStatus.APPLIED),
        (LeadStatus.CONTACTED, LeadStatus.NO_ANSWER),
        (LeadStatus.CONTACTED, LeadStatus.NOT_INTERESTED),
        (LeadStatus.CONTACTED, LeadStatus.APPLIED),
        (LeadStatus.NO_ANSWER, LeadStatus.CONTACTED),
        (LeadStatus.NO_ANSWER, LeadStatus.NOT_INTERESTED),
        (LeadStatus.NO_ANSWER, LeadStatus.APPLIED),
        (LeadStatus.NOT_INTERESTED, LeadStatus.CONTACTED),
        (LeadStatus.NOT_INTERESTED, LeadStatus.APPLIED),
        # Only from the linked application's engagement (a receiver), never typed in.
        (LeadStatus.APPLIED, LeadStatus.HIRED),
    ],
    choices=LeadStatus,
    subject=str(_("报名线索")),
)


class Lead(models.Model):
    """Someone who signed up for a job in a live room: a logged-in worker (``worker``, and at once an
    ``application`` when they consent) or an anonymous viewer who left a phone number confirmed by SMS."""

    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="leads")
    job = models.ForeignKey(
        "jobs.JobPosting", verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="+"
    )
    viewer = models.ForeignKey(
        LiveViewer, on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(
        "workers.WorkerProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    phone_verified_at = models.DateTimeField(_("手机号验证时间"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=12, choices=LeadSource.choices)
    comment = models.ForeignKey(
        LiveComment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("跟进状态"), max_length=16, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    application = models.ForeignKey(
        "jobs.Application",
        verbose_name=_("报名"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the logged-in worker agreed that their name, phone and skills go to the employer (the consent
    # sheet of the room); the application is made at that moment.
    consented_at = models.DateTimeField(_("同意报名时间"), null=True, blank=True)
    note = models.CharField(_("跟进备注"), max_length=300, blank=True)
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    followed_at = models.DateTimeField(_("最近跟进"), null=True, blank=True)
    created_at = models.DateTimeField(_("留资时间"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报名线索")
        verbose_name_plural = _("报名线索")
        ordering = ["-created_at"]
        constraints = [
            # A viewer who types 1 three times leaves one lead; so does a worker on two devices.
            models.UniqueConstraint(fields=["session", "job", "viewer"], name="live_lead_per_viewer"),
            models.UniqueConstraint(
                fields=["session", "job", "user"],
                condition=models.Q(user__isnull=False),
                name="live_lead_per_user",
            ),
            models.UniqueConstraint(
                fields=["session", "job", "phone"],
                condition=~models.Q(phone=""),
                name="live_lead_per_phone",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="live_lead_queue_idx")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.job_id}/{self.pk}"


class LeadFollowUp(MarketScoped):
    """One follow-up step by staff: the status it set and what they noted (the lead keeps the latest)."""

    market_parent = "lead"

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="follow_ups")
    status = models.CharField(_("跟进状态"), max_length=16, choices=LeadStatus.choices)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("线索跟进记录")
        verbose_name_plural = _("线索跟进记录")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.status}"
