"""Queue a background task once the surrounding transaction commits, without failing the request.

Every write that starts a task (send a text message, render a contract, buy cover, pay) has already
committed when the task is queued. If the broker (Redis) cannot be reached then, the write stands and
the person gets the normal answer: the failure is logged and the task's periodic sweep picks the row up
later (``notifications.services.retry_due_messages`` for the outbox, the cover and payment sweeps in
``workflow.tasks``). Queueing is never allowed to turn a saved write into a 500.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger("lingong.queue")


def enqueue(task: Callable[..., Any], *args: Any) -> bool:
    """Queue ``task(*args)`` now; False (logged) when the broker refused it."""
    try:
        task(*args)
    except Exception as exc:  # the broker is down or unreachable: the row's sweep will retry it
        name = getattr(task, "name", None) or getattr(task, "__name__", repr(task))
        logger.error(
            "Could not queue task %s%r (%s: %s); its sweep retries it", name, args, type(exc).__name__, exc
        )
        return False
    return True


def enqueue_on_commit(task: Callable[..., Any], *args: Any) -> None:
    """Queue ``task(*args)`` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args))


def broker_reachable(huey: Any) -> str | None:
    """None when the task queue's storage answers; else why not (one line, for the log)."""
    try:
        huey.storage.queue_size()
    except Exception as exc:  # any storage (Redis, SQLite) fails its own way
        return f"{type(exc).__name__}: {exc}"
    return None


def wait_for_broker(
    huey: Any,
    *,
    first_delay: float = 1.0,
    max_delay: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int | None = None,
) -> bool:
    """Block until the broker answers, retrying with backoff (1 s, 2 s, 4 s ... at most ``max_delay``).

    A task worker started while Redis is still down (or restarting) waits for it instead of exiting;
    ``attempts`` bounds the tries (None: wait for ever). Returns whether the broker answered.
    """
    delay = first_delay
    tried = 0
    while True:
        problem = broker_reachable(huey)
        tried += 1
        if problem is None:
            if tried > 1:
                logger.warning("Task queue broker reachable again after %s tries", tried)
            return True
        if attempts is not None and tried >= attempts:
            return False
        logger.warning("Task queue broker not reachable (%s); trying again in %.0f s", problem, delay)
        sleep(delay)
        delay = min(delay * 2, max_delay)
