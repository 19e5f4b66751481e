from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.arbitration.services import warn_limitations


# Huey evaluates crontabs in UTC: 01:10 UTC is 09:10 in Asia/Shanghai, when people read messages.
@db_periodic_task(crontab(minute="10", hour="1"))
def warn_limitations_daily() -> None:
    """Warn filers whose limitation period ends within the market's warning days (once per threshold)."""
    warn_limitations()
