from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from lingong.accounts.models import User
from lingong.core.validators import normalize_phone


class PhonePasswordBackend(ModelBackend):
    """Authenticate by mainland mobile number (any common spelling) and password."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        phone: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        raw = phone or username
        if not raw or not password:
            return None
        try:
            normalized = normalize_phone(raw)
        except ValidationError:
            return None
        user = User.objects.filter(phone=normalized).first()
        if user is None:
            User().set_password(password)  # same cost whether or not the account exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
