"""Housekeeping bookings of the demo market in every state (issue 13 §3 and §4), after the catalogue.

王女士家 (13800000005) and one more demo household have one-off bookings: one in dispatch with an open offer
to 江小军 (13800000006, who can log in and take it), one confirmed (contract to sign), one in service (signed,
insured, checked in at the address), one completed, paid and rated by both sides, one that nobody took
(unfilled, with the retry button) and one the household cancelled late (with the fee). 王女士家 also has a
recurring plan, every Tuesday 9:00 for 3 hours, with its visits made and offered.

Every step goes through the services (dispatch, the orchestrator, the engagement chain, the booking part's
cancel, plans). The rows are removed by ``demo.housekeeping_catalogue.delete_housekeeping_catalogue``
(bookings, plans, catalogue) and the engagement chain's cleanup. No random draws.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from lingong.accounts.models import User
from lingong.contracts import services as contract_services
from lingong.core.geo import haversine_km
from lingong.demo.cast import HOUSEHOLD_PHONE, JIANG_PHONE, SEED_USER_AGENT
from lingong.demo.context import DemoContext
from lingong.demo.org import Org
from lingong.demo.signing import stored_signing_code
from lingong.employers.models import Enterprise, EnterpriseKind, VerificationStatus
from lingong.engagements import services as engagement_services
from lingong.engagements.models import Engagement
from lingong.housekeeping import dispatch, orchestrator, plans, pricing
from lingong.housekeeping import services as booking_services
from lingong.housekeeping.matching import busy_worker_ids, worker_busy
from lingong.housekeeping.models import (
    Booking,
    BookingStatus,
    DispatchMode,
    HousekeepingService,
    RecurringPlan,
)
from lingong.insurance import selectors as insurance_selectors
from lingong.settlement import services as settlement_services
from lingong.workers.models import WorkerCertificate, WorkerProfile
from lingong.workflow import chain

_TZ = timezone.get_current_timezone()


def _user_of(household: Enterprise) -> User:
    member = household.members.select_related("user").order_by("pk").first()
    assert member is not None, household.name
    return member.user


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), _TZ)


def _booking(
    ctx: DemoContext,
    household: Enterprise,
    service: HousekeepingService,
    starts_at: dt.datetime,
    quantity: Decimal,
    *,
    address: str,
    lat: float,
    lon: float,
    requested: WorkerProfile | None = None,
    needs: dict[str, Any] | None = None,
) -> Booking:
    """A booking as the booking part stores it (its service refuses a start in the past, which a demo of
    a visit under way or done needs), quoted by the same price rules."""
    quote = pricing.quote(service, quantity, starts_at)
    made = Booking.objects.filter(market_id=household.market_id, plan__isnull=True).count()
    return Booking.objects.create(
        market_id=household.market_id,
        code=f"HK{ctx.today:%Y%m%d}D{made + 1:03d}",
        household=household,
        created_by=_user_of(household),
        service=service,
        address=address,
        division_id=ctx.geo.nearest(lat, lon).code,
        lat=lat,
        lon=lon,
        starts_at=starts_at,
        ends_at=quote.ends_at,
        quantity=quote.quantity,
        needs=needs or {"pets": False, "elderly": False, "children": False, "note": ""},
        quoted_price=quote.total,
        price_lines=quote.lines_json(),
        dispatch_mode=DispatchMode.CHOSEN if requested else DispatchMode.AUTO,
        requested_worker=requested,
        status=BookingStatus.DISPATCHING,
        created_at=ctx.now - dt.timedelta(hours=30),
        dispatching_at=ctx.now - dt.timedelta(hours=30),
    )


def _certified_free(booking: Booking) -> WorkerProfile:
    """The nearest worker holding the service's verified certificates and occupation who is free then
    (asked by name: the engine's weekly availability would leave a night-time seed with nobody)."""
    service = booking.service
    required = list(service.certificates_required.values_list("code", flat=True))
    last_day = timezone.localdate(booking.ends_at - dt.timedelta(seconds=1))
    workers = WorkerProfile.objects.filter(
        market_id=booking.market_id, skills__occupation_id=service.occupation_id, home_lat__isnull=False
    ).distinct()
    for code in required:
        workers = workers.filter(
            pk__in=WorkerCertificate.objects.filter(certificate_type_id=code, verified_at__isnull=False)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=last_day))
            .values("worker_id")
        )
    ids = list(workers.values_list("pk", flat=True))
    busy = busy_worker_ids(ids, booking.starts_at, booking.ends_at)
    free = list(WorkerProfile.objects.filter(pk__in=ids).exclude(pk__in=busy))
    assert free, f"no certified worker free for {booking.code}"
    return min(
        free, key=lambda w: (haversine_km(booking.lat, booking.lon, w.home_lat or 0, w.home_lon or 0), w.pk)
    )


