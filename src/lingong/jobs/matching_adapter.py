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
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from lingong.employers.models import EmployerReputation
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.matching import (
    ALL_SLOTS,
    TARGET_GROUPS,
    JobArrays,
    JobIndex,
    JobQuery,
    PayUnit,
    ServedArea,
    Taxonomy,
    UnknownOccupationError,
    WorkerArrays,
    WorkerIndex,
    WorkerQuery,
    load_taxonomy,
    slot_mask,
)
from lingong.org.area import area_changed, area_for, matching_area
from lingong.org.models import Market
from lingong.workers.models import (
    Availability,
    WorkerCertificate,
    WorkerProfile,
    WorkerReputation,
    WorkerSkill,
)

POLL_SECONDS = 1.0
POLL_OVERLAP = dt.timedelta(seconds=2)  # re-read a little behind the watermark: clocks and commits lag
NO_EXPIRY_DAY = 2_000_000  # a certificate without an expiry date: valid "forever" (int32-safe)
EPOCH = dt.date(1970, 1, 1)

_PAY_UNITS = {"hour": PayUnit.HOUR, "day": PayUnit.DAY, "month": PayUnit.MONTH, "piece": PayUnit.PIECE}
# The platform's target-group codes -> the library's policy groups (config.TARGET_GROUPS).
_GROUP_BITS = {
    "graduate": TARGET_GROUPS.index("高校毕业生"),
    "veteran": TARGET_GROUPS.index("退役军人"),
    "disability": TARGET_GROUPS.index("残疾人"),
    "long_term_unemployed": TARGET_GROUPS.index("就业困难人员"),
    "older_worker": TARGET_GROUPS.index("大龄劳动者"),
    "low_income": TARGET_GROUPS.index("就业困难人员"),
}

NEUTRAL_RELIABILITY = WorkerReputation.NEUTRAL_RELIABILITY

logger = logging.getLogger("lingong.matching")


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def pay_of(amount: Any, unit: str) -> tuple[float, int]:
    """(amount, PayUnit) for the engine; negotiable or missing pay is 0 (unknown) per day."""
    if amount is None or unit not in _PAY_UNITS:
        return 0.0, int(PayUnit.DAY)
    return float(amount), int(_PAY_UNITS[unit])


def _end_hour(t: dt.time) -> int:
    return min(24, t.hour + (1 if (t.minute or t.second) else 0))


def availability_mask(slots: Iterable[tuple[int, dt.time, dt.time]]) -> int:
    """Weekly slot mask from availability rows; no rows means "any time" (the profile says nothing)."""
    mask = 0
    for weekday, start, end in slots:
        end_hour = _end_hour(end)
        if 0 <= weekday <= 6 and start.hour < end_hour:
            mask |= slot_mask((weekday,), start.hour, end_hour)
    return mask or ALL_SLOTS


def job_slots(job: JobPosting) -> int:
    """The job's weekly slots from its daily hours over the weekdays it spans; 0 (any time) when unknown."""
    start, end = job.daily_start_time, job.daily_end_time
    if start is None or end is None or start.hour >= _end_hour(end):
        return 0
    span = (job.end_date - job.start_date).days
    days = (
        range(7)
        if span >= 6
        else tuple(sorted({(job.start_date.weekday() + i) % 7 for i in range(span + 1)}))
    )
    return slot_mask(days, start.hour, _end_hour(end))


# ---- rows -> arrays ---------------------------------------------------------------------------------------


@dataclass
class WorkerRow:
    id: int
    market_id: int
    x_km: float
    y_km: float
    occupations: tuple[int, ...]
    certs: tuple[tuple[int, int], ...]
    travel_radius_km: float
    pay: float
    pay_unit: int
    availability: int
    groups: int
    # From workers.WorkerReputation, computed by ratings (neutral when the worker has no row yet). The
    # engine smooths the raw star sum and count itself (config.rating_prior_*), so the cached Bayesian
    # star level is not passed.
    rating_sum: float = 0.0
    rating_count: float = 0.0
    reliability: float = float(NEUTRAL_RELIABILITY)
    last_active_day: int = 0


