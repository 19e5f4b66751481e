from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.core.fields import EncryptedTextField
from lingong.core.masking import mask_id_number, mask_name
from lingong.org.models import MarketScoped
from lingong.taxonomy.models import PayUnit


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class DayType(models.TextChoices):
    FULL_DAY = "full_day", _("全天")
    PART_DAY = "part_day", _("半天/零散时段")
    ANY = "any", _("均可")


class TargetGroup(models.TextChoices):
    GRADUATE = "graduate", _("高校毕业生")
    VETERAN = "veteran", _("退役军人")
    DISABILITY = "disability", _("残疾人")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("长期失业人员")
    OLDER_WORKER = "older_worker", _("大龄劳动者")
    LOW_INCOME = "low_income", _("低收入家庭")


class RegistrationChannel(models.TextChoices):
    SELF = "self", _("本人线上注册")
    STATION = "station", _("驿站代为登记")


class WorkerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile"
    )
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    real_name = models.CharField(_("姓名"), max_length=30, blank=True)
    id_number = EncryptedTextField(_("身份证号码"), blank=True)
    id_number_index = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    home_division = models.ForeignKey(
        "org.Division",
        verbose_name=_("常住区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_lat = models.FloatField(_("常住地纬度（WGS84）"), null=True, blank=True)
    home_lon = models.FloatField(_("常住地经度（WGS84）"), null=True, blank=True)
    travel_radius_km = models.PositiveSmallIntegerField(
        _("愿意通勤距离（公里）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    expected_pay = models.DecimalField(_("期望报酬"), max_digits=10, decimal_places=2, null=True, blank=True)
    expected_pay_unit = models.CharField(
        _("计酬单位"), max_length=12, choices=PayUnit.choices, default=PayUnit.DAY
    )
    day_type = models.CharField(_("工作时段"), max_length=12, choices=DayType.choices, default=DayType.ANY)
    intended_occupations = models.ManyToManyField(
        "taxonomy.Occupation", verbose_name=_("求职意向（职业）"), blank=True, related_name="+"
    )
    intended_divisions = models.ManyToManyField(
        "org.Division", verbose_name=_("求职意向（区域）"), blank=True, related_name="+"
    )
    target_groups = models.JSONField(_("重点群体"), default=list, blank=True)
    about = models.CharField(_("自我介绍"), max_length=500, blank=True)
    # A face photo households see before an in-home visit (housekeeping): JPEG/PNG/WebP checked by content,
    # served only through an access check, never from a public URL.
    photo = models.BinaryField(_("本人照片"), null=True, blank=True, editable=False)
    photo_content_type = models.CharField(_("照片类型"), max_length=20, blank=True, editable=False)
    photo_uploaded_at = models.DateTimeField(_("照片上传时间"), null=True, blank=True, editable=False)
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("服务驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workers",
    )
    registration_channel = models.CharField(
        _("登记方式"), max_length=12, choices=RegistrationChannel.choices, default=RegistrationChannel.SELF
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("求职者档案")
        verbose_name_plural = _("求职者档案")
        indexes = [
            models.Index(fields=["market", "station"]),
            # The monthly report (reports.figures) filters each month on this column.
            models.Index(fields=["market", "created_at"], name="worker_registered_month"),
        ]

    def __str__(self) -> str:
        return self.real_name or str(self.user)

    @property
    def masked_name(self) -> str:
        return mask_name(self.real_name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def is_complete(self) -> bool:
        return bool(self.real_name and self.id_number and self.home_lat is not None)

    def age_on(self, day: object = None) -> int | None:
        if self.birth_date is None:
            return None
        today = day or timezone.localdate()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))  # type: ignore[attr-defined]


class WorkerSkill(MarketScoped):
    market_parent = "worker"

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="skills")
    occupation = models.ForeignKey("taxonomy.Occupation", verbose_name=_("技能"), on_delete=models.PROTECT)
    years = models.PositiveSmallIntegerField(_("从业年限"), default=0, validators=[MaxValueValidator(60)])

    class Meta:
        verbose_name = _("技能")
        verbose_name_plural = _("技能")
        constraints = [models.UniqueConstraint(fields=["worker", "occupation"], name="uniq_worker_skill")]

    def __str__(self) -> str:
        return str(f"{self.occupation} ({self.years})")


class WorkerCertificate(MarketScoped):
    market_parent = "worker"

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="certificates")
    certificate_type = models.ForeignKey(
        "taxonomy.CertificateType", verbose_name=_("证书类型"), on_delete=models.PROTECT
    )
    number = models.CharField(_("证书编号"), max_length=64)
    issuer = models.CharField(_("发证机关"), max_length=100, blank=True)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")

    def __str__(self) -> str:
        return f"{self.certificate_type} {self.number}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def is_valid_on(self, day: dt.date) -> bool:
        return self.is_verified and (self.expires_on is None or self.expires_on >= day)


class Availability(MarketScoped):
    """Weekly availability slot: weekday 0=Monday."""

    market_parent = "worker"

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("星期"), validators=[MaxValueValidator(6)])
    start_time = models.TimeField(_("开始"))
    end_time = models.TimeField(_("结束"))

    class Meta:
        verbose_name = _("可工作时段")
        verbose_name_plural = _("可工作时段")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="slot_order"
            ),
        ]

    def __str__(self) -> str:
        return str(f"{self.weekday} {self.start_time}-{self.end_time}")


