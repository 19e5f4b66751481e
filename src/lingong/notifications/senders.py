"""Pluggable SMS / WeChat template senders. The default writes to the log (and keeps a copy for tests)."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from lingong.core.masking import mask_phone

logger = logging.getLogger("lingong.sms")


class TemplateSender(Protocol):
    def send(self, *, phone: str, template: str, params: dict[str, Any], channel: str = "sms") -> str: ...


class LogSender:
    """Development and demo sender: sends nothing. ``outbox`` keeps the messages in this process, so
    tests read them back and the demo shows one-time codes on its simulated phone page
    (``notifications.views.demo_sms``); the log gets the masked phone and the template, never the
    number, the code or the other parameters (issue 9: no personal data in logs).

    It keeps the last ``KEEP`` messages only, so a long-running development server does not grow.
    """

    KEEP = 500
    outbox: list[dict[str, Any]] = []

    def send(self, *, phone: str, template: str, params: dict[str, Any], channel: str = "sms") -> str:
        message = {
            "phone": phone,
            "template": template,
            "params": params,
            "channel": channel,
            "at": timezone.now(),
        }
        LogSender.outbox.append(message)
        del LogSender.outbox[: -LogSender.KEEP]
        logger.info("[%s] to %s: %s (not sent: log sender)", channel, mask_phone(phone), template)
        return f"log-{len(LogSender.outbox)}"


def is_log_sender() -> bool:
    """Whether text messages only go to ``LogSender.outbox`` (demo, development, tests)."""
    return settings.LINGONG_SMS_SENDER.rsplit(".", 1)[-1] == "LogSender"


def get_sender() -> TemplateSender:
    sender: TemplateSender = import_string(settings.LINGONG_SMS_SENDER)()
    return sender