def _accepted(booking: Booking) -> Engagement:
    """Offered to a certified worker nearby (the household's choice), who accepts."""
    worker = _certified_free(booking)
    Booking.objects.filter(pk=booking.pk).update(dispatch_mode=DispatchMode.CHOSEN, requested_worker=worker)
    offer = dispatch.start(booking.pk)
    assert offer is not None and offer.worker_id == worker.pk, booking.code
    booking = orchestrator.accept_offer(actor=offer.worker.user, offer_id=offer.pk)
    assert booking.engagement is not None
    return booking.engagement


def _sign_and_insure(engagement: Engagement, household_user: User) -> None:
    for user in (household_user, engagement.worker.user):
        current = contract_services.current_contract(engagement)
        assert current is not None
        contract = contract_services.ensure_rendered(contract_id=current.pk)
        chain.sign_contract(
            actor=user,
            contract_id=contract.pk,
            code=stored_signing_code(user),
            pdf_sha256=contract.pdf_sha256,
            ip=None,
            user_agent=SEED_USER_AGENT,
        )
    policy = insurance_selectors.current_policy(engagement)
    assert policy is not None
    chain.buy_cover(policy_id=policy.pk)  # what the task queued after commit does


def _check_in(engagement: Engagement) -> Any:
    shift = engagement.shifts.get()
    engagement_services.check_in(
        actor=engagement.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat + 0.0002,
        lon=engagement.site_lon,
        at=shift.starts_at + dt.timedelta(minutes=3),
    )
    return shift


def _earlier_today(ctx: DemoContext, hours: int, *, ends_before: dt.timedelta) -> dt.datetime:
    """A start today that ends ``ends_before`` now (or, just after midnight, as late as today allows)."""
    midnight = _at(ctx.today, 0)
    start = timezone.localtime(ctx.now - ends_before - dt.timedelta(hours=hours)).replace(
        minute=0, second=0, microsecond=0
    )
    return max(start, midnight + dt.timedelta(minutes=5))


def _free_slot(worker: WorkerProfile, ctx: DemoContext, hours: int) -> dt.datetime:
    """The first slot in the coming weeks (not a Tuesday morning: the plan's) that the worker has free;
    江小军 works long engagements in the story, so evenings and weekends are tried too."""
    for days in range(2, 30):
        day = ctx.today + dt.timedelta(days=days)
        for hour in (14, 9, 17, 8):
            start = _at(day, hour)
            if day.weekday() == 1 and hour < 12:
                continue
            if not worker_busy(worker.pk, start, start + dt.timedelta(hours=hours)):
                return start
    raise AssertionError("江小军 has no free slot")


