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

The wire fast path (issue 12, a live room: 2,000 viewers x 50 comments a second = 100,000 messages a second,
measured with ``python -m lingong.bench.live --room``, docs/benchmarks.md). Through Channels and uvicorn each
socket's send costs a session-wrapper hop, uvicorn's ``send`` coroutine, websockets' frame builder and UTF-8
encoding PER SOCKET, about 12-25 us of one core in all; and uvicorn's ``send`` waits while that socket's
transport is paused, so ONE slow phone held up the relay for every socket of the process. When a socket is
served by uvicorn's WebSocket protocol (found once, at ``accept``) and its class does not override
``lingong_event``, the relay builds the text frame ONCE per event and writes the same bytes to each socket's
transport (a server frame is never masked, and an uncompressed frame is valid with or without
permessage-deflate, RFC 7692 6); the frames of ``COALESCE_SECONDS`` go out together, one write per socket
(the system call and loopback/TCP work per write were most of the remaining cost). A socket whose
transport buffer holds more than ``SLOW_SOCKET_BYTES`` (a phone that stopped reading) is dropped instead of
holding the others up; its page reconnects. Anything else (the test communicator, another server, a
filtering subclass) takes the ASGI path as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from websockets.protocol import State as _WsState
except ImportError:  # another ASGI server: every socket takes the ASGI path
    WebSocketsSansIOProtocol = None  # type: ignore[assignment,misc]

logger = logging.getLogger("lingong.events")

REJOIN_SECONDS = 3600.0
# Events for the wired sockets are gathered this long and written in one go: one system call per socket
# per window instead of per event (docs/benchmarks.md, live room).
COALESCE_SECONDS = 0.05
# A socket whose unsent bytes exceed this is dropped by the relay (minutes of a busy room's comments).
SLOW_SOCKET_BYTES = 4 * 1024 * 1024
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
        self.pending: list[bytes] = []  # frames for the wired sockets, written together by _flush
        self.flush_handle: asyncio.TimerHandle | None = None

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
                wired = False
                for socket in list(self.sockets):
                    if not socket.accepted:  # joined in connect(), not open yet: nothing to send on
                        continue
                    if socket.wire is not None:
                        wired = True  # written by _flush
                        continue
                    try:
                        await socket.lingong_event(message)
                    except Exception:  # one broken socket must not starve the others
                        logger.debug("could not relay an event to a socket of %s", self.group, exc_info=True)
                if wired:
                    self.pending.append(text_frame(LiveEventsConsumer.event_text(message)))
                    if self.flush_handle is None:
                        loop = asyncio.get_running_loop()
                        self.flush_handle = loop.call_later(COALESCE_SECONDS, self._flush)
        finally:
            rejoin.cancel()

    def _flush(self) -> None:
        """The frames of the last ``COALESCE_SECONDS`` to every wired socket, one write each."""
        self.flush_handle = None
        data = b"".join(self.pending)
        self.pending.clear()
        for socket in list(self.sockets):
            if socket.accepted and socket.wire is not None:
                self._write(socket.wire, data)

    def _write(self, wire: Any, frame: bytes) -> None:
        """One frame straight to a socket's transport (no await: nothing here can hold up the others)."""
        transport = wire.transport
        if (
            wire.close_sent
            or wire.disconnected
            or transport.is_closing()
            or wire.conn.state is not _WsState.OPEN
        ):
            return  # closing: the ASGI disconnect removes it from the relay
        if transport.get_write_buffer_size() > SLOW_SOCKET_BYTES:
            logger.warning("Dropped a socket of %s that stopped reading its events", self.group)
            transport.abort()  # uvicorn sends the disconnect; the page reconnects
            return
        transport.write(frame)

    async def _rejoin(self) -> None:
        while True:
            await asyncio.sleep(REJOIN_SECONDS)
            with contextlib.suppress(Exception):  # Redis away for a moment: next hour
                await self.layer.group_add(self.group, self.channel)

    async def stop(self) -> None:
        if self.flush_handle is not None:
            self.flush_handle.cancel()
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
    # uvicorn's protocol object of this socket when the relay may write frames to it directly (module doc).
    wire: Any = None

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(subprotocol, headers)
        if type(self).lingong_event is LiveEventsConsumer.lingong_event:
            self.wire = uvicorn_protocol(getattr(self, "base_send", None))
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

    @staticmethod
    def event_text(message: dict[str, Any]) -> str:
        """The event as JSON, encoded once for all the process's sockets of the group."""
        text: str | None = message.get(_TEXT)
        if text is None:
            text = message[_TEXT] = json.dumps(message["event"], ensure_ascii=False, separators=(",", ":"))
        return text

    async def lingong_event(self, message: dict[str, Any]) -> None:
        """Send the event as JSON (the relay writes it to the wire itself where it can: module doc)."""
        await self.send(text_data=self.event_text(message))


def uvicorn_protocol(send: Any) -> Any:
    """The uvicorn WebSocket protocol object behind a consumer's ``base_send``, through Channels' session
    wrapper (``real_send``), or None when the socket is served by anything else."""
    if WebSocketsSansIOProtocol is None:
        return None
    for _ in range(4):
        owner = getattr(send, "__self__", None)
        if isinstance(owner, WebSocketsSansIOProtocol):
            return owner
        send = getattr(owner, "real_send", None)
        if send is None:
            return None
    return None


def text_frame(text: str) -> bytes:
    """One final, unmasked text frame (RFC 6455 5.2) as a server sends it."""
    payload = text.encode()
    length = len(payload)
    if length < 126:
        return bytes((0x81, length)) + payload
    if length < 1 << 16:
        return bytes((0x81, 126)) + length.to_bytes(2, "big") + payload
    return bytes((0x81, 127)) + length.to_bytes(8, "big") + payload
