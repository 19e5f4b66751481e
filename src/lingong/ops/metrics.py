"""The /metrics export: request and database metrics (django-prometheus), matching latency
(``core.metrics``) and, read at each scrape, the task queue (pending tasks, the oldest waiting text).

One process serves its own values; under several worker processes (PROMETHEUS_MULTIPROC_DIR set, as
``scripts/serve --prod`` does) the values of every process are summed from that directory.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from lingong.ops import health

logger = logging.getLogger("lingong.ops")


class TaskQueueCollector(Collector):
    """Read at scrape time: the queue is shared by every process, so it is counted once, here."""

    def collect(self) -> Iterator[Metric]:
        pending = GaugeMetricFamily("lingong_task_queue_pending", "Tasks waiting in the task queue")
        lag = GaugeMetricFamily(
            "lingong_task_queue_lag_seconds", "Age of the oldest text message waiting to be sent"
        )
        try:
            from huey.contrib.djhuey import HUEY  # the configured queue (SQLite or Redis)

            pending.add_metric([], float(HUEY.storage.queue_size()))
            lag.add_metric([], health.oldest_waiting_message_seconds())
        except Exception as exc:  # a scrape must not fail because Redis or the database is down
            logger.warning("Task queue metrics unavailable (%s: %s)", type(exc).__name__, exc)
            return
        yield pending
        yield lag


def export() -> tuple[bytes, str]:
    """The text exposition: the process's (or every process's) metrics, then the task queue's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
        base = generate_latest(processes)
    else:
        base = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(TaskQueueCollector())
    return base + generate_latest(queue), CONTENT_TYPE_LATEST
