"""Login history: every successful sign-in, through a page (Django's ``user_logged_in`` signal) or the API
(the token endpoints call ``record_login``, since they issue a token instead of a session)."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from lingong.accounts.models import LoginEvent, LoginMethod, User

USER_AGENT_MAX = 300


def _ip(request: HttpRequest | None) -> str | None:
    raw = (request.META.get("REMOTE_ADDR") or "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def record_login(*, user: User, request: HttpRequest | None, method: str) -> LoginEvent:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return LoginEvent.objects.create(
        user=user, method=method, ip=_ip(request), user_agent=str(agent)[:USER_AGENT_MAX]
    )


def _page_method(request: HttpRequest | None) -> str:
    path = getattr(request, "path", "") or ""
    if path.endswith("/login/sms/"):
        return LoginMethod.PAGE_OTP
    if path.endswith("/login/"):
        return LoginMethod.PAGE_PASSWORD
    return LoginMethod.OTHER


@receiver(user_logged_in, dispatch_uid="accounts.login_history")
def _on_page_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if getattr(user, "pk", None) is None:
        return
    record_login(user=user, request=request, method=_page_method(request))
