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


def mark_dirty(*, workers: Iterable[int] = (), jobs: Iterable[int] = ()) -> None:
    with _dirty_lock:
        _dirty_workers.update(int(i) for i in workers)
        _dirty_jobs.update(int(i) for i in jobs)


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


def has_dirty() -> bool:
    """Whether this process saved rows no index has re-read yet."""
    with _dirty_lock:
        return bool(_dirty_workers or _dirty_jobs)


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
    with _dirty_lock:
        _dirty_workers.clear()
        _dirty_jobs.clear()
