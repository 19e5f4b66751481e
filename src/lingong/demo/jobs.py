"""Postings: the story jobs first (story_jobs.py), then random ones with terms, titles and descriptions
that fit the trade, each as the services would leave it, with its applications."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from lingong.accounts.models import User
from lingong.demo.applications import Applicants, JobRow
from lingong.demo.cast import ENGAGEMENT_JOBS, LUNAN, SCREENING_JOBS
from lingong.demo.catalogue import Occ
from lingong.demo.common import FULL_SHIFTS, PART_SHIFTS, Picker, local_dt, pay_in_range, picker
from lingong.demo.context import DemoContext
from lingong.demo.employers import EmployerRow, Employers
from lingong.demo.geography import Place
from lingong.demo.org import Org
from lingong.demo.workers import Workers
from lingong.jobs.models import (
    Application,
    JobPosting,
    JobStatus,
    PostReviewStatus,
    SettlementCycle,
    SourceChannel,
)
from lingong.org.models import Station
from lingong.taxonomy.models import PayUnit

JOB_STATUS = picker(
    {
        JobStatus.OPEN: 0.75,
        JobStatus.FILLED: 0.10,
        JobStatus.PENDING_REVIEW: 0.05,
        JobStatus.CLOSED: 0.05,
        JobStatus.EXPIRED: 0.05,
    }
)
CHANNEL_SHARE = {
    SourceChannel.ONLINE: 0.55,
    SourceChannel.STATION: 0.30,
    SourceChannel.LIVE_STREAM: 0.08,
    SourceChannel.PHONE: 0.07,
}
CHANNELS = picker(CHANNEL_SHARE)
HOUSEHOLD_CHANNELS = picker({k: v for k, v in CHANNEL_SHARE.items() if k != SourceChannel.LIVE_STREAM})
HEADCOUNT_CHOICES = ((1, 35), (2, 20), (3, 12), (4, 7), (5, 8), (6, 3), (8, 3), (10, 4), (12, 2), (15, 2))
HEADCOUNTS = Picker([c for c, _ in HEADCOUNT_CHOICES], [w for _, w in HEADCOUNT_CHOICES])
NEGOTIABLE_SHARE = 0.08
URGENT_SHARE = 0.10
# Industries whose jobs happen at the employer's own premises rather than on a site.
PREMISES_INDUSTRIES = frozenset(
    {
        "catering",
        "retail",
        "hospitality",
        "auto_service",
        "personal_services",
        "office_admin",
        "education_sports",
    }
)


@dataclass
class JobPlan:
    """A job before it becomes a model instance."""

    employer: EmployerRow
    occupations: list[Occ]
    status: str
    headcount: int
    start: dt.date
    end: dt.date
    published_at: dt.datetime | None
    lat: float
    lon: float
    place: Place
    address: str
    title: str = ""
    description: str = ""
    pay_unit: str = PayUnit.DAY
    pay_amount: Decimal | None = None
    settlement: str = SettlementCycle.DAILY
    urgent: bool = False
    channel: str = SourceChannel.ONLINE
    shift: tuple[dt.time, dt.time, Decimal] = FULL_SHIFTS[0]
    extra_certs: tuple[str, ...] = ()


@dataclass
class Jobs:
    rows: list[JobRow]
    xinda_rows: list[JobRow]  # the demo employer's story jobs; the first is 江小军's snow-removal job


class JobBuilder:
    def __init__(self, ctx: DemoContext, org: Org, employers: Employers, workers: Workers) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.org = org
        self.employers = employers
        self.workers = workers
        self.applicants = Applicants(ctx, workers)
        self.rows: list[JobRow] = []

    def build(self, stories: Callable[[JobBuilder], list[JobRow]]) -> Jobs:
        """``stories`` adds the story jobs first (story_jobs.add_story_jobs) and returns the demo
        employer's."""
        ctx = self.ctx
        ctx.progress.set_description("岗位")
        xinda_rows = stories(self)
        ctx.progress.update(len(self.rows))
        # The engagement and screening steps post ENGAGEMENT_JOBS and SCREENING_JOBS more through the
        # services: --jobs counts them too.
        for _ in range(ctx.opts.jobs - len(self.rows) - ENGAGEMENT_JOBS - SCREENING_JOBS):
            self.add_job(self._random_plan(JOB_STATUS.pick(self.rng)))
            ctx.progress.update(1)
        ctx.progress.set_description("写入岗位与报名")
        self._save()
        return Jobs(rows=self.rows, xinda_rows=xinda_rows)

    def _save(self) -> None:
        ctx = self.ctx
        ctx.save(JobPosting, [r.job for r in self.rows], "jobs")
        occ_through = JobPosting.occupations.through
        cert_through = JobPosting.certificates_required.through
        occ_rows = [
            occ_through(jobposting_id=r.job.pk, occupation_id=c) for r in self.rows for c in r.occupations
        ]
        cert_rows = [
            cert_through(jobposting_id=r.job.pk, certificatetype_id=c)
            for r in self.rows
            for c in r.certificates
        ]
        ctx.save(occ_through, occ_rows)
        ctx.save(cert_through, cert_rows)
        ctx.save(Application, [a for r in self.rows for a in r.applications], "applications")

    # -- random postings ------------------------------------------------------------------------------

    def _random_plan(self, status: str) -> JobPlan:
        ctx, rng = self.ctx, self.rng
        employer = self.employers.pick(rng, ctx.cat.industry(rng))
        industry = employer.industry  # the same unless that industry has no verified employer yet
        occs = [ctx.cat.occupation(rng, industry)]
        if rng.random() < 0.15 and occs[0].related:
            occs.append(ctx.cat.by_code[rng.choice(occs[0].related)])
        lat, lon, place, address = self._job_location(employer, industry)
        headcount = self._headcount(employer, status)
        start, end, published = self._job_dates(status, occs[0].unit)
        plan = JobPlan(employer, occs, status, headcount, start, end, published, lat, lon, place, address)
        self._fill_terms(plan)
        return plan

    def _job_location(self, employer: EmployerRow, industry: str) -> tuple[float, float, Place, str]:
        """Shops, restaurants and homes hire for their own premises; sites are anywhere in the area."""
        e = employer.enterprise
        if employer.household or (industry in PREMISES_INDUSTRIES and self.rng.random() < 0.7):
            return e.lat, e.lon, self.ctx.geo.nearest(e.lat, e.lon), e.address
        lat, lon, place = self.ctx.geo.sample(self.rng)
        return lat, lon, place, self.ctx.address(place)

    def _headcount(self, employer: EmployerRow, status: str) -> int:
        rng = self.rng
        if employer.household:
            return 1 if rng.random() < 0.8 else 2
        count: int = HEADCOUNTS.pick(rng)
        if count >= 10 and rng.random() < 0.5:
            count = rng.randint(10, 30)
        if count >= 10 and rng.random() < 0.03:
            count = rng.randint(50, 200)  # the odd factory line or road project
        # A filled job has exactly headcount accepted applicants, and at most 12 people apply.
        return min(count, 5) if status == JobStatus.FILLED else count

    def _duration(self, unit: str) -> int:
        rng = self.rng
        r = rng.random()
        if unit == PayUnit.MONTH:
            return rng.randint(30, 240)
        if unit == PayUnit.PIECE or r < 0.55:
            return rng.randint(1, 7)
        if unit == PayUnit.HOUR or r < 0.85:
            return rng.randint(8, 60)
        return rng.randint(61, 240)

    def _job_dates(self, status: str, unit: str) -> tuple[dt.date, dt.date, dt.datetime | None]:
        """Relative to today: open and filled jobs run now or soon, expired ones ended before today."""
        ctx = self.ctx
        today = ctx.today
        days = self._duration(unit)
        lead = self.rng.randint(0, 7)
        if status == JobStatus.PENDING_REVIEW:
            start = today + dt.timedelta(days=lead + 1)
            return start, start + dt.timedelta(days=days - 1), None
        if status == JobStatus.EXPIRED:
            published = self._published_last_month()
            start = min(timezone.localdate(published) + dt.timedelta(days=lead), today - dt.timedelta(days=1))
            end = min(start + dt.timedelta(days=days - 1), today - dt.timedelta(days=1))
            return start, end, published
        published = self._published_last_month() if status == JobStatus.CLOSED else ctx.past(30, 0.05)
        start = timezone.localdate(published) + dt.timedelta(days=lead)
        end = start + dt.timedelta(days=days - 1)
        if status in (JobStatus.OPEN, JobStatus.FILLED) and end < today:
            end = today + dt.timedelta(days=lead)
        return start, end, published

    def _published_last_month(self) -> dt.datetime:
        """Postings that have ended (closed, expired) were published in the previous calendar month, at
        least two days ago, so the monthly report (reports) has last month's postings and applications
        whatever day of the month the demo is built on."""
        now = self.ctx.now
        this_month = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
        newest = min(now - dt.timedelta(days=2), this_month - dt.timedelta(minutes=1))
        day = dt.timedelta(days=1)
        return self.ctx.past((now - last_month) / day, (now - newest) / day)

    def _fill_terms(self, plan: JobPlan) -> None:
        rng = self.rng
        main = plan.occupations[0]
        if rng.random() < NEGOTIABLE_SHARE:
            plan.pay_unit, plan.pay_amount = PayUnit.NEGOTIABLE, None
        else:
            plan.pay_unit, plan.pay_amount = main.unit, pay_in_range(rng, main.low, main.high)
        plan.settlement = self.settlement(main.unit, (plan.end - plan.start).days + 1)
        part_time = main.unit in (PayUnit.HOUR, PayUnit.PIECE) and rng.random() < 0.6
        plan.shift = rng.choice(PART_SHIFTS if part_time else FULL_SHIFTS)
        plan.urgent = rng.random() < URGENT_SHARE
        plan.channel = (HOUSEHOLD_CHANNELS if plan.employer.household else CHANNELS).pick(rng)
        # Health certificates are the employer's call (create_job only forces the legal gates).
        if main.certificate == "health_certificate" and rng.random() < 0.6:
            plan.extra_certs = ("health_certificate",)
        plan.title = self._title(plan)
        plan.description = self.description(plan)

    def settlement(self, unit: str, days: int) -> str:
        """Short jobs are paid daily or on completion, long ones monthly."""
        rng = self.rng
        if unit == PayUnit.MONTH or days > 60:
            return SettlementCycle.MONTHLY if rng.random() < 0.85 else SettlementCycle.WEEKLY
        if days <= 7:
            return SettlementCycle.DAILY if rng.random() < 0.65 else SettlementCycle.ON_COMPLETION
        r = rng.random()
        return (
            SettlementCycle.DAILY
            if r < 0.35
            else SettlementCycle.WEEKLY
            if r < 0.75
            else SettlementCycle.ON_COMPLETION
        )

    def _title(self, plan: JobPlan) -> str:
        days = (plan.end - plan.start).days + 1
        templates = self.ctx.names["job_title_templates"]
        fitting = [t for t in templates if self._template_fits(t, plan, days)]
        template = self.rng.choice(fitting or ["招{occupation}{n}名"])
        lunan_wide = plan.place.in_lunan and self.rng.random() < 0.6
        area = self.ctx.geo.by_code[LUNAN].name if lunan_wide else plan.place.name
        title: str = template.format(occupation=plan.occupations[0].name, n=plan.headcount, district=area)
        return title[:60]

    @staticmethod
    def _template_fits(template: str, plan: JobPlan, days: int) -> bool:
        """Only urgent jobs say 急, only daily pay says 日结, and 长期/短期 must match the dates."""
        if ("急" in template) != plan.urgent:
            return False
        if "日结" in template and plan.settlement != SettlementCycle.DAILY:
            return False
        if "长期" in template and days <= 30:
            return False
        return not (("短期" in template or "临时" in template) and days > 30)

    def description(self, plan: JobPlan) -> str:
        main = plan.occupations[0]
        templates = self.ctx.names["job_description_templates_by_industry"].get(main.industry)
        template = self.rng.choice(templates or ["{place}需要{occupation}，工作时间{hours}。"])
        start, end, _hours = plan.shift
        place = plan.address.removeprefix("唐山市").split("号")[0].rstrip("0123456789")
        text: str = template.format(place=place, occupation=main.name, hours=f"{start:%H:%M}-{end:%H:%M}")
        return text

    # -- the posting ----------------------------------------------------------------------------------

    def add_job(self, plan: JobPlan, applicants: int | None = None) -> JobRow:
        """The posting as the services leave it; ``applicants`` fixes how many apply (story jobs)."""
        org, e = self.org, plan.employer
        station = None
        if plan.channel == SourceChannel.STATION:
            station = e.enterprise.station or org.nearest_station(plan.lat, plan.lon)
        staff_posted = plan.channel != SourceChannel.ONLINE
        poster = (
            (org.station_staff if station == org.demo_station else org.admin) if staff_posted else e.admin
        )
        created = (plan.published_at or self.ctx.now) - dt.timedelta(hours=self.rng.uniform(0.2, 48))
        job = self._posting(plan, station, poster, created)
        if plan.published_at is not None:  # staff postings open at once; the others passed review
            job.reviewed_by = poster if staff_posted else org.admin
        if not staff_posted:  # the review clock starts when the employer submits
            job.submitted_at = created
        if self._published_before_review(plan):
            # A clean employer's low-risk posting that opened at once and awaits the post-publication check.
            job.reviewed_by = None
            job.submitted_at = plan.published_at
            job.post_review_status = PostReviewStatus.PENDING
        if plan.status in (JobStatus.CLOSED, JobStatus.EXPIRED):
            job.closed_at = self._closed_at(plan)
        row = JobRow(job=job, occupations=[o.code for o in plan.occupations], certificates=job_certs(plan))
        self.rows.append(row)
        self.applicants.plan(row, applicants)
        return row

    def _published_before_review(self, plan: JobPlan) -> bool:
        """About a third of the online postings opened in the last day and a half; chosen by a checksum of
        the title and place, not by a draw, so the seed's random sequence (every other row) is unchanged."""
        if plan.status != JobStatus.OPEN or plan.channel != SourceChannel.ONLINE or plan.published_at is None:
            return False
        if self.ctx.now - plan.published_at > dt.timedelta(hours=36):
            return False
        return zlib.crc32(f"{plan.title}{plan.lat:.5f}".encode()) % 3 == 0

    def _posting(
        self, plan: JobPlan, station: Station | None, poster: User, created: dt.datetime
    ) -> JobPosting:
        start_time, end_time, hours = plan.shift
        return JobPosting(
            market=self.org.market,
            enterprise=plan.employer.enterprise,
            station=station,
            created_by=poster,
            title=plan.title,
            description=plan.description,
            headcount=plan.headcount,
            address=plan.address,
            division_id=plan.place.code,
            lat=plan.lat,
            lon=plan.lon,
            pay_amount=plan.pay_amount,
            pay_unit=plan.pay_unit,
            start_date=plan.start,
            end_date=plan.end,
            daily_start_time=start_time,
            daily_end_time=end_time,
            daily_hours=hours,
            settlement_cycle=plan.settlement,
            is_urgent=plan.urgent,
            insurance_required=any(o.insurance for o in plan.occupations),
            source_channel=plan.channel,
            status=plan.status,
            created_at=created,
            published_at=plan.published_at,
        )

    def _closed_at(self, plan: JobPlan) -> dt.datetime:
        now = self.ctx.now
        published = plan.published_at or now
        if plan.status == JobStatus.EXPIRED:  # the nightly expiry run after the end date
            return min(local_dt(plan.end + dt.timedelta(days=1), 1, 30), now)
        return published + (now - published) * self.rng.uniform(0.2, 0.9)


def job_certs(plan: JobPlan) -> list[str]:
    """Legal-gate certificates are always required, as create_job does; health ones when asked for."""
    gates = [o.certificate for o in plan.occupations if o.certificate and o.cert_kind != "health"]
    return sorted({*gates, *plan.extra_certs})
