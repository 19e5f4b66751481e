from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.ratings.reputation import refresh_all


# Huey evaluates crontabs in UTC: 19:20 UTC is 03:20 in Asia/Shanghai, a quiet hour.
@db_periodic_task(crontab(minute="20", hour="19"))
def refresh_reputation_nightly() -> None:
    """Recompute every star level and reliability (overdue statements turn late without any event)."""
    refresh_all()
