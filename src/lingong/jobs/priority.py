"""Workers an employer gets first among a job's candidates, named by apps above jobs.

Order-based training (lingong.training) promises the ordering employers its graduates: it registers a
source here (``TrainingConfig.ready``) that names, for a job, the graduates owed to that job's employer.
Jobs cannot import training, so the promise reaches the candidate list through this registry.
``candidates_for`` puts these workers first (among the candidates the engine finds: distance, certificates
and availability still decide who is a candidate at all) and says why in each one's ``priority`` field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# job -> {worker_id: reason shown to the employer, e.g. "订单培训学员（叉车司机班）"}
PrioritySource = Callable[[Any], dict[int, str]]


class PriorityRegistry:
    def __init__(self) -> None:
        self._sources: dict[str, PrioritySource] = {}

    def register(self, source: PrioritySource, *, name: str) -> None:
        self._sources[name] = source  # by name, so a second ready() never adds it twice

    def for_job(self, job: Any) -> dict[int, str]:
        found: dict[int, str] = {}
        for source in self._sources.values():
            for worker_id, reason in source(job).items():
                found.setdefault(worker_id, reason)
        return found


candidate_priority = PriorityRegistry()
