"""The live room's WebSockets: every viewer's (``ws/live/<code>/?v=<viewer token>``) and the host's console
(``ws/live/<code>/console/``).

Protocol (the fan-out benchmark depends on it; keep it):

- client -> server: ``{"action": "comment", "text": "...", "ref": "<=40 chars, optional"}`` and
  ``{"action": "signup", "job": <job id>}`` (a tap on the pinned card, as the page's POST).
- server -> every viewer (``live_group``): ``comment`` {id, nick, text (masked), host, job (card or null),
  ref, at}; ``pin`` {card}; ``unpin``; ``hide`` {id}; ``viewers`` {count}; ``ended``; ``started``.
- server -> this socket only: ``ack`` {ref, id}; ``error`` {code, message, ref}; ``lead`` {created,
  needs_phone, needs_consent, job, lead}; and the author's own hidden comment as ``comment`` with
  ``"hidden": true``.
- the console (``live_staff_group``): ``comment`` with the raw text, viewer id, hidden flag and is_intent;
  ``lead`` (``leads.lead_payload``); ``viewers``; ``hide``; ``mute``; ``pin``/``unpin``/``started``/``ended``.

Sockets join their group through ``core.consumers.LiveEventsConsumer`` (one relay per group and process).
Comments are database work: they run in the thread of ``database_sync_to_async``, never on the loop.

Viewer counts: each process keeps the viewers connected to it (``_Presence``, one per event loop) and, at
most every ``TICK_SECONDS``, marks newly connected viewers seen; every ``FLUSH_SECONDS`` it marks all of them
(one UPDATE), counts who was seen within a minute and publishes ``viewers`` when the number changed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import weakref
from collections import Counter
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from lingong.core.consumers import LiveEventsConsumer
from lingong.core.errors import DomainError
from lingong.core.events import collecting_events, live_group, live_staff_group, publish_collected
from lingong.live import services
from lingong.live.access import can_manage_session
from lingong.live.models import LiveSession, LiveViewer

logger = logging.getLogger("lingong.live")

TICK_SECONDS = 5.0
FLUSH_SECONDS = 20.0


class _Presence:
    """The viewers connected to this process (event loop), by session."""

    def __init__(self) -> None:
        self.connected: dict[int, Counter[int]] = {}
        self.pending: set[int] = set()  # viewers connected since the last tick
        self.changed: set[int] = set()  # sessions whose sockets came or went
        self.published: dict[int, int] = {}
        self.flushed_at = 0.0
        self.task: asyncio.Task[None] | None = None

    def add(self, session_id: int, viewer_id: int) -> None:
        self.connected.setdefault(session_id, Counter())[viewer_id] += 1
        self.pending.add(viewer_id)
        self.changed.add(session_id)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._run())

    def remove(self, session_id: int, viewer_id: int) -> None:
        viewers = self.connected.get(session_id)
        if viewers is None:
            return
        viewers[viewer_id] -= 1
        if viewers[viewer_id] <= 0:
            del viewers[viewer_id]
        if not viewers:
            del self.connected[session_id]
            self.published.pop(session_id, None)
        else:
            self.changed.add(session_id)

    async def _run(self) -> None:
        while self.connected:
            await asyncio.sleep(TICK_SECONDS)
            try:
                await self.tick()
            except Exception:  # counts are a convenience: never let them stop
                logger.warning("live viewer counts could not be updated", exc_info=True)

    async def tick(self) -> None:
        now = time.monotonic()
        if now - self.flushed_at >= FLUSH_SECONDS:
            self.flushed_at = now
            viewer_ids = [v for viewers in self.connected.values() for v in viewers]
            session_ids = list(self.connected)
        else:
            viewer_ids = list(self.pending)
            session_ids = [s for s in self.changed if s in self.connected]
        self.pending.clear()
        self.changed.clear()
        if not session_ids and not viewer_ids:
            return
        counts = await database_sync_to_async(services.touch_viewers)(viewer_ids, session_ids)
        for session_id, count in counts.items():
            if self.published.get(session_id) != count:
                self.published[session_id] = count
                groups = [live_group(session_id), live_staff_group(session_id)]
                await publish_collected([(groups, {"type": "viewers", "count": count})])


_presence: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Presence] = weakref.WeakKeyDictionary()


def presence() -> _Presence:
    return _presence.setdefault(asyncio.get_running_loop(), _Presence())


def _viewer_of(code: str, token: str) -> tuple[LiveSession, LiveViewer] | None:
    session = LiveSession.objects.filter(code=code).first()
    if session is None:
        return None
    viewer = services.viewer_from_token(token, session)
    return (session, viewer) if viewer is not None else None


def _managed_session(code: str, user: Any) -> LiveSession | None:
    session = LiveSession.objects.select_related("station").filter(code=code).first()
    if session is None or not can_manage_session(user, session):
        return None
    return session


class LiveRoomConsumer(LiveEventsConsumer):
    """A viewer's socket (anonymous allowed; the page's signed viewer token says who)."""

    session: LiveSession
    viewer: LiveViewer
    present = False

    async def connect(self) -> None:
        code = str(self.scope["url_route"]["kwargs"]["code"])
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("v") or [""])[0]
        found = await database_sync_to_async(_viewer_of)(code, token) if token else None
        if found is None:
            await self.close(code=4403)
            return
        self.session, self.viewer = found
        await self.join(live_group(self.session.pk))
        await self.accept()
        presence().add(self.session.pk, self.viewer.pk)
        self.present = True

    async def disconnect(self, code: int) -> None:
        if self.present:
            presence().remove(self.session.pk, self.viewer.pk)
            self.present = False
        await super().disconnect(code)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            content = json.loads(text_data or "")
        except ValueError:
            await self._error("invalid_json", _("消息格式不正确。"), "")
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            await self._error("invalid_json", _("消息格式不正确。"), "")
            return
        raw_ref = content.get("ref", "")
        ref = raw_ref if isinstance(raw_ref, str) and len(raw_ref) <= services.MAX_REF else ""
        action = content.get("action")
        try:
            if action == "comment":
                posted, events = await database_sync_to_async(collecting_events(services.submit_comment))(
                    self.session, self.viewer, content.get("text"), raw_ref
                )
                await publish_collected(events)
                await self.send_json({"type": "ack", "ref": ref, "id": posted.comment.pk})
                if posted.comment.hidden_reason:
                    await self.send_json(services.own_hidden_payload(posted.comment, ref))
                if posted.capture is not None:
                    await self.send_json(services.lead_reply(posted.capture))
            elif action == "signup":
                capture, events = await database_sync_to_async(collecting_events(services.signup))(
                    self.session, self.viewer, content.get("job")
                )
                await publish_collected(events)
                await self.send_json(services.lead_reply(capture))
            else:
                await self._error("unknown_action", _("不支持的操作。"), ref)
        except DomainError as exc:
            await self._error(exc.code, exc.message, ref)

    async def _error(self, code: str, message: str, ref: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message, "ref": ref})


class LiveConsoleConsumer(LiveEventsConsumer):
    """The host's and staff's console: staff events of the room (raw comments, leads, counts)."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        code = str(self.scope["url_route"]["kwargs"]["code"])
        if user is None or not user.is_authenticated:
            await self.close(code=4403)
            return
        session = await database_sync_to_async(_managed_session)(code, user)
        if session is None:
            await self.close(code=4403)
            return
        await self.join(live_staff_group(session.pk))
        await self.accept()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        return  # the console acts over HTTP (pin, hide, mute, answer); nothing to read here
