from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.engagements.services import mark_no_shows


@db_periodic_task(crontab(minute="*"))
def mark_no_shows_every_minute() -> None:
    """Shifts not checked in N minutes after they start become no-shows; auto-replace follows."""
    mark_no_shows()
