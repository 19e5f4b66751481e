from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lingong.notifications import services


# A one-time code is waited for on a phone: text messages go before every other task (priority).
@db_task(priority=30)
def deliver_outbound(message_id: int) -> None:
    """Send one outbox row. No Huey retries: a failure is recorded on the row and the sweep retries it."""
    services.deliver_outbound_message(message_id)


@db_periodic_task(crontab(minute="*"))
def retry_outbound_every_minute() -> None:
    """Failed messages whose backoff has passed are sent again; lost attempts are marked unknown."""
    services.retry_due_messages()
