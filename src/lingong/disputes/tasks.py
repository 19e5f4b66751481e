from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.disputes.services import escalate_overdue


# Every 15 minutes: overdue complaints move up one level (station -> centre -> market admin).
@db_periodic_task(crontab(minute="*/15"))
def escalate_overdue_complaints() -> None:
    escalate_overdue()
