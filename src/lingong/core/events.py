"""Publish realtime events after the transaction commits (Zulip's send_event_on_commit).

Services never touch Channels directly: they call ``send_event_on_commit`` and the event is
delivered to channel-layer groups only if and when the surrounding transaction commits.

Tests see what was published through ``recorder`` (Zulip's ``capture_send_event_calls``): it is None
in production, and the ``capture_events`` fixture (``lingong/conftest.py``) installs a recorder for
one test. Nothing is kept in memory otherwise.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("lingong.events")
T = TypeVar("T")

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


def live_group(session_id: int) -> str:
    """One live room (直播带岗): every viewer's comment stream, the pinned card and the host's console."""
    return f"live.{session_id}"


def live_staff_group(session_id: int) -> str:
    """The staff side of one live room: raw comments, leads as they arrive, viewer counts."""
    return f"live_staff.{session_id}"


def fair_group(fair_id: int) -> str:
    """One job fair: its staff dashboard (check-ins, intentions, offers)."""
    return f"fair.{fair_id}"


# A channel layer that cannot be reached (Redis down) drops events: realtime pushes are a convenience, the
# request that caused them must go on and the pages catch up on their next load. One warning when it goes
# away (not a traceback per event), one when it is back with the count dropped meanwhile, a reminder every
# REMIND_SECONDS while it stays away; between attempts (RETRY_SECONDS) events are dropped without trying,
# so requests do not each wait for a connection to fail.
LAYER_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 5.0
REMIND_SECONDS = 600.0


class _Outage:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.since: float | None = None
        self.dropped = 0
        self.retry_at = 0.0
        self.reminded_at = 0.0

    def skip(self) -> bool:
        """True while a recent failure says not to try yet (the event is counted as dropped)."""
        with self.lock:
            if self.since is None or time.monotonic() >= self.retry_at:
                return False
            self.dropped += 1
            return True

    def failed(self, event: dict[str, Any], exc: BaseException) -> None:
        now = time.monotonic()
        with self.lock:
            self.dropped += 1
            self.retry_at = now + RETRY_SECONDS
            if self.since is None:
                self.since = self.reminded_at = now
                first = True
            elif now - self.reminded_at >= REMIND_SECONDS:
                self.reminded_at = now
                first = False
            else:
                return
            dropped, since = self.dropped, self.since
        if first:
            logger.warning(
                "Realtime events are being dropped: the channel layer cannot be reached (%s: %s); requests "
                "go on, live pages catch up when it is back (first dropped: %s)",
                type(exc).__name__,
                exc,
                event.get("type"),
            )
        else:
            logger.warning(
                "The channel layer is still unreachable after %.0f s: %d realtime events dropped so far",
                now - since,
                dropped,
            )

    def delivered(self) -> None:
        with self.lock:
            if self.since is None:
                return
            dropped, since = self.dropped, self.since
            self.since, self.dropped = None, 0
        logger.warning(
            "The channel layer is reachable again: %d realtime events were dropped in %.0f s",
            dropped,
            time.monotonic() - since,
        )


_outage = _Outage()


async def _group_send_all(layer: Any, groups: list[str], message: dict[str, Any]) -> None:
    """Every group in ONE event loop: outside a server (a task worker, a command) each ``async_to_sync``
    call starts a loop and a Redis connection of its own, so one call per event, not one per group."""
    for group in groups:
        try:
            await layer.group_send(group, message)
        except LAYER_ERRORS:
            raise  # the layer is away: the other groups would fail the same way
        except Exception:  # a realtime push must never break the request that caused it
            logger.exception("Could not publish event %s to %s", message["event"].get("type"), group)


# Set by ``collecting_events`` in the thread doing one consumer's database work: committed events are
# handed back to the consumer instead of being sent from that thread (see ``collecting_events``).
Collected = list[tuple[list[str], dict[str, Any]]]
_collector: contextvars.ContextVar[Collected | None] = contextvars.ContextVar(
    "lingong_event_collector", default=None
)


def collecting_events(
    fn: Callable[..., T],
) -> Callable[..., tuple[T, list[tuple[list[str], dict[str, Any]]]]]:
    """Wrap a sync function a WebSocket consumer runs with ``database_sync_to_async``: the events its
    transactions commit are returned with its result, for the consumer to send with ``publish_collected``
    from the event loop. Sending them from the database thread (``async_to_sync`` back into the server's
    own loop) blocks that thread, the process's one database thread, until the loop gets to it: on a busy
    live room that wait was more than half of each comment's time (docs/benchmarks.md, issue 12)."""

    def run(*args: Any, **kwargs: Any) -> tuple[T, Collected]:
        with collecting_into() as bucket:
            return fn(*args, **kwargs), bucket

    return run


@contextlib.contextmanager
def collecting_into() -> Iterator[Collected]:
    """Within the block (and in threads that run a copy of its context), committed events are gathered into
    the list it gives instead of being sent, for ``publish_collected`` to send from the event loop."""
    bucket: Collected = []
    token = _collector.set(bucket)
    try:
        yield bucket
    finally:
        _collector.reset(token)


async def publish_collected(events: Collected) -> None:
    """Send what ``collecting_events`` gathered, from the event loop (the same outage handling)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for groups, event in events:
        if _outage.skip():
            continue
        try:
            await _group_send_all(layer, groups, {"type": "lingong.event", "event": event})
        except LAYER_ERRORS as exc:
            _outage.failed(event, exc)
            continue
        _outage.delivered()


def _deliver(groups: list[str], event: dict[str, Any]) -> None:
    if recorder is not None:
        recorder(groups, event)
    bucket = _collector.get()
    if bucket is not None:
        bucket.append((groups, event))
        return
    layer = get_channel_layer()
    if layer is None or _outage.skip():
        return
    try:
        async_to_sync(_group_send_all)(layer, groups, {"type": "lingong.event", "event": event})
    except LAYER_ERRORS as exc:
        _outage.failed(event, exc)
        return
    except Exception:  # a realtime push must never break the request that caused it
        logger.exception("Could not publish event %s to %s", event.get("type"), groups)
        return
    _outage.delivered()


def send_event_on_commit(groups: Iterable[str], event: dict[str, Any]) -> None:
    group_list = list(groups)
    transaction.on_commit(lambda: _deliver(group_list, event))
