"""Prometheus metrics the apps record (exported at /metrics by ``lingong.ops``).

Defined here, in the lowest layer, so that any app may record them. With several server processes,
prometheus_client writes each process's values to PROMETHEUS_MULTIPROC_DIR and the export sums them.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from prometheus_client import Histogram

F = TypeVar("F", bound=Callable[..., Any])

MATCHING_SECONDS = Histogram(
    "lingong_matching_seconds",
    "Time to answer one matching query (recommendations for a worker, candidates for a job)",
    ["query"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


def timed_matching(query: str) -> Callable[[F], F]:
    """Record the wrapped function's duration as one ``query`` of the matching engine."""
    histogram = MATCHING_SECONDS.labels(query=query)

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                histogram.observe(time.perf_counter() - started)

        return wrapper  # type: ignore[return-value]

    return decorate
