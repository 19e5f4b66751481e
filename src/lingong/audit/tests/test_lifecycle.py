"""The one lifecycle helper: the table decides, the status is written in one place, the trail records it."""

from __future__ import annotations

from typing import Any

import pytest

from lingong.audit.lifecycle import Lifecycle
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError
from lingong.notifications.models import OutboundMessage, OutboundStatus

FLOW = Lifecycle.of(
    "test_message",
    [(OutboundStatus.PENDING, OutboundStatus.SENT), (OutboundStatus.PENDING, OutboundStatus.FAILED)],
    choices=OutboundStatus,
    subject="消息",
)


def _message(key: str = "k1") -> OutboundMessage:
    return OutboundMessage.objects.create(idempotency_key=key, phone="13800000000", template="t")


@pytest.mark.django_db
def test_advance_writes_status_stamp_and_trail(cast: Any) -> None:
    message = _message()
    previous = FLOW.advance(message, OutboundStatus.SENT, actor=cast.admin, stamp="sent_at", data={"n": 1})
    assert previous == OutboundStatus.PENDING
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT and message.sent_at is not None
    entry = AuditEntry.objects.get(action="test_message.sent")
    assert entry.data == {"from": "pending", "to": "sent", "n": 1}
    assert entry.object_id == str(message.pk)


@pytest.mark.django_db
def test_a_pair_not_in_the_table_is_refused_and_nothing_is_written(cast: Any) -> None:
    message = _message()
    FLOW.advance(message, OutboundStatus.FAILED, actor=None)
    with pytest.raises(ConflictError) as info:
        FLOW.advance(message, OutboundStatus.SENT, actor=None)
    assert info.value.code == "invalid_transition"
    assert "发送失败" in info.value.message and "消息" in info.value.message
    message.refresh_from_db()
    assert message.status == OutboundStatus.FAILED
    assert AuditEntry.objects.filter(action="test_message.sent").count() == 0


@pytest.mark.django_db
def test_advance_many_moves_only_rows_allowed_to_reach_the_target(cast: Any) -> None:
    pending = _message("a")
    failed = _message("b")
    FLOW.advance(failed, OutboundStatus.FAILED, actor=None, audit=False)
    moved = FLOW.advance_many(
        OutboundMessage.objects.filter(idempotency_key__in=["a", "b"]), OutboundStatus.SENT
    )
    assert moved == 1
    pending.refresh_from_db()
    failed.refresh_from_db()
    assert (pending.status, failed.status) == (OutboundStatus.SENT, OutboundStatus.FAILED)


def test_sources_and_labels() -> None:
    assert FLOW.sources_of(OutboundStatus.SENT) == {"pending"}
    assert FLOW.allows("pending", "failed") and not FLOW.allows("sent", "pending")
    assert FLOW.label("failed") == "发送失败"
