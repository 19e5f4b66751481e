"""``collecting_events``: a consumer's database work hands its committed events back to the event loop
instead of sending them from the database thread (issue 12, the live room's comment path)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction
from django.test import override_settings

from lingong.core import events

IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def _write_and_publish(groups: list[str], marker: str, fail: bool = False) -> str:
    with transaction.atomic():
        events.send_event_on_commit(groups, {"type": "probe", "marker": marker})
        if fail:
            raise RuntimeError("rolled back")
    return marker


@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS=IN_MEMORY)
def test_committed_events_come_back_and_are_sent_only_by_publish_collected() -> None:
    async def scenario() -> tuple[Any, Any, Any]:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("probe.1", channel)
        # As the live room's consumer runs it: in the database thread.
        result, collected = await database_sync_to_async(events.collecting_events(_write_and_publish))(
            ["probe.1"], "a"
        )
        nothing_yet = await _receive_or_none(layer, channel)
        await events.publish_collected(collected)
        message = await layer.receive(channel)
        return (result, collected), nothing_yet, message

    (result, collected), nothing_yet, message = asyncio.run(scenario())
    assert result == "a"
    assert collected == [(["probe.1"], {"type": "probe", "marker": "a"})]
    assert nothing_yet is None  # the wrapped call itself sent nothing
    assert message == {"type": "lingong.event", "event": {"type": "probe", "marker": "a"}}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_collects_nothing_and_the_collector_is_reset() -> None:
    wrapped = events.collecting_events(_write_and_publish)
    with pytest.raises(RuntimeError):
        wrapped(["probe.2"], "b", fail=True)
    assert events._collector.get() is None
    _, collected = wrapped(["probe.2"], "c")
    assert [event["marker"] for _, event in collected] == ["c"]


async def _receive_or_none(layer: Any, channel: str) -> Any:
    try:
        return await asyncio.wait_for(layer.receive(channel), timeout=0.2)
    except TimeoutError:
        return None
