"""Feed a text message from a phone to the inbound-SMS handler, as the SMS provider would (demo and tests):
``python manage.py sms_reply 13800000006 1``."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lingong.recruit.sms_reply import handle_inbound


class Command(BaseCommand):
    help = "模拟短信平台推送一条上行短信（如回复“1”接受邀请）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("phone")
        parser.add_argument("text")
        parser.add_argument("--message-id", default="", help="短信平台消息编号（默认随机生成）")

    def handle(self, *args: Any, **options: Any) -> None:
        message_id = options["message_id"] or f"cli-{uuid.uuid4().hex[:16]}"
        result = handle_inbound(
            message_id=message_id, phone=options["phone"], text=options["text"], received_at=timezone.now()
        )
        inbound = result.inbound
        note = "（重复投递，未再处理）" if result.duplicate else ""
        self.stdout.write(f"{inbound.message_id}: {inbound.get_outcome_display()}{note} — {inbound.detail}")
