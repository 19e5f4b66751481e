from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lingong.insurance import services


@db_task(retries=3, retry_delay=60)
def purchase_policy_task(policy_id: int) -> None:
    services.purchase_policy(policy_id=policy_id)


@db_periodic_task(crontab(minute="*/10"))
def retry_failed_policies_every_10_minutes() -> None:
    """An insurer that was down comes back: failed purchases are retried (same key, never bought twice)."""
    services.retry_failed_policies()
