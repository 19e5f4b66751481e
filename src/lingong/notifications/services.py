"""In-app notifications and the outbox for SMS / WeChat template messages."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.errors import NotFoundError
from lingong.core.events import send_event_on_commit, user_group
from lingong.core.queue import enqueue
from lingong.core.siteurl import absolute_url
from lingong.notifications.models import OUTBOUND_LIFECYCLE, Notification, OutboundMessage, OutboundStatus
from lingong.notifications.senders import get_sender

logger = logging.getLogger("lingong.outbox")


def notify(
    *,
    user: Any,
    kind: str,
    title: str,
    url: str,
    link_text: str = "",
    body: str = "",
    sms: bool = True,
    idempotency_key: str | None = None,
    params: dict[str, Any] | None = None,
) -> Notification:
    """Create an inbox entry and, after commit, queue the matching template message.

    Every notification links to the page where its recipient acts next (``url``, a path on this site),
    named by ``link_text`` ("去签署劳务协议"; "查看详情" when empty). The inbox shows it as a link and the
    text message carries it as a short link (``params["link"]``, the notification's own address, which
    marks it read and forwards there after login).
    """
    if not url.startswith("/"):
        raise ValueError(f"notification {kind!r} needs the path of the recipient's next step, got {url!r}")
    note = Notification.objects.create(
        user=user, kind=kind, title=title, body=body[:500], url=url, link_text=link_text[:20]
    )
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
            params={"title": title, "link": short_link(note), **(params or {})},
        )
        transaction.on_commit(lambda: _enqueue(message.pk))
    return note


def send_text(
    *, phone: str, template: str, params: dict[str, Any], idempotency_key: str, user: Any = None
) -> OutboundMessage:
    """Queue one text message that has no inbox entry (the answer to an inbound SMS, to a number that may
    have no account). At most once per ``idempotency_key``; sent after commit through the outbox."""
    message, created = OutboundMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={"user": user, "phone": phone, "template": template, "params": params},
    )
    if created:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def short_link(note: Notification) -> str:
    """The absolute address of one notification (``/inbox/<id>/``), short enough for a text message."""
    return absolute_url(reverse("notifications:open", args=[note.pk]))


def _enqueue(message_id: int) -> None:
    # Imported here: notifications.tasks imports this module (the Huey task wraps the service).
    from lingong.notifications.tasks import deliver_outbound

    # A broker that is down leaves the row pending: retry_due_messages sends it once it is stale.
    enqueue(deliver_outbound, message_id)


# --- The outbox --------------------------------------------------------------------------------------
#
# At most once per idempotency key: a delivery (a) claims the row in one short UPDATE (pending or due
# failed -> sending, attempts + 1, a lease), (b) calls the sender outside any transaction, (c) records
# the answer in a second short transaction (sent, or failed with the next attempt time; dead after
# MAX_ATTEMPTS). A row still ``sending`` after its lease may have gone out: it becomes ``unknown`` for
# staff instead of being sent again (the sender interface cannot be asked by idempotency key).

RETRY_BASE = dt.timedelta(minutes=1)
RETRY_CAP = dt.timedelta(hours=1)
MAX_ATTEMPTS = 8
LEASE = dt.timedelta(minutes=5)  # far longer than a sender call may take
STALE_PENDING = dt.timedelta(minutes=5)  # a pending row this old lost its queued delivery


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failure: 1, 2, 4, 8 ... minutes, at most an hour."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def deliver_outbound_message(message_id: int, *, now: dt.datetime | None = None) -> str:
    """Try to send one outbox row; return its status afterwards.

    A row that is sent, being sent, not yet due for a retry, dead or unknown is left alone, so calling
    this twice (or from two workers at once) sends at most once. A failing sender never raises here:
    the failure is committed on the row and the retry sweep picks it up.
    """
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        status = OutboundMessage.objects.filter(pk=message_id).values_list("status", flat=True).first()
        return str(status or "")
    try:
        reference = get_sender().send(
            phone=message.phone, template=message.template, params=message.params, channel=message.channel
        )
    except Exception as exc:  # any sender failure is recorded and retried, never lost
        logger.warning("Outbound message %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        return _record_failure(message, f"{type(exc).__name__}: {exc}", now)
    return _record_sent(message, str(reference or ""))


def _failed_and_due(now: dt.datetime) -> Q:
    # No next attempt time: a row that failed before the backoff existed is due at once.
    return Q(status=OutboundStatus.FAILED) & (Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))


def _claim(message_id: int, now: dt.datetime) -> OutboundMessage | None:
    due = Q(status=OutboundStatus.PENDING) | _failed_and_due(now)
    with transaction.atomic():
        claimed = OUTBOUND_LIFECYCLE.advance_many(
            OutboundMessage.objects.filter(due, pk=message_id),
            OutboundStatus.SENDING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + LEASE,
            next_attempt_at=None,
        )
        return OutboundMessage.objects.get(pk=message_id) if claimed else None


def _record(claimed: OutboundMessage, to: str, **values: Any) -> str:
    """Write the answer of the attempt that claimed the row, unless another attempt owns it now."""
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().get(pk=claimed.pk)
        mine = message.attempts == claimed.attempts
        if not mine or not OUTBOUND_LIFECYCLE.allows(message.status, to):
            logger.warning(
                "Outbound message %s: attempt %s answered %s too late (now %s, attempt %s)",
                claimed.pk,
                claimed.attempts,
                to,
                message.status,
                message.attempts,
            )
            return str(message.status)
        values["lease_expires_at"] = None  # the attempt is over
        for name, value in values.items():
            setattr(message, name, value)
        OUTBOUND_LIFECYCLE.advance(message, to, actor=None, fields=list(values), audit=False)
        return to


def _record_sent(claimed: OutboundMessage, reference: str) -> str:
    return _record(claimed, OutboundStatus.SENT, sent_at=timezone.now(), provider_ref=reference[:100])


def _record_failure(claimed: OutboundMessage, error: str, now: dt.datetime) -> str:
    if claimed.attempts >= MAX_ATTEMPTS:
        return _record(claimed, OutboundStatus.DEAD, last_error=error[:300])
    return _record(
        claimed,
        OutboundStatus.FAILED,
        last_error=error[:300],
        next_attempt_at=now + retry_delay(claimed.attempts),
    )


def expire_leases(*, now: dt.datetime | None = None) -> int:
    """Rows still ``sending`` after their lease become ``unknown``: staff check before any resend."""
    now = now or timezone.now()
    count = OUTBOUND_LIFECYCLE.advance_many(
        OutboundMessage.objects.filter(lease_expires_at__lt=now), OutboundStatus.UNKNOWN
    )
    if count:
        logger.error("%s outbound message(s) lost their delivery attempt; marked unknown for staff", count)
    return count


def retry_due_messages(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """The periodic sweep: expire lost attempts, then deliver due failures (and pending rows whose
    queued delivery was lost). Returns how many were sent."""
    now = now or timezone.now()
    expire_leases(now=now)
    due = (
        OutboundMessage.objects.filter(
            _failed_and_due(now) | Q(status=OutboundStatus.PENDING, created_at__lte=now - STALE_PENDING)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver_outbound_message(pk, now=now) == OutboundStatus.SENT for pk in list(due))


@transaction.atomic
def resolve_unknown(*, actor: Any, message_id: int, delivered: bool) -> OutboundMessage:
    """Staff checked an ``unknown`` row with the provider: record it sent, or queue it to send again.

    The caller (a staff page or command) checks that ``actor`` may do this.
    """
    message = OutboundMessage.objects.select_for_update().get(pk=message_id)
    if delivered:
        OUTBOUND_LIFECYCLE.advance(
            message, OutboundStatus.SENT, actor=actor, stamp="sent_at", action="outbound.confirmed_sent"
        )
    else:
        OUTBOUND_LIFECYCLE.advance(message, OutboundStatus.PENDING, actor=actor, action="outbound.resend")
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them. Someone else's (or no) notification is
    404 and nothing changes: it does not exist for this user."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        if not Notification.objects.filter(user=user, pk=notification_id).exists():
            raise NotFoundError(_("消息不存在"))
        qs = qs.filter(pk=notification_id)
    count = qs.update(read_at=timezone.now())
    if count:
        send_event_on_commit([user_group(user.pk)], {"type": "notification", "op": "read", "count": count})
    return count
