from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status
from pydantic import Field

from lingong.accounts import services
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.accounts.lockout import LOCKED_CODE, forget_failures, is_locked_out, lockout_message
from lingong.accounts.login_history import record_login
from lingong.accounts.models import LoginMethod, User
from lingong.core.errors import InvalidInput, RateLimitedError
from lingong.core.schemas import ERRORS

router = Router(tags=["账户"])


class UserOut(Schema):
    id: int
    phone: str
    display_name: str
    role: str
    role_label: str
    market_id: int | None
    station_id: int | None
    centre_id: int | None


def user_out(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "phone": user.phone,
        "display_name": user.display_name,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "market_id": user.market_id,
        "station_id": user.station_id,
        "centre_id": user.centre_id,
    }


class TokenOut(Schema):
    token: str
    user: UserOut


class LoginIn(Schema):
    phone: str = Field(max_length=20)
    password: str = Field(max_length=128)


class OtpIn(Schema):
    phone: str = Field(max_length=20)
    purpose: str = Field("login", max_length=20)


class OtpLoginIn(Schema):
    phone: str = Field(max_length=20)
    code: str = Field(max_length=10)


class OkOut(Schema):
    ok: bool = True


def token_response(user: User, request: ApiRequest | None = None, method: str = "") -> dict[str, Any]:
    if request is not None:
        record_login(user=user, request=request, method=method or LoginMethod.OTHER)
    return {"token": services.issue_token(user=user), "user": user_out(user)}


@router.post("/login", response={200: TokenOut, **ERRORS}, summary="手机号+密码登录，返回令牌")
def login(request: ApiRequest, payload: LoginIn) -> dict[str, Any]:
    from django.contrib.auth import authenticate

    user = authenticate(request, phone=payload.phone, password=payload.password)
    if user is None and is_locked_out(request):
        # Too many failures from this client for this phone (registered or not: the same answer).
        raise RateLimitedError(lockout_message(), code=LOCKED_CODE)
    if user is None:
        raise InvalidInput("手机号或密码不正确。", code="bad_credentials")
    forget_failures(request, user)
    return token_response(user, request, LoginMethod.API_PASSWORD)


@router.post("/otp", response={202: OkOut, **ERRORS}, summary="获取短信验证码")
def send_otp(request: ApiRequest, payload: OtpIn) -> Status:
    services.send_otp(phone=payload.phone, purpose=payload.purpose)
    return Status(202, {"ok": True})


@router.post("/login/otp", response={200: TokenOut, **ERRORS}, summary="手机号+验证码登录")
def login_otp(request: ApiRequest, payload: OtpLoginIn) -> dict[str, Any]:
    user = services.login_with_otp(phone=payload.phone, code=payload.code)
    return token_response(user, request, LoginMethod.API_OTP)


@router.post("/logout", auth=AUTH, response={200: OkOut, **ERRORS}, summary="注销当前令牌")
def logout(request: ApiRequest) -> dict[str, Any]:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        services.revoke_token(key=header[7:].strip())
    return {"ok": True}


@router.get("/me", auth=AUTH, response={200: UserOut, **ERRORS}, summary="当前用户")
def me(request: ApiRequest) -> dict[str, Any]:
    return user_out(request.auth)
