from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.mediation.services import expire_cases, mark_missed_payments


# Hourly: agreement payments past their date and the grace days become missed (the mediator is told),
# and mediation cases past their deadline expire (the worker is shown the next step).
@db_periodic_task(crontab(minute="25"))
def mediation_deadlines_hourly() -> None:
    mark_missed_payments()
    expire_cases()
