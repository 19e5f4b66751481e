"""Last month's applicants on the postings that ended (closed or expired), so the monthly report (app
``reports``) of the previous month has applications whatever day of the month the demo is built on.

The postings that ended were published in the previous month (``jobs.JobBuilder._published_last_month``);
the main builders give applicants only to open and filled postings. These applications were ended when
the posting ended, as ``jobs.services`` ends the active applications of a closed or expired posting.

Its own random stream (derived from the seed), drawn after everything else: the rest of the market is
the same with or without it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from lingong.demo.context import DemoContext
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.workers.models import WorkerSkill

REASONS = {JobStatus.CLOSED: "用工单位已关闭该岗位", JobStatus.EXPIRED: "岗位已过期"}


def add_last_month_applications(ctx: DemoContext, market_code: str) -> int:
    rng = random.Random(f"{ctx.opts.seed}:report-history")
    this_month = timezone.localtime(ctx.now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    jobs = list(
        JobPosting.objects.filter(
            market__code=market_code,
            status__in=list(REASONS),
            published_at__gte=last_month,
            published_at__lt=this_month,
            certificates_required__isnull=True,
        )
        .prefetch_related("occupations")
        .order_by("pk")
    )
    by_occupation: dict[str, list[int]] = defaultdict(list)
    for occupation_id, worker_id in WorkerSkill.objects.order_by("worker_id").values_list(
        "occupation_id", "worker_id"
    ):
        by_occupation[occupation_id].append(worker_id)
    taken = set(Application.objects.filter(job__in=jobs).values_list("job_id", "worker_id"))
    rows = []
    for job in jobs:
        pool = sorted({w for o in job.occupations.all() for w in by_occupation.get(o.pk, [])})
        pool = [w for w in pool if (job.pk, w) not in taken]
        assert job.published_at is not None
        ended = min(job.closed_at or ctx.now, ctx.now)
        last = min(ended, this_month)
        for worker_id in rng.sample(pool, min(len(pool), rng.randint(1, 4))):
            applied = job.published_at + (last - job.published_at) * rng.random()
            rows.append(
                Application(
                    job=job,
                    worker_id=worker_id,
                    status=ApplicationStatus.REJECTED,
                    reason=REASONS[JobStatus(job.status)],
                    applied_at=applied,
                    rejected_at=max(ended, applied),
                )
            )
    ctx.save(Application, rows, "applications")
    return len(rows)
