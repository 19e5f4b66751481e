"""A slow insurer for benchmarks: sleeps, then issues the policy like the built-in local provider.

Select it with ``LINGONG_INSURANCE_PROVIDER=lingong.bench.slow_insurer.SlowInsuranceProvider``; the delay
comes from ``LINGONG_BENCH_INSURER_DELAY_MS`` (default 200). When ``LINGONG_BENCH_TRACE_FILE`` is set, every
call appends one JSON line (process, thread, key, wall-clock start and end) so a benchmark can tell whether
the calls ran one after another or side by side, and in which process (server or task worker).
"""

from __future__ import annotations

import os
import threading
import time

from lingong.bench.file_sender import append_json_line
from lingong.insurance.providers import LocalInsuranceProvider, PurchaseRequest, PurchaseResult


def delay_seconds() -> float:
    return max(0, int(os.environ.get("LINGONG_BENCH_INSURER_DELAY_MS", "200"))) / 1000


class SlowInsuranceProvider(LocalInsuranceProvider):
    """The local provider behind a fixed network-like delay (a real insurer's API round trip)."""

    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        start = time.time()
        time.sleep(delay_seconds())
        result = super().purchase(request)
        trace = os.environ.get("LINGONG_BENCH_TRACE_FILE")
        if trace:
            append_json_line(
                trace,
                {
                    "event": "insurer",
                    "key": request.idempotency_key,
                    "pid": os.getpid(),
                    "thread": threading.get_ident(),
                    "start": start,
                    "end": time.time(),
                },
            )
        return result
