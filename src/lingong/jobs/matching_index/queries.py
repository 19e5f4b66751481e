"""The engine's view of one job looking for workers, or of one worker looking for jobs (read fresh from the
database, not from the index)."""

from __future__ import annotations

import dataclasses

from lingong.jobs.matching_index.rows import (
    JobRow,
    _area_checker,
    _occ_index,
    _worker_queryset,
    day_number,
    job_rows,
    job_slots,
    pay_of,
    worker_rows,
)
from lingong.jobs.models import ApplicationStatus, JobPosting, JobStatus
from lingong.matching import ALL_SLOTS, JobQuery, WorkerQuery, load_taxonomy
from lingong.org.area import matching_area
from lingong.workers.models import WorkerProfile


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
