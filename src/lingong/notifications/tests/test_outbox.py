"""The outbox: a failed delivery is committed and retried with backoff; a message goes out at most once
per idempotency key, also when deliveries race or an attempt is lost."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from lingong.audit.models import AuditEntry
from lingong.notifications import services
from lingong.notifications.models import OUTBOUND_LIFECYCLE, OutboundMessage, OutboundStatus
from lingong.notifications.services import (
    LEASE,
    MAX_ATTEMPTS,
    deliver_outbound_message,
    notify,
    retry_delay,
    retry_due_messages,
)
from lingong.notifications.tasks import retry_outbound_every_minute

HERE = "lingong.notifications.tests.test_outbox"
THREADS = 6


class CountingSender:
    """Counts sends across threads; ``failures`` makes the next calls raise; ``pause`` slows each call."""

    calls: list[str] = []
    failures = 0
    pause = 0.0
    lock = threading.Lock()

    def send(self, *, phone: str, template: str, params: dict[str, Any], channel: str = "sms") -> str:
        with CountingSender.lock:
            if CountingSender.failures:
                CountingSender.failures -= 1
                raise ConnectionError("短信网关超时")
            CountingSender.calls.append(template)
            count = len(CountingSender.calls)
        time.sleep(CountingSender.pause)
        return f"gw-{count}"


@pytest.fixture(autouse=True)
def sender() -> Any:
    CountingSender.calls, CountingSender.failures, CountingSender.pause = [], 0, 0.0
    with override_settings(LINGONG_SMS_SENDER=f"{HERE}.CountingSender"):
        yield CountingSender


def _message(key: str = "otp:1") -> OutboundMessage:
    return OutboundMessage.objects.create(idempotency_key=key, phone="13800000000", template="otp_login")


def _reload(message: OutboundMessage) -> OutboundMessage:
    message.refresh_from_db()
    return message


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_committed_with_its_attempt_and_next_try(cast: Any, sender: Any) -> None:
    sender.calls.clear()  # the cast's own messages
    sender.failures = 1
    before = timezone.now()
    # A real commit: notify's on-commit hook runs the delivery task (Huey is immediate in tests).
    note = notify(user=cast.worker.user, kind="offer_made", title="您收到了录用通知", url="/me/applications/")
    message = OutboundMessage.objects.get(idempotency_key=f"notification:{note.pk}")
    assert message.status == OutboundStatus.FAILED
    assert message.attempts == 1
    assert message.last_error == "ConnectionError: 短信网关超时"
    assert message.lease_expires_at is None
    wait = message.next_attempt_at - dt.timedelta(minutes=1)
    assert before <= wait <= timezone.now()
    assert sender.calls == []


@pytest.mark.django_db
def test_the_retry_task_resends_after_the_backoff(sender: Any) -> None:
    message = _message()
    sender.failures = 2
    start = timezone.now()
    assert deliver_outbound_message(message.pk, now=start) == OutboundStatus.FAILED
    assert _reload(message).next_attempt_at == start + dt.timedelta(minutes=1)
    # Not due yet: a direct call and the sweep both leave it alone.
    assert deliver_outbound_message(message.pk, now=start + dt.timedelta(seconds=30)) == OutboundStatus.FAILED
    assert retry_due_messages(now=start + dt.timedelta(seconds=30)) == 0
    assert _reload(message).attempts == 1
    # Due: the second attempt fails too, and the wait doubles.
    assert retry_due_messages(now=start + dt.timedelta(minutes=1)) == 0
    message = _reload(message)
    assert (message.status, message.attempts) == (OutboundStatus.FAILED, 2)
    second = start + dt.timedelta(minutes=1)
    assert message.next_attempt_at - second == dt.timedelta(minutes=2)
    assert sender.calls == []
    # The periodic task (with the real clock, long after) sends it.
    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    retry_outbound_every_minute.call_local()
    message = _reload(message)
    assert (message.status, message.attempts) == (OutboundStatus.SENT, 3)
    assert message.sent_at is not None and message.next_attempt_at is None
    assert message.provider_ref == "gw-1"
    assert sender.calls == ["otp_login"]


def test_the_backoff_doubles_from_a_minute_up_to_an_hour() -> None:
    assert [retry_delay(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


@pytest.mark.django_db
def test_after_the_last_attempt_the_message_is_dead_and_never_retried(sender: Any) -> None:
    message = _message()
    sender.failures = MAX_ATTEMPTS + 1
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        deliver_outbound_message(message.pk, now=now)
        now += dt.timedelta(hours=2)
    message = _reload(message)
    assert (message.status, message.attempts) == (OutboundStatus.DEAD, MAX_ATTEMPTS)
    assert retry_due_messages(now=now + dt.timedelta(days=1)) == 0
    assert _reload(message).attempts == MAX_ATTEMPTS
    assert sender.failures == 1  # the sender was not called again


@pytest.mark.django_db
def test_a_second_delivery_of_a_sent_message_sends_nothing(sender: Any) -> None:
    message = _message()
    assert deliver_outbound_message(message.pk) == OutboundStatus.SENT
    assert deliver_outbound_message(message.pk) == OutboundStatus.SENT
    assert retry_due_messages(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert sender.calls == ["otp_login"]
    assert _reload(message).attempts == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_message_send_it_once(sender: Any) -> None:
    message = _message()
    sender.pause = 0.2  # every racer reaches the claim while the winner is still sending
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(deliver_outbound_message(message.pk))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == THREADS
    assert results.count(OutboundStatus.SENT) >= 1  # the winner; the others saw sending or sent
    assert set(results) <= {OutboundStatus.SENDING, OutboundStatus.SENT}
    assert sender.calls == ["otp_login"]
    message = _reload(message)
    assert (message.status, message.attempts) == (OutboundStatus.SENT, 1)


@pytest.mark.django_db
def test_a_lost_attempt_becomes_unknown_and_is_not_resent_blindly(
    cast: Any, sender: Any, django_capture_on_commit_callbacks: Any
) -> None:
    message = _message()
    start = timezone.now()
    # A worker claims the row and dies before it records an answer.
    claimed = services._claim(message.pk, start)
    assert claimed is not None and claimed.status == OutboundStatus.SENDING
    assert claimed.lease_expires_at == start + LEASE
    retry_due_messages(now=start + LEASE - dt.timedelta(seconds=1))
    assert _reload(message).status == OutboundStatus.SENDING
    retry_due_messages(now=start + LEASE + dt.timedelta(seconds=1))
    assert _reload(message).status == OutboundStatus.UNKNOWN
    assert deliver_outbound_message(message.pk) == OutboundStatus.UNKNOWN
    retry_due_messages(now=start + dt.timedelta(days=1))
    assert "otp_login" not in sender.calls
    assert _reload(message).attempts == 1
    # Staff checked with the gateway: it never arrived, so it is sent again, once.
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve_unknown(actor=cast.admin, message_id=message.pk, delivered=False)
    assert AuditEntry.objects.filter(action="outbound.resend", object_id=str(message.pk)).count() == 1
    assert _reload(message).status == OutboundStatus.SENT  # queued on commit
    assert deliver_outbound_message(message.pk) == OutboundStatus.SENT
    assert sender.calls.count("otp_login") == 1
    assert _reload(message).attempts == 2


@pytest.mark.django_db
def test_a_pending_message_whose_queued_delivery_was_lost_is_swept(sender: Any) -> None:
    message = _message()
    assert retry_due_messages(now=timezone.now() + dt.timedelta(minutes=1)) == 0  # its task may still run
    assert retry_due_messages(now=timezone.now() + dt.timedelta(minutes=10)) == 1
    assert (_reload(message).status, sender.calls) == (OutboundStatus.SENT, ["otp_login"])


@pytest.mark.django_db
def test_a_late_answer_of_the_lost_attempt_is_kept(sender: Any) -> None:
    message = _message()
    start = timezone.now()
    claimed = services._claim(message.pk, start)
    assert claimed is not None
    services.expire_leases(now=start + LEASE + dt.timedelta(seconds=1))
    assert _reload(message).status == OutboundStatus.UNKNOWN
    assert services._record_sent(claimed, "gw-late") == OutboundStatus.SENT
    message = _reload(message)
    assert (message.status, message.provider_ref) == (OutboundStatus.SENT, "gw-late")


def test_the_status_table() -> None:
    assert OUTBOUND_LIFECYCLE.sources_of(OutboundStatus.SENDING) == {"pending", "failed"}
    assert not OUTBOUND_LIFECYCLE.allows(OutboundStatus.SENT, OutboundStatus.SENDING)
    assert not OUTBOUND_LIFECYCLE.allows(OutboundStatus.UNKNOWN, OutboundStatus.SENDING)
    assert not OUTBOUND_LIFECYCLE.allows(OutboundStatus.DEAD, OutboundStatus.SENDING)


@pytest.mark.django_db
def test_a_row_that_failed_before_the_backoff_existed_is_retried(sender: Any) -> None:
    message = OutboundMessage.objects.create(
        idempotency_key="legacy:1",
        phone="13800000000",
        template="offer_made",
        status=OutboundStatus.FAILED,
        attempts=2,
        last_error="timeout",
    )
    assert retry_due_messages() == 1
    assert (_reload(message).status, _reload(message).attempts) == (OutboundStatus.SENT, 3)
