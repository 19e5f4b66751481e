from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.core.fields import EncryptedTextField
from lingong.core.masking import mask_id_number, mask_name, mask_phone
from lingong.org.models import MarketScoped


class EnterpriseKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业/单位")
    HOUSEHOLD = "household", _("家庭/个人雇主")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    VERIFIED = "verified", _("已认证")
    REJECTED = "rejected", _("未通过")


ENTERPRISE_VERIFICATION = Lifecycle.of(
    "enterprise",
    [
        (VerificationStatus.PENDING, VerificationStatus.VERIFIED),  # staff review
        (VerificationStatus.PENDING, VerificationStatus.REJECTED),
        (VerificationStatus.REJECTED, VerificationStatus.PENDING),  # corrected and resubmitted
    ],
    choices=VerificationStatus,
    subject="用工单位",
)


class Enterprise(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("类型"), max_length=12, choices=EnterpriseKind.choices, default=EnterpriseKind.ENTERPRISE
    )
    name = models.CharField(_("名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    contact_id_number = EncryptedTextField(_("联系人身份证号码"), blank=True)
    contact_id_index = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    industry = models.ForeignKey("taxonomy.Industry", verbose_name=_("行业"), on_delete=models.PROTECT)
    address = models.CharField(_("地址"), max_length=200)
    division = models.ForeignKey(
        "org.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(_("纬度（WGS84）"))
    lon = models.FloatField(_("经度（WGS84）"))
    contact_name = models.CharField(_("联系人"), max_length=30)
    contact_phone = models.CharField(_("联系电话"), max_length=11)
    status = models.CharField(
        _("认证状态"), max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    rejection_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("服务驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    # When it last went to verification (registration or a corrected resubmission): the review clock.
    submitted_at = models.DateTimeField(_("提交认证时间"), default=timezone.now)

    class Meta:
        verbose_name = _("用工单位")
        verbose_name_plural = _("用工单位")
        indexes = [
            models.Index(fields=["market", "status"]),
            models.Index(fields=["market", "status", "submitted_at"], name="enterprise_review_queue"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == VerificationStatus.VERIFIED

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def masked_contact_name(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_contact_id(self) -> str:
        return mask_id_number(self.contact_id_number or "")


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("管理员")
    RECRUITER = "recruiter", _("招聘专员")


class EnterpriseMember(MarketScoped):
    market_parent = "enterprise"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("角色"), max_length=12, choices=MemberRole.choices, default=MemberRole.ADMIN)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("单位成员")
        verbose_name_plural = _("单位成员")

    def __str__(self) -> str:
        return str(f"{self.user} @ {self.enterprise}")


class EmployerReputation(MarketScoped):
    """Cache: an enterprise's star level and reliability (on-time pay, disputes).

    Computed by ``lingong.ratings.reputation``; it lives beside the enterprise so that matching (jobs) can
    read it without depending on the ratings app.
    """

    market_parent = "enterprise"

    enterprise = models.OneToOneField(
        Enterprise,
        verbose_name=_("用工单位"),
        on_delete=models.CASCADE,
        related_name="reputation",
    )
    rating_count = models.PositiveIntegerField(_("评价数"), default=0)
    rating_sum = models.PositiveIntegerField(_("评分合计"), default=0)
    star_level = models.DecimalField(_("星级"), max_digits=2, decimal_places=1)
    statements_paid = models.PositiveIntegerField(_("已支付结算"), default=0)
    # Of those paid, paid after the cycle plus the grace period.
    statements_paid_late = models.PositiveIntegerField(_("逾期支付"), default=0)
    # Not paid yet and already past the cycle plus the grace period (arrears).
    statements_overdue = models.PositiveIntegerField(_("逾期未付"), default=0)
    disputes = models.PositiveIntegerField(_("考勤异议"), default=0)
    reliability = models.DecimalField(_("守约率"), max_digits=4, decimal_places=3)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("用工方信用")
        verbose_name_plural = _("用工方信用")

    def __str__(self) -> str:
        return f"{self.enterprise_id} ★{self.star_level} {self.reliability}"

    @property
    def has_history(self) -> bool:
        return bool(self.statements_paid or self.statements_overdue or self.disputes)
