"""Accounts: registration, one-time SMS codes, API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import ApiToken, OtpCode, OtpPurpose, Role, User
from lingong.audit import trail as audit
from lingong.core.errors import (
    ConflictError,
    InvalidInput,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)
from lingong.core.validators import normalize_phone
from lingong.notifications.senders import get_sender


def _hash(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def clean_phone(phone: str) -> str:
    try:
        return normalize_phone(phone)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], errors={"phone": list(exc.messages)}) from exc


def check_password_strength(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], errors={"password": list(exc.messages)}) from exc


@transaction.atomic
def create_account(
    *,
    phone: str,
    password: str | None,
    role: str,
    display_name: str = "",
    market_id: int,
    actor: User | None = None,
    **extra: Any,
) -> User:
    phone = clean_phone(phone)
    if password is not None:
        check_password_strength(password)
    if User.objects.filter(phone=phone).exists():
        raise ConflictError(
            _("该手机号已注册，请直接登录。"), code="phone_taken", errors={"phone": [_("该手机号已注册")]}
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                phone,
                password,
                role=role,
                display_name=display_name[:50],
                market_id=market_id,
                **extra,
            )
    except IntegrityError as exc:  # two registrations racing for one number
        raise ConflictError(_("该手机号已注册，请直接登录。"), code="phone_taken") from exc
    audit.record(action="account.created", obj=user, actor=actor or user, data={"role": role})
    return user


# --- One-time SMS codes -------------------------------------------------------------------------


def send_otp(*, phone: str, purpose: str = OtpPurpose.LOGIN) -> None:
    """Send a 6-digit code. Rate-limited per number: one per resend window, a few per hour."""
    phone = clean_phone(phone)
    if purpose not in OtpPurpose.values:
        raise InvalidInput(_("验证码用途无效"))
    now = timezone.now()
    with transaction.atomic():
        recent = OtpCode.objects.filter(phone=phone, created_at__gte=now - timedelta(hours=1))
        last = recent.order_by("-created_at").first()
        if last and (now - last.created_at).total_seconds() < settings.LINGONG_OTP_RESEND_SECONDS:
            raise RateLimitedError(_("验证码发送过于频繁，请稍后再试。"))
        if recent.count() >= settings.LINGONG_OTP_MAX_PER_HOUR:
            raise RateLimitedError(_("该手机号一小时内获取验证码次数过多，请稍后再试。"))
        code = f"{secrets.randbelow(1_000_000):06d}"
        OtpCode.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=_hash(f"{phone}:{purpose}:{code}"),
            expires_at=now + timedelta(seconds=settings.LINGONG_OTP_TTL_SECONDS),
        )
        transaction.on_commit(
            lambda: get_sender().send(phone=phone, template=f"otp_{purpose}", params={"code": code})
        )


def verify_otp(*, phone: str, code: str, purpose: str = OtpPurpose.LOGIN, consume: bool = True) -> None:
    """Consume a valid code or raise. Wrong guesses count against the latest code.

    ``consume=False`` only checks the code (still counting a wrong guess): a caller whose own transaction
    may roll back checks first, outside it, then consumes inside it.
    """
    phone = clean_phone(phone)
    code = (code or "").strip()
    now = timezone.now()
    with transaction.atomic():
        otp = (
            OtpCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if otp is None:
            raise InvalidInput(_("验证码已过期或未发送，请重新获取。"), errors={"code": [_("验证码无效")]})
        if otp.attempts >= settings.LINGONG_OTP_MAX_ATTEMPTS:
            raise RateLimitedError(_("验证码错误次数过多，请重新获取。"))
        if not hmac.compare_digest(otp.code_hash, _hash(f"{phone}:{purpose}:{code}")):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            wrong = True  # raised after the block so the attempt count is committed
        else:
            if consume:
                otp.used_at = now
                otp.save(update_fields=["used_at"])
            wrong = False
    if wrong:
        raise InvalidInput(_("验证码不正确。"), errors={"code": [_("验证码不正确")]})


def login_with_otp(*, phone: str, code: str) -> User:
    verify_otp(phone=phone, code=code, purpose=OtpPurpose.LOGIN)
    user = User.objects.filter(phone=clean_phone(phone), is_active=True).first()
    if user is None:
        raise InvalidInput(_("该手机号尚未注册。"), errors={"phone": [_("该手机号尚未注册")]})
    return user


# --- API tokens -----------------------------------------------------------------------------------


def issue_token(*, user: User, name: str = "mobile") -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name=name[:64],
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=settings.LINGONG_API_TOKEN_DAYS),
    )
    return key


def user_for_token(key: str) -> User | None:
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hashlib.sha256(key.encode()).hexdigest(), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at) > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(*, key: str) -> None:
    ApiToken.objects.filter(key_hash=hashlib.sha256(key.encode()).hexdigest()).update(
        revoked_at=timezone.now()
    )


def staff_scope_label(user: User) -> str:
    if user.role == Role.STATION_STAFF and user.station_id:
        return str(user.station)
    if user.role == Role.CENTRE_STAFF and user.centre_id:
        return str(user.centre)
    return str(user.market or "")


# --- Elder mode (长辈模式) -----------------------------------------------------------------------------


@transaction.atomic
def set_elder_mode(*, actor: User, user_id: int, on: bool, reason: str = "self") -> User:
    """Switch elder mode for one account. The holder switches their own here; staff who set it for a
    worker call this from ``workers.services.set_worker_elder_mode`` after checking their scope."""
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFoundError(_("账号不存在"))
    if user.pk != actor.pk and reason == "self":
        raise PermissionDeniedError(_("只能修改自己的显示模式。"))
    if user.elder_mode == on:
        return user
    user.elder_mode = on
    user.save(update_fields=["elder_mode"])
    audit.record(action="account.elder_mode", obj=user, actor=actor, data={"on": on, "by": reason})
    return user