def build_housekeeping(ctx: DemoContext, org: Org, employers: Any = None) -> dict[str, int]:
    # The login's household: generated households may carry the same family name.
    household = Enterprise.objects.get(market=org.market, members__user__phone=HOUSEHOLD_PHONE)
    wang = _user_of(household)
    other = (
        Enterprise.objects.filter(
            market=org.market, kind=EnterpriseKind.HOUSEHOLD, status=VerificationStatus.VERIFIED
        )
        .exclude(pk=household.pk)
        .filter(members__isnull=False)
        .order_by("pk")
        .first()
    )
    catalogue = {s.code: s for s in HousekeepingService.objects.filter(market=org.market)}
    cleaning = catalogue["hourly_cleaning"]
    home: dict[str, Any] = {"address": household.address, "lat": household.lat, "lon": household.lon}
    parents: dict[
        str, Any
    ] = {  # 王女士's parents live about 1 km north: a second address of the same household
        "address": "唐山市路南区友谊里小区12号楼1单元302（父母家）",
        "lat": household.lat + 0.009,
        "lon": household.lon,
    }
    elderly = {"pets": False, "elderly": True, "children": False, "note": "老人行动不便，请轻声"}

    # 1. In dispatch, offered to 江小军 (chosen by the household): he can log in and take it.
    jiang = WorkerProfile.objects.select_related("user").get(user__phone=JIANG_PHONE)
    WorkerCertificate.objects.get_or_create(
        worker=jiang,
        certificate_type_id="health_certificate",
        defaults={
            "number": "HKDEMOJIANG001",
            "issuer": "唐山市路南区疾病预防控制中心",
            "issued_on": ctx.today - dt.timedelta(days=40),
            "expires_on": ctx.today + dt.timedelta(days=320),
            "verified_by": org.admin,
            "verified_at": ctx.now - dt.timedelta(days=30),
        },
    )
    offered = _booking(
        ctx,
        household,
        cleaning,
        _free_slot(jiang, ctx, 3),
        Decimal(3),
        requested=jiang,
        **home,
        needs={"pets": True, "elderly": False, "children": False, "note": "家里有一只猫"},
    )
    offer = dispatch.start(offered.pk)
    assert offer is not None and offer.worker_id == jiang.pk

    # 2. Confirmed: a worker took it; the contract waits for both signatures.
    confirmed = _booking(
        ctx, household, cleaning, _at(ctx.today + dt.timedelta(days=1), 15), Decimal(2), **home
    )
    _accepted(confirmed)

    # 3. In service: signed, insured, checked in at the parents' address.
    # Started already and ends today (one shift), whatever the hour the demo is seeded at.
    latest = _at(ctx.today, 0) + dt.timedelta(hours=24 - 3, minutes=-5)
    started = min(_earlier_today(ctx, 0, ends_before=dt.timedelta(minutes=40)), latest)
    in_service = _booking(ctx, household, cleaning, started, Decimal(3), **parents, needs=elderly)
    _check_in(_sign_and_wait(in_service, wang))

    # 4. Completed, confirmed, paid and rated by both sides (the other household, or 王女士家).
    done_home = other or household
    done_user = _user_of(done_home)
    done_where: dict[str, Any] = {
        "address": done_home.address or home["address"],
        "lat": household.lat - 0.006,
        "lon": household.lon + 0.004,
    }
    start = _earlier_today(ctx, 2, ends_before=dt.timedelta(minutes=20))
    completed = _booking(ctx, done_home, cleaning, start, Decimal(2), **done_where)
    engagement = _sign_and_wait(completed, done_user)
    shift = _check_in(engagement)
    engagement_services.check_out(
        actor=engagement.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        quantity=1,
        at=min(shift.ends_at, timezone.now()),
        confirm_short=True,
    )
    engagement_services.confirm_shift(actor=done_user, shift_id=shift.pk)
    statement = settlement_services.settle(
        actor=done_user, engagement_id=engagement.pk, idempotency_key=f"hk-demo-settle-{completed.pk}"
    )
    chain.pay_statement(
        actor=done_user, statement_id=statement.pk, idempotency_key=f"hk-demo-pay-{completed.pk}"
    )
    chain.rate_engagement(
        actor=done_user, engagement_id=engagement.pk, stars=5, comment="打扫得很干净，准时。"
    )
    chain.rate_engagement(
        actor=engagement.worker.user, engagement_id=engagement.pk, stars=5, comment="家庭很客气。"
    )

    # 5. Unfilled: every offer lapsed in turn (the appliance cleaning, tomorrow evening).
    appliance = catalogue["appliance_cleaning"]
    unfilled = _booking(
        ctx,
        done_home,
        appliance,
        _at(ctx.today + dt.timedelta(days=1), 18),
        appliance.min_quantity,
        **done_where,
    )
    offer = dispatch.start(unfilled.pk)
    # One round per qualified housekeeper: more of them in a larger demo (seed --workers), so no fixed count.
    for _round in range(100_000):
        if offer is None:
            break
        dispatch.lapse_offer(offer.pk, now=offer.expires_at)
        offer = Booking.objects.get(pk=unfilled.pk).offers.filter(status="offered").first()
    unfilled.refresh_from_db()
    assert unfilled.status == BookingStatus.UNFILLED, unfilled.status

    # 6. Cancelled late: taken, then cancelled 4 hours before the start (the fee applies).
    late = _booking(ctx, household, cleaning, ctx.now + dt.timedelta(hours=4), Decimal(2), **parents)
    _accepted(late)
    booking_services.cancel_booking(actor=wang, code=late.code, reason="临时有事，家里没人")

    # 7. Every Tuesday 9:00 for 3 hours, from next Tuesday: the visits within the horizon, offered.
    tuesday = ctx.today + dt.timedelta(days=(1 - ctx.today.weekday()) % 7 or 7)
    plan = plans.create_plan(
        actor=wang,
        data=plans.PlanInput(
            service=cleaning.pk,
            weekday=1,
            start_time="09:00",
            hours="3",
            first_date=tuesday.isoformat(),
            address=household.address,
            division=household.division_id,
            lat=household.lat,
            lon=household.lon,
            needs={"pets": True, "note": "每周例行保洁"},
        ),
    )
    for visit in Booking.objects.filter(plan=plan).order_by("starts_at"):
        dispatch.start(visit.pk)

    counts = {
        "家政预约": Booking.objects.filter(market=org.market).count(),
        "周期预约": RecurringPlan.objects.filter(market=org.market).count(),
    }
    ctx.counts.update(counts)
    return counts


def _sign_and_wait(booking: Booking, household_user: User) -> Engagement:
    engagement = _accepted(booking)
    _sign_and_insure(engagement, household_user)
    engagement.refresh_from_db()
    return engagement
