"""Tasks of quick-recruit: wave 1 at once after the campaign commits, then a sweep every minute."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lingong.recruit import services


@db_task(retries=2, retry_delay=10, priority=20)
def first_wave(campaign_id: int) -> None:
    services.run_wave(campaign_id=campaign_id)


@db_periodic_task(crontab(minute="*"))
def quick_recruit_every_minute() -> None:
    """Due waves, lapsed offers (standby promoted), campaigns past their deadline."""
    services.run_due()