def _worker_queryset() -> Any:
    return (
        WorkerProfile.objects.filter(user__is_active=True, home_lat__isnull=False, home_lon__isnull=False)
        .exclude(real_name="")
        .select_related("user", "reputation")
        .prefetch_related("skills", "certificates", "availability")
    )


def _reputation_of(p: WorkerProfile) -> WorkerReputation | None:
    try:
        return p.reputation
    except ObjectDoesNotExist:
        return None


def last_active_day(p: WorkerProfile, rep: WorkerReputation | None) -> int:
    """The latest of: last shift worked, last sign-in, last profile change (local day numbers)."""
    moments = [p.updated_at, p.user.last_login, rep.last_worked_at if rep is not None else None]
    return max(day_number(timezone.localdate(m)) for m in moments if m is not None)


def worker_rows(profiles: Iterable[WorkerProfile], taxonomy: Taxonomy, area: ServedArea) -> list[WorkerRow]:
    """Profiles the engine can match (a location in the served area and at least one known skill)."""
    grid_check = _area_checker(area)
    out = []
    for p in profiles:
        if p.home_lat is None or p.home_lon is None or not p.real_name:
            continue
        occs = tuple(
            sorted({i for i in (_occ_index(taxonomy, s.occupation_id) for s in p.skills.all()) if i >= 0})
        )
        if not occs:
            continue
        x, y = area.to_km(p.home_lon, p.home_lat)
        if not grid_check(float(x), float(y)):
            continue
        certs = []
        for c in p.certificates.all():
            if c.verified_at is None:
                continue
            try:
                cert = taxonomy.cert_index_of(c.certificate_type_id)
            except UnknownOccupationError:
                continue
            certs.append((cert, day_number(c.expires_on) if c.expires_on else NO_EXPIRY_DAY))
        pay, unit = pay_of(p.expected_pay, p.expected_pay_unit)
        groups = 0
        for g in p.target_groups or []:
            if g in _GROUP_BITS:
                groups |= 1 << _GROUP_BITS[g]
        rep = _reputation_of(p)
        out.append(
            WorkerRow(
                id=p.pk,
                market_id=p.market_id,
                x_km=float(x),
                y_km=float(y),
                occupations=occs,
                certs=tuple(certs),
                travel_radius_km=float(p.travel_radius_km),
                pay=pay,
                pay_unit=unit,
                availability=availability_mask(
                    (a.weekday, a.start_time, a.end_time) for a in p.availability.all()
                ),
                groups=groups,
                rating_sum=float(rep.rating_sum) if rep is not None else 0.0,
                rating_count=float(rep.rating_count) if rep is not None else 0.0,
                reliability=float(
                    rep.reliability if rep is not None else WorkerReputation.NEUTRAL_RELIABILITY
                ),
                last_active_day=last_active_day(p, rep),
            )
        )
    return out


def worker_arrays(rows: list[WorkerRow]) -> WorkerArrays:
    occ_ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    occ_ptr[1:] = np.cumsum([len(r.occupations) for r in rows])
    cert_ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    cert_ptr[1:] = np.cumsum([len(r.certs) for r in rows])
    return WorkerArrays(
        ids=np.array([r.id for r in rows], dtype=np.int64),
        x_km=np.array([r.x_km for r in rows], dtype=np.float64),
        y_km=np.array([r.y_km for r in rows], dtype=np.float64),
        occ_ptr=occ_ptr,
        occ_idx=np.array([o for r in rows for o in r.occupations], dtype=np.int16),
        travel_radius_km=np.array([r.travel_radius_km for r in rows], dtype=np.float64),
        pay=np.array([r.pay for r in rows], dtype=np.float64),
        pay_unit=np.array([r.pay_unit for r in rows], dtype=np.int8),
        availability=np.array([r.availability for r in rows], dtype=np.uint64),
        groups=np.array([r.groups for r in rows], dtype=np.uint16),
        rating_sum=np.array([r.rating_sum for r in rows], dtype=np.float64),
        rating_count=np.array([r.rating_count for r in rows], dtype=np.float64),
        reliability=np.array([r.reliability for r in rows], dtype=np.float64),
        last_active_day=np.array([r.last_active_day for r in rows], dtype=np.int32),
        cert_ptr=cert_ptr,
        cert_type=np.array([c for r in rows for c, _ in r.certs], dtype=np.int16),
        cert_expiry=np.array([e for r in rows for _, e in r.certs], dtype=np.int32),
    )


