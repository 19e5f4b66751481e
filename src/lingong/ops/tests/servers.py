"""Real server processes for the ops tests: uvicorn on the test database (and, where asked, a private Redis),
small HTTP helpers, and the little market they serve. The test's own data must be committed
(``transactional_db``) for the servers to see it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.accounts.services import issue_token
from lingong.jobs.models import JobPosting

ROOT = Path(__file__).resolve().parents[4]
STARTUP_SECONDS = 60
NEAR_LUNAN = (39.6250, 118.2200)  # about 1.4 km from the test worker's 路南 home


@dataclass(frozen=True)
class Cast:
    admin: User
    employer: User
    worker_token: str
    employer_token: str


def small_market() -> Cast:
    """A market with its admin, one worker (a loader driver in 路南) and one employer, with API tokens."""
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    worker = t.make_worker(market, name="江小军")
    employer = t.make_employer(market, admin=admin)
    return Cast(admin, employer, issue_token(user=worker.user), issue_token(user=employer))


def open_job(cast: Cast, **overrides: Any) -> JobPosting:
    """An approved, open job near the worker (a match for the worker's recommendations)."""
    return t.make_job(cast.employer, admin=cast.admin, lat=NEAR_LUNAN[0], lon=NEAR_LUNAN[1], **overrides)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url() -> str:
    """The test database, as the server processes must reach it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@contextmanager
def empty_database(tmp_path: Path, label: str) -> Iterator[str]:
    """The URL of an empty database beside the test database, of the same kind; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / f'{label}.sqlite3'}"
        return
    import psycopg  # PostgreSQL only

    name = f"lingong_{label}_{free_port()}"
    admin_url = database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url().rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS"))}
    env.update(
        LINGONG_ENV="demo",
        DATABASE_URL=database_url(),
        REDIS_URL="",
        LINGONG_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT / "src"),
    )
    env.update(extra)
    return env


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "lingong.asgi:application", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning"]
    with log.open("wb") as err:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)  # noqa: S603
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            assert time.monotonic() < deadline, "server did not start: " + log.read_text()
            time.sleep(0.2)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def request(
    port: int, method: str, path: str, token: str | None = None, body: Any = None
) -> tuple[int, Any, dict[str, str]]:
    """(status, parsed JSON or text, headers with lower-case names) of one request; never raises for an
    HTTP error status."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if method != "GET":
        data = json.dumps(body or {}).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=15) as response:  # noqa: S310 - our own local server
            raw, status, got = response.read(), response.status, response.headers
    except urllib.error.HTTPError as exc:
        raw, status, got = exc.read(), exc.code, exc.headers
    names = {k.lower(): v for k, v in got.items()}
    try:
        return status, json.loads(raw), names
    except ValueError:
        return status, raw.decode(errors="replace"), names


def start_redis(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    """A private, throw-away Redis (nothing on disk), so stopping it disturbs no one else's."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed"
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
