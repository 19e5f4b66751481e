"""The arbitration direct line (仲裁直通车, issue 11 section 3): forums, prepared documents, referrals."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.org.models import MarketScoped


class ForumKind(models.TextChoices):
    ARBITRATION_COMMISSION = "arbitration_commission", _("劳动人事争议仲裁委员会")
    COURT = "court", _("人民法院")
    PEOPLE_MEDIATION = "people_mediation", _("人民调解委员会")


class Forum(models.Model):
    """Where a market's cases are taken: kept as data per market (staff edit it in the admin)."""

    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=24, choices=ForumKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("仲裁机构/法院")
        verbose_name_plural = _("仲裁机构/法院")
        ordering = ["market_id", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["market", "name"], name="arbitration_forum_unique")]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    ARBITRATION_APPLICATION = "arbitration_application", _("劳动人事争议仲裁申请书")
    CIVIL_COMPLAINT = "civil_complaint", _("民事起诉状（草稿）")


class CaseDocuments(MarketScoped):
    """The documents prepared for one complaint, cached with the digest of the inputs they were built from.

    Building again with the same inputs gives the same bytes (see documents.py), so a rebuild is skipped
    when ``input_digest`` is unchanged.
    """

    market_parent = "complaint"

    complaint = models.OneToOneField(
        "disputes.Complaint", verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="case_documents"
    )
    relation = models.CharField(_("关系认定"), max_length=16)
    document_kind = models.CharField(_("文书类型"), max_length=24, choices=DocumentKind.choices)
    answers = models.JSONField(_("补充回答"), default=dict, blank=True)
    input_digest = models.CharField(_("输入摘要"), max_length=64)
    application_pdf = models.BinaryField(_("申请书"))
    application_sha256 = models.CharField(_("申请书SHA-256"), max_length=64)
    bundle_pdf = models.BinaryField(_("证据材料"))
    bundle_sha256 = models.CharField(_("证据材料SHA-256"), max_length=64)
    bundle_zip = models.BinaryField(_("原始文件压缩包"))
    zip_sha256 = models.CharField(_("压缩包SHA-256"), max_length=64)
    built_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("维权文书")
        verbose_name_plural = _("维权文书")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.document_kind}"


class ReferralKind(models.TextChoices):
    ARBITRATION = "arbitration", _("劳动仲裁")
    COURT = "court", _("法院诉讼")
    PEOPLE_MEDIATION_CONFIRMATION = "people_mediation_confirmation", _("人民调解+司法确认")


class ReferralStatus(models.TextChoices):
    PREPARED = "prepared", _("材料已准备")
    SUBMITTED = "submitted", _("已递交")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    AWARDED = "awarded", _("已裁决")
    JUDGED = "judged", _("已判决")
    SETTLED = "settled", _("已调解/和解")
    WITHDRAWN = "withdrawn", _("已撤回")


FINAL_STATUSES = frozenset(
    {
        ReferralStatus.REJECTED,
        ReferralStatus.AWARDED,
        ReferralStatus.JUDGED,
        ReferralStatus.SETTLED,
        ReferralStatus.WITHDRAWN,
    }
)

_S = ReferralStatus
REFERRAL_LIFECYCLE = Lifecycle.of(
    "referral",
    [
        (_S.PREPARED, _S.SUBMITTED),
        (_S.PREPARED, _S.WITHDRAWN),
        (_S.SUBMITTED, _S.ACCEPTED),
        (_S.SUBMITTED, _S.REJECTED),
        (_S.SUBMITTED, _S.WITHDRAWN),
        (_S.ACCEPTED, _S.AWARDED),
        (_S.ACCEPTED, _S.JUDGED),
        (_S.ACCEPTED, _S.SETTLED),
        (_S.ACCEPTED, _S.WITHDRAWN),
    ],
    choices=ReferralStatus,
    subject=str(_("转介")),
)


class Referral(models.Model):
    """A case taken to an arbitration commission or a court, tracked to its result."""

    complaint = models.ForeignKey(
        "disputes.Complaint", verbose_name=_("投诉"), on_delete=models.PROTECT, related_name="referrals"
    )
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    forum = models.ForeignKey(Forum, verbose_name=_("受理机构"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("途径"), max_length=32, choices=ReferralKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PREPARED
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateField(_("递交日期"), null=True, blank=True)
    accepted_at = models.DateField(_("受理日期"), null=True, blank=True)
    result_at = models.DateField(_("结果日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=1000, blank=True, default="")
    amount_awarded = models.DecimalField(
        _("裁判/调解金额"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    case_number = models.CharField(_("案号"), max_length=60, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("转仲裁/诉讼")
        verbose_name_plural = _("转仲裁/诉讼")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["market", "status"], name="referral_market_status_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.forum_id}"


class LimitationWarning(MarketScoped):
    """One warning sent for one complaint at one threshold (days left); the task sends each once."""

    market_parent = "complaint"

    complaint = models.ForeignKey(
        "disputes.Complaint", on_delete=models.CASCADE, related_name="limitation_warnings"
    )
    threshold_days = models.PositiveSmallIntegerField()
    deadline = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "threshold_days", "deadline"], name="limitation_warning_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.threshold_days}"
