from __future__ import annotations

from huey.contrib.djhuey import db_task

from lingong.notifications import services


@db_task(retries=3, retry_delay=30)
def deliver_outbound(message_id: int) -> None:
    services.deliver_outbound_message(message_id)
