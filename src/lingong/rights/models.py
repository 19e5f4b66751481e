"""Personal-data rights (PIPL arts. 44-47): requests a person makes about their data, and what the law
makes the platform keep after an account is closed (locked until its retention period ends)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.core.fields import EncryptedTextField


class RequestKind(models.TextChoices):
    ACCESS = "access", _("查阅复制")
    CORRECTION = "correction", _("更正补充")
    DELETION = "deletion", _("注销账户并删除")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("处理中")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予办理")


class RightsRequest(models.Model):
    """One request, answered within the market's ``rights_request_sla_days`` from ``created_at``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    # The station that looks after the person (a worker's station); staff scope goes through it.
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("服务驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=12, choices=RequestKind.choices)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.CharField(_("答复说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("个人信息权利请求")
        verbose_name_plural = _("个人信息权利请求")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["market", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(status="pending"),
                name="rights_one_pending_request_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.status}"


class RetentionCategory(models.TextChoices):
    TAX = "tax", _("结算、支付与代扣个税记录")
    CONTRACT = "contract", _("劳务协议、签署凭证与保险记录")


class RetainedRecord(models.Model):
    """What a closed account leaves behind because the law requires it, locked.

    ``snapshot`` (encrypted) holds the identity the kept records need (name, ID number, phone) and a
    summary of the records; ``object_ids`` names the rows. Only staff read it, with a reason that is
    logged. After ``retain_until`` the purge task erases the snapshot and the personal content of the rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("原账户"), on_delete=models.PROTECT, related_name="+"
    )
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("服务驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(_("类别"), max_length=12, choices=RetentionCategory.choices)
    basis = models.CharField(_("保存依据"), max_length=200)
    snapshot = EncryptedTextField(_("锁定内容"), blank=True)
    object_ids = models.JSONField(_("所含记录"), default=dict)
    created_at = models.DateTimeField(_("锁定时间"), default=timezone.now)
    retain_until = models.DateField(_("保存至"))
    purged_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("依法保存的锁定记录")
        verbose_name_plural = _("依法保存的锁定记录")
        ordering = ["retain_until", "pk"]

    def __str__(self) -> str:
        return f"{self.category} {self.user_id} -> {self.retain_until}"
