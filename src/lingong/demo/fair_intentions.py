"""Demo: interview intentions at the demo fair running today (issue 12, fairs-b), so the booth pages, the
staff dashboard and the fair report are not empty: about 20 intentions across the booths, 4 offers made
through the jobs services, 1 accepted by the demo worker 江小军 (13800000006) on the usual path.

The fair itself, its booths, exhibitors and registrations are fairs-a's (demo/fairs.py ``build_fairs``);
this looks up the demo market's published fair running today and does nothing when there is none."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from lingong.accounts.models import User
from lingong.core.errors import DomainError
from lingong.demo.cast import JIANG_PHONE, MARKET_CODE
from lingong.demo.context import DemoContext
from lingong.fairs import intentions as services
from lingong.fairs.codes import new_code
from lingong.fairs.models import (
    BoothApplication,
    BoothStatus,
    FairRegistration,
    FairStatus,
    Intention,
    IntentionSource,
    JobFair,
    RegistrationChannel,
)
from lingong.jobs import services as job_services
from lingong.jobs.models import Application
from lingong.workers.models import WorkerProfile
from lingong.workflow import chain

TARGET = 20
OFFERS = 4


def demo_fair(today: dt.date) -> JobFair | None:
    return (
        JobFair.objects.filter(
            market__code=MARKET_CODE,
            status=FairStatus.PUBLISHED,
            starts_on__lte=today,
            ends_on__gte=today,
            mode__in=("onsite", "both"),
        )
        .order_by("starts_on", "pk")
        .first()
    )


def _jiang_registration(fair: JobFair, now: dt.datetime) -> FairRegistration | None:
    worker = WorkerProfile.objects.filter(user__phone=JIANG_PHONE).first()
    if worker is None:
        return None
    registration = FairRegistration.objects.filter(fair=fair, worker=worker).first()
    if registration is None:
        registration = FairRegistration.objects.create(
            fair=fair, worker=worker, code=new_code(), channel=RegistrationChannel.SELF, registered_at=now
        )
    if registration.checked_in_at is None:
        FairRegistration.objects.filter(pk=registration.pk).update(checked_in_at=now - dt.timedelta(hours=1))
        registration.refresh_from_db()
    return registration


def build_fair_intentions(ctx: DemoContext) -> int:
    """Intentions at today's demo fair; returns how many were made (0 when there is no such fair)."""
    fair = demo_fair(ctx.today)
    if fair is None:
        return 0
    ctx.progress.set_description("招聘会意向")
    # An own generator: the draws of the steps after this one (quick-recruit) stay as they were.
    rng, now = random.Random(f"{ctx.opts.seed}-fair-intentions"), ctx.now
    exhibitors = list(
        BoothApplication.objects.filter(fair=fair, status=BoothStatus.APPROVED)
        .select_related("enterprise")
        .order_by("booth__number", "pk")
    )
    if not exhibitors:
        return 0
    jiang = _jiang_registration(fair, now)
    registrations = list(
        FairRegistration.objects.filter(fair=fair, checked_in_at__isnull=False)
        .exclude(pk=jiang.pk if jiang else 0)
        .order_by("pk")
    )
    opens = timezone.make_aware(dt.datetime.combine(ctx.today, fair.opens_at or dt.time(9, 0)))
    start = min(opens, now - dt.timedelta(hours=2))
    pairs: list[tuple[FairRegistration, BoothApplication]] = []
    if jiang is not None:
        pairs.append((jiang, _booth_he_can_take(jiang, exhibitors)))
    for registration in registrations:
        for exhibitor in rng.sample(exhibitors, k=min(len(exhibitors), rng.randint(1, 2))):
            pairs.append((registration, exhibitor))
    pairs = pairs[:TARGET]
    made: list[Intention] = []
    for n, (registration, exhibitor) in enumerate(pairs):
        at = start + (now - start) * (n + 1) / (len(pairs) + 1)
        source = IntentionSource.WORKER_SCAN if rng.random() < 0.7 else IntentionSource.BOOTH_SCAN
        intention, created = Intention.objects.get_or_create(
            exhibitor=exhibitor,
            worker_id=registration.worker_id,
            defaults={"fair": fair, "registration": registration, "source": source, "created_at": at},
        )
        if created:
            made.append(intention)
    offers = 0
    accepted = False
    # 江小军's intention is offered first, so the one accepted offer is always there.
    made.sort(key=lambda i: 0 if jiang is not None and i.worker_id == jiang.worker_id else 1)
    for intention in made:
        if offers >= OFFERS:
            break
        exhibitor = intention.exhibitor
        member = User.objects.filter(membership__enterprise_id=exhibitor.enterprise_id).order_by("pk").first()
        job = exhibitor.jobs.filter(status="open").order_by("pk").first()
        if member is None or job is None:
            continue
        try:
            offered = services.make_offer(actor=member, intention_id=intention.pk, job_id=job.pk)
        except DomainError:
            continue
        offers += 1
        if (
            not accepted
            and jiang is not None
            and offered.application_id is not None
            and intention.worker_id == jiang.worker_id
        ):
            try:
                chain.accept_offer(actor=jiang.worker.user, application_id=offered.application_id)
                accepted = True
            except DomainError:
                pass
    ctx.counts["fair_intentions"] = len(made)
    ctx.counts["fair_offers"] = offers
    return len(made)


def _booth_he_can_take(
    registration: FairRegistration, exhibitors: list[BoothApplication]
) -> BoothApplication:
    """The first booth whose first open job the worker holds every required certificate for and has not
    applied to yet (the bank's chef job needs a cook's certificate 江小军 lacks, and the demo's story has
    him applied to some jobs already: an offer there would be refused)."""
    for exhibitor in exhibitors:
        job = exhibitor.jobs.filter(status="open").order_by("pk").first()
        if (
            job is not None
            and not job_services.missing_certificates(registration.worker, job)
            and not Application.objects.filter(job=job, worker_id=registration.worker_id).exists()
        ):
            return exhibitor
    return exhibitors[0]


def delete_fair_intentions(market_id: int) -> None:
    """Before the fairs, workers and applications go (an intention PROTECTs its worker)."""
    Intention.objects.filter(fair__market_id=market_id).delete()
