"""Legal help and the policy library (issue 11, section 4).

Advisers (lawyers and legal-aid volunteers) with consultation slots that workers book, on-site arbitration
days (仲裁庭进驻) whose slots are booked the same way, policy articles searchable in Chinese, and the
versioned rules of the "what applies to me" checker (政策匹配).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.legal.rules_engine import RulesError, validate
from lingong.legal.search import article_tokens


class Industry(models.TextChoices):
    CONSTRUCTION = "construction", _("建筑")
    HOUSEKEEPING = "housekeeping", _("家政")
    LOGISTICS = "logistics", _("物流")
    MANUFACTURING = "manufacturing", _("制造")
    CATERING = "catering", _("餐饮")
    OTHER = "other", _("其他")


class AdviserKind(models.TextChoices):
    LAWYER = "lawyer", _("律师")
    LEGAL_AID_VOLUNTEER = "legal_aid_volunteer", _("法律援助志愿者")


class SlotMode(models.TextChoices):
    ON_SITE = "on_site", _("现场")
    PHONE = "phone", _("电话")
    VIDEO = "video", _("视频")


class SlotStatus(models.TextChoices):
    OPEN = "open", _("可预约")
    BOOKED = "booked", _("已预约")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("未到场")


class ConsultationStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    DONE = "done", _("已咨询")
    CANCELLED = "cancelled", _("已取消")


SLOT_LIFECYCLE = Lifecycle.of(
    "legal_slot",
    [
        (SlotStatus.OPEN, SlotStatus.BOOKED),
        (SlotStatus.OPEN, SlotStatus.CANCELLED),
        (SlotStatus.BOOKED, SlotStatus.OPEN),  # the booking was cancelled in time: the slot is free again
        (SlotStatus.BOOKED, SlotStatus.DONE),
        (SlotStatus.BOOKED, SlotStatus.NO_SHOW),
        (SlotStatus.BOOKED, SlotStatus.CANCELLED),
    ],
    choices=SlotStatus,
    subject=str(_("咨询时段")),
)

CONSULTATION_LIFECYCLE = Lifecycle.of(
    "consultation",
    [
        (ConsultationStatus.BOOKED, ConsultationStatus.DONE),
        (ConsultationStatus.BOOKED, ConsultationStatus.CANCELLED),
    ],
    choices=ConsultationStatus,
    subject=str(_("咨询预约")),
)


class LegalAdviser(models.Model):
    market = models.ForeignKey("org.Market", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=30)
    kind = models.CharField(_("类别"), max_length=24, choices=AdviserKind.choices)
    organisation = models.CharField(_("律所/机构"), max_length=100, blank=True)
    industries = models.JSONField(_("擅长行业"), default=list, blank=True)
    phone = models.CharField(_("联系电话（仅工作人员可见）"), max_length=20, blank=True)
    languages = models.CharField(_("语言"), max_length=100, blank=True)
    notes = models.CharField(_("简介"), max_length=500, blank=True)
    active = models.BooleanField(_("在岗"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("法律顾问")
        verbose_name_plural = _("法律顾问")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def industry_labels(self) -> list[str]:
        return [str(Industry(i).label) for i in self.industries if i in Industry.values]


class ArbitrationDay(models.Model):
    """A day the labour arbitration commission sits in the market (仲裁庭进驻)."""

    market = models.ForeignKey("org.Market", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    commission = models.CharField(_("仲裁委员会"), max_length=100)
    notes = models.CharField(_("说明"), max_length=500, blank=True)
    published = models.BooleanField(_("已发布"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("仲裁庭进驻日")
        verbose_name_plural = _("仲裁庭进驻日")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.commission}"


class ConsultationSlot(models.Model):
    """A bookable time with an adviser, or on an arbitration day (then the adviser may be empty)."""

    market = models.ForeignKey("org.Market", on_delete=models.PROTECT, related_name="+")
    adviser = models.ForeignKey(
        LegalAdviser, null=True, blank=True, on_delete=models.PROTECT, related_name="slots"
    )
    arbitration_day = models.ForeignKey(
        ArbitrationDay, null=True, blank=True, on_delete=models.PROTECT, related_name="slots"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    mode = models.CharField(_("方式"), max_length=10, choices=SlotMode.choices)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    video_link = models.CharField(_("视频链接"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("名额"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=SlotStatus.choices, default=SlotStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("咨询时段")
        verbose_name_plural = _("咨询时段")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["market", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.get_mode_display()}"

    @property
    def host(self) -> str:
        """Who the worker meets: the adviser, or the arbitration commission of the day."""
        if self.adviser is not None:
            return self.adviser.name
        return self.arbitration_day.commission if self.arbitration_day is not None else ""


class Consultation(models.Model):
    market = models.ForeignKey("org.Market", on_delete=models.PROTECT, related_name="+")
    slot = models.ForeignKey(ConsultationSlot, on_delete=models.PROTECT, related_name="consultations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="legal_consultations"
    )
    topic = models.CharField(_("咨询事项"), max_length=20, choices=Industry.choices, blank=True)
    question = models.TextField(_("问题"), max_length=1000)
    status = models.CharField(
        _("状态"), max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.BOOKED
    )
    booked_at = models.DateTimeField(_("预约时间"), default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(_("已提醒"), null=True, blank=True)
    advice = models.TextField(_("咨询意见"), max_length=2000, blank=True)
    advice_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("咨询预约")
        verbose_name_plural = _("咨询预约")
        ordering = ["-booked_at", "-pk"]
        constraints = [
            # One live booking per slot (capacity 1), whatever the locks did.
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status="booked"), name="legal_one_live_booking_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.worker_id}"


class PolicyCategory(models.TextChoices):
    EMPLOYMENT_SERVICES = "employment_services", _("就业服务")
    FLEXIBLE_SOCIAL_INSURANCE = "flexible_social_insurance", _("灵活就业社会保险")
    TRAINING_SUBSIDIES = "training_subsidies", _("职业培训补贴")
    WAGE_PROTECTION = "wage_protection", _("工资权益保障")
    TARGET_GROUPS = "target_groups", _("重点群体就业")
    ENTREPRENEURSHIP = "entrepreneurship", _("创业扶持")
    RIGHTS = "rights", _("劳动权益与维权")


class PolicyGroup(models.TextChoices):
    EMPLOYMENT_DIFFICULTY = "employment_difficulty", _("就业困难人员")
    GRADUATE = "graduate", _("高校毕业生")
    VETERAN = "veteran", _("退役军人")
    MIGRANT_WORKER = "migrant_worker", _("农民工")
    FLEXIBLE_WORKER = "flexible_worker", _("灵活就业人员")
    POVERTY_ALLEVIATED = "poverty_alleviated", _("脱贫人口")
    DISABLED = "disabled", _("残疾人")


class PolicyArticle(models.Model):
    market = models.ForeignKey(
        "org.Market",
        verbose_name=_("零工市场（空为国家/省级）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    title = models.CharField(_("标题"), max_length=120)
    summary = models.CharField(_("摘要"), max_length=300)
    body = models.TextField(_("正文"), max_length=20000)
    category = models.CharField(_("类别"), max_length=40, choices=PolicyCategory.choices)
    groups = models.JSONField(_("适用群体"), default=list, blank=True)
    districts = models.JSONField(_("适用地区（区划代码，空为全部）"), default=list, blank=True)
    issuer = models.CharField(_("发布机关/来源"), max_length=200, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    published = models.BooleanField(_("已发布"), default=True)
    search_tokens = models.TextField(_("检索词"), blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政策文章")
        verbose_name_plural = _("政策文章")
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_tokens = article_tokens(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = list({*update_fields, "search_tokens"})  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def group_labels(self) -> list[str]:
        return [str(PolicyGroup(g).label) for g in self.groups if g in PolicyGroup.values]


class RulesVersion(models.Model):
    """One uploaded version of the 政策匹配 rules for a market; the newest is used, the old are kept."""

    market = models.ForeignKey("org.Market", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("版本"))
    rules = models.JSONField(_("规则（JSON）"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("政策匹配规则版本")
        verbose_name_plural = _("政策匹配规则版本")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["market", "version"], name="legal_rules_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.version}"

    def clean(self) -> None:
        try:
            validate(self.rules)
        except RulesError as exc:
            raise ValidationError({"rules": str(exc)}) from exc
