from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.legal.services import send_reminders


# Every 15 minutes: remind each booked legal consultation once, the market's
# consultation_reminder_hours before it starts (audited as consultation.reminded).
@db_periodic_task(crontab(minute="*/15"))
def remind_consultations() -> None:
    send_reminders()
