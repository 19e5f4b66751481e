"""core.channel_layer against a real Redis (skipped with a reason where 127.0.0.1:6379 does not answer)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid

import pytest
from asgiref.sync import async_to_sync

from lingong.core.channel_layer import RedisChannelLayer

REDIS_URL = "redis://127.0.0.1:6379/13"


def _redis_up() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")
    return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379 (CI starts it)")


def test_a_wave_of_joins_waits_for_connections_instead_of_failing() -> None:
    """300 sockets joining at once on a layer capped at 20 connections: every join succeeds."""
    layer = RedisChannelLayer(hosts=[REDIS_URL], max_connections=20)
    group = f"test.wave.{uuid.uuid4().hex}"

    async def scenario() -> tuple[int, list[object]]:
        channels = [await layer.new_channel() for _ in range(300)]
        outcomes = await asyncio.gather(
            *(layer.group_add(group, channel) for channel in channels), return_exceptions=True
        )
        connection = layer.connection(layer.consistent_hash(group))
        members = await connection.zcard(layer._group_key(group))
        await connection.delete(layer._group_key(group))
        return members, [o for o in outcomes if o is not None]

    members, failures = async_to_sync(scenario)()
    assert failures == []
    assert members == 300


def test_the_blocking_pop_ends_well_inside_the_read_timeout() -> None:
    """An idle receive loop returns every brpop_timeout; redis-py must not time the read out first."""
    layer = RedisChannelLayer(hosts=[REDIS_URL])
    pool = layer.create_pool(0)
    timeout = pool.connection_kwargs["socket_timeout"]
    assert layer.brpop_timeout + 2 <= timeout
    assert pool.max_connections == 100
