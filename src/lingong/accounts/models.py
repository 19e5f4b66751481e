from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.core.masking import mask_phone


class Role(models.TextChoices):
    WORKER = "worker", _("求职者")
    EMPLOYER = "employer", _("用工单位")
    STATION_STAFF = "station_staff", _("驿站工作人员")
    CENTRE_STAFF = "centre_staff", _("服务中心工作人员")
    MARKET_ADMIN = "market_admin", _("市场管理员")


STAFF_ROLES = {Role.STATION_STAFF, Role.CENTRE_STAFF, Role.MARKET_ADMIN}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(phone=phone, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.MARKET_ADMIN)
        if "market" not in extra and "market_id" not in extra:
            # A market admin acts on one market; with a single market installed, that one. The model is
            # reached through the foreign key: accounts sits below org and does not import it.
            market_model = cast(Any, self.model._meta.get_field("market").related_model)
            extra["market"] = market_model.objects.order_by("pk").first()
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone logs in with a mainland mobile number. One role per account."""

    phone = models.CharField(_("手机号"), max_length=11, unique=True)
    display_name = models.CharField(_("称呼"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.WORKER)
    market = models.ForeignKey(
        "org.Market",
        verbose_name=_("所属市场"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    centre = models.ForeignKey(
        "org.ServiceCentre",
        verbose_name=_("所属服务中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("所属驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    is_staff = models.BooleanField(_("可进入后台"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)
    # Set when the account was closed at its holder's request and its personal data erased or anonymised
    # (lingong.rights); what the law makes the platform keep is then locked, readable by staff with a reason.
    erased_at = models.DateTimeField(_("注销时间"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or mask_phone(self.phone)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_worker(self) -> bool:
        return self.role == Role.WORKER

    @property
    def is_employer(self) -> bool:
        return self.role == Role.EMPLOYER

    @property
    def is_market_staff(self) -> bool:
        return self.role in STAFF_ROLES


class ApiToken(models.Model):
    """Bearer token for mobile clients. Only the SHA-256 of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return str(f"{self.user} · {self.name}")


class OtpPurpose(models.TextChoices):
    LOGIN = "login", _("登录")
    REGISTER = "register", _("注册")
    CONSENT = "consent", _("代登记授权")
    SIGN = "sign", _("签署协议")
    LIVE_LEAD = "live_lead", _("直播间报名")


class OtpCode(models.Model):
    phone = models.CharField(max_length=11, db_index=True)
    purpose = models.CharField(max_length=16, choices=OtpPurpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [models.Index(fields=["phone", "purpose", "created_at"])]

    def __str__(self) -> str:
        return str(f"{self.phone} · {self.purpose}")


class LoginMethod(models.TextChoices):
    PAGE_PASSWORD = "page_password", _("网页密码登录")
    PAGE_OTP = "page_otp", _("网页验证码登录")
    API_PASSWORD = "api_password", _("客户端密码登录")
    API_OTP = "api_otp", _("客户端验证码登录")
    OTHER = "other", _("其他方式")


class LoginEvent(models.Model):
    """One successful sign-in: when, from which address and browser, by which way. Shown to the person in
    their data view (我的数据与隐私); kept as a security log (Cybersecurity Law art. 21: at least 6 months)
    and erased with the account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_events")
    at = models.DateTimeField(_("登录时间"), default=timezone.now, db_index=True)
    method = models.CharField(_("登录方式"), max_length=16, choices=LoginMethod.choices)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("设备信息"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return str(f"{self.user_id} {self.at:%Y-%m-%d %H:%M} {self.method}")
