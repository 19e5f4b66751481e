"""Applications to the demo's postings: who applies (the right trade and certificates, nearest first),
and the status each ends in, never with more accepted than places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

from lingong.demo.common import Picker
from lingong.demo.context import DemoContext
from lingong.demo.geography import km_between
from lingong.demo.workers import WorkerRow, Workers
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus

# Open jobs get applicants with this probability; filled jobs always have them: ~60% overall.
OPEN_JOB_APPLICATION_SHARE = 0.55
APPLICANT_COUNT = Picker(range(1, 13), (22, 18, 14, 11, 9, 7, 5, 4, 3, 3, 2, 2))  # 1..12 applicants
APPLICATION_REJECTION_REASONS = ("工作经验与岗位要求不符", "通勤距离较远", "到岗时间不合适", "已招到合适人选")
APPLICATION_MESSAGES = ("随时可以到岗", "有多年相关经验，可先试工", "家住附近，通勤方便", "可长期干")
FILLED_OTHERS = Picker(
    (ApplicationStatus.REJECTED, ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED), (60, 25, 15)
)
OPEN_OTHERS = Picker(
    (
        ApplicationStatus.APPLIED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.REJECTED,
    ),
    (50, 20, 10, 20),
)


@dataclass
class JobRow:
    job: JobPosting
    occupations: list[str]
    certificates: list[str]
    applications: list[Application] = field(default_factory=list)


class Applicants:
    """Plans the applications of each posting from the workers' pools."""

    def __init__(self, ctx: DemoContext, workers: Workers) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.workers = workers

    def plan(self, row: JobRow, count: int | None) -> None:
        """``count`` fixes how many apply (story jobs); otherwise it is drawn."""
        job = row.job
        if job.status not in (JobStatus.OPEN, JobStatus.FILLED):
            return
        if count is None:
            if job.status == JobStatus.OPEN and self.rng.random() >= OPEN_JOB_APPLICATION_SHARE:
                return
            count = APPLICANT_COUNT.pick(self.rng)
            if job.status == JobStatus.FILLED:
                count = min(12, job.headcount + self.rng.randint(0, 3))
        applicants = self._applicants(row, count)
        if job.status == JobStatus.FILLED and len(applicants) < job.headcount:
            job.status = JobStatus.OPEN  # not enough qualified people: still recruiting
        self._set_statuses(row, applicants)

    def _applicants(self, row: JobRow, count: int) -> list[WorkerRow]:
        """Workers with the trade (or a related one) and every certificate the job requires, nearest first.
        Jobs without a certificate gate may also get applicants from other trades, as in real life."""
        if count <= 0:
            return []
        rng, by_skill = self.rng, self.workers.by_skill
        needed = set(row.certificates)
        related = [r for code in row.occupations for r in self.ctx.cat.by_code[code].related]
        skilled = chain.from_iterable(by_skill.get(code, ()) for code in [*row.occupations, *related])
        pool = list(dict.fromkeys(skilled))  # first occurrence wins, so the order is reproducible
        if needed:
            pool = [w for w in pool if needed <= w.certs_ok]
        elif len(pool) < count:
            everybody = self.workers.pool
            extra = rng.sample(everybody, min(len(everybody), count * 3))
            taken = set(pool)
            pool += [w for w in extra if w not in taken]
        if len(pool) > count * 4:
            pool = rng.sample(pool, count * 4)
        lat, lon = row.job.lat, row.job.lon
        pool.sort(key=lambda w: km_between(lat, lon, w.profile.home_lat or lat, w.profile.home_lon or lon))
        return pool[:count]

    def _set_statuses(self, row: JobRow, applicants: Sequence[WorkerRow]) -> None:
        """A filled job has exactly headcount accepted; an open one fewer than its places."""
        job = row.job
        if job.status == JobStatus.FILLED:
            accepted, others = job.headcount, FILLED_OTHERS
        else:
            room = min(job.headcount - 1, len(applicants))
            accepted = self.rng.randint(1, room) if room > 0 and self.rng.random() < 0.4 else 0
            others = OPEN_OTHERS
        for i, worker in enumerate(applicants):
            status: str = ApplicationStatus.ACCEPTED if i < accepted else others.pick(self.rng)
            row.applications.append(self.application(job, worker, status))

    def application(
        self, job: JobPosting, worker: WorkerRow, status: str, applied: dt.datetime | None = None
    ) -> Application:
        """Timestamps follow the transitions: applied, then shortlisted, offered, decided or rejected."""
        rng, now = self.rng, self.ctx.now
        published = job.published_at or now
        applied = applied or published + (now - published) * rng.random() ** 2
        app = Application(job=job, worker=worker.profile, status=status, applied_at=applied)
        if rng.random() < 0.3:
            app.message = rng.choice(APPLICATION_MESSAGES)
        step = applied
        if status in (ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
            step = app.shortlisted_at = step + (now - step) * rng.uniform(0.05, 0.4)
        if status in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
            step = app.offered_at = step + (now - step) * rng.uniform(0.05, 0.4)
        if status == ApplicationStatus.ACCEPTED:
            app.decided_at = step + (now - step) * rng.uniform(0.05, 0.5)
        if status == ApplicationStatus.REJECTED:
            app.rejected_at = step + (now - step) * rng.uniform(0.05, 0.6)
            filled = job.status == JobStatus.FILLED
            app.reason = "已招满" if filled else rng.choice(APPLICATION_REJECTION_REASONS)
        return app