class ConsentChannel(models.TextChoices):
    APP = "app", _("线上勾选")
    SMS_CODE = "sms_code", _("短信验证码确认")
    PAPER = "paper", _("纸质授权书")


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "registration", _("求职登记与岗位匹配")
    SENSITIVE = "sensitive", _("处理身份证号等敏感个人信息")
    SHARE_CONTACT = "share_contact", _("向用工单位提供联系方式")


class ConsentRecord(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(_("隐私告知版本"), max_length=32)
    purpose = models.CharField(_("目的"), max_length=32, choices=ConsentPurpose.choices)
    channel = models.CharField(_("方式"), max_length=16, choices=ConsentChannel.choices)
    reference = models.CharField(_("凭证编号"), max_length=64, blank=True)
    given_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("个人信息授权")
        verbose_name_plural = _("个人信息授权")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return str(f"{self.purpose} {self.given_at:%Y-%m-%d}")


class WorkerReputation(MarketScoped):
    """Cache: a worker's star level (劳务质量星级) and reliability (守约率).

    Computed by ``lingong.ratings.reputation`` (ratings, shows, no-shows, late cancellations); it lives here,
    beside the worker, so that matching (jobs) can read it without depending on the ratings app.
    """

    market_parent = "worker"

    # A worker with no history yet: the reliability prior (ratings.reputation uses the same figure).
    NEUTRAL_RELIABILITY = Decimal("0.900")

    worker = models.OneToOneField(
        WorkerProfile, verbose_name=_("劳动者"), on_delete=models.CASCADE, related_name="reputation"
    )
    rating_count = models.PositiveIntegerField(_("评价数"), default=0)
    rating_sum = models.PositiveIntegerField(_("评分合计"), default=0)
    star_level = models.DecimalField(_("星级"), max_digits=2, decimal_places=1)
    shows = models.PositiveIntegerField(_("到岗班次"), default=0)
    no_shows = models.PositiveIntegerField(_("缺勤班次"), default=0)
    late_cancellations = models.PositiveIntegerField(_("临时取消"), default=0)
    reliability = models.DecimalField(_("守约率"), max_digits=4, decimal_places=3)
    last_worked_at = models.DateTimeField(_("最近工作时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("劳动者信用")
        verbose_name_plural = _("劳动者信用")

    def __str__(self) -> str:
        return f"{self.worker_id} ★{self.star_level} {self.reliability}"

    @property
    def has_history(self) -> bool:
        """Anything behind the reliability figure beyond the prior."""
        return bool(self.shows or self.no_shows or self.late_cancellations)
