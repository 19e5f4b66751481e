"""Screening postings in the demo (issue 9): postings held for review with their reasons (one by the demo
employer, who sees "待审核：…" on /employer/), one held and rejected (a staff decision the calibration page
reads), one published with a flag, and one published posting reported by the demo workers. Everything goes
through the services, so the scores, reasons and decisions are the real ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lingong.accounts.models import User
from lingong.demo.cast import (
    ADMIN_PHONE,
    CENTRE_STAFF_PHONE,
    EMPLOYER_PHONE,
    JIANG_PHONE,
    LI_PHONE,
    SCREENING_JOBS,
    STATION_STAFF_PHONE,
)
from lingong.demo.context import DemoContext
from lingong.demo.employers import Employers
from lingong.demo.jobs import Jobs
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting, JobStatus
from lingong.taxonomy.models import PayUnit

# (title, description, occupation, pay, unit)
HELD_BY_DEMO_EMPLOYER = (
    "仓库装卸工3名（日结）",
    "物流仓库卸货码垛，日结260元。入职先交押金200元，干满一个月退还。",
    "stevedore",
    "260",
    PayUnit.DAY,
)
HELD = (
    (
        "在家手机打字员（兼职）",
        "在家兼职，手机打字录入，日赚300，轻松月入过万。详情加V：dz2026。",
        "data_entry_clerk",
        "40",
        PayUnit.HOUR,
    ),
    (
        "奶茶店暑假工",
        "暑假工，奶茶店调饮，15岁以上即可，工资日结。",
        "beverage_maker",
        "18",
        PayUnit.HOUR,
    ),
)
REJECTED = (
    "小区保安2名",
    "小区门岗保安，月薪4200，包住。入职需交服装费300元。",
    "security_guard",
    "4200",
    PayUnit.MONTH,
)
FLAGGED = (
    "超市理货员（夜班）",
    "超市夜间理货补货，年龄18-35岁，工资按小时结算。",
    "stock_clerk",
    "25",
    PayUnit.HOUR,
)


class ScreeningBuilder:
    def __init__(self, ctx: DemoContext, employers: Employers, jobs: Jobs) -> None:
        self.ctx = ctx
        self.employers = employers
        self.jobs = jobs
        users = {
            u.phone: u
            for u in User.objects.filter(
                phone__in=[
                    ADMIN_PHONE,
                    EMPLOYER_PHONE,
                    STATION_STAFF_PHONE,
                    CENTRE_STAFF_PHONE,
                    JIANG_PHONE,
                    LI_PHONE,
                ]
            )
        }
        self.boss = users[EMPLOYER_PHONE]
        self.station_staff = users[STATION_STAFF_PHONE]
        self.centre_staff = users[CENTRE_STAFF_PHONE]
        self.admin = users[ADMIN_PHONE]
        self.workers = [users[JIANG_PHONE], users[LI_PHONE]]
        self.story: set[int] = set()  # the story employers' enterprises: their jobs stay as told

    def build(self) -> None:
        ctx = self.ctx
        ctx.progress.set_description("岗位风险筛查")
        e = self.employers
        self.story = {r.enterprise.pk for r in (e.xinda, e.bank, e.kindergarten, e.household)}
        others = [
            r
            for r in e.rows
            if r.enterprise.is_verified and not r.household and r.enterprise.pk not in self.story
        ]
        self._post(self.boss, *HELD_BY_DEMO_EMPLOYER)
        for (title, description, occupation, pay, unit), row in zip(HELD, others, strict=False):
            self._post(row.admin, title, description, occupation, pay, unit)
        # Rejected by the centre staff login: an employer of its centre (staff scope).
        centre = self.centre_staff.centre_id
        in_centre = [r for r in others if r.enterprise.station and r.enterprise.station.centre_id == centre]
        rejected = self._post((in_centre or others)[-1].admin, *REJECTED)
        if rejected.status == JobStatus.PENDING_REVIEW:
            job_services.reject_job(actor=self.centre_staff, job_id=rejected.pk, reason="向求职者收取服装费")
        local = next(
            (r for r in others if r.enterprise.station_id == self.station_staff.station_id), others[0]
        )
        # Posted by the market admin, whose posting opens at once: a medium score publishes it with a flag
        # (station staff's postings go the employer's way, reviewed first when anything is found).
        self._post(self.admin, *FLAGGED, enterprise_id=local.enterprise.pk)
        self._report_one()
        ctx.counts["jobs"] = ctx.counts.get("jobs", 0) + SCREENING_JOBS
        ctx.progress.update(SCREENING_JOBS)

    def _post(
        self,
        actor: User,
        title: str,
        description: str,
        occupation: str,
        pay: str,
        unit: str,
        *,
        enterprise_id: int | None = None,
    ) -> JobPosting:
        where = self.jobs.xinda_rows[0].job
        today = self.ctx.today
        data = job_services.JobInput(
            title=title,
            description=description,
            occupations=[occupation],
            headcount=2,
            address=where.address,
            division=where.division_id,
            lat=where.lat,
            lon=where.lon,
            start_date=today + dt.timedelta(days=2),
            end_date=today + dt.timedelta(days=30),
            pay_unit=unit,
            pay_amount=Decimal(pay),
        )
        return job_services.create_job(actor=actor, data=data, enterprise_id=enterprise_id)

    def _report_one(self) -> None:
        """Both demo workers report an open posting of another employer: staff see it flagged or held."""
        target = next(
            r.job
            for r in self.jobs.rows
            if r.job.status == JobStatus.OPEN and r.job.enterprise_id not in self.story
        )
        job_services.report_job(
            actor=self.workers[0], job_id=target.pk, reason="fee", text="电话里让先交100元体检费才能上岗"
        )
        job_services.report_job(
            actor=self.workers[1], job_id=target.pk, reason="contact", text="让加微信私聊"
        )
