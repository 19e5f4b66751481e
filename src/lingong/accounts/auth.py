"""Who is asking: API auth (token or session) and the request types that carry the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from lingong.accounts.models import User
from lingong.accounts.services import user_for_token


class ApiRequest(HttpRequest):
    """What an endpoint with ``auth=AUTH`` receives: ``auth`` is the signed-in user."""

    auth: User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real account, never anonymous."""

    user: User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """Session cookie auth for pages (CSRF-checked by ninja for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


AUTH = [TokenAuth(), SessionAuth(csrf=True)]
