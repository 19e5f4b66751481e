"""Queueing after commit never fails the request, and the worker waits for a broker that is down.

The broker that is down is a real Redis address where nothing listens, not a mock.
"""

from __future__ import annotations

import logging

import pytest
from huey import PriorityRedisHuey, SqliteHuey

from lingong.core.queue import enqueue, wait_for_broker

DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_wait_for_broker_retries_with_backoff_while_redis_is_down(caplog: pytest.LogCaptureFixture) -> None:
    slept: list[float] = []
    with caplog.at_level(logging.WARNING, logger="lingong.queue"):
        answered = wait_for_broker(PriorityRedisHuey("dead", url=DEAD_REDIS), sleep=slept.append, attempts=6)
    assert answered is False
    assert slept == [1, 2, 4, 8, 16]
    assert sum("not reachable" in r.getMessage() for r in caplog.records) == 5


def test_wait_for_broker_returns_at_once_when_it_answers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    slept: list[float] = []
    assert wait_for_broker(SqliteHuey("up", filename=str(tmp_path / "q.db")), sleep=slept.append) is True
    assert slept == []


def test_enqueue_logs_and_returns_false_when_the_broker_refuses(caplog: pytest.LogCaptureFixture) -> None:
    dead = PriorityRedisHuey("dead", url=DEAD_REDIS)

    @dead.task()
    def task(x: int) -> int:
        return x

    with caplog.at_level(logging.ERROR, logger="lingong.queue"):
        assert enqueue(task, 1) is False
    assert "Could not queue task" in caplog.text
