"""core.consumers: one relay per process and group carries events to every local socket of the group."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from lingong.core import consumers
from lingong.core.events import _deliver, market_group


class ScreenLike(consumers.LiveEventsConsumer):
    async def connect(self) -> None:
        await self.join(market_group(1), "station.7")
        await self.accept()


class OnlyUrgent(consumers.LiveEventsConsumer):
    """A subclass that filters: the relay calls its lingong_event for each socket."""

    async def connect(self) -> None:
        await self.join(market_group(1))
        await self.accept()

    async def lingong_event(self, message: dict[str, Any]) -> None:
        if message["event"].get("urgent"):
            await self.send_json({"urgent": message["event"]["seq"]})


# Channels closes old database connections around connect/disconnect: the tests may touch the database.
@pytest.mark.django_db
def test_many_sockets_are_one_group_member_and_each_gets_every_event_in_order() -> None:
    layer = get_channel_layer()

    async def scenario() -> tuple[list[list[Any]], list[int], list[int], Any]:
        sockets = [WebsocketCommunicator(ScreenLike.as_asgi(), "/ws/test/") for _ in range(5)]
        filtered = WebsocketCommunicator(OnlyUrgent.as_asgi(), "/ws/test/")
        for ws in [*sockets, filtered]:
            connected, _ = await ws.connect()
            assert connected
        members = [len(layer.groups.get(market_group(1), {})), len(layer.groups.get("station.7", {}))]
        for seq in range(3):
            await layer.group_send(
                market_group(1), {"type": "lingong.event", "event": {"seq": seq, "urgent": seq == 1}}
            )
        await layer.group_send("station.7", {"type": "lingong.event", "event": {"seq": 99, "名": "驿站"}})
        received = [[await ws.receive_json_from(timeout=5) for _ in range(4)] for ws in sockets]
        urgent = await filtered.receive_json_from(timeout=5)
        assert await filtered.receive_nothing(timeout=0.2)
        await sockets[0].disconnect()
        after_one_left = [len(layer.groups.get(market_group(1), {})), len(layer.groups.get("station.7", {}))]
        for ws in [*sockets[1:], filtered]:
            await ws.disconnect()
        left = [len(layer.groups.get(market_group(1), {})), len(layer.groups.get("station.7", {}))]
        return received, members + after_one_left + left, [urgent["urgent"]], consumers._relays

    received, members, urgent, relays = async_to_sync(scenario)()
    events = [{"seq": 0, "urgent": False}, {"seq": 1, "urgent": True}, {"seq": 2, "urgent": False}]
    assert all(got == [*events, {"seq": 99, "名": "驿站"}] for got in received)
    assert urgent == [1]
    # One member per group whatever the number of sockets; gone when the last socket leaves.
    assert members == [1, 1, 1, 1, 0, 0]
    assert not any(relays.values())


@pytest.mark.django_db
def test_a_published_event_reaches_a_live_socket_through_deliver() -> None:
    async def scenario() -> dict[str, Any]:
        ws = WebsocketCommunicator(ScreenLike.as_asgi(), "/ws/test/")
        await ws.connect()
        # _deliver is sync code, called as a task worker calls it.
        await sync_to_async(_deliver)([market_group(1)], {"type": "quick_recruit.filled", "n": 11})
        message: dict[str, Any] = await ws.receive_json_from(timeout=5)
        await ws.disconnect()
        return message

    assert async_to_sync(scenario)() == {"type": "quick_recruit.filled", "n": 11}


class Plain(consumers.LiveEventsConsumer):
    async def connect(self) -> None:
        await self.join(market_group(2))
        await self.accept()


class UrgentOnly(consumers.LiveEventsConsumer):
    async def connect(self) -> None:
        await self.join(market_group(2))
        await self.accept()

    async def lingong_event(self, message: dict[str, Any]) -> None:
        if message["event"].get("urgent"):
            await self.send_json({"urgent": message["event"]["seq"]})


@pytest.mark.django_db(transaction=True)
def test_under_uvicorn_the_relay_writes_frames_to_the_wire_in_order() -> None:
    """A real uvicorn server: plain sockets get the pre-built frames (the fast path, checked by the
    ``websockets`` client's own frame parser), a filtering subclass still goes through ASGI."""
    import uvicorn  # the test runs a real server; only this test needs it
    from channels.routing import URLRouter  # only this test routes sockets
    from django.urls import path  # only this test routes sockets
    from websockets.asyncio.client import connect  # the client of this test only

    from lingong.bench.accepts import free_port  # a free local port (test helper)

    app = URLRouter([path("ws/plain/", Plain.as_asgi()), path("ws/urgent/", UrgentOnly.as_asgi())])
    port = free_port()
    big = "直" * 30_000  # a 90,000-byte frame: the 8-byte length form
    events = [
        {"seq": 0, "text": "主播好"},
        {"seq": 1, "urgent": True, "pad": "x" * 200},
        {"seq": 2, "big": big},
    ]

    async def scenario() -> tuple[list[list[Any]], list[Any], list[bool]]:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        serving = asyncio.ensure_future(server.serve())
        while not server.started:
            await asyncio.sleep(0.05)
        try:
            plain = [await connect(f"ws://127.0.0.1:{port}/ws/plain/") for _ in range(3)]
            urgent = await connect(f"ws://127.0.0.1:{port}/ws/urgent/")
            layer = get_channel_layer()
            relay = consumers._relays[asyncio.get_running_loop()][(id(layer), market_group(2))]
            while len([s for s in relay.sockets if s.accepted]) < 4:
                await asyncio.sleep(0.01)
            wired = sorted(s.wire is not None for s in relay.sockets)
            for event in events:
                await layer.group_send(market_group(2), {"type": "lingong.event", "event": event})
            got = [[json.loads(await asyncio.wait_for(ws.recv(), 5)) for _ in events] for ws in plain]
            filtered = [json.loads(await asyncio.wait_for(urgent.recv(), 5))]
            await plain[0].close()
            await layer.group_send(market_group(2), {"type": "lingong.event", "event": {"seq": 3}})
            got.append([json.loads(await asyncio.wait_for(ws.recv(), 5)) for ws in plain[1:]])
            for ws in [*plain[1:], urgent]:
                await ws.close()
            return got, filtered, wired
        finally:
            server.should_exit = True
            await serving

    got, filtered, wired = async_to_sync(scenario)()
    assert got[:3] == [events, events, events]
    assert got[3] == [{"seq": 3}, {"seq": 3}]  # a closed socket does not stop the others
    assert filtered == [{"urgent": 1}]
    assert wired == [False, True, True, True]  # the filtering subclass is not wired


def test_text_frame_lengths() -> None:
    from lingong.bench.wsframes import FrameParser  # an independent frame parser (the benchmark's)

    for size in (0, 125, 126, 65535, 65536):
        text = "a" * size
        assert FrameParser().feed(consumers.text_frame(text)) == [(1, text.encode())]
