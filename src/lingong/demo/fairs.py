"""Job fairs in the demo (招聘会, issue 12): one on-site + online fair TODAY at the Lunan human resources
market, organised by the demo station (staff 13800000003), open 00:00-23:59 so that a newcomer can check a
worker in at any hour; 12 booths, 7 approved exhibitors (the bank with its chef job among them), 1 pending
application, 30 registrations (3 of them walk-ins registered at the door), 15 checked in; and one fair next
week. (The walk-in registration of people without an account is tested in fairs/tests; the demo keeps its
worker counts.)

Everything goes through the fair services (audit entries, notifications, events). Its draws come from a
random generator of its own (seeded from the seed), so adding it changes no other builder's draws.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from lingong.accounts.models import User
from lingong.demo.cast import BANK_NAME, STATION_STAFF_PHONE
from lingong.demo.context import DemoContext
from lingong.demo.org import Org
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.fairs import services
from lingong.fairs.models import FairMode, JobFair
from lingong.jobs.models import JobPosting, JobStatus
from lingong.workers.models import WorkerProfile

FAIR_TITLE = "路南区春风行动现场招聘会"
NEXT_FAIR_TITLE = "路南区家政服务专场招聘会"
EXHIBITORS = 7
BOOTHS = 12
REGISTERED = 30
WALK_INS = 3
CHECKED_IN = 15


def _fair_input(title: str, day: dt.date, description: str) -> services.FairInput:
    return services.FairInput(
        title=title,
        mode=FairMode.BOTH,
        starts_on=day,
        ends_on=day,
        description=description,
        venue="路南区人力资源市场一楼大厅",
        address="唐山市路南区新华西道68号",
        lat=39.6246,
        lon=118.1726,
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59),
        floor_width=12,
        floor_height=8,
    )


def _exhibitors() -> list[tuple[Enterprise, list[JobPosting]]]:
    """Verified demo enterprises with open jobs, the bank first (its chef job), up to EXHIBITORS + 1."""
    chosen: list[tuple[Enterprise, list[JobPosting]]] = []
    enterprises = Enterprise.objects.filter(
        status=VerificationStatus.VERIFIED, members__isnull=False
    ).distinct()
    ordered = sorted(enterprises, key=lambda e: (e.name != BANK_NAME, e.pk))
    for enterprise in ordered:
        jobs = list(
            JobPosting.objects.filter(enterprise=enterprise, status=JobStatus.OPEN).order_by("pk")[:3]
        )
        if jobs:
            chosen.append((enterprise, jobs))
        if len(chosen) > EXHIBITORS:
            break
    return chosen


def _member(enterprise: Enterprise) -> User:
    return User.objects.filter(membership__enterprise=enterprise).order_by("pk").first()  # type: ignore[return-value]


def build_fairs(ctx: DemoContext, org: Org) -> JobFair | None:
    staff = User.objects.filter(phone=STATION_STAFF_PHONE).first()
    if staff is None:
        return None
    rng = random.Random(ctx.opts.seed * 1000 + 12)
    today = ctx.today
    fair = services.create_fair(
        actor=staff,
        data=_fair_input(FAIR_TITLE, today, "百余个岗位现场招聘，带上身份证，扫码入场，扫展位码投递意向。"),
    )
    services.generate_booths(actor=staff, fair_id=fair.pk, count=BOOTHS)
    services.publish_fair(actor=staff, fair_id=fair.pk)
    rows = _exhibitors()
    for i, (enterprise, jobs) in enumerate(rows):
        application = services.apply_for_booth(
            actor=_member(enterprise),
            fair_id=fair.pk,
            job_ids=[j.pk for j in jobs],
            contact_name=enterprise.contact_name[:30] or "招聘负责人",
        )
        if i < EXHIBITORS:
            services.approve_booth_application(actor=staff, application_id=application.pk)
    _registrations(ctx, fair, staff, rng)
    next_week = today + dt.timedelta(days=7)
    upcoming = services.create_fair(
        actor=staff, data=_fair_input(NEXT_FAIR_TITLE, next_week, "家政、保洁、养老护理岗位专场。")
    )
    services.generate_booths(actor=staff, fair_id=upcoming.pk, count=8)
    services.publish_fair(actor=staff, fair_id=upcoming.pk)
    ctx.counts["招聘会"] = 2
    ctx.counts["招聘会登记"] = REGISTERED
    return fair


def _registrations(ctx: DemoContext, fair: JobFair, staff: User, rng: random.Random) -> None:
    workers = list(
        WorkerProfile.objects.filter(market_id=fair.market_id, user__is_active=True)
        .exclude(real_name="")
        .order_by("pk")
        .select_related("user")[:400]
    )
    picked = rng.sample(workers, min(REGISTERED - WALK_INS, len(workers)))
    registrations = []
    for i, worker in enumerate(picked):
        if i % 4 == 3:
            registrations.append(
                services.register_worker(actor=staff, fair_id=fair.pk, phone=worker.user.phone)
            )
        else:
            registrations.append(services.register_self(actor=worker.user, fair_id=fair.pk))
    now = ctx.now
    midnight = timezone.localtime(now).replace(hour=0, minute=1, second=0, microsecond=0)
    span = max(1, int((now - midnight).total_seconds() // 60))
    for registration in registrations[: CHECKED_IN - WALK_INS]:
        at = now - dt.timedelta(minutes=rng.randint(0, min(span, 240)))
        services.check_in(actor=staff, fair_id=fair.pk, code=registration.code, now=max(at, midnight))
    # Walk-ins: demo workers who came to the door without registering (registered and checked in at once).
    for worker in rng.sample(
        [w for w in workers if w not in picked], min(WALK_INS, len(workers) - len(picked))
    ):
        services.register_worker(
            actor=staff, fair_id=fair.pk, phone=worker.user.phone, check_in_now=True, now=now
        )
