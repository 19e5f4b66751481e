"""The per-process registry: one `MarketIndex` per market, built lazily on first use (never at import, so
migrations and tests that do not match are unaffected), brought up to date with the changed rows before each
use, and compacted in the background when its deltas have grown."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone

from lingong.jobs.matching_index.freshness import (
    applied_up_to,
    changed_ids,
    clear_dirty,
    has_unapplied,
    marks,
    poll_due,
)
from lingong.jobs.matching_index.market_index import MarketIndex, start_compaction
from lingong.jobs.matching_index.rows import (
    _job_queryset,
    _worker_queryset,
    day_number,
    job_arrays,
    job_rows,
    worker_arrays,
    worker_rows,
)
from lingong.matching import JobIndex, WorkerIndex, load_taxonomy
from lingong.matching.parse import default_parser
from lingong.org.area import area_for, matching_area
from lingong.org.models import Market

logger = logging.getLogger("lingong.matching")

_registry: dict[int, MarketIndex] = {}
_registry_lock = threading.Lock()
# Held while changed rows are found and re-read and applied, process-wide: the dirty ids are taken for every
# market at once and a re-read row is applied to every market's index, so two refreshes must not interleave
# (an older read applied after a newer one would win). Queries and version reads take only ``entry.lock``,
# for the in-memory part, so they never wait on the database reads of a refresh.
_refresh_lock = threading.Lock()


def build_market(market_id: int) -> MarketIndex:
    """Read every matchable worker and open job of a market and build both indexes."""
    started = time.perf_counter()
    watermark = timezone.now()
    market_area = area_for(market_id, fresh=True)  # never a cached area older than the version read with it
    taxonomy, area = load_taxonomy(), matching_area(market_id, area=market_area)
    today = day_number(timezone.localdate())
    wrows = worker_rows(
        _worker_queryset().filter(market_id=market_id).iterator(chunk_size=2000), taxonomy, area
    )
    jrows = job_rows(_job_queryset().filter(market_id=market_id), taxonomy, area)
    workers = WorkerIndex.build(worker_arrays(wrows), taxonomy, area, today=today)
    jobs = JobIndex.build(job_arrays(jrows), taxonomy, area, today=today)
    return MarketIndex(
        market_id,
        workers,
        jobs,
        time.perf_counter() - started,
        watermark,
        area_version=market_area.version,
    )


def index_for(market_id: int) -> MarketIndex:
    """The market's index, built on first use and brought up to date with recent saves (rebuilt when its
    served area changed)."""
    with _registry_lock:
        entry = _registry.get(market_id)
        if entry is None:
            entry = _registry[market_id] = build_market(market_id)
            return entry
    sync(entry)
    if entry.stale:
        entry = rebuild(market_id)
    return entry


def jobs_version(market_id: int) -> tuple[int, int]:
    """A key that changes whenever the market's open jobs change, in this process or (after the poll, within
    about a second) in another: derived views of the jobs can be cached under it."""
    entry = index_for(market_id)
    with entry.lock:
        return entry.serial, entry.jobs_changes


def worker_version(market_id: int, worker_id: int) -> tuple[int, int, int]:
    """A key that changes whenever the market's open jobs or this worker's own rows (profile, skills,
    certificates, availability, reputation) change, here at once and elsewhere within about a second: what
    is derived from the worker and the jobs (their recommendations) can be cached under it."""
    entry = index_for(market_id)
    with entry.lock:
        return entry.serial, entry.jobs_changes, entry.worker_changes.get(worker_id, 0)


def built_index(market_id: int) -> MarketIndex | None:
    """The market's index if this process has built it, else None (never builds one)."""
    with _registry_lock:
        return _registry.get(market_id)


def rebuild(market_id: int) -> MarketIndex:
    entry = build_market(market_id)
    with _registry_lock:
        _registry[market_id] = entry
    return entry


def forget_market(market_id: int) -> None:
    """Drop one market's index in this process (a later query rebuilds it)."""
    with _registry_lock:
        _registry.pop(market_id, None)


