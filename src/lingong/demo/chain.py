"""The demo cast's engagements, made the way people make them: every step goes through its service
(posting and review, application, offer, acceptance, contract and signatures, insurance, check-in and
check-out, confirmation or dispute, settlement, payment, ratings), so the contracts, policies,
statements, notifications and the audit trail are the real ones.

This is the only module of the demo that calls the engagement chain's services; the steps that span apps
(accept, sign, buy the cover, pay, rate) go through the orchestrator, ``lingong.workflow.chain``, as the
pages and the API do.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lingong.accounts.models import User
from lingong.contracts import services as contract_services
from lingong.demo.cast import (
    ADMIN_PHONE,
    DEMO_PHONES,
    EMPLOYER_PHONE,
    ENGAGEMENT_JOBS,
    JIANG_PHONE,
    LI_PHONE,
    SEED_USER_AGENT,
)
from lingong.demo.common import Window, live_window, worked_windows
from lingong.demo.context import DemoContext
from lingong.demo.employers import Employers
from lingong.demo.jobs import Jobs
from lingong.demo.signing import stored_signing_code
from lingong.engagements import services as engagement_services
from lingong.engagements.models import Engagement, Shift
from lingong.insurance import selectors as insurance_selectors
from lingong.jobs import matching_index, recommendations
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting, JobStatus, SettlementCycle
from lingong.settlement import services as settlement_services
from lingong.taxonomy.models import PayUnit
from lingong.workflow import chain as workflow


class ChainBuilder:
    """All of it happens today. The services place an engagement's first shift today at the earliest and
    stamp each step with the current time, so "last week's job" would need rows rewritten by hand;
    instead 李建国's work is shifts earlier today that are already over (``worked_windows``)."""

    def __init__(self, ctx: DemoContext, employers: Employers, jobs: Jobs) -> None:
        self.ctx = ctx
        self.employers = employers
        self.snow_job_pk = jobs.xinda_rows[0].job.pk
        users = {u.phone: u for u in User.objects.filter(phone__in=DEMO_PHONES)}
        self.admin, self.boss = users[ADMIN_PHONE], users[EMPLOYER_PHONE]
        self.jiang, self.li = users[JIANG_PHONE], users[LI_PHONE]

    def build(self) -> None:
        ctx = self.ctx
        ctx.progress.set_description("用工单")
        earlier, later = worked_windows(ctx.now)
        made = [self._li_paid_and_rated(later), self._li_disputed(earlier), *self._jiang_signing()]
        ctx.counts["jobs"] = ctx.counts.get("jobs", 0) + ENGAGEMENT_JOBS
        ctx.counts["applications"] = ctx.counts.get("applications", 0) + len(made)
        ctx.counts["engagements"] = len(made)
        ctx.progress.update(ENGAGEMENT_JOBS)

    def _li_paid_and_rated(self, window: Window) -> Engagement:
        """李建国: half a day of railing painting earlier today, done, confirmed, paid and rated by both."""
        li, boss = self.li, self.boss
        painting = self._post_job(
            "路南区人行天桥护栏刷漆，招油漆工1名（当天结清）",
            "人行天桥钢护栏除锈、刷防锈漆和面漆，按小时计酬，当天确认工时后结清。需自带刷具，防护用品由公司提供。",
            "painter",
            self._near_li(),
            days=1,
            window=window,
            pay=Decimal("45"),
            pay_unit=PayUnit.HOUR,
        )
        done = self._hire(li, painting)
        self._sign_both(done, li)
        shift = done.shifts.get()
        self._work(li, shift)  # the last shift: checking out completes the engagement
        engagement_services.confirm_shift(actor=boss, shift_id=shift.pk)
        statement = settlement_services.settle(
            actor=boss, engagement_id=done.pk, idempotency_key=f"demo-seed-settle-{done.pk}"
        )
        payment = workflow.pay_statement(
            actor=boss,
            statement_id=statement.pk,
            idempotency_key=f"demo-seed-pay-{statement.pk}",
            reference="网银转账（演示数据）",
        )
        assert payment.status == "succeeded"
        workflow.rate_engagement(
            actor=li,
            engagement_id=done.pk,
            stars=5,
            dimensions={"pay_on_time": 5, "safety": 4, "as_described": 5},
            comment="当天就结了工钱，现场有专人看护，活和说的一样。",
        )
        workflow.rate_engagement(
            actor=boss,
            engagement_id=done.pk,
            stars=5,
            dimensions={"quality": 5, "punctuality": 5, "attitude": 5},
            comment="油漆刷得均匀，边角处理干净，准时到岗。",
        )
        return done

    def _li_disputed(self, earlier: Window | None) -> Engagement:
        """李建国: three days of formwork; the employer disputes the hours of today's shift, which puts a
        case in the station staff's queue. A seed run before 01:30 has no earlier stretch: he starts
        tomorrow."""
        today = self.ctx.today
        formwork = self._post_job(
            "路南区小区道路改造招木工（支模）1名",
            "小区道路及路缘石改造，木工支设、拆除模板，连续3天，按小时计酬、每日确认工时后结算。",
            "carpenter",
            self._near_li(),
            days=3,
            window=earlier or (dt.time(8, 0), dt.time(16, 0)),
            start=today if earlier else today + dt.timedelta(days=1),
            pay=Decimal("45"),
            pay_unit=PayUnit.HOUR,
        )
        ongoing = self._hire(self.li, formwork)
        self._sign_both(ongoing, self.li)
        if earlier is not None:
            first = ongoing.shifts.order_by("date")[0]
            # Checked in at the far gate of the estate, about 1.2 km from the site: flagged, so the
            # station staff's queue has a check-in to clear or reject.
            self._work(self.li, first, far=True)
            first.refresh_from_db()
            engagement_services.dispute_shift(
                actor=self.boss,
                shift_id=first.pk,
                reason="工人提前约半小时离开工地，签退时间与实际不符",
                claimed_hours=max(Decimal(0), (first.worked_hours or Decimal(0)) - Decimal("0.5")),
            )
        return ongoing

    def _jiang_signing(self) -> list[Engagement]:
        """江小军: a loader shift on a road-repair site starting within the next hour or two, signed and
        insured, so his check-in button is live; his story's snow-removal job waits for his signature."""
        ctx, jiang = self.ctx, self.jiang
        xinda = self.employers.xinda.enterprise
        lat, lon = ctx.near(xinda.lat, xinda.lon, 1.5)
        loader = self._post_job(
            "路南区道路维修工地招装载机司机1名（日结）",
            "道路维修工地驾驶装载机（铲车）清运渣土、配合摊铺，连续2天，按天计酬、每日结算。",
            "loader_driver",
            (lat, lon, "唐山市路南区建设南路（道路维修工地）"),
            days=2,
            window=live_window(ctx.now),
            pay=Decimal("320"),
        )
        signed = self._hire(jiang, loader)
        self._sign_both(signed, jiang)
        # The snow job's whole story: the boss found him among the recommended candidates and invited
        # him; he applied, was shortlisted, offered, accepted (his registration at the station comes first).
        snow_job = JobPosting.objects.get(pk=self.snow_job_pk)
        recommendations.invite_worker(actor=self.boss, job=snow_job, worker_id=jiang.worker_profile.pk)
        snow = self._hire(jiang, snow_job, shortlist=True)
        self._sign(self.boss, snow)
        self._invite_top_candidate(snow_job)
        return [signed, snow]

    def _invite_top_candidate(self, job: JobPosting) -> None:
        """The snow job still has places: the boss has also invited its best recommended candidate, who
        shows as 已邀请 on the job's page (an index built now, from this transaction's rows)."""
        job.refresh_from_db()
        if job.status != JobStatus.OPEN:
            return
        matching_index.forget_market(job.market_id)
        candidates = recommendations.candidates_for(job, limit=1, radius_km=30)
        if candidates:
            recommendations.invite_worker(actor=self.boss, job=job, worker_id=candidates[0]["worker_id"])
        matching_index.forget_market(job.market_id)  # built inside the seed's transaction: not kept

    def _near_li(self) -> tuple[float, float, str]:
        """A site within a short ride of 李建国's home, with its address."""
        ctx = self.ctx
        lat, lon = ctx.near(*self.employers.li_home, 1.2)
        return lat, lon, ctx.address(ctx.geo.nearest(lat, lon))

    def _post_job(
        self,
        title: str,
        description: str,
        occupation: str,
        where: tuple[float, float, str],
        *,
        days: int,
        window: Window,
        pay: Decimal,
        pay_unit: str = PayUnit.DAY,
        start: dt.date | None = None,
    ) -> JobPosting:
        """The demo employer posts (create_job) and the market admin approves it (approve_job), unless it
        opened at once for the post-publication check."""
        today = self.ctx.today
        lat, lon, address = where
        start = start or today
        begin, end = (dt.datetime.combine(today, t) for t in window)
        if end <= begin:  # a night shift ends the next morning
            end += dt.timedelta(days=1)
        data = job_services.JobInput(
            title=title,
            description=description,
            occupations=[occupation],
            headcount=1,
            address=address,
            division=self.ctx.geo.nearest(lat, lon).code,
            lat=lat,
            lon=lon,
            start_date=start,
            end_date=start + dt.timedelta(days=days - 1),
            pay_unit=pay_unit,
            pay_amount=pay,
            daily_start_time=window[0],
            daily_end_time=window[1],
            daily_hours=Decimal((end - begin).total_seconds()) / Decimal(3600),
            settlement_cycle=SettlementCycle.DAILY,
        )
        job = job_services.create_job(actor=self.boss, data=data)
        if job.status == JobStatus.PENDING_REVIEW:  # else it opened at once (a clean record, low risk)
            job = job_services.approve_job(actor=self.admin, job_id=job.pk)
        return job

    def _hire(self, worker: User, job: JobPosting, *, shortlist: bool = False) -> Engagement:
        """Apply, (shortlist,) offer, accept: accepting the offer creates the engagement and its contract."""
        application = job_services.apply(actor=worker, job_id=job.pk)
        if shortlist:
            job_services.shortlist(actor=self.boss, application_id=application.pk)
        job_services.offer(actor=self.boss, application_id=application.pk)
        workflow.accept_offer(actor=worker, application_id=application.pk)
        return Engagement.objects.get(application_id=application.pk)

    def _sign_both(self, engagement: Engagement, worker: User) -> None:
        """Employer first, then the worker; the second signature completes the contract, which marks the
        engagement signed and, when the job needs it, buys the accident policy (-> insured)."""
        self._sign(self.boss, engagement)
        self._sign(worker, engagement)
        if engagement.insurance_required:
            _insure(engagement)

    @staticmethod
    def _sign(user: User, engagement: Engagement) -> None:
        """Sign the current contract version through the orchestrator, one-time code included (stored
        directly: demo/signing.py says why)."""
        current = contract_services.current_contract(engagement)
        assert current is not None
        # The task that renders the PDF runs after the seed's transaction: render it now, as it would.
        contract = contract_services.ensure_rendered(contract_id=current.pk)
        code = stored_signing_code(user)
        workflow.sign_contract(
            actor=user,
            contract_id=contract.pk,
            code=code,
            pdf_sha256=contract.pdf_sha256,
            ip=None,
            user_agent=SEED_USER_AGENT,
        )

    @staticmethod
    def _work(worker: User, shift: Shift, *, far: bool = False) -> None:
        """Check in at the start and out at the end (or now, if the shift has not ended yet), a few
        metres from the site (or, ``far``, checked in about 1.2 km away)."""
        engagement = shift.engagement
        lat, lon = engagement.site_lat + 0.0001, engagement.site_lon + 0.0001
        engagement_services.check_in(
            actor=worker, shift_id=shift.pk, lat=lat + (0.011 if far else 0), lon=lon, at=shift.starts_at
        )
        # A seed run right after a shift starts checks out early on purpose: no question to answer.
        engagement_services.check_out(
            actor=worker,
            shift_id=shift.pk,
            lat=lat,
            lon=lon,
            at=min(shift.ends_at, timezone.now()),
            confirm_short=True,
        )


def _insure(engagement: Engagement) -> None:
    """Buy the accident cover now. The signature requested the policy and queued its purchase as a task
    after commit; the seed runs in one transaction and its workers check in before that, so it makes the
    purchase itself through the step the task runs (as the system, like the task). The task, when a worker
    runs it later, finds the policy issued and changes nothing."""
    policy = insurance_selectors.current_policy(engagement)
    assert policy is not None
    workflow.buy_cover(policy_id=policy.pk)
