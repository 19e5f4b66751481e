"""The bank's live quick-recruit (即时快招): 11 cooks for its staff canteen, filling as the demo opens.

Built last (after every other builder), so its draws change nothing else in the market. It makes sure
enough cooks live within the radius cap of the bank for a drill to fill 11 places (``quick_recruit_drill``),
then starts the campaign through the services on a clock set a few minutes back: waves went out, some of
the invited answered, a few accepted, and the rest of the campaign runs live (the every-minute task).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from lingong.core.errors import DomainError
from lingong.core.geo import haversine_km
from lingong.demo.context import DemoContext
from lingong.demo.employers import Employers
from lingong.demo.org import Org
from lingong.demo.workers import WorkerBuilder, WorkerSpec
from lingong.jobs import services as job_services
from lingong.jobs.models import Application
from lingong.org.policy import policy_for
from lingong.recruit import services as recruit
from lingong.recruit.models import CampaignInvite, QuickRecruit
from lingong.workers.models import Gender, WorkerProfile
from lingong.workflow import chain

logger = logging.getLogger("lingong.demo")

QUICK_RECRUIT_TITLE = "即时快招：银行职工食堂急招中式烹调师11名"
HEADCOUNT = 11
MIN_COOKS_NEAR = 60  # enough for a drill to fill 11 places with the answer rates it draws
COOK = "chinese_cook"
COOK_CERTIFICATE = "health_certificate"


def cooks_near(market_id: int, lat: float, lon: float, km: float) -> int:
    """Cooks a quick recruit can invite: with a verified health certificate (a cook's certificate, which the
    engine requires), living within km of the point and willing to travel that far (the engine's own limit).
    Demo workers drawn with the trade but no verified certificate are not counted: no wave would invite
    them."""
    homes = (
        WorkerProfile.objects.filter(
            market_id=market_id,
            skills__occupation_id=COOK,
            certificates__certificate_type_id=COOK_CERTIFICATE,
            certificates__verified_at__isnull=False,
        )
        .distinct()
        .values_list("home_lat", "home_lon", "travel_radius_km")
    )
    return sum(
        1
        for a, b, reach in homes
        if a is not None and b is not None and haversine_km(lat, lon, a, b) <= min(km, reach or km)
    )


def add_cooks_near_bank(ctx: DemoContext, org: Org, employers: Employers) -> int:
    """Cooks with a verified health certificate living 1-12 km from the bank, up to MIN_COOKS_NEAR."""
    bank = employers.bank.enterprise
    cap = policy_for(org.market.pk).radius_cap_km
    missing = MIN_COOKS_NEAR - cooks_near(org.market.pk, bank.lat, bank.lon, cap)
    if missing <= 0:
        return 0
    builder = WorkerBuilder(ctx, org, employers.li_home)
    rng = ctx.rng
    for _ in range(missing):
        lat, lon = _point_near(rng, bank.lat, bank.lon, rng.uniform(1.0, 12.0))
        gender = Gender.MALE if rng.random() < 0.7 else Gender.FEMALE
        spec = WorkerSpec(
            name=ctx.ids.person_name(rng, gender),
            gender=gender,
            birth=ctx.ids.birth_date(rng, rng.randint(25, 55)),
            lat=lat,
            lon=lon,
            skills=[(COOK, rng.randint(2, 20)), ("kitchen_helper", rng.randint(0, 5))]
            if "kitchen_helper" in ctx.cat.by_code
            else [(COOK, rng.randint(2, 20))],
            station=org.nearest_station(lat, lon),
            registered=ctx.past(400, 5),
            certs_verified=True,
            profile={"travel_radius_km": rng.choice((15, 20, 30))},
        )
        builder._add_worker(spec)
    builder._save()
    # Beyond the requested scale: counted apart (the seed's summary names them).
    for label in ("workers", "users"):
        ctx.counts[label] = ctx.counts.get(label, 0) - missing
    ctx.counts["quick_recruit_cooks"] = missing
    return missing


def _point_near(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    angle = rng.uniform(0, 2 * math.pi)
    return lat + km * math.cos(angle) / 111.2, lon + km * math.sin(angle) / (
        111.2 * math.cos(math.radians(lat))
    )


def _fixed(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def build_quick_recruit(ctx: DemoContext, org: Org, employers: Employers) -> QuickRecruit:
    """The bank's campaign, started 12 minutes before now on its own clock: three waves, answers, hires."""
    ctx.progress.set_description("即时快招")
    add_cooks_near_bank(ctx, org, employers)
    bank_row = employers.bank
    bank = bank_row.enterprise
    now = ctx.now
    start_day = ctx.today + dt.timedelta(days=1)
    posting = job_services.JobInput(
        title=QUICK_RECRUIT_TITLE[:60],
        description="中国工商银行唐山路南支行职工食堂扩大供餐，急招中式烹调师11名，负责午餐与晚餐制作，"
        "工作时间09:00-17:00，需持有效健康证（到岗查验），按天结算，管午饭。",
        occupations=[COOK],
        headcount=HEADCOUNT,
        address=bank.address,
        division=bank.division_id,
        start_date=start_day,
        end_date=start_day + dt.timedelta(days=6),
        pay_unit="day",
        pay_amount=Decimal("280"),
        lat=bank.lat,
        lon=bank.lon,
        daily_start_time=dt.time(9, 0),
        daily_end_time=dt.time(17, 0),
        is_urgent=True,
    )
    job = job_services.create_job(actor=org.admin, data=posting, enterprise_id=bank.pk)
    starts_at = timezone.make_aware(dt.datetime.combine(start_day, dt.time(9, 0)))
    started = now - dt.timedelta(minutes=12)
    data = recruit.CampaignInput(
        headcount=HEADCOUNT,
        starts_at=starts_at,
        fill_deadline=starts_at - dt.timedelta(hours=1),
        job_id=job.pk,
    )
    with recruit.using_clock(_fixed(started)):
        campaign = recruit.start_campaign(actor=bank_row.admin, data=data, now=started)
    rng = random.Random(ctx.opts.seed + 10)  # its own draws: the rest of the market is unchanged
    for minutes in (0, 5, 10):
        at = started + dt.timedelta(minutes=minutes)
        with recruit.using_clock(_fixed(at)):
            recruit.run_wave(campaign_id=campaign.pk, now=at)
    invites = list(
        CampaignInvite.objects.filter(campaign=campaign).select_related("worker__user").order_by("pk")
    )
    rng.shuffle(invites)
    for invite in invites[:7]:
        seen = invite.invited_at + dt.timedelta(seconds=rng.randint(20, 200))
        when = min(seen + dt.timedelta(seconds=rng.randint(10, 120)), now - dt.timedelta(seconds=30))
        with recruit.using_clock(_fixed(when)):
            try:
                recruit.answer(actor=invite.worker.user, campaign_id=campaign.pk, now=when)
            except DomainError as exc:  # a cook who cannot answer (already engaged...) simply does not
                logger.info("Demo quick-recruit: an answer was refused (%s)", exc.code)
    for invite in invites[7:12]:  # opened the message, not answered yet
        CampaignInvite.objects.filter(pk=invite.pk, viewed_at__isnull=True).update(
            viewed_at=invite.invited_at + dt.timedelta(seconds=rng.randint(30, 300))
        )
    offered = CampaignInvite.objects.filter(campaign=campaign, state="offered").select_related("worker__user")
    for invite in list(offered.order_by("answered_at"))[:4]:
        application = Application.objects.get(pk=invite.application_id or 0)
        with recruit.using_clock(_fixed(now - dt.timedelta(minutes=1))):
            chain.accept_offer(actor=invite.worker.user, application_id=application.pk)
    # The first-wave task queued on commit finds nothing due: the next wave is a few minutes ahead.
    return QuickRecruit.objects.get(pk=campaign.pk)
