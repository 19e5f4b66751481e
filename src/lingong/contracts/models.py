"""Labour-service contracts (劳务协议): one PDF per version of an engagement's terms, signed by both sides.

The exact bytes of each rendered PDF are stored with their SHA-256, so what a party signed can be proven
later: the signature row keeps the hash of the bytes the signer saw, and the signed PDF prints that hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.org.models import MarketScoped


class ContractStatus(models.TextChoices):
    PENDING = "pending", _("待签署")
    SIGNED = "signed", _("已签署")
    SUPERSEDED = "superseded", _("已被新版本取代")


class SignerParty(models.TextChoices):
    WORKER = "worker", _("劳务提供方（乙方）")
    EMPLOYER = "employer", _("劳务接受方（甲方）")


class Contract(MarketScoped):
    market_parent = "engagement"

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("用工单"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    version = models.PositiveSmallIntegerField(_("协议版本"))
    template_version = models.CharField(_("模板版本"), max_length=32)
    # The serialised ContractTerms (dates, times and Decimals as strings): what the PDF was rendered from.
    terms = models.JSONField(_("协议条款"), default=dict)
    pdf = models.BinaryField(_("协议文件"))
    pdf_sha256 = models.CharField(_("协议文件SHA-256"), max_length=64)
    status = models.CharField(
        _("状态"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.PENDING
    )
    signed_pdf = models.BinaryField(_("已签署协议文件"), null=True, blank=True)
    signed_pdf_sha256 = models.CharField(_("已签署文件SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("双方签署完成时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("劳务协议")
        verbose_name_plural = _("劳务协议")
        ordering = ["engagement_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "version"], name="uniq_contract_version"),
            # Only one version of an engagement's contract is in force (or waiting for signatures).
            models.UniqueConstraint(
                fields=["engagement"],
                condition=models.Q(status__in=["pending", "signed"]),
                name="uniq_current_contract",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} v{self.version}"

    @property
    def short_hash(self) -> str:
        return self.pdf_sha256[:12]

    @property
    def is_current(self) -> bool:
        return self.status != ContractStatus.SUPERSEDED


class ContractSignature(MarketScoped):
    """One party's signature on one contract version: who, when, from where, on which exact bytes."""

    market_parent = "contract"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="signatures")
    party = models.CharField(_("签署方"), max_length=12, choices=SignerParty.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签署人"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("设备信息"), max_length=300, blank=True)
    pdf_sha256 = models.CharField(_("所签文件SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("协议签署记录")
        verbose_name_plural = _("协议签署记录")
        ordering = ["contract_id", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "party"], name="uniq_signature_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.party}"
