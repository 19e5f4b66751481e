"""Start the task worker once the broker answers: ``manage.py run_worker`` (the options of ``run_huey``).

Huey's ``run_huey`` starts as soon as the queue's storage (Redis with ``REDIS_URL``) can be reached;
until then this waits and retries with backoff, logging each try, instead of failing at start-up while
the web server runs on. Once running, the consumer rides out later broker outages by itself (it logs
and retries), and the outbox sweep sends what could not be queued meanwhile.
"""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import HUEY
from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey

from lingong.core.queue import wait_for_broker


class Command(RunHuey):
    help = "Wait for the task queue broker (Redis), then run the Huey consumer (run_huey's options)."

    def handle(self, *args: Any, **options: Any) -> None:
        wait_for_broker(HUEY)
        super().handle(*args, **options)
