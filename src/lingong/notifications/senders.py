"""Pluggable SMS / WeChat template senders. The default writes to the log (and keeps a copy for tests)."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("lingong.sms")


class TemplateSender(Protocol):
    def send(self, *, phone: str, template: str, params: dict[str, Any], channel: str = "sms") -> str: ...


class LogSender:
    """Development sender: logs the message. ``outbox`` lets tests and the demo read codes back.

    It keeps the last ``KEEP`` messages only, so a long-running development server does not grow.
    """

    KEEP = 500
    outbox: list[dict[str, Any]] = []

    def send(self, *, phone: str, template: str, params: dict[str, Any], channel: str = "sms") -> str:
        message = {"phone": phone, "template": template, "params": params, "channel": channel}
        LogSender.outbox.append(message)
        del LogSender.outbox[: -LogSender.KEEP]
        logger.info("[%s] to %s: %s %s", channel, phone, template, params)
        return f"log-{len(LogSender.outbox)}"


def get_sender() -> TemplateSender:
    sender: TemplateSender = import_string(settings.LINGONG_SMS_SENDER)()
    return sender