@dataclass
class JobRow:
    id: int
    market_id: int
    x_km: float
    y_km: float
    occupation: int
    open_places: int
    start_day: int
    end_day: int
    slots: int
    pay: float
    pay_unit: int
    urgent: bool
    posted_day: int
    certs: tuple[int, ...]
    # From employers.EmployerReputation, computed by ratings: raw sums, which the engine smooths itself
    # (none yet: the prior).
    employer_rating_sum: float = 0.0
    employer_rating_count: float = 0.0
    # The job's other occupations (a job may accept a tiler or a painter): indexed under each as well.
    extra_occupations: tuple[int, ...] = ()


def _job_queryset() -> Any:
    return (
        JobPosting.objects.filter(status=JobStatus.OPEN)
        .annotate(accepted_n=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)))
        .select_related("enterprise__reputation")
        .prefetch_related("occupations", "certificates_required")
    )


def _employer_rating(job: JobPosting) -> tuple[float, float]:
    try:
        rep = job.enterprise.reputation
    except ObjectDoesNotExist:
        return 0.0, 0.0
    return float(rep.rating_sum), float(rep.rating_count)


def job_rows(jobs: Iterable[JobPosting], taxonomy: Taxonomy, area: ServedArea) -> list[JobRow]:
    """Open jobs with places left, indexed under each known occupation (the first posted is the main one)."""
    grid_check = _area_checker(area)
    out = []
    for j in jobs:
        if j.status != JobStatus.OPEN:
            continue
        open_places = j.headcount - int(getattr(j, "accepted_n", 0))
        occs = [i for i in (_occ_index(taxonomy, o.code) for o in j.occupations.all()) if i >= 0]
        if open_places <= 0 or not occs:
            continue
        x, y = area.to_km(j.lon, j.lat)
        if not grid_check(float(x), float(y)):
            continue
        certs = []
        for c in j.certificates_required.all():
            try:
                certs.append(taxonomy.cert_index_of(c.code))
            except UnknownOccupationError:
                continue
        pay, unit = pay_of(j.pay_amount, j.pay_unit)
        posted = j.published_at or j.created_at
        emp_sum, emp_count = _employer_rating(j)
        out.append(
            JobRow(
                id=j.pk,
                market_id=j.market_id,
                x_km=float(x),
                y_km=float(y),
                occupation=occs[0],
                open_places=open_places,
                start_day=day_number(j.start_date),
                end_day=day_number(j.end_date),
                slots=job_slots(j),
                pay=pay,
                pay_unit=unit,
                urgent=j.is_urgent,
                posted_day=day_number(timezone.localdate(posted)),
                certs=tuple(certs),
                employer_rating_sum=emp_sum,
                employer_rating_count=emp_count,
                extra_occupations=tuple(occs[1:]),
            )
        )
    return out


