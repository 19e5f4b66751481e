from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.settlement.services import detect_arrears


# Hourly at :25. Huey evaluates crontabs in UTC; the service itself works in Asia/Shanghai dates
# (timezone.localdate()), so a flag opens within the first hour of the day after the due date.
@db_periodic_task(crontab(minute="25"))
def detect_arrears_hourly() -> None:
    """Flag engagements whose confirmed work is unpaid past its settlement cycle plus the grace days.

    (Completed engagements fully paid before they completed are settled by ``workflow.tasks``.)"""
    detect_arrears()
