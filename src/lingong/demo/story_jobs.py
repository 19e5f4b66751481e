"""The story jobs: the postings the demo logins and the report's six stories need, with fixed wording
and a fixed number of applicants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lingong.demo.applications import JobRow
from lingong.demo.cast import LUNAN
from lingong.demo.common import PART_SHIFTS, local_dt, pay_in_range
from lingong.demo.employers import EmployerRow
from lingong.demo.geography import OTHER_DISTRICT_ROADS
from lingong.demo.jobs import JobBuilder, JobPlan
from lingong.jobs.models import ApplicationStatus, JobStatus, SettlementCycle, SourceChannel
from lingong.taxonomy.models import PayUnit

SNOW_REMOVAL = (
    "冬季公路融雪除雪作业，驾驶装载机（铲车）清雪、装运融雪剂，工期约6个月，下雪天需随叫随到，按月结算。"
)
SNOW_SITE = "唐山市丰南区迎宾路（唐丰快速路沿线）"
# The demo employer's jobs: occupation, title, near, address, headcount, days, description.
XINDA_JOBS = (
    ("loader_driver", "丰南区公路融雪铲车司机3名", "130207", SNOW_SITE, 3, 180, SNOW_REMOVAL),
    ("road_worker", "路南区道路维修招筑路工10人", "130202009", "唐山市路南区梁家屯路", 10, 45, ""),
    ("road_roller_driver", "丰南区招压路机司机2名", "130207", "唐山市丰南区光明路", 2, 60, ""),
    ("rebar_worker", "路南区桥梁工程招钢筋工6名", "130202102", "唐山市路南区稻地镇唐柏路", 6, 90, ""),
)  # fmt: skip


def add_story_jobs(jobs: JobBuilder) -> list[JobRow]:
    """Adds the story jobs to ``jobs``; returns the demo employer's (the snow-removal job first)."""
    return StoryJobs(jobs).add()


