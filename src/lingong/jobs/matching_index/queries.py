"""The engine's view of one job looking for workers, or of one worker looking for jobs (read fresh from the
database, not from the index)."""

from __future__ import annotations

from lingong.core.memo import ProcessCache
from lingong.jobs.matching_index.registry import jobs_version
from lingong.jobs.matching_index.rows import (
    JobRow,
    _area_checker,
    _occ_index,
    _worker_queryset,
    day_number,
    job_arrays,
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
    """The engine's view of a job looking for workers (its main occupation); None when it cannot be
    matched."""
    queries = job_queries(job, radius_km=radius_km, exclude_ids=exclude_ids)
    return queries[0] if queries else None


def job_queries(job: JobPosting, *, radius_km: float, exclude_ids: tuple[int, ...] = ()) -> list[JobQuery]:
    """One query per occupation the job asks for (a job may want, say, a loader driver or a general labourer),
    the posting's main occupation first; empty when the job cannot be matched. The library turns the
    posting's row into queries (JobArrays.queries), as it does for the simulator's postings."""
    row = _kept_job_row(job)
    if row is None:
        return []
    return job_arrays([row]).queries(0, radius_km=radius_km, exclude_ids=exclude_ids)


# A job's row as the engine sees it, kept per process under the market's jobs' version: every input of it
# (the posting, its occupations and certificates, its accepted places, the employer's reputation) marks the
# job changed when saved, which moves the version here at once and elsewhere by the index's poll. The
# employer's candidate list asks for it on every view (issue 15).
_job_rows: ProcessCache[tuple[JobRow | None]] = ProcessCache(maxsize=4096)


def _kept_job_row(job: JobPosting) -> JobRow | None:
    key = (job.pk, jobs_version(job.market_id))  # read before the row: a change meanwhile is a new key
    return _job_rows.get_or_make(key, lambda: (_job_row(job),))[0]


def _job_row(job: JobPosting) -> JobRow | None:
    taxonomy, area = load_taxonomy(), matching_area(job.market_id)
    rows = job_rows([_with_accepted(job)], taxonomy, area) if job.status == JobStatus.OPEN else []
    if rows:
        return rows[0]
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
    return JobRow(
        job.pk, job.market_id, float(x), float(y), occs[0], 1, day_number(job.start_date),
        day_number(job.end_date), job_slots(job), pay, unit, job.is_urgent, 0, certs,
        extra_occupations=tuple(dict.fromkeys(occs[1:])),
    )  # fmt: skip


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
