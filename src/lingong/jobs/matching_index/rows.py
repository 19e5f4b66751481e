"""Database rows -> the matching library's arrays: the row dataclasses, the querysets they are read from, and
the conversions (days, pay, weekly slots, occupation and certificate indexes, the served area's grid)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.utils import timezone

from lingong.jobs.models import ApplicationStatus, JobPosting, JobStatus
from lingong.matching import (
    ALL_SLOTS,
    TARGET_GROUPS,
    JobArrays,
    PayUnit,
    ServedArea,
    Taxonomy,
    UnknownOccupationError,
    WorkerArrays,
    slot_mask,
)
from lingong.workers.models import WorkerProfile, WorkerReputation

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
