from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.jobs.services import expire_jobs


# Huey evaluates crontabs in UTC: 16:05 UTC is 00:05 in Asia/Shanghai (no daylight saving there).
@db_periodic_task(crontab(minute="5", hour="16"))
def expire_jobs_nightly() -> None:
    """Just after midnight in Asia/Shanghai, postings whose end date has passed stop taking applications."""
    expire_jobs()
