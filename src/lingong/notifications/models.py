from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=48)
    title = models.CharField(_("标题"), max_length=100)
    body = models.CharField(_("内容"), max_length=500, blank=True)
    # Where the recipient acts next (sign, confirm, pay, rate ...) and what the inbox calls that step.
    url = models.CharField(_("链接"), max_length=200, blank=True)
    link_text = models.CharField(_("链接文字"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def link_label(self) -> str:
        return str(self.link_text or _("查看详情"))


class OutboundStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    DEAD = "dead", _("已放弃")
    UNKNOWN = "unknown", _("结果未知")


OUTBOUND_LIFECYCLE = Lifecycle.of(
    "outbound",
    [
        # A delivery claims the row (attempts + 1, a lease) before it calls the sender.
        (OutboundStatus.PENDING, OutboundStatus.SENDING),
        (OutboundStatus.FAILED, OutboundStatus.SENDING),
        # The sender's answer, recorded in a second short transaction.
        (OutboundStatus.SENDING, OutboundStatus.SENT),
        (OutboundStatus.SENDING, OutboundStatus.FAILED),
        (OutboundStatus.SENDING, OutboundStatus.DEAD),
        # The lease ran out with no answer: it may or may not have gone out, so it is never resent blindly.
        (OutboundStatus.SENDING, OutboundStatus.UNKNOWN),
        # A late answer from the attempt that held the lease.
        (OutboundStatus.UNKNOWN, OutboundStatus.SENT),
        (OutboundStatus.UNKNOWN, OutboundStatus.FAILED),
        (OutboundStatus.UNKNOWN, OutboundStatus.DEAD),
        # Staff checked with the provider: it did not arrive, send it again.
        (OutboundStatus.UNKNOWN, OutboundStatus.PENDING),
    ],
    choices=OutboundStatus,
    subject="外发消息",
)


class OutboundMessage(models.Model):
    """Outbox row for an SMS / WeChat template message: sent at most once per idempotency key.

    ``notifications.services.deliver_outbound_message`` claims it, calls the sender outside any
    transaction and records the answer; failures are retried with backoff until ``dead``.
    """

    idempotency_key = models.CharField(max_length=100, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    phone = models.CharField(max_length=11)
    channel = models.CharField(max_length=16, default="sms")
    template = models.CharField(max_length=48)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=OutboundStatus.choices, default=OutboundStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # While ``sending``: when the attempt that claimed the row is presumed lost.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # While ``failed``: when the retry sweep tries again.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    provider_ref = models.CharField(max_length=100, blank=True)  # what the sender returned

    class Meta:
        verbose_name = _("外发消息")
        verbose_name_plural = _("外发消息")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return str(f"{self.template} → {self.phone}")
