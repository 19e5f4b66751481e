"""Cross-process delivery over the Redis channel layer (issue 10, "Channels in production").

A real uvicorn process serving ``lingong.asgi`` with ``REDIS_URL`` set, a signed-in WebSocket client on
``/ws/events/``, and an event published from ANOTHER process through ``core.events._deliver`` (what a Huey
task worker does): the client receives it. Nothing is mocked; the test needs Redis on 127.0.0.1:6379 and is
skipped with a reason where it is not running (CI starts it). Not timed: the bounds below are only there so
that a broken delivery fails instead of hanging.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

import lingong

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
SRC_DIR = Path(lingong.__file__).resolve().parent.parent


def _redis_up() -> bool:
    with contextlib.suppress(OSError), socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")
    return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379 (CI starts it)")


def _database_url() -> str:
    """The test database itself, so the server process sees the rows this test committed."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    host = s.get("HOST") or "127.0.0.1"
    auth = s.get("USER") or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{host}:{s.get('PORT') or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "HUEY_IMMEDIATE")}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(p for p in (str(SRC_DIR), os.environ.get("PYTHONPATH", "")) if p),
            "DJANGO_SETTINGS_MODULE": "lingong.settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/13",
            "LINGONG_ENV": "development",
            "DEBUG": "0",
            "LINGONG_VAR_DIR": str(tmp_path),
            "LINGONG_MATCHING_WARMUP": "0",
            "LINGONG_LOG_LEVEL": "WARNING",
        }
    )
    return env


QUIET = ["--host", "127.0.0.1", "--log-level", "warning"]
PUBLISH = """
import sys, json, django
django.setup()
from django.conf import settings
from lingong.core.events import _deliver
assert settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("RedisChannelLayer")
_deliver([sys.argv[1]], json.loads(sys.argv[2]))
"""


@pytest.mark.django_db(transaction=True)
def test_an_event_published_by_another_process_reaches_a_signed_in_socket(cast: Any, tmp_path: Path) -> None:
    from websockets.sync.client import connect  # websockets comes with uvicorn[standard]

    user = cast.worker.user
    client = Client()
    client.force_login(user)  # a session row in the test database, which the server reads
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    env = _environment(tmp_path)
    port = _free_port()
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "uvicorn", "lingong.asgi:application", "--port", str(port), *QUIET],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r,
            ):
                if r.status == 200:
                    break
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)

        marker = uuid.uuid4().hex  # other runs may share this Redis: only our event counts
        with connect(
            f"ws://127.0.0.1:{port}/ws/events/",
            additional_headers={"Cookie": cookie},
            origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
            open_timeout=30,
        ) as ws:
            event = {"type": "notification.add", "title": "跨进程送达", "marker": marker}
            published = subprocess.run(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-c", PUBLISH, f"user.{user.pk}", json.dumps(event)],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert published.returncode == 0, published.stderr[-3000:]
            deadline = time.monotonic() + 15
            while True:
                received = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
                if received.get("marker") == marker:
                    break
        assert received == event
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
