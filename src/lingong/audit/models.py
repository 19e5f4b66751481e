from __future__ import annotations

from django.conf import settings
from django.db import models
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