def job_arrays(rows: list[JobRow]) -> JobArrays:
    cert_ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    cert_ptr[1:] = np.cumsum([len(r.certs) for r in rows])
    return JobArrays(
        ids=np.array([r.id for r in rows], dtype=np.int64),
        x_km=np.array([r.x_km for r in rows], dtype=np.float64),
        y_km=np.array([r.y_km for r in rows], dtype=np.float64),
        occupation=np.array([r.occupation for r in rows], dtype=np.int16),
        open_places=np.array([r.open_places for r in rows], dtype=np.int32),
        start_day=np.array([r.start_day for r in rows], dtype=np.int32),
        end_day=np.array([r.end_day for r in rows], dtype=np.int32),
        slots=np.array([r.slots for r in rows], dtype=np.uint64),
        pay=np.array([r.pay for r in rows], dtype=np.float64),
        pay_unit=np.array([r.pay_unit for r in rows], dtype=np.int8),
        urgent=np.array([r.urgent for r in rows], dtype=np.bool_),
        posted_day=np.array([r.posted_day for r in rows], dtype=np.int32),
        employer_rating_sum=np.array([r.employer_rating_sum for r in rows], dtype=np.float64),
        employer_rating_count=np.array([r.employer_rating_count for r in rows], dtype=np.float64),
        cert_ptr=cert_ptr,
        cert_idx=np.array([c for r in rows for c in r.certs], dtype=np.int16),
        extra_occ_ptr=np.cumsum([0] + [len(r.extra_occupations) for r in rows]),
        extra_occ_idx=np.array([o for r in rows for o in r.extra_occupations], dtype=np.int16),
    )


def _occ_index(taxonomy: Taxonomy, code: str) -> int:
    try:
        return taxonomy.index_of(code)
    except UnknownOccupationError:
        return -1


def _area_checker(area: ServedArea) -> Any:
    x0, x1, y0, y1 = area.bounds_km()
    return lambda x, y: math.isfinite(x) and math.isfinite(y) and x0 <= x <= x1 and y0 <= y <= y1


# ---- queries as the engine sees them -----


def job_query(job: JobPosting, *, radius_km: float, exclude_ids: tuple[int, ...] = ()) -> JobQuery | None:
    """The engine's view of a job looking for workers; None when the job cannot be matched."""
    taxonomy, area = load_taxonomy(), matching_area(job.market_id)
    rows = job_rows([_with_accepted(job)], taxonomy, area) if job.status == JobStatus.OPEN else []
    if not rows:
        # Not open (or no place left): candidates are still useful for a draft, so match on its fields.
        occs = [i for i in (_occ_index(taxonomy, o.code) for o in job.occupations.all()) if i >= 0]
        x, y = area.to_km(job.lon, job.lat)
        if not occs or not _area_checker(area)(float(x), float(y)):
            return None
        certs = tuple(
            taxonomy.cert_index_of(c.code)
            for c in job.certificates_required.all()
            if c.code in taxonomy.cert_codes
        )
        pay, unit = pay_of(job.pay_amount, job.pay_unit)
        row = JobRow(
            job.pk, job.market_id, float(x), float(y), occs[0], 1, day_number(job.start_date),
            day_number(job.end_date), job_slots(job), pay, unit, job.is_urgent, 0, certs,
        )  # fmt: skip
    else:
        row = rows[0]
    return JobQuery(
        x_km=row.x_km,
        y_km=row.y_km,
        occupation=row.occupation,
        radius_km=radius_km,
        required_certs=row.certs,
        start_day=row.start_day,
        end_day=row.end_day,
        slots=row.slots,
        pay=row.pay,
        pay_unit=row.pay_unit,
        exclude_ids=exclude_ids,
    )


def job_queries(job: JobPosting, *, radius_km: float, exclude_ids: tuple[int, ...] = ()) -> list[JobQuery]:
    """One query per occupation the job asks for (a job may want, say, a loader driver or a general labourer):
    the first is the posting's main occupation, the others are the same query for its other occupations."""
    main = job_query(job, radius_km=radius_km, exclude_ids=exclude_ids)
    if main is None:
        return []
    taxonomy = load_taxonomy()
    others = [i for i in (_occ_index(taxonomy, o.code) for o in job.occupations.all()) if i >= 0]
    return [main] + [
        dataclasses.replace(main, occupation=occ) for occ in dict.fromkeys(others) if occ != main.occupation
    ]


