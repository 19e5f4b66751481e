"""Publish realtime events after the transaction commits (Zulip's send_event_on_commit).

Services never touch Channels directly: they call ``send_event_on_commit`` and the event is
delivered to channel-layer groups only if and when the surrounding transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("lingong.events")

# Tests can inspect what was published; it is cleared by a fixture.
sent_events: list[tuple[str, dict[str, Any]]] = []


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _deliver(groups: list[str], event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    for group in groups:
        sent_events.append((group, event))
        if layer is None:
            continue
        try:
            async_to_sync(layer.group_send)(group, {"type": "lingong.event", "event": event})
        except Exception:  # a realtime push must never break the request that caused it
            logger.exception("Could not publish event %s to %s", event.get("type"), group)


def send_event_on_commit(groups: Iterable[str], event: dict[str, Any]) -> None:
    group_list = list(groups)
    transaction.on_commit(lambda: _deliver(group_list, event))