class StoryJobs:
    def __init__(self, jobs: JobBuilder) -> None:
        self.jobs = jobs
        self.ctx = jobs.ctx
        self.rng = jobs.ctx.rng
        self.employers = jobs.employers

    def add(self) -> list[JobRow]:
        xinda_rows = self._xinda_jobs()
        self._bank_job()
        self._household_and_li_jobs()
        self._kindergarten_and_live_jobs()
        return xinda_rows

    def _plan(
        self,
        employer: EmployerRow,
        occupation: str,
        *,
        title: str,
        where: tuple[float, float, str],
        headcount: int,
        days: int,
        published: dt.datetime,
        start: dt.date | None = None,
        pay: Decimal | None = None,
        description: str = "",
        **terms: Any,
    ) -> JobPlan:
        """An open job with fixed wording; ``pay=None`` means pay negotiable (面议)."""
        occ = self.ctx.cat.by_code[occupation]
        lat, lon, address = where
        start = start or self.ctx.today + dt.timedelta(days=1)
        terms.setdefault("settlement", self.jobs.settlement(occ.unit, days))
        plan = JobPlan(
            employer=employer,
            occupations=[occ],
            status=JobStatus.OPEN,
            headcount=headcount,
            start=start,
            end=start + dt.timedelta(days=days - 1),
            published_at=published,
            lat=lat,
            lon=lon,
            place=self.ctx.geo.nearest(lat, lon),
            address=address,
            title=title,
            pay_unit=PayUnit.NEGOTIABLE if pay is None else occ.unit,
            pay_amount=pay,
            **terms,
        )
        plan.description = description or self.jobs.description(plan)
        return plan

    def _xinda_jobs(self) -> list[JobRow]:
        """The demo employer: story 1's snow-removal job in Fengnan plus road and bridge work."""
        ctx, rng = self.ctx, self.rng
        rows = []
        for code, title, near, address, headcount, days, description in XINDA_JOBS:
            lat, lon = ctx.geo.near(rng, ctx.geo.by_code[near], 0.8)
            occ = ctx.cat.by_code[code]
            plan = self._plan(
                self.employers.xinda,
                code,
                title=title,
                where=(lat, lon, address),
                headcount=headcount,
                days=days,
                published=ctx.past(6, 0.5),
                start=ctx.today + dt.timedelta(days=2),
                pay=pay_in_range(rng, occ.low, occ.high),
                description=description,
            )
            rows.append(self.jobs.add_job(plan, applicants=min(headcount + 3, 8)))
        return rows

    def _bank_job(self) -> None:
        """Story 3: the bank posts for 2 cooks at 9:00 and 11 cooks apply within 30 minutes."""
        ctx = self.ctx
        posted = min(local_dt(ctx.today, 9), ctx.now - dt.timedelta(minutes=40))
        bank = self.employers.bank.enterprise
        plan = self._plan(
            self.employers.bank,
            "chinese_cook",
            title="今日急招中式烹调师2名（银行职工食堂）",
            where=(bank.lat, bank.lon, bank.address),
            headcount=2,
            days=30,
            published=posted,
            start=ctx.today,
            pay=Decimal("260"),
            description="中国工商银行唐山路南支行职工食堂招中式烹调师2名，负责午餐制作，工作时间09:30-14:00，"
            "需持有效健康证，今天即可上岗，按天结算。",
            settlement=SettlementCycle.DAILY,
            urgent=True,
            channel=SourceChannel.STATION,
            shift=PART_SHIFTS[3],
            extra_certs=("health_certificate",),
        )
        row = self.jobs.add_job(plan, applicants=0)
        by_skill = self.jobs.workers.by_skill
        cooks = [w for w in by_skill.get("chinese_cook", ()) if "health_certificate" in w.certs_ok][:11]
        for i, cook in enumerate(cooks):
            status = ApplicationStatus.SHORTLISTED if i < 2 else ApplicationStatus.APPLIED
            applied = posted + dt.timedelta(minutes=self.rng.uniform(2, 30))
            row.applications.append(self.jobs.applicants.application(row.job, cook, status, applied=applied))

    def _household_and_li_jobs(self) -> None:
        """Story 2 (home-renovation work within 3 km of 李建国) and story 6 (home organising)."""
        ctx, household = self.ctx, self.employers.household
        home = household.enterprise
        where = (home.lat, home.lon, home.address)
        carpenter = self._plan(
            household,
            "carpenter",
            title="老房局部改造需木工1名",
            where=where,
            headcount=1,
            days=5,
            published=ctx.past(1, 0.1),
            pay=Decimal("350"),
            settlement=SettlementCycle.ON_COMPLETION,
        )
        self.jobs.add_job(carpenter, applicants=2)
        organiser = self._plan(
            household,
            "home_organizer",
            title="上门整理衣柜和储物间，需整理收纳师",
            where=where,
            headcount=1,
            days=1,
            published=ctx.past(1, 0.1),
            pay=Decimal("60"),
            shift=PART_SHIFTS[1],
        )
        self.jobs.add_job(organiser, applicants=2)
        self._near_li_jobs()

    def _near_li_jobs(self) -> None:
        """Painting, tiling and carpentry by decoration firms within reach of 李建国's home."""
        ctx, rng = self.ctx, self.rng
        decorators = self.employers.verified_by_industry.get("decoration") or [self.employers.household]
        for code in ("painter", "tiler", "carpenter"):
            lat, lon = ctx.near(*self.employers.li_home, 1.0)
            occ = ctx.cat.by_code[code]
            plan = self._plan(
                decorators[rng.randrange(len(decorators))],
                code,
                title=f"路南区家装招{occ.name}（就近上岗）",
                where=(lat, lon, ctx.address(ctx.geo.nearest(lat, lon))),
                headcount=rng.randint(1, 2),
                days=rng.randint(3, 10),
                published=ctx.past(3, 0.2),
                pay=pay_in_range(rng, occ.low, occ.high),
            )
            self.jobs.add_job(plan, applicants=rng.randint(1, 4))

    def _kindergarten_and_live_jobs(self) -> None:
        """Story 4 (a kindergarten's urgent dishwasher) and story 5 (three live-streamed cook jobs, 面议)."""
        ctx, rng = self.ctx, self.rng
        kg = self.employers.kindergarten.enterprise
        dishwasher = self._plan(
            self.employers.kindergarten,
            "dishwasher",
            title="幼儿园食堂急招洗碗工1名",
            where=(kg.lat, kg.lon, kg.address),
            headcount=1,
            days=90,
            published=ctx.past(0.2, 0.05),
            start=ctx.today,
            pay=Decimal("25"),
            urgent=True,
            channel=SourceChannel.STATION,
            shift=PART_SHIFTS[3],
            extra_certs=("health_certificate",),
        )
        self.jobs.add_job(dishwasher, applicants=2)
        caterers = self.employers.verified_by_industry.get("catering") or [self.employers.bank]
        lubei = ctx.geo.by_code.get("130203", ctx.geo.by_code[LUNAN])
        for _ in range(3):
            lat, lon = ctx.geo.near(rng, lubei, 1.5)
            road = f"{rng.choice(OTHER_DISTRICT_ROADS)}{rng.randint(1, 300)}号"
            plan = self._plan(
                caterers[rng.randrange(len(caterers))],
                "chinese_cook",
                title="高新区餐厅招中式烹调师（直播带岗）",
                where=(lat, lon, f"唐山市高新区{road}"),
                headcount=1,
                days=120,
                published=ctx.past(2, 0.1),
                channel=SourceChannel.LIVE_STREAM,
            )
            self.jobs.add_job(plan, applicants=rng.randint(1, 3))
