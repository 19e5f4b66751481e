"""Mediation (调解) of a complaint: the case, its sessions, the agreement, its signatures and payment terms
(issue 11, section 2)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.org.models import MarketScoped


class CaseStatus(models.TextChoices):
    OPEN = "open", _("调解中")
    AGREEMENT_DRAFTED = "agreement_drafted", _("协议待签署")
    SIGNED = "signed", _("协议已签署，履行中")
    FULFILLED = "fulfilled", _("协议已履行")
    WITHDRAWN = "withdrawn", _("已撤回")
    FAILED = "failed", _("调解不成")
    EXPIRED = "expired", _("调解超期")
    # The employer paid the wages in full on the platform before an agreement was signed: the complaint
    # closed as paid and the mediation ends with nothing left to mediate.
    SETTLED = "settled", _("已足额支付，调解终结")
    # The complaint was closed otherwise (withdrawn by the filer, merged, resolved, not upheld) before an
    # agreement was signed: nothing is left to mediate.
    ENDED = "ended", _("投诉已结案，调解终结")


class Outcome(models.TextChoices):
    """How the case ended (a record of the result, not a status: the status field is ``status``)."""

    AGREEMENT = "agreement", _("达成协议并履行")
    WITHDRAWN = "withdrawn", _("投诉人撤回")
    FAILED = "failed", _("调解不成")
    EXPIRED = "expired", _("超过调解期限")
    PAID = "paid", _("用工方已足额支付工资")
    CLOSED = "closed", _("投诉已结案")


# A case in one of these holds its complaint: at most one per complaint.
ACTIVE_STATUSES = (CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED, CaseStatus.SIGNED)
# Cases that end without a kept agreement send the complaint back to staff for the next step.
UNSUCCESSFUL = (CaseStatus.WITHDRAWN, CaseStatus.FAILED, CaseStatus.EXPIRED)

CASE_LIFECYCLE = Lifecycle.of(
    "mediation",
    [
        (CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED),
        (CaseStatus.AGREEMENT_DRAFTED, CaseStatus.SIGNED),
        (CaseStatus.SIGNED, CaseStatus.FULFILLED),
        (CaseStatus.OPEN, CaseStatus.WITHDRAWN),
        (CaseStatus.AGREEMENT_DRAFTED, CaseStatus.WITHDRAWN),
        (CaseStatus.OPEN, CaseStatus.FAILED),
        (CaseStatus.AGREEMENT_DRAFTED, CaseStatus.FAILED),
        # An agreement that is not kept: the mediator records the failure, the worker goes on.
        (CaseStatus.SIGNED, CaseStatus.FAILED),
        (CaseStatus.OPEN, CaseStatus.EXPIRED),
        (CaseStatus.AGREEMENT_DRAFTED, CaseStatus.EXPIRED),
        # The wages were paid in full (the complaint closed as paid) before an agreement was signed.
        (CaseStatus.OPEN, CaseStatus.SETTLED),
        (CaseStatus.AGREEMENT_DRAFTED, CaseStatus.SETTLED),
        # The complaint was closed for another reason before an agreement was signed.
        (CaseStatus.OPEN, CaseStatus.ENDED),
        (CaseStatus.AGREEMENT_DRAFTED, CaseStatus.ENDED),
    ],
    choices=CaseStatus,
    subject=str(_("调解")),
)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT = "sent", _("待双方签署")
    SIGNED = "signed", _("双方已签署")
    SUPERSEDED = "superseded", _("已作废")


AGREEMENT_LIFECYCLE = Lifecycle.of(
    "mediation_agreement",
    [
        (AgreementStatus.DRAFT, AgreementStatus.SENT),
        (AgreementStatus.SENT, AgreementStatus.SIGNED),
        (AgreementStatus.DRAFT, AgreementStatus.SUPERSEDED),
        (AgreementStatus.SENT, AgreementStatus.SUPERSEDED),
    ],
    choices=AgreementStatus,
    subject=str(_("调解协议")),
)


class TermStatus(models.TextChoices):
    DUE = "due", _("待支付")
    PAID = "paid", _("已支付")
    MISSED = "missed", _("逾期未付")


TERM_LIFECYCLE = Lifecycle.of(
    "mediation_payment",
    [
        (TermStatus.DUE, TermStatus.PAID),
        (TermStatus.DUE, TermStatus.MISSED),
        (TermStatus.MISSED, TermStatus.PAID),  # paid late
    ],
    choices=TermStatus,
    subject=str(_("付款期")),
)


class SignerSide(models.TextChoices):
    WORKER = "worker", _("劳动者")
    EMPLOYER = "employer", _("用工方")


class MediationCase(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        "disputes.Complaint",
        verbose_name=_("投诉"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    mediator = models.ForeignKey(
        "disputes.Mediator",
        verbose_name=_("调解员"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("开启人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    due_at = models.DateTimeField(_("调解期限"))
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices, blank=True, default="")
    outcome_note = models.CharField(_("结果说明"), max_length=1000, blank=True, default="")
    signed_at = models.DateTimeField(_("协议签署时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解案件")
        verbose_name_plural = _("调解案件")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(status__in=["open", "agreement_drafted", "signed"]),
                name="mediation_one_active_per_complaint",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="mediation_due_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id}/{self.pk}"


class MediationSession(MarketScoped):
    market_parent = "case"

    case = models.ForeignKey(
        MediationCase, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True, default="")
    video_url = models.URLField(_("视频链接"), max_length=300, blank=True, default="")
    worker_came = models.BooleanField(_("劳动者到场"), null=True, blank=True)
    employer_came = models.BooleanField(_("用工方到场"), null=True, blank=True)
    others = models.CharField(_("其他参加人"), max_length=300, blank=True, default="")
    notes = models.TextField(_("调解笔录"), max_length=5000, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("安排人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("安排时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解会")
        verbose_name_plural = _("调解会")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}@{self.starts_at:%Y-%m-%d %H:%M}"


class Agreement(MarketScoped):
    market_parent = "case"

    case = models.ForeignKey(
        MediationCase, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    template_version = models.CharField(_("模板版本"), max_length=40)
    terms = models.JSONField(_("协议内容"))
    total_amount = models.DecimalField(
        _("协议金额"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    pdf = models.BinaryField(_("协议PDF"))
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    signed_pdf = models.BinaryField(_("签署版PDF"), blank=True, default=b"")
    signed_pdf_sha256 = models.CharField(_("签署版SHA-256"), max_length=64, blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("送签时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("双方签署完成时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="mediation_agreement_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"


class AgreementSignature(MarketScoped):
    market_parent = "agreement"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("调解协议"), on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("签署方"), max_length=10, choices=SignerSide.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签署人"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签署时间"))
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True, default="")
    pdf_sha256 = models.CharField(_("所签PDF的SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("调解协议签署")
        verbose_name_plural = _("调解协议签署")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="mediation_signature_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}/{self.party}"


class PaymentTerm(MarketScoped):
    market_parent = "agreement"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("调解协议"), on_delete=models.CASCADE, related_name="payment_terms"
    )
    seq = models.PositiveSmallIntegerField(_("期次"))
    due_date = models.DateField(_("应付日期"))
    amount = models.DecimalField(
        _("应付金额"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_amount = models.DecimalField(
        _("已付金额"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    paid_at = models.DateTimeField(_("付清时间"), null=True, blank=True)
    missed_at = models.DateTimeField(_("逾期时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=TermStatus.choices, default=TermStatus.DUE)

    class Meta:
        verbose_name = _("付款期")
        verbose_name_plural = _("付款期")
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["agreement", "seq"], name="mediation_term_seq_unique")]

    def __str__(self) -> str:
        return f"{self.agreement_id}#{self.seq}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid_amount
