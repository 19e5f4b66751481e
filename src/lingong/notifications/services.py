"""In-app notifications and the outbox for SMS / WeChat template messages."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from lingong.core.events import send_event_on_commit, user_group
from lingong.notifications.models import Notification, OutboundMessage, OutboundStatus
from lingong.notifications.senders import get_sender


def notify(
    *,
    user: Any,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    sms: bool = True,
    idempotency_key: str | None = None,
    params: dict[str, Any] | None = None,
) -> Notification:
    """Create an inbox entry and, after commit, queue the matching template message."""
    note = Notification.objects.create(user=user, kind=kind, title=title, body=body[:500], url=url)
    send_event_on_commit(
        [user_group(user.pk)],
        {"type": "notification", "op": "add", "id": note.pk, "kind": kind, "title": title, "url": url},
    )
    if sms and user.phone:
        message = OutboundMessage.objects.create(
            idempotency_key=idempotency_key or f"notification:{note.pk}",
            user=user,
            phone=user.phone,
            template=kind,
            params={"title": title, **(params or {})},
        )
        transaction.on_commit(lambda: _enqueue(message.pk))
    return note


def _enqueue(message_id: int) -> None:
    from lingong.notifications.tasks import deliver_outbound

    deliver_outbound(message_id)


def deliver_outbound_message(message_id: int) -> None:
    """Send one outbox row exactly once: the row lock and status check make retries harmless."""
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().get(pk=message_id)
        if message.status == OutboundStatus.SENT:
            return
        message.attempts += 1
        try:
            get_sender().send(
                phone=message.phone, template=message.template, params=message.params, channel=message.channel
            )
        except Exception as exc:
            message.status = OutboundStatus.FAILED
            message.last_error = str(exc)[:300]
            message.save(update_fields=["status", "attempts", "last_error"])
            raise
        message.status = OutboundStatus.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["status", "attempts", "sent_at"])


def mark_read(*, user: Any, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    count = qs.update(read_at=timezone.now())
    if count:
        send_event_on_commit([user_group(user.pk)], {"type": "notification", "op": "read", "count": count})
    return count
