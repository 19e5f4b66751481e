"""Which rows changed since an index last looked: ids marked dirty in this process (by the model signals, see
`signals`), and, across processes, a poll of the rows' timestamps at most once per `POLL_SECONDS`.

Re-reading a row is idempotent, so marking too much is harmless; only marking too little would be wrong.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable

from django.utils import timezone

from lingong.jobs.matching_index.market_index import MarketIndex
from lingong.jobs.models import Application, JobPosting, JobStatus
from lingong.org.models import Market
from lingong.workers.models import WorkerCertificate, WorkerProfile, WorkerReputation

POLL_SECONDS = 1.0
POLL_OVERLAP = dt.timedelta(seconds=2)  # re-read a little behind the watermark: clocks and commits lag

_dirty_workers: set[int] = set()
_dirty_jobs: set[int] = set()
_dirty_lock = threading.Lock()
# How many times rows were marked, and up to which of those marks every index has applied them: a request
# whose process marked rows that are not applied yet (still dirty, or taken by a refresh still re-reading
# them) must wait for that refresh, so it sees what was just saved.
_marks = 0
_applied_marks = 0


def mark_dirty(*, workers: Iterable[int] = (), jobs: Iterable[int] = ()) -> None:
    global _marks
    with _dirty_lock:
        _dirty_workers.update(int(i) for i in workers)
        _dirty_jobs.update(int(i) for i in jobs)
        _marks += 1


def marks() -> int:
    with _dirty_lock:
        return _marks


def applied_up_to(mark: int) -> None:
    """Every row marked up to ``mark`` is now in every index of this process (called by the refresh that
    took them, after applying them)."""
    global _applied_marks
    with _dirty_lock:
        _applied_marks = max(_applied_marks, mark)


def _take_dirty() -> tuple[set[int], set[int]]:
    with _dirty_lock:
        w, j = set(_dirty_workers), set(_dirty_jobs)
        _dirty_workers.clear()
        _dirty_jobs.clear()
    return w, j


def _poll(entry: MarketIndex) -> tuple[set[int], set[int]]:
    """Ids changed since the watermark by any process (throttled by the caller)."""
    now = timezone.now()
    since = entry.watermark - POLL_OVERLAP
    m = entry.market_id
    workers = set(
        WorkerProfile.objects.filter(market_id=m, updated_at__gte=since).values_list("pk", flat=True)
    )
    workers |= set(
        WorkerCertificate.objects.filter(worker__market_id=m, verified_at__gte=since).values_list(
            "worker_id", flat=True
        )
    )
    workers |= set(
        WorkerReputation.objects.filter(worker__market_id=m, updated_at__gte=since).values_list(
            "worker_id", flat=True
        )
    )
    jobs = set(JobPosting.objects.filter(market_id=m, updated_at__gte=since).values_list("pk", flat=True))
    jobs |= set(
        JobPosting.objects.filter(
            market_id=m, status=JobStatus.OPEN, enterprise__reputation__updated_at__gte=since
        ).values_list("pk", flat=True)
    )
    jobs |= set(
        Application.objects.filter(job__market_id=m, updated_at__gte=since).values_list("job_id", flat=True)
    )
    version = Market.objects.filter(pk=m).values_list("area_version", flat=True).first()
    if version is not None and version != entry.area_version:
        entry.stale = True  # saved by another process: index_for rebuilds with the new area
    entry.watermark = now
    return workers, jobs


def has_unapplied() -> bool:
    """Whether this process saved rows that are not in its indexes yet: still dirty, or taken by a refresh
    that is still re-reading them."""
    with _dirty_lock:
        return _marks > _applied_marks


def poll_due(entry: MarketIndex) -> bool:
    return time.monotonic() - entry.last_poll >= POLL_SECONDS


def changed_ids(entry: MarketIndex, *, force_poll: bool = False) -> tuple[set[int], set[int]]:
    """Worker and job ids to re-read: the dirty ones, plus the polled ones when a poll is due (caller holds
    the registry's refresh lock, so polls and re-reads never interleave)."""
    workers, jobs = _take_dirty()
    if force_poll or poll_due(entry):
        entry.last_poll = time.monotonic()
        pw, pj = _poll(entry)
        workers |= pw
        jobs |= pj
    return workers, jobs


def clear_dirty() -> None:
    global _applied_marks
    with _dirty_lock:
        _dirty_workers.clear()
        _dirty_jobs.clear()
        _applied_marks = _marks
