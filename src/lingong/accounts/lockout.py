"""Password login lock-out (django-axes): who is counted, and what a locked-out client is told.

Failures are counted per phone number *and* client address (``AXES_LOCKOUT_PARAMETERS``), so someone
guessing from one address cannot lock a worker out of every other phone or station; after
``LINGONG_LOGIN_FAILURE_LIMIT`` failures within the cool-off that pair is refused for
``LINGONG_LOGIN_COOLOFF_MINUTES``, even with the right password. A phone that is not registered is
counted and refused exactly like one that is, so the answer never tells whether a number has an account.

The views answer a lock-out themselves (the page shows the form with the message, the API a 429 JSON
error); ``lockout_response`` is what ``axes.middleware.AxesMiddleware`` falls back on for any other
login (the admin's), and leaves a view's own 429 alone.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lingong.accounts.forms import LoginForm
from lingong.core.validators import normalize_phone

LOCKED_CODE = "login_locked"
LOCKED_STATUS = 429


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check before the password backends; a call without a request (a shell, a test helper that
    calls ``authenticate`` directly) has no client to count and is not checked."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def username_for(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The phone as the account is keyed (``138 0000 0006`` and ``+86 13800000006`` count as one);
    anything that is not a phone number is counted as typed (cut short), never looked up."""
    credentials = credentials or {}
    raw = credentials.get("phone") or credentials.get("username")
    if not raw:
        raw = request.POST.get("phone") or request.POST.get("username") or ""
    raw = str(raw).strip()
    try:
        return normalize_phone(raw)
    except ValidationError:
        return raw[:32]


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    message = _(
        "登录失败次数过多，该手机号在本设备上已暂停密码登录%(minutes)s分钟。请稍后再试，或用短信验证码登录。"
    )
    return message % {"minutes": cooloff_minutes()}


def is_locked_out(request: HttpRequest) -> bool:
    """Whether axes refused (or has just locked) this request's login attempt."""
    return bool(getattr(request, "axes_locked_out", False))


def forget_failures(request: HttpRequest, user: Any) -> None:
    """A password login that succeeded without ``django.contrib.auth.login`` (the API's token login)
    clears this client's failures for the phone, as a page login does (``AXES_RESET_ON_SUCCESS``)."""
    AxesProxyHandler.user_logged_in(sender=type(user), request=request, user=user)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a view that answered the lock-out itself (429) keeps its answer."""
    if isinstance(original_response, HttpResponse) and original_response.status_code == LOCKED_STATUS:
        return original_response
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": LOCKED_CODE, "message": lockout_message(), "errors": {}}, status=LOCKED_STATUS
        )
    phone = request.POST.get("phone") or request.POST.get("username") or ""
    form = LoginForm(data={"phone": phone, "password": "-"})  # the password is never shown again
    form.is_valid()
    form.add_error(None, lockout_message())
    return render(request, "accounts/login.html", {"form": form, "next": ""}, status=LOCKED_STATUS)
