from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.rights.services import purge_expired, purge_login_history


# Daily at 18:40 UTC (02:40 in Asia/Shanghai): erase locked records whose retention period ended, and
# login records older than the security-log period.
@db_periodic_task(crontab(minute="40", hour="18"))
def purge_retained_data_daily() -> None:
    purge_expired()
    purge_login_history()