def worker_query(
    worker: WorkerProfile, *, radius_km: float | None = None, exclude_ids: tuple[int, ...] = ()
) -> WorkerQuery | None:
    """The engine's view of a worker looking for jobs; None when the profile cannot be matched yet."""
    fresh = _worker_queryset().filter(pk=worker.pk)
    rows = worker_rows(fresh, load_taxonomy(), matching_area(worker.market_id))
    if not rows:
        return None
    r = rows[0]
    return WorkerQuery(
        x_km=r.x_km,
        y_km=r.y_km,
        occupations=r.occupations,
        travel_radius_km=r.travel_radius_km,
        radius_km=radius_km,
        certs=r.certs,
        slots=r.availability if r.availability != ALL_SLOTS else 0,
        pay=r.pay,
        pay_unit=r.pay_unit,
        exclude_ids=exclude_ids,
    )


def _with_accepted(job: JobPosting) -> JobPosting:
    if not hasattr(job, "accepted_n"):
        job.accepted_n = job.applications.filter(status=ApplicationStatus.ACCEPTED).count()  # type: ignore[attr-defined]
    return job


# ---- the per-process registry -----


@dataclass
class MarketIndex:
    market_id: int
    workers: WorkerIndex
    jobs: JobIndex
    build_seconds: float
    watermark: dt.datetime
    last_poll: float = field(default_factory=time.monotonic)
    lock: threading.RLock = field(default_factory=threading.RLock)
    # While a side ("workers" or "jobs") is being compacted on a copy, every change made to the live index is
    # also journalled here, to be replayed on the copy before it replaces the live one.
    journals: dict[str, list[Callable[[Any], None]]] = field(default_factory=dict)
    compactions: int = 0
    area_version: int = 1  # Market.area_version this index was built from
    stale: bool = False  # the poll saw a newer area version: rebuild on the next query

    def nbytes(self) -> int:
        return self.workers.nbytes() + self.jobs.nbytes()

    def apply(self, side: str, change: Callable[[Any], None]) -> None:
        """Apply a change to the live index (caller holds ``lock``) and journal it during a compaction."""
        change(getattr(self, side))
        journal = self.journals.get(side)
        if journal is not None:
            journal.append(change)


_registry: dict[int, MarketIndex] = {}
_registry_lock = threading.Lock()
_dirty_workers: set[int] = set()
_dirty_jobs: set[int] = set()
_dirty_lock = threading.Lock()


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


def rebuild(market_id: int) -> MarketIndex:
    entry = build_market(market_id)
    with _registry_lock:
        _registry[market_id] = entry
    return entry


def forget_market(market_id: int) -> None:
    """Drop one market's index in this process (a later query rebuilds it)."""
    with _registry_lock:
        _registry.pop(market_id, None)


def _on_area_changed(sender: Any, market_id: int, **kwargs: Any) -> None:
    forget_market(market_id)


def reset() -> None:
    """Forget every index and pending change (tests; a later query rebuilds)."""
    with _registry_lock:
        _registry.clear()
    with _dirty_lock:
        _dirty_workers.clear()
        _dirty_jobs.clear()


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


def sync(entry: MarketIndex, *, force_poll: bool = False) -> None:
    with entry.lock:
        workers, jobs = _take_dirty()
        if force_poll or time.monotonic() - entry.last_poll >= POLL_SECONDS:
            entry.last_poll = time.monotonic()
            pw, pj = _poll(entry)
            workers |= pw
            jobs |= pj
        if workers:
            _refresh_workers(workers)
        if jobs:
            _refresh_jobs(jobs)


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
            if getattr(entry, side).needs_compaction:
                start_compaction(entry, side)


# ---- compaction off the request path -----

# Tests turn this off to compact inline, deterministically.
BACKGROUND_COMPACTION = True


def start_compaction(entry: MarketIndex, side: str) -> threading.Thread | None:
    """Fold an index's deltas in without stopping queries (caller holds ``entry.lock``).

    Compaction is O(N log N): about a second at a million workers. Queries keep using the live index while a
    copy is compacted in a thread; changes made meanwhile are journalled and replayed on the copy, which then
    replaces the live index in one assignment under the lock. Memory peaks at two copies of that index.
    """
    if side in entry.journals:
        return None  # one compaction per index at a time; the next update after it will check again
    if not BACKGROUND_COMPACTION:
        getattr(entry, side).compact()
        entry.compactions += 1
        return None
    live = getattr(entry, side)
    # Share the read-only taxonomy and served area; copy the arrays.
    snapshot = copy.deepcopy(live, memo={id(live.taxonomy): live.taxonomy, id(live.area): live.area})
    entry.journals[side] = []
    thread = threading.Thread(
        target=_compact_and_swap,
        args=(entry, side, snapshot),
        name=f"compact-{side}-{entry.market_id}",
        daemon=True,
    )
    thread.start()
    return thread


