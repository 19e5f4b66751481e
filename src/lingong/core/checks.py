"""System checks of the deployment (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from lingong.core.crypto import field_key_problem


@register(Tags.security, deploy=True)
def field_key_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A weak key for the encrypted personal data (ID numbers) is flagged before it goes live."""
    problem = field_key_problem(settings.LINGONG_FIELD_KEY)
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint='Generate one: python -c "import base64, secrets; '
            'print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"',
            id="lingong.E001",
        )
    ]


@register(Tags.security, deploy=True)
def sms_sender_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The log-only SMS sender sends nothing: a deployment needs a real one, and one that imports."""
    path = settings.LINGONG_SMS_SENDER
    if path.rsplit(".", 1)[-1] != "LogSender":
        try:
            import_string(path)
        except ImportError as exc:
            return [Error(f"LINGONG_SMS_SENDER={path!r} cannot be imported: {exc}", id="lingong.E003")]
        return []
    return [
        Warning(
            "LINGONG_SMS_SENDER is the log-only development sender: no text message reaches anyone.",
            hint="Set LINGONG_SMS_SENDER to the dotted path of the SMS gateway's sender.",
            id="lingong.W002",
        )
    ]
