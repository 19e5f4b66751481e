"""The matching index stays correct across server processes (issue 15): two uvicorn processes on one
database; a job saved by another process, and a job closed through server A, reach server B's
recommendations within a second or so (each process polls the rows' timestamps at most once a second,
``jobs.matching_index.freshness``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lingong.ops.tests.servers import (
    free_port,
    open_job,
    request,
    server_env,
    small_market,
    start_server,
    stop,
)

FRESH_WITHIN_SECONDS = 3.0  # the poll runs at most once a second; the margin is for a loaded CI machine


@pytest.fixture
def two_servers(transactional_db: Any, tmp_path: Path) -> Iterator[tuple[int, int]]:
    env = server_env(tmp_path)
    ports = (free_port(), free_port())
    procs = []
    try:
        for port in ports:
            procs.append(start_server(port, env, tmp_path / f"server-{port}.log"))
        yield ports
    finally:
        for proc in procs:
            stop(proc)


def _recommended(port: int, token: str) -> list[int]:
    status, body, _ = request(port, "GET", "/api/v1/jobs/recommended", token)
    assert status == 200, body
    return [item["job_id"] for item in body["items"]]


def _until(port: int, token: str, want: list[int]) -> float:
    started = time.monotonic()
    while (got := _recommended(port, token)) != want:
        assert time.monotonic() - started < FRESH_WITHIN_SECONDS, (got, want)
        time.sleep(0.05)
    return time.monotonic() - started


def test_a_save_in_one_process_reaches_the_other_servers_index(two_servers: tuple[int, int]) -> None:
    a, b = two_servers
    cast = small_market()
    worker_token, employer_token = cast.worker_token, cast.employer_token
    assert _recommended(a, worker_token) == [] and _recommended(b, worker_token) == []  # both indexes built

    # A job opened by another process (this test's) reaches both servers.
    job = open_job(cast)
    opened = max(_until(a, worker_token, [job.pk]), _until(b, worker_token, [job.pk]))

    # Closed through server A: server B stops recommending it.
    assert request(a, "POST", f"/api/v1/jobs/{job.pk}/close", employer_token)[0] == 200
    closed = _until(b, worker_token, [])
    print(f"seen by the other process after {opened:.2f} s (opened) and {closed:.2f} s (closed through A)")
