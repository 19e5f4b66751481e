"""Complaints (投诉) and their evidence (issue 11, section 1)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.org.models import MarketScoped


def evidence_storage() -> FileSystemStorage:
    """Private storage under the var dir: outside the web root and MEDIA, never given a URL."""
    return FileSystemStorage(location=str(settings.VAR_DIR / "evidence"), base_url=None)


class ComplaintKind(models.TextChoices):
    UNPAID_PAY = "unpaid_pay", _("拖欠或克扣工资")
    INJURY = "injury", _("工伤/受伤")
    CONTRACT_TERMS = "contract_terms", _("合同条款")
    FEES = "fees", _("收取押金或费用")
    FAKE_JOB = "fake_job", _("虚假岗位")
    DISCRIMINATION = "discrimination", _("歧视")
    SAFETY = "safety", _("安全")
    OTHER = "other", _("其他")


class ComplaintStatus(models.TextChoices):
    FILED = "filed", _("已提交")
    ACKNOWLEDGED = "acknowledged", _("已受理")
    MEDIATING = "mediating", _("调解中")
    REFERRED = "referred", _("已转仲裁/诉讼")
    CLOSED = "closed", _("已结案")


class HandlingLevel(models.TextChoices):
    """Who answers for the complaint now; an overdue complaint moves up one level at a time."""

    STATION = "station", _("零工驿站")
    CENTRE = "centre", _("服务中心")
    MARKET = "market", _("市场管理员")


class CloseReason(models.TextChoices):
    PAID = "paid", _("已足额支付")
    AGREEMENT = "agreement", _("调解协议已履行")
    RESOLVED = "resolved", _("已协商解决")
    WITHDRAWN = "withdrawn", _("投诉人撤回")
    MERGED = "merged", _("与其他投诉合并")
    NO_BASIS = "no_basis", _("经核实不予支持")
    REFERRED_DONE = "referred_done", _("仲裁或诉讼已结案")
    OTHER = "other", _("其他")


class FilerRole(models.TextChoices):
    WORKER = "worker", _("劳动者")
    EMPLOYER = "employer", _("用工方")


COMPLAINT_LIFECYCLE = Lifecycle.of(
    "complaint",
    [
        (ComplaintStatus.FILED, ComplaintStatus.ACKNOWLEDGED),
        (ComplaintStatus.FILED, ComplaintStatus.CLOSED),
        (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.MEDIATING),
        (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.REFERRED),
        (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.CLOSED),
        # Mediation that fails or expires goes back to staff, on to arbitration or the court, or ends.
        (ComplaintStatus.MEDIATING, ComplaintStatus.ACKNOWLEDGED),
        (ComplaintStatus.MEDIATING, ComplaintStatus.REFERRED),
        (ComplaintStatus.MEDIATING, ComplaintStatus.CLOSED),
        (ComplaintStatus.REFERRED, ComplaintStatus.CLOSED),
    ],
    choices=ComplaintStatus,
    subject=str(_("投诉")),
)


class ComplaintCounter(models.Model):
    """The last number given per market and year; locked while a complaint is filed."""

    market = models.ForeignKey("org.Market", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["market", "year"], name="complaint_counter_unique")]

    def __str__(self) -> str:
        return f"{self.market_id}/{self.year}: {self.last}"


class Complaint(models.Model):
    number = models.CharField(_("投诉编号"), max_length=20)
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("投诉人"),
        on_delete=models.PROTECT,
        related_name="complaints_filed",
    )
    filer_role = models.CharField(_("投诉人身份"), max_length=12, choices=FilerRole.choices)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("用工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    other_party = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被投诉方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_against",
    )
    kind = models.CharField(_("投诉类型"), max_length=20, choices=ComplaintKind.choices)
    what_happened = models.TextField(_("事情经过"), max_length=2000)
    asks_for = models.CharField(_("诉求"), max_length=500)
    amount_claimed = models.DecimalField(
        _("主张金额"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.FILED
    )
    urgent = models.BooleanField(_("紧急"), default=False)
    filed_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    acknowledge_by = models.DateTimeField(_("受理期限"))
    # Triage: the unit that handles it, the mediator, and the level it has been escalated to.
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("承办驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    centre = models.ForeignKey(
        "org.ServiceCentre",
        verbose_name=_("承办服务中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mediator = models.ForeignKey(
        "disputes.Mediator",
        verbose_name=_("调解员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    level = models.CharField(
        _("处理层级"), max_length=10, choices=HandlingLevel.choices, default=HandlingLevel.STATION
    )
    escalated_at = models.DateTimeField(_("最近上报时间"), null=True, blank=True)
    # The deadline of the current step (acknowledge, then close the mediation); the escalation task reads it.
    due_at = models.DateTimeField(_("当前办理期限"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    close_reason = models.CharField(
        _("结案原因"), max_length=16, choices=CloseReason.choices, blank=True, default=""
    )
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    resolution = models.CharField(_("处理结果"), max_length=1000, blank=True, default="")
    amount_recovered = models.DecimalField(
        _("追回金额"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        constraints = [models.UniqueConstraint(fields=["market", "number"], name="complaint_number_unique")]
        indexes = [models.Index(fields=["market", "status", "due_at"], name="complaint_queue_idx")]

    def __str__(self) -> str:
        return self.number


class Mediator(models.Model):
    """A staff member (or volunteer with a staff account) who mediates; staff keep the roster."""

    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.PROTECT,
        related_name="mediator",
    )
    display_name = models.CharField(_("姓名"), max_length=40)
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("所在驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    centre = models.ForeignKey(
        "org.ServiceCentre",
        verbose_name=_("所在服务中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("在岗"), default=True)
    max_open_cases = models.PositiveSmallIntegerField(_("同时办理上限"), default=20)

    class Meta:
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")

    def __str__(self) -> str:
        return self.display_name


class Evidence(MarketScoped):
    market_parent = "complaint"

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), storage=evidence_storage, max_length=100)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")

    def __str__(self) -> str:
        return self.original_name
