"""Publish realtime events after the transaction commits (Zulip's send_event_on_commit).

Services never touch Channels directly: they call ``send_event_on_commit`` and the event is
delivered to channel-layer groups only if and when the surrounding transaction commits.

Tests see what was published through ``recorder`` (Zulip's ``capture_send_event_calls``): it is None
in production, and the ``capture_events`` fixture (``lingong/conftest.py``) installs a recorder for
one test. Nothing is kept in memory otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("lingong.events")

# Called with (groups, event) for every event delivered; set only by the test fixture.
recorder: Callable[[list[str], dict[str, Any]], None] | None = None


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


# Live pages beyond one user's inbox (issue 10): every group carries events in the same envelope
# ({"type": "lingong.event", "event": {...}}), and each event names its own "type".
def market_group(market_id: int) -> str:
    """The market's live layer: the big-data screen, market staff pages."""
    return f"market.{market_id}"


def station_group(station_id: int) -> str:
    """One station: its staff page and its screen."""
    return f"station.{station_id}"


def campaign_group(campaign_id: int) -> str:
    """One quick-recruit campaign: its employer's live page and everyone watching it fill."""
    return f"campaign.{campaign_id}"


def _deliver(groups: list[str], event: dict[str, Any]) -> None:
    if recorder is not None:
        recorder(groups, event)
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, {"type": "lingong.event", "event": event})
        except Exception:  # a realtime push must never break the request that caused it
            logger.exception("Could not publish event %s to %s", event.get("type"), group)


def send_event_on_commit(groups: Iterable[str], event: dict[str, Any]) -> None:
    group_list = list(groups)
    transaction.on_commit(lambda: _deliver(group_list, event))
