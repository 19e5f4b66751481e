from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
# The chain of entries that belong to no market (and of every entry written before chains were per market).
PLATFORM_CHAIN = 0


class AuditHead(models.Model):
    """The tip of one chain; the id is the chain (a market's id, or PLATFORM_CHAIN). Locking the row
    serialises appends to that chain across processes; markets never wait on each other's row."""

    id = models.PositiveBigIntegerField(primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return str(f"#{self.last_seq}")


class AuditEntry(models.Model):
    """One state change. ``entry_hash`` = SHA-256 over the entry's content and the previous hash."""

    chain = models.PositiveBigIntegerField(_("链"), default=PLATFORM_CHAIN)
    seq = models.BigIntegerField(_("序号"))
    created_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("操作人标识"), max_length=64, blank=True)
    action = models.CharField(_("事件"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象ID"), max_length=64)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    result = models.CharField(_("结果"), max_length=16, default="ok")
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["chain", "seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_entry_chain_seq")]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class SensitiveField(models.TextChoices):
    ID_NUMBER = "id_number", _("身份证号码")
    PHONE = "phone", _("手机号码")


class ReadReason(models.TextChoices):
    """Why a staff member (or a payer's authorised user) read a number in full; "other" needs a note."""

    CONTACT_WORKER = "contact_worker", _("联系求职者（到岗、改期、安全）")
    CONTACT_EMPLOYER = "contact_employer", _("联系用工单位联系人")
    VERIFY_IDENTITY = "verify_identity", _("核实身份（登记、证书、保险）")
    DISPUTE = "dispute", _("处理争议或投诉")
    TAX_WITHHOLDING = "tax_withholding", _("个人所得税扣缴申报")
    OTHER = "other", _("其他（请说明）")


class SensitiveRead(models.Model):
    """One read of an unmasked ID number or phone: a staff member's "显示完整号码" (with a reason) or a
    payroll export with full ID numbers for the withholding declaration (one row for the file, ``count``
    numbers).

    Append-only; the market is an id, not a foreign key, as in the audit chain (audit sits below org)."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("查看人标识"), max_length=64, blank=True)
    actor_role = models.CharField(_("查看人角色"), max_length=20, blank=True)
    market_id = models.PositiveBigIntegerField(_("市场"), null=True, blank=True, db_index=True)
    station_id = models.PositiveBigIntegerField(_("驿站"), null=True, blank=True)
    centre_id = models.PositiveBigIntegerField(_("服务中心"), null=True, blank=True)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("信息主体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_type = models.CharField(_("对象类型"), max_length=64)
    subject_id = models.CharField(_("对象ID"), max_length=64)
    subject_label = models.CharField(_("对象"), max_length=100, blank=True)  # masked name, or "单位 2026-11"
    field = models.CharField(_("字段"), max_length=16, choices=SensitiveField.choices)
    count = models.PositiveIntegerField(_("完整号码数"), default=1)
    reason = models.CharField(_("原因"), max_length=32, choices=ReadReason.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("敏感信息查看记录")
        verbose_name_plural = _("敏感信息查看记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["market_id", "at"])]

    def __str__(self) -> str:
        return (
            f"{self.actor_label} {self.field} {self.subject_type}:{self.subject_id} {self.at:%Y-%m-%d %H:%M}"
        )
