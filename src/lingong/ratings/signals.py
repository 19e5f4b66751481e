"""The reputation caches follow the engagement record: a show, no-show, late cancellation or dispute
changes what they are computed from (``engagements.signals.reliability_changed``, sent after commit)."""

from __future__ import annotations

import logging
from typing import Any

from lingong.ratings.reputation import refresh_employer, refresh_worker

logger = logging.getLogger("lingong.ratings")


def on_reliability_changed(
    sender: Any, worker_id: int | None = None, enterprise_id: int | None = None, **kwargs: Any
) -> None:
    try:
        if worker_id is not None:
            refresh_worker(worker_id)
        if enterprise_id is not None:
            refresh_employer(enterprise_id)
    except Exception:  # a cache: the nightly refresh catches up; the change that caused it stands
        logger.exception("Could not refresh reputation (worker %s, enterprise %s)", worker_id, enterprise_id)
