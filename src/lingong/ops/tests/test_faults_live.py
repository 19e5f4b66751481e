"""Faults against real processes (issue 15): a server whose Redis stops keeps serving pages and the API
(readiness says degraded, the log says why) and is back to normal when Redis returns; a server whose
PostgreSQL stops taking connections answers 503 fast and serves again, without a restart, once it does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from lingong.ops.tests.servers import (
    free_port,
    open_job,
    request,
    server_env,
    small_market,
    start_redis,
    start_server,
    stop,
)


def _scene() -> dict[str, Any]:
    cast = small_market()
    return {"job": open_job(cast), "worker": cast.worker_token, "employer": cast.employer_token}


PG_RECOVERS_WITHIN = 20.0  # seconds: the pool's reconnection pauses grow to a few seconds after failures


def _ready(port: int) -> dict[str, Any]:
    status, body, _ = request(port, "GET", "/readyz")
    assert status in (200, 503), body
    return body


def _wait_ready(port: int, want: str, seconds: float = 15.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while (body := _ready(port))["status"] != want:
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
    return body


@pytest.fixture
def redis_and_server(transactional_db: Any, tmp_path: Path) -> Iterator[dict[str, Any]]:
    redis_port, port = free_port(), free_port()
    redis = start_redis(redis_port, tmp_path)
    log = tmp_path / "server.log"
    server = start_server(port, server_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0"), log)
    state = {"port": port, "redis_port": redis_port, "redis": redis, "log": log, "tmp": tmp_path}
    try:
        yield state
    finally:
        stop(server)
        stop(state["redis"])


def test_redis_stopping_degrades_and_recovers(redis_and_server: dict[str, Any]) -> None:
    port, scene = redis_and_server["port"], _scene()
    assert _wait_ready(port, "ok")["checks"]["redis"]["configured"] is True

    stop(redis_and_server["redis"])  # Redis goes away under a running server
    body = _wait_ready(port, "degraded")
    assert body["checks"]["redis"]["ok"] is False and body["checks"]["database"]["ok"] is True
    # Pages and the API keep working; a write is saved and answered as usual.
    assert request(port, "GET", "/jobs/")[0] == 200
    assert request(port, "GET", "/api/v1/jobs/recommended", scene["worker"])[0] == 200
    status, applied, _ = request(port, "POST", f"/api/v1/jobs/{scene['job'].pk}/apply", scene["worker"])
    assert status == 201, applied
    assert scene["job"].applications.filter(pk=applied["id"]).exists()
    log = redis_and_server["log"].read_text(errors="replace")
    assert "ConnectionError" in log or "Connection refused" in log  # a clear line says what degraded

    redis_and_server["redis"] = start_redis(redis_and_server["redis_port"], redis_and_server["tmp"])
    _wait_ready(port, "ok")  # back without a restart
    status, closed, _ = request(port, "POST", f"/api/v1/jobs/{scene['job'].pk}/close", scene["employer"])
    assert status == 200, closed


def _allow_connections(name: str, allowed: bool) -> None:
    """What a PostgreSQL restart looks like to clients: new connections refused, open ones cut."""
    import psycopg  # PostgreSQL only

    db = connection.settings_dict
    params = {
        "dbname": "postgres",
        "user": db.get("USER") or "postgres",
        "host": db.get("HOST") or "127.0.0.1",
    }
    with psycopg.connect(**params, port=int(db.get("PORT") or 5432), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if allowed else "false"}')
        if not allowed:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, _own_backend_pid()],
            )


def _own_backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_postgresql_away_answers_503_fast_and_recovers(transactional_db: Any, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL outage needs PostgreSQL (DATABASE_URL=postgres://...)")
    scene = _scene()
    port = free_port()
    server = start_server(port, server_env(tmp_path), tmp_path / "server.log")
    name = connection.settings_dict["NAME"]
    try:
        assert request(port, "GET", "/api/v1/jobs/recommended", scene["worker"])[0] == 200
        _allow_connections(name, False)
        started = time.monotonic()
        status, body, headers = request(port, "GET", "/api/v1/jobs/recommended", scene["worker"])
        assert (status, body["code"], headers.get("retry-after")) == (503, "service_unavailable", "5")
        assert (
            time.monotonic() - started < 5
        )  # fails fast (a refused connection; 3 s connect timeout at worst)
        page_status, page, _ = request(port, "GET", "/jobs/")
        assert page_status == 503 and "系统正在恢复" in page
        assert _ready(port)["status"] == "unavailable"
        _allow_connections(name, True)
        # The same process serves again, without a restart: its connection pool reconnects in the background
        # (with a growing pause between failed attempts, so the first request after the outage may still get
        # the 503 and its Retry-After).
        back = time.monotonic()
        while (answer := request(port, "GET", "/api/v1/jobs/recommended", scene["worker"]))[0] != 200:
            assert answer[0] == 503 and time.monotonic() - back < PG_RECOVERS_WITHIN, answer[:2]
            time.sleep(0.5)
        assert server.poll() is None
        assert _ready(port)["status"] in ("ok", "degraded")
    finally:
        _allow_connections(name, True)
        stop(server)
