"""The Redis channel layer as the platform runs it (``REDIS_URL`` set; settings.CHANNEL_LAYERS).

channels_redis with two changes. First, its connection pool WAITS for a free connection instead of failing.
channels_redis builds a plain ``redis.asyncio.ConnectionPool`` per event loop, and redis-py caps that pool
(100 connections in redis-py 8) and raises ``MaxConnectionsError`` beyond. Every ``group_add`` (a page or
screen connecting), ``group_discard`` and ``group_send`` holds a connection for one round trip, and the
process's receive loop holds one more for its blocking pop, so a wave of sockets connecting at once (a
screen wall or a few thousand phones reconnecting after a server restart) failed some handshakes with
HTTP 500 (measured: 1 of 100 viewers opened 64 at a time; ``lingong.bench.live``). A
``BlockingConnectionPool`` keeps the same cap on connections to Redis and queues the rest for up to
``pool_timeout`` seconds.

Second, a timing clash: each process's receive loop waits for messages with ``BZPOPMIN`` for
``brpop_timeout`` (5 s in channels_redis), while redis-py (8.x here) gives every read a default
``socket_timeout`` of 5 s too. On a busy machine the read timeout fired first and the ``TimeoutError``
killed whichever socket's consumer was holding the process's receive lock: a few viewers of every 2,000
dropped during a 30 s benchmark. The blocking pop here waits ``brpop_timeout`` = 2 s, well inside the 5 s
read timeout (kept, so a Redis that hangs cannot hold a request for long); connecting gets 2 s.
"""

from __future__ import annotations

from typing import Any

from channels_redis.core import RedisChannelLayer as _ChannelsRedisLayer
from redis.asyncio import BlockingConnectionPool


class RedisChannelLayer(_ChannelsRedisLayer):
    brpop_timeout = 2
    socket_timeout = 5.0
    socket_connect_timeout = 2.0

    def __init__(self, *, max_connections: int = 100, pool_timeout: float = 20.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_connections = max_connections
        self.pool_timeout = pool_timeout

    def create_pool(self, index: int) -> Any:
        host = dict(self.hosts[index])
        address = host.pop("address", None)
        if address is None:  # a Sentinel or keyword configuration: channels_redis's own pool
            return super().create_pool(index)
        return BlockingConnectionPool.from_url(
            address,
            max_connections=self.max_connections,
            timeout=self.pool_timeout,
            socket_timeout=host.pop("socket_timeout", self.socket_timeout),
            socket_connect_timeout=host.pop("socket_connect_timeout", self.socket_connect_timeout),
            **host,
        )