def reset() -> None:
    """Forget every index and pending change (tests; a later query rebuilds)."""
    with _registry_lock:
        _registry.clear()
    clear_dirty()


def sync(entry: MarketIndex, *, force_poll: bool = False) -> None:
    """Bring the index up to date before it answers. This process's own saves are always applied first (a
    request sees what was just saved). A poll for other processes' saves, when due, is made by one thread
    while the others answer from the index as it stands: at most about a second behind, which is all the
    poll promises anyway. Nothing to do (the usual case) costs no lock."""
    if force_poll or has_unapplied():
        with _refresh_lock:
            _refresh(entry, force_poll=force_poll)
    elif poll_due(entry) and _refresh_lock.acquire(blocking=False):
        try:
            _refresh(entry, force_poll=False)
        finally:
            _refresh_lock.release()


def _refresh(entry: MarketIndex, *, force_poll: bool) -> None:
    """Re-read and apply what changed (caller holds ``_refresh_lock``)."""
    upto = marks()  # read before taking: rows marked after it may be taken too, never the reverse
    workers, jobs = changed_ids(entry, force_poll=force_poll)
    if workers:
        _refresh_workers(workers)
    if jobs:
        _refresh_jobs(jobs)
    applied_up_to(upto)


def _refresh_workers(ids: set[int]) -> None:
    qs = _worker_queryset().filter(pk__in=ids)
    rows = [
        r
        for m in _markets_of(qs)
        for r in worker_rows(qs.filter(market_id=m), load_taxonomy(), matching_area(m))
    ]
    _apply_refresh(ids, rows, worker_arrays, "workers")


def _refresh_jobs(ids: set[int]) -> None:
    qs = _job_queryset().filter(pk__in=ids)
    rows = [
        r
        for m in _markets_of(qs)
        for r in job_rows(qs.filter(market_id=m), load_taxonomy(), matching_area(m))
    ]
    _apply_refresh(ids, rows, job_arrays, "jobs")


def _markets_of(qs: Any) -> list[int]:
    """Each market's rows are projected with that market's own area."""
    return sorted(set(qs.order_by().values_list("market_id", flat=True)))


def _replace_rows(gone: np.ndarray, arrays: Any) -> Callable[[Any], None]:
    def change(index: Any) -> None:
        index.remove(gone)
        if arrays is not None:
            index.upsert(arrays)

    return change


def _apply_refresh(ids: set[int], rows: list[Any], to_arrays: Any, side: str) -> None:
    """Drop the changed ids from every market's index, then re-add the rows that still qualify in their own
    market; compact in the background when the deltas have grown."""
    by_market: dict[int, list[Any]] = {}
    for r in rows:
        by_market.setdefault(r.market_id, []).append(r)
    with _registry_lock:
        entries = list(_registry.values())
    gone = np.array(sorted(ids), dtype=np.int64)
    for entry in entries:
        with entry.lock:
            mine = by_market.get(entry.market_id)
            entry.apply(side, _replace_rows(gone, to_arrays(mine) if mine else None))
            if side == "workers":
                for worker_id in ids:
                    entry.worker_changes[worker_id] = entry.worker_changes.get(worker_id, 0) + 1
            if getattr(entry, side).needs_compaction:
                start_compaction(entry, side)


def warm_in_background(then: Callable[[], None] | None = None) -> threading.Thread:
    """Build every market's index in a daemon thread at server start-up, so no user waits for it; and the
    text parser with its labelled posts (about two seconds), which the posting forms' 识别 asks for; then
    ``then``, if given."""

    def warm() -> None:
        try:
            for market_id in Market.objects.filter(is_active=True).values_list("pk", flat=True):
                index_for(market_id)
        except Exception:  # a cold index is rebuilt on first use; start-up must not fail over it
            logger.exception("Warming the matching index failed")
        finally:
            connection.close()
        try:
            default_parser().nearest_posts  # noqa: B018 (built on first read)
        except Exception:
            logger.exception("Warming the text parser failed")
        if then is not None:
            then()

    thread = threading.Thread(target=warm, name="matching-warmup", daemon=True)
    thread.start()
    return thread
