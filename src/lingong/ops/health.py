"""Liveness and readiness of one server process, for a load balancer, systemd or Kubernetes.

Liveness (``/healthz``) says only that the process answers. Readiness (``/readyz``) says whether it can
serve: 200 "ok" when the database and Redis (if configured) answer and the task queue keeps up (the oldest
text message still waiting to be sent is younger than LINGONG_READY_MAX_QUEUE_LAG_SECONDS); 200 "degraded"
when only Redis or the queue is in trouble (pages and the API still work); 503 "unavailable" when the
database does not answer. A proxy takes an unavailable process out of rotation; nothing restarts it for
that (a database restart is not the process's fault, and it recovers on its own).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from lingong.notifications.models import OutboundMessage, OutboundStatus

REDIS_TIMEOUT_SECONDS = 0.5


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    ms: float
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "ms": round(self.ms, 1), **self.detail}


def _timed(name: str, probe: Any) -> Check:
    started = time.perf_counter()
    try:
        ok, detail = probe()
    except Exception as exc:  # any failure of the dependency is "not ready", with its reason
        ok, detail = False, {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return Check(name, ok, (time.perf_counter() - started) * 1000, detail)


def check_database() -> Check:
    def probe() -> tuple[bool, dict[str, Any]]:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            connection.close_if_unusable_or_obsolete()
            raise
        return True, {"vendor": connection.vendor}

    return _timed("database", probe)


def check_redis(url: str | None = None) -> Check:
    url = settings.REDIS_URL if url is None else url

    def probe() -> tuple[bool, dict[str, Any]]:
        if not url:
            return True, {"configured": False}
        import redis  # only a Redis deployment needs the client here

        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
        return True, {"configured": True}

    return _timed("redis", probe)


def oldest_waiting_message_seconds(now: Any = None) -> float:
    """Age of the oldest text message queued and not yet sent (0 when none): the task queue's lag."""
    oldest = (
        OutboundMessage.objects.filter(status=OutboundStatus.PENDING)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if oldest is None:
        return 0.0
    return max(0.0, ((now or timezone.now()) - oldest).total_seconds())


def check_task_queue(max_lag_seconds: float | None = None) -> Check:
    limit = settings.LINGONG_READY_MAX_QUEUE_LAG_SECONDS if max_lag_seconds is None else max_lag_seconds

    def probe() -> tuple[bool, dict[str, Any]]:
        from huey.contrib.djhuey import HUEY  # the configured queue (SQLite or Redis)

        pending = HUEY.storage.queue_size()  # raises when the broker cannot be reached
        lag = oldest_waiting_message_seconds()
        return lag <= limit, {
            "pending": pending,
            "lag_seconds": round(lag, 1),
            "max_lag_seconds": limit,
        }

    return _timed("task_queue", probe)


def readiness() -> tuple[str, list[Check]]:
    """("ok" | "degraded" | "unavailable", the checks). Only the database is required to serve: without
    Redis or with the task queue behind, pages and the API still work (live updates and texts wait), so the
    process stays in rotation and says it is degraded."""
    database = check_database()
    checks = [database, check_redis(), check_task_queue()]
    if not database.ok:
        return "unavailable", checks
    return ("ok" if all(c.ok for c in checks) else "degraded"), checks
