"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from lingong.core import crypto


class EncryptedTextField(models.TextField):
    """Stores a Fernet token; the Python value is the plaintext. Not searchable: pair with a blind index."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
