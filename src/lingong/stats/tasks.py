from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.stats import counters, live


@db_periodic_task(crontab(minute="*"))
def fold_counters_every_minute() -> None:
    """Fold the deltas a process left unfolded (it stopped before its push timer fired) and push them."""
    for market_id in sorted(counters.unfolded_markets()):
        live.push_figures(market_id)
