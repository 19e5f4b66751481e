"""Accident insurance (意外伤害保险): one policy per engagement and terms version, via a provider."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.org.models import MarketScoped


class PolicyStatus(models.TextChoices):
    PENDING = "pending", _("办理中")
    ISSUED = "issued", _("已生效")
    FAILED = "failed", _("投保失败")
    CANCELLED = "cancelled", _("已作废")


class InsurancePolicy(MarketScoped):
    market_parent = "engagement"

    engagement = models.ForeignKey(
        "engagements.Engagement", verbose_name=_("用工单"), on_delete=models.PROTECT, related_name="policies"
    )
    terms_version = models.PositiveSmallIntegerField(_("条款版本"))
    status = models.CharField(
        _("状态"), max_length=10, choices=PolicyStatus.choices, default=PolicyStatus.PENDING
    )
    # The same key is sent to the provider on every attempt, so a retry can never buy a second policy.
    idempotency_key = models.CharField(max_length=80, unique=True)
    provider = models.CharField(_("保险渠道"), max_length=200)
    policy_number = models.CharField(_("保单号"), max_length=40, blank=True)
    provider_reference = models.CharField(max_length=80, blank=True)
    premium = models.DecimalField(_("保费"), max_digits=10, decimal_places=2)
    death_disability_sum = models.DecimalField(_("意外身故/伤残保额"), max_digits=12, decimal_places=2)
    medical_sum = models.DecimalField(_("意外医疗保额"), max_digits=12, decimal_places=2)
    coverage_start = models.DateField(_("保险起期"))
    coverage_end = models.DateField(_("保险止期"))
    person_days = models.PositiveIntegerField(_("投保人天数"))
    certificate_pdf = models.BinaryField(null=True, blank=True, editable=False)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("投保次数"), default=0)
    # While an attempt is at the insurer: a concurrent attempt leaves it alone until this passes.
    attempt_until = models.DateTimeField(_("投保进行中至"), null=True, blank=True)
    last_error = models.CharField(_("失败原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    issued_at = models.DateTimeField(_("出单时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("意外险保单")
        verbose_name_plural = _("意外险保单")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "terms_version"], name="uniq_policy_per_terms"),
            models.CheckConstraint(condition=models.Q(premium__gte=0), name="policy_premium_nonneg"),
        ]
        indexes = [
            models.Index(fields=["status", "attempts"]),
            # The monthly report (reports.figures) filters each month on this column.
            models.Index(fields=["issued_at"], name="policy_issued_month"),
        ]

    def __str__(self) -> str:
        return self.policy_number or f"{self.engagement_id}:{self.terms_version}"


class LocalIssuedPolicy(models.Model):
    """The built-in local provider's own book of issued policies (what an insurer's system would hold)."""

    idempotency_key = models.CharField(max_length=80, unique=True)
    policy_number = models.CharField(max_length=40, unique=True, blank=True)
    premium = models.DecimalField(max_digits=10, decimal_places=2)
    insured_name = models.CharField(max_length=30)
    coverage_start = models.DateField()
    coverage_end = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("本地保险出单记录")
        verbose_name_plural = _("本地保险出单记录")

    def __str__(self) -> str:
        return self.policy_number
