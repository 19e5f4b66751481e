"""The base of every WebSocket consumer that relays the platform's events (``core.events``) to pages.

A group can have thousands of sockets in one server process (a market screen watched on many phones and
TVs). The stock Channels way, every socket joining the group with its own channel, costs per socket and per
event: channels_redis wakes each socket's receive loop (a lock and two new tasks each) and Channels (4.3) runs
``close_old_connections()`` through ``sync_to_async`` before every message it dispatches, a hop through the
single thread-sensitive worker thread. Measured with ``python -m lingong.bench.live`` (docs/benchmarks.md):
one process then delivered about 5,000 messages a second and 2,000 viewers of 5 events a second fell
behind by tens of seconds and lost a third of the events.

So a socket does not join the group itself: ``join()`` registers it with the process's RELAY for that group,
which holds ONE channel in the group, receives each event once, encodes its JSON once and writes it to every
local socket of the group, in order (``lingong_event``; uvicorn's WebSocket send only buffers, it does not
wait for the client). The channel layer then sees one member per process and group, whatever the number of
viewers.

Screens stay connected for days: channels_redis forgets a group member after ``group_expiry`` (one day,
settings) unless it joins again, so each relay re-joins every ``REJOIN_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

logger = logging.getLogger("lingong.events")

REJOIN_SECONDS = 3600.0
# Key of the cached JSON text on the message dict, which is the relay's own; never sent anywhere.
_TEXT = "_lingong_text"


class _Relay:
    """One group in one process (event loop): one channel-layer member, many local sockets."""

    def __init__(self, layer: Any, group: str) -> None:
        self.layer = layer
        self.group = group
        self.sockets: dict[LiveEventsConsumer, None] = {}  # insertion-ordered set
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.task: asyncio.Task[None] | None = None
        self.channel = ""

    async def start(self) -> None:
        try:
            self.channel = await self.layer.new_channel()  # the process's own key: one receive loop
            await self.layer.group_add(self.group, self.channel)
        except BaseException as exc:
            self.ready.set_exception(exc)
            self.ready.exception()  # retrieved: each joiner gets it from ``await ready``
            raise
        self.task = asyncio.ensure_future(self._run())
        self.ready.set_result(None)

    async def _run(self) -> None:
        rejoin = asyncio.ensure_future(self._rejoin())
        try:
            failing = False
            while True:
                try:
                    message = await self.layer.receive(self.channel)
                except Exception as exc:  # Redis away: say so once, retry, join again when it is back
                    if not failing:
                        logger.warning(
                            "Live events for %s paused: the channel layer cannot be reached (%s: %s)",
                            self.group,
                            type(exc).__name__,
                            exc,
                        )
                        failing = True
                    await asyncio.sleep(1.0)
                    with contextlib.suppress(Exception):
                        await self.layer.group_add(self.group, self.channel)
                    continue
                if failing:
                    logger.warning("Live events for %s resumed", self.group)
                    failing = False
                if message.get("type") != "lingong.event":
                    continue
                for socket in list(self.sockets):
                    if not socket.accepted:  # joined in connect(), not open yet: nothing to send on
                        continue
                    try:
                        await socket.lingong_event(message)
                    except Exception:  # one broken socket must not starve the others
                        logger.debug("could not relay an event to a socket of %s", self.group, exc_info=True)
        finally:
            rejoin.cancel()

    async def _rejoin(self) -> None:
        while True:
            await asyncio.sleep(REJOIN_SECONDS)
            with contextlib.suppress(Exception):  # Redis away for a moment: next hour
                await self.layer.group_add(self.group, self.channel)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        if self.channel:
            with contextlib.suppress(Exception):  # it expires from the group by itself otherwise
                await self.layer.group_discard(self.group, self.channel)


# Relays of each event loop (a server process has one; tests have many), by (channel layer, group).
_relays: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[int, str], _Relay]] = (
    weakref.WeakKeyDictionary()
)


class LiveEventsConsumer(AsyncJsonWebsocketConsumer):
    """Subclasses authenticate in ``connect()``, then ``await self.join(group, ...)`` and ``accept()``;
    they may override ``lingong_event`` to filter or reshape events (``send_json`` is fine there); one that
    overrides ``disconnect`` calls ``super().disconnect(code)``. Events raised between ``join`` and
    ``accept`` are not sent to that socket. The ``message`` passed to ``lingong_event`` is shared by every
    socket of the process: read it, never change it."""

    joined: tuple[str, ...] = ()
    accepted = False

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(subprotocol, headers)
        self.accepted = True

    async def join(self, *groups: str) -> None:
        relays = _relays.setdefault(asyncio.get_running_loop(), {})
        for group in groups:
            key = (id(self.channel_layer), group)
            relay = relays.get(key)
            if relay is None:
                relay = relays[key] = _Relay(self.channel_layer, group)
                relay.sockets[self] = None
                try:
                    await relay.start()
                except BaseException:
                    relays.pop(key, None)
                    raise
            else:
                relay.sockets[self] = None
                await relay.ready
            self.joined = (*self.joined, group)

    async def disconnect(self, code: int) -> None:
        relays = _relays.get(asyncio.get_running_loop(), {})
        for group in self.joined:
            key = (id(self.channel_layer), group)
            relay = relays.get(key)
            if relay is None:
                continue
            relay.sockets.pop(self, None)
            if not relay.sockets:
                del relays[key]  # before awaiting: a socket joining meanwhile starts a new relay
                await relay.stop()
        self.joined = ()

    async def lingong_event(self, message: dict[str, Any]) -> None:
        """Send the event as JSON, encoded once for all the process's sockets of the group."""
        text = message.get(_TEXT)
        if text is None:
            text = message[_TEXT] = json.dumps(message["event"], ensure_ascii=False, separators=(",", ":"))
        await self.send(text_data=text)
