"""Tasks of the engagement chain: the slow or outside steps, each keyed by its row's idempotency key.

Each runs outside any transaction and records its result in a short one, so a retry repeats nothing.
What holds people up goes first: the cover (check-in waits for it) and a payment before PDF rendering
(the unsigned PDF is also rendered by its first reader; the signed one only matters for downloads).
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lingong.contracts import services as contracts
from lingong.workflow import chain

URGENT = 20  # someone is waiting for it
SOON = 10
LATER = 0


@db_task(retries=3, retry_delay=30, priority=SOON)
def render_contract(contract_id: int) -> None:
    contracts.ensure_rendered(contract_id=contract_id)


@db_task(retries=3, retry_delay=30, priority=LATER)
def render_signed_contract(contract_id: int) -> None:
    contracts.ensure_signed_rendered(contract_id=contract_id)


@db_task(retries=3, retry_delay=60, priority=URGENT)
def buy_cover(policy_id: int) -> None:
    chain.buy_cover(policy_id=policy_id)


@db_task(retries=5, retry_delay=60, priority=URGENT)
def execute_payment(payment_id: int) -> None:
    """A provider that cannot be reached leaves the payment pending; Huey retries with the same key."""
    chain.execute_payment(payment_id=payment_id)


@db_periodic_task(crontab(minute="*"))
def sweep_no_shows_every_minute() -> None:
    """Shifts not checked in N minutes after they start become no-shows; auto-replace follows."""
    chain.sweep_no_shows()


@db_periodic_task(crontab(minute="*/10"))
def retry_failed_covers_every_10_minutes() -> None:
    """An insurer that was down comes back: failed purchases are retried (same key, never bought twice)."""
    chain.retry_failed_covers()


@db_periodic_task(crontab(minute="35"))
def settle_paid_engagements_hourly() -> None:
    """Completed engagements that were fully paid before they completed become settled."""
    chain.settle_paid_engagements()
