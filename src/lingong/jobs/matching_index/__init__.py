"""The one place that turns database rows into the matching library's arrays, and keeps the indexes fresh.

Per process, a small registry holds one `MarketIndex` (a WorkerIndex and a JobIndex) per market. It is built
lazily on first use (never at import, so migrations and tests that do not match are unaffected).

Freshness, without touching the services:
- In this process, model signals (saves of profiles, skills, certificates, availability, reputation rows,
  jobs, applications) mark the affected worker / job ids dirty, immediately and again on commit; the next
  query re-reads exactly those rows from the database and upserts or removes them.
- Across processes, a query polls at most once per `POLL_SECONDS` for rows whose timestamps moved since the
  last poll (profile and job `updated_at`, application `updated_at`, certificate `verified_at`, reputation
  `updated_at`), so an edit made in another worker process shows within about a second.
- A market's served area changes rarely and moves every row, so the index is rebuilt rather than patched:
  in this process `org.area.area_changed` (sent on commit) drops that market's index and the next query
  rebuilds it; in other processes the poll compares `Market.area_version` with the version the index was
  built from and rebuilds on the next query after it moved (about a second, plus the build time).
Re-reading a row is idempotent, so marking too much is harmless; only marking too little would be wrong.

Modules, bottom to top: `rows` (rows -> arrays), `queries` (the engine's view of one job or worker),
`market_index` (one market's index and its background compaction), `freshness` (dirty ids and the poll),
`registry` (the indexes of this process), `signals` (saves -> dirty ids).

The settings read at call time (`freshness.POLL_SECONDS`, `market_index.BACKGROUND_COMPACTION`) are not
re-exported here: change them on their own module, where they are read.
"""

from lingong.jobs.matching_index.freshness import mark_dirty
from lingong.jobs.matching_index.market_index import MarketIndex, start_compaction
from lingong.jobs.matching_index.queries import job_queries, job_query, worker_query
from lingong.jobs.matching_index.registry import (
    build_market,
    built_index,
    forget_market,
    index_for,
    jobs_version,
    rebuild,
    reset,
    sync,
    warm_in_background,
    worker_version,
)
from lingong.jobs.matching_index.rows import (
    JobRow,
    WorkerRow,
    availability_mask,
    day_number,
    job_arrays,
    job_rows,
    job_slots,
    last_active_day,
    pay_of,
    worker_arrays,
    worker_rows,
)
from lingong.jobs.matching_index.signals import connect_signals

__all__ = [
    "JobRow",
    "MarketIndex",
    "WorkerRow",
    "availability_mask",
    "build_market",
    "built_index",
    "connect_signals",
    "day_number",
    "forget_market",
    "index_for",
    "job_arrays",
    "job_queries",
    "job_query",
    "job_rows",
    "job_slots",
    "jobs_version",
    "last_active_day",
    "mark_dirty",
    "pay_of",
    "rebuild",
    "reset",
    "start_compaction",
    "sync",
    "warm_in_background",
    "worker_arrays",
    "worker_query",
    "worker_rows",
    "worker_version",
]