def _compact_and_swap(entry: MarketIndex, side: str, snapshot: Any) -> None:
    try:
        snapshot.compact()
        with entry.lock:
            for change in entry.journals.get(side, []):
                change(snapshot)
            setattr(entry, side, snapshot)
            entry.compactions += 1
    except Exception:  # the live index is still correct, only slower; the next update retries
        logger.exception("Background compaction of %s for market %s failed", side, entry.market_id)
    finally:
        with entry.lock:
            entry.journals.pop(side, None)


# ---- signals: mark what a save touched -----


def _mark(*, workers: Iterable[int] = (), jobs: Iterable[int] = ()) -> None:
    workers, jobs = tuple(workers), tuple(jobs)
    if not _registry:
        return  # nothing built in this process yet: the first build reads everything anyway
    mark_dirty(workers=workers, jobs=jobs)
    # Again after commit: a query between the save and the commit may have re-read the old row.
    transaction.on_commit(lambda: mark_dirty(workers=workers, jobs=jobs))


def _on_profile(sender: Any, instance: WorkerProfile, **kwargs: Any) -> None:
    _mark(workers=[instance.pk])


def _on_worker_child(sender: Any, instance: Any, **kwargs: Any) -> None:
    _mark(workers=[instance.worker_id])


def _on_job(sender: Any, instance: JobPosting, **kwargs: Any) -> None:
    _mark(jobs=[instance.pk])


def _on_job_m2m(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, JobPosting):
        _mark(jobs=[instance.pk])


def _on_application(sender: Any, instance: Application, **kwargs: Any) -> None:
    _mark(jobs=[instance.job_id])


def _on_employer_reputation(sender: Any, instance: EmployerReputation, **kwargs: Any) -> None:
    """A new rating of an employer moves its open jobs in workers' recommendations."""
    if _registry:
        _mark(
            jobs=JobPosting.objects.filter(
                enterprise_id=instance.enterprise_id, status=JobStatus.OPEN
            ).values_list("pk", flat=True)
        )


def connect_signals() -> None:
    """Called once from the jobs app's ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_on_profile, sender=WorkerProfile, dispatch_uid=f"matching.profile.{signal}")
        for model in (WorkerSkill, WorkerCertificate, Availability, WorkerReputation):
            signal.connect(_on_worker_child, sender=model, dispatch_uid=f"matching.{model.__name__}.{signal}")
        signal.connect(_on_job, sender=JobPosting, dispatch_uid=f"matching.job.{signal}")
        signal.connect(_on_application, sender=Application, dispatch_uid=f"matching.application.{signal}")
        signal.connect(
            _on_employer_reputation, sender=EmployerReputation, dispatch_uid=f"matching.employer_rep.{signal}"
        )
    for through in (JobPosting.occupations.through, JobPosting.certificates_required.through):
        m2m_changed.connect(_on_job_m2m, sender=through, dispatch_uid=f"matching.m2m.{through.__name__}")
    area_changed.connect(_on_area_changed, dispatch_uid="matching.area_changed")


def warm_in_background() -> threading.Thread:
    """Build every market's index in a daemon thread at server start-up, so no user waits for it."""

    def warm() -> None:
        from django.db import connection

        try:
            for market_id in Market.objects.filter(is_active=True).values_list("pk", flat=True):
                index_for(market_id)
        except Exception:  # a cold index is rebuilt on first use; start-up must not fail over it
            logger.exception("Warming the matching index failed")
        finally:
            connection.close()

    thread = threading.Thread(target=warm, name="matching-warmup", daemon=True)
    thread.start()
    return thread
