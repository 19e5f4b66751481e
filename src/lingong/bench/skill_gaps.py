"""Time the skill-gap figures (issue 13 §1) on a seeded database: prints, never asserts.

    DATABASE_URL=sqlite:///var/demo.sqlite3 python -m lingong.bench.skill_gaps [--repeat 5] [--workers 300]

Runs ``gap_rows`` for the first market (what /staff/skills/ computes) ``--repeat`` times, then
``unlocks_for_worker`` for ``--workers`` workers with a home (what the worker's card computes per page),
and prints the times. On the demo (5,200 workers, ~2,400 open postings) the first measured 0.2-0.25 s and the
second 35-65 ms a worker with SQLite on a shared 2-CPU machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lingong.settings")
    import django

    django.setup()
    from lingong.org.models import Market
    from lingong.skills.selectors import gap_rows, unlocks_for_worker
    from lingong.workers.models import WorkerProfile

    market = Market.objects.order_by("id").first()
    if market is None:
        raise SystemExit("no market: run `manage.py seed` first")
    times = []
    rows: list[Any] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        rows = gap_rows(market.pk)
        times.append(time.perf_counter() - start)
    print(f"gap_rows: {len(rows)} rows; median {statistics.median(times) * 1000:.0f} ms, "
          f"first {times[0] * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")  # fmt: skip
    workers = list(WorkerProfile.objects.filter(market=market, home_lat__isnull=False)[: args.workers])
    start = time.perf_counter()
    with_unlocks = sum(1 for w in workers if unlocks_for_worker(w))
    each = (time.perf_counter() - start) / max(1, len(workers))
    print(f"unlocks_for_worker: {len(workers)} workers, {with_unlocks} with an unlock; {each * 1000:.1f} ms")


if __name__ == "__main__":
    main()
