"""Replay the bank's quick-recruit (即时快招) on the demo data with a compressed clock.

A new posting for the bank's canteen starts a campaign; waves run every interval of the market's policy;
the invited workers are simulated, each with delays drawn from log-normal distributions (below); offers are
accepted through the real chain (engagement and contract); declines and lapsed offers promote standby.
Nothing waits for real time: the clock jumps from one event to the next. By default everything runs in one
transaction that is rolled back (the demo is unchanged); --keep commits it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from lingong.accounts.models import Role, User
from lingong.core.errors import DomainError
from lingong.core.masking import mask_name
from lingong.employers.models import Enterprise
from lingong.jobs import services as job_services
from lingong.recruit import services
from lingong.recruit.models import CampaignInvite, CampaignStatus, InviteState, QuickRecruit, Wave
from lingong.workflow import chain

BANK_NAME = "中国工商银行唐山路南支行"  # demo.cast.BANK_NAME (demo sits above recruit: not imported)

# The simulated behaviour of an invited worker (documented in the help and docs/architecture.md).
P_VIEW = 0.85  # opens the message at all
VIEW_MEDIAN_S, VIEW_SIGMA = 90.0, 0.8  # log-normal delay from the invitation to opening it
P_ANSWER = 0.55  # answers (接单) once they opened it
ANSWER_MEDIAN_S, ANSWER_SIGMA = 45.0, 0.7  # log-normal delay from opening to answering
P_DECLINE = 0.1  # declines the offer instead of accepting it
P_SILENT = 0.05  # never reacts to the offer (it lapses after the market's offer minutes)
DECIDE_MEDIAN_S, DECIDE_SIGMA = 75.0, 0.6  # log-normal delay from the offer to accepting / declining

HELP = (
    "用压缩时钟重放银行即时快招：新建岗位并发起快招，按市场规则分轮推送，模拟被邀请的求职者查看、接单、"
    "接受或婉拒录用，打印时间线和招满用时。默认在一个事务中运行并回滚（演示数据不变），--keep 保留结果。"
    f" 模拟分布：{P_VIEW:.0%} 的人会查看邀请，查看延迟为对数正态分布（中位数 {VIEW_MEDIAN_S:.0f} 秒，"
    f"σ={VIEW_SIGMA}）；查看者中 {P_ANSWER:.0%} 接单，接单延迟对数正态（中位数 {ANSWER_MEDIAN_S:.0f} 秒，"
    f"σ={ANSWER_SIGMA}）；获录用者 {P_DECLINE:.0%} 婉拒、{P_SILENT:.0%} 不回应（超时失效），其余接受，"
    f"决定延迟对数正态（中位数 {DECIDE_MEDIAN_S:.0f} 秒，σ={DECIDE_SIGMA}）。"
)


def lognormal(rng: random.Random, median_s: float, sigma: float) -> dt.timedelta:
    return dt.timedelta(seconds=rng.lognormvariate(math.log(median_s), sigma))


@dataclass(order=True)
class Event:
    at: dt.datetime
    seq: int
    kind: str = ""  # view | answer | decide
    invite_id: int = 0


class Drill:
    def __init__(self, *, headcount: int, seed: int, out: Any) -> None:
        self.headcount = headcount
        self.rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
        self.out = out
        self.seq = itertools.count()
        self.queue: list[Event] = []
        self.now = timezone.now()
        self.t0 = self.now
        self.planned: set[int] = set()

    # --- output -------------------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        seconds = int((self.now - self.t0).total_seconds())
        self.out.write(f"T+{seconds // 60:02d}:{seconds % 60:02d} {text}")

    # --- the run ------------------------------------------------------------------------------------------

    def run(self) -> QuickRecruit:
        campaign = self._start()
        policy_minutes = dt.timedelta(minutes=1)
        next_tick = self.now
        while True:
            campaign.refresh_from_db()
            if campaign.status in (CampaignStatus.FILLED, CampaignStatus.EXPIRED, CampaignStatus.CANCELLED):
                break
            if self.queue and self.queue[0].at < next_tick:
                event = heapq.heappop(self.queue)
                self.now = event.at
                self._handle(campaign, event)
                continue
            self.now = next_tick
            self._tick(campaign)
            next_tick = self.now + policy_minutes
            if self.now > campaign.fill_deadline + policy_minutes:
                break
        self._finish(campaign)
        return campaign

    def _start(self) -> QuickRecruit:
        bank = Enterprise.objects.filter(name=BANK_NAME).first()
        if bank is None:
            raise CommandError("没有找到演示银行，请先运行 python manage.py seed")
        admin = User.objects.filter(role=Role.MARKET_ADMIN, market_id=bank.market_id).order_by("pk").first()
        if admin is None:
            raise CommandError("演示市场没有市场管理员")
        local = timezone.localtime(self.now)
        start_day = local.date() + dt.timedelta(days=1)
        posting = job_services.JobInput(
            title=f"快招演练：银行职工食堂急招中式烹调师{self.headcount}名"[:60],
            description="演练：中国工商银行唐山路南支行职工食堂急招中式烹调师，工作时间09:00-17:00，按天结算。",
            occupations=["chinese_cook"],
            headcount=self.headcount,
            address=bank.address,
            division=bank.division_id,
            start_date=start_day,
            end_date=start_day + dt.timedelta(days=6),
            pay_unit="day",
            pay_amount="280",
            lat=bank.lat,
            lon=bank.lon,
            daily_start_time=dt.time(9, 0),
            daily_end_time=dt.time(17, 0),
            is_urgent=True,
        )
        job = job_services.create_job(actor=admin, data=posting, enterprise_id=bank.pk)
        starts_at = timezone.make_aware(dt.datetime.combine(start_day, dt.time(9, 0)))
        deadline = min(self.now + dt.timedelta(hours=2), starts_at - dt.timedelta(minutes=30))
        data = services.CampaignInput(
            headcount=self.headcount, starts_at=starts_at, fill_deadline=deadline, job_id=job.pk
        )
        campaign = services.start_campaign(actor=admin, data=data, now=self.now)
        until = timezone.localtime(deadline)
        self.say(f"发起快招：{bank.name} 招中式烹调师 {self.headcount} 名，截止 {until:%H:%M}")
        return campaign

    def _tick(self, campaign: QuickRecruit) -> None:
        before = set(Wave.objects.filter(campaign=campaign).values_list("pk", flat=True))
        states = self._states(campaign)
        services.run_due(now=self.now)
        for wave in Wave.objects.filter(campaign=campaign).exclude(pk__in=before).order_by("number"):
            self.say(
                f"第{wave.number}轮：半径 {wave.radius_km:g} 公里内邀请 {wave.invited} 人，"
                f"新联动驿站 {wave.stations_linked} 个"
            )
            for invite in CampaignInvite.objects.filter(wave=wave):
                self._plan_invite(invite)
        self._report_changes(campaign, states)

    def _plan_invite(self, invite: CampaignInvite) -> None:
        if invite.pk in self.planned:
            return
        self.planned.add(invite.pk)
        if self.rng.random() >= P_VIEW:
            return  # never opens it
        seen = invite.invited_at + lognormal(self.rng, VIEW_MEDIAN_S, VIEW_SIGMA)
        heapq.heappush(self.queue, Event(seen, next(self.seq), "view", invite.pk))

    def _handle(self, campaign: QuickRecruit, event: Event) -> None:
        invite = CampaignInvite.objects.select_related("worker__user").get(pk=event.invite_id)
        name = mask_name(invite.worker.real_name)
        states = self._states(campaign)
        if event.kind == "view":
            CampaignInvite.objects.filter(pk=invite.pk, viewed_at__isnull=True).update(viewed_at=self.now)
            if self.rng.random() < P_ANSWER:
                at = self.now + lognormal(self.rng, ANSWER_MEDIAN_S, ANSWER_SIGMA)
                heapq.heappush(self.queue, Event(at, next(self.seq), "answer", invite.pk))
            return
        if event.kind == "answer":
            try:
                answered = services.answer(actor=invite.worker.user, campaign_id=campaign.pk, now=self.now)
            except DomainError as exc:
                self.say(f"{name} 接单未成功：{exc.message}")
                return
            self.say(
                f"{name} 接单 -> {'录用（待确认）' if answered.state == InviteState.OFFERED else '候补'}"
            )
            states[invite.pk] = answered.state
            if answered.state == InviteState.OFFERED:
                self._plan_decision(answered)
        elif event.kind == "decide":
            invite.refresh_from_db()
            if invite.state != InviteState.OFFERED or invite.application_id is None:
                return
            if self.rng.random() < P_DECLINE:
                job_services.decline_offer(actor=invite.worker.user, application_id=invite.application_id)
                self.say(f"{name} 婉拒录用")
            else:
                chain.accept_offer(actor=invite.worker.user, application_id=invite.application_id)
                self.say(f"{name} 接受录用")
            states[invite.pk] = CampaignInvite.objects.get(pk=invite.pk).state
        self._report_changes(campaign, states)

    def _states(self, campaign: QuickRecruit) -> dict[int, str]:
        return dict(CampaignInvite.objects.filter(campaign=campaign).values_list("pk", "state"))

    def _report_changes(self, campaign: QuickRecruit, before: dict[int, str]) -> None:
        """Offers made since (promotions from standby) get a decision planned; changes are printed."""
        after = CampaignInvite.objects.filter(campaign=campaign).select_related("worker")
        for invite in after:
            was = before.get(invite.pk)
            if invite.state == was:
                continue
            name = mask_name(invite.worker.real_name)
            if invite.state == InviteState.OFFERED:
                if was == InviteState.STANDBY:
                    self.say(f"{name} 候补递补 -> 录用（待确认）")
                self._plan_decision(invite)
            elif invite.state == InviteState.LAPSED:
                self.say(f"{name} 录用超时未确认，已失效")

    def _plan_decision(self, invite: CampaignInvite) -> None:
        if self.rng.random() < P_SILENT:
            return  # lets the offer lapse
        at = self.now + lognormal(self.rng, DECIDE_MEDIAN_S, DECIDE_SIGMA)
        heapq.heappush(self.queue, Event(at, next(self.seq), "decide", invite.pk))

    def _finish(self, campaign: QuickRecruit) -> None:
        campaign.refresh_from_db()
        counts = CampaignInvite.objects.filter(campaign=campaign)
        accepted = counts.filter(state=InviteState.ACCEPTED).count()
        if campaign.status == CampaignStatus.FILLED and campaign.time_to_fill_s is not None:
            s = campaign.time_to_fill_s
            self.say(f"招满：{accepted}/{campaign.headcount}，用时 {s // 60} 分 {s % 60} 秒")
        else:
            self.say(f"未招满：{accepted}/{campaign.headcount}，状态 {campaign.get_status_display()}")
        self.out.write(
            f"邀请 {counts.count()} 人，查看 {counts.filter(viewed_at__isnull=False).count()} 人，"
            f"接单 {counts.filter(answered_at__isnull=False).count()} 人，"
            f"候补 {counts.filter(state=InviteState.STANDBY).count()} 人，"
            f"首个响应用时 {campaign.time_to_first_answer_s} 秒，招满用时 {campaign.time_to_fill_s} 秒"
        )


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--headcount", type=int, default=11, help="招募人数（默认 11）")
        parser.add_argument("--seed", type=int, default=2026, help="模拟的随机种子（默认 2026）")
        parser.add_argument("--keep", action="store_true", help="保留演练结果（默认回滚）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["headcount"] <= services.MAX_HEADCOUNT:
            raise CommandError("招募人数应为1至500人")
        with transaction.atomic():
            drill = Drill(headcount=options["headcount"], seed=options["seed"], out=self.stdout)
            with services.using_clock(lambda: drill.now):
                campaign = drill.run()
            if not options["keep"]:
                transaction.set_rollback(True)
                self.stdout.write("演练结束，已回滚（演示数据不变；--keep 可保留）。")
            else:
                self.stdout.write(f"演练结果已保留：/quick-recruit/{campaign.pk}/")
