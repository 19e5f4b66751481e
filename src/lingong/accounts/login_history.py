"""Login history: every successful sign-in, through a page (Django's ``user_logged_in`` signal) or the API
(the token endpoints call ``record_login``, since they issue a token instead of a session)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from lingong.accounts.models import LoginEvent, LoginMethod, User
from lingong.core.client import client_ip, user_agent


def record_login(*, user: User, request: HttpRequest | None, method: str) -> LoginEvent:
    return LoginEvent.objects.create(
        user=user, method=method, ip=client_ip(request), user_agent=user_agent(request)
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
