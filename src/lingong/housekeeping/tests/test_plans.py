"""Recurring plans: validation, visits made within the horizon (once), skips, pause/resume/end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.housekeeping import plans
from lingong.housekeeping.models import (
    Booking,
    BookingOffer,
    BookingStatus,
    DispatchMode,
    OfferStatus,
    PlanStatus,
    PriceRule,
)
from lingong.housekeeping.tests import dispatch_setup as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(cast: Any) -> s.Home:
    return s.make_home(cast)


def next_tuesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def plan_input(home: s.Home, **overrides: Any) -> plans.PlanInput:
    data = plans.PlanInput(
        service=home.service.pk,
        weekday=1,
        start_time="09:00",
        hours="3",
        first_date=next_tuesday().isoformat(),
        address="唐山市路南区友谊里小区3号楼2单元501",
        division="130202",
        lat=s.HOME_LAT,
        lon=s.HOME_LON,
        needs={"pets": True},
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_a_plan_makes_each_tuesday_within_the_horizon_once(home: s.Home) -> None:
    plan = plans.create_plan(actor=home.user, data=plan_input(home))
    visits = list(Booking.objects.filter(plan=plan).order_by("starts_at"))
    horizon = timezone.localdate() + dt.timedelta(days=14)
    expected = [d for d in (next_tuesday() + dt.timedelta(days=7 * i) for i in range(3)) if d <= horizon]
    assert [timezone.localtime(b.starts_at).date() for b in visits] == expected
    first = visits[0]
    assert timezone.localtime(first.starts_at).time() == dt.time(9, 0)
    assert first.ends_at - first.starts_at == dt.timedelta(hours=3)
    assert first.quoted_price == Decimal("150.00")  # today's price: 3 h × 50
    assert first.status == BookingStatus.DISPATCHING and first.needs["pets"] is True
    assert plans.generate(plan_id=plan.pk).created == []  # a re-run makes nothing twice
    assert plans.generate_all() == 0
    assert Booking.objects.filter(plan=plan).count() == len(expected)
    plan.refresh_from_db()
    assert plan.generated_until == horizon


def test_later_runs_extend_the_horizon(home: s.Home) -> None:
    plan = plans.create_plan(actor=home.user, data=plan_input(home))
    before = Booking.objects.filter(plan=plan).count()
    made = plans.generate(plan_id=plan.pk, today=timezone.localdate() + dt.timedelta(days=7))
    assert len(made.created) == 1
    assert Booking.objects.filter(plan=plan).count() == before + 1


def test_until_date_stops_the_visits(home: s.Home) -> None:
    plan = plans.create_plan(actor=home.user, data=plan_input(home, until_date=next_tuesday().isoformat()))
    assert Booking.objects.filter(plan=plan).count() == 1


def test_a_visit_overlapping_a_live_booking_at_the_address_is_skipped(home: s.Home) -> None:
    tuesday = next_tuesday()
    clash = s.make_booking(
        home,
        starts_at=timezone.make_aware(dt.datetime.combine(tuesday, dt.time(10, 0))),
        address="唐山市路南区友谊里小区3号楼2单元501",
    )
    plan = plans.create_plan(actor=home.user, data=plan_input(home))
    days = [timezone.localtime(b.starts_at).date() for b in Booking.objects.filter(plan=plan)]
    assert tuesday not in days
    assert plans.skipped_dates(plan) == [tuesday]
    assert clash.status == BookingStatus.DISPATCHING


def test_preferred_worker_is_asked_first(home: s.Home, cast: Any) -> None:
    worker = s.make_cleaner(cast, "张秀兰", km=2)
    s.make_cleaner(cast, "刘桂芳", km=0.5)
    plan = plans.create_plan(actor=home.user, data=plan_input(home, preferred_worker=worker.pk))
    visit = Booking.objects.filter(plan=plan).order_by("starts_at").first()
    assert visit is not None
    assert (visit.dispatch_mode, visit.requested_worker_id) == (DispatchMode.REBOOK, worker.pk)
    from lingong.housekeeping import dispatch

    offer = dispatch.start(visit.pk)
    assert offer is not None and offer.worker_id == worker.pk


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("first_date", {"first_date": (dt.date.today() - dt.timedelta(days=1)).isoformat()}),
        ("start_time", {"start_time": "19:00"}),  # ends at 22:00, after the service's 20:00
        ("start_time", {"start_time": "06:00"}),
        ("hours", {"hours": "1"}),  # minimum 2 h
        ("hours", {"hours": "abc"}),
        ("weekday", {"weekday": 9}),
        ("until_date", {"until_date": "2000-01-01"}),
        ("address", {"address": ""}),
        ("division", {"division": "999999"}),
        ("service", {"service": 999999}),
        ("preferred_worker", {"preferred_worker": 999999}),
    ],
)
def test_bad_plans_are_refused_with_the_field(home: s.Home, field: str, overrides: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as exc:
        plans.create_plan(actor=home.user, data=plan_input(home, **overrides))
    assert field in exc.value.errors
    assert not Booking.objects.filter(plan__isnull=False).exists()


def test_only_hourly_services(home: s.Home, cast: Any) -> None:
    term = s.make_service(cast.market, price_rule=PriceRule.TERM, name="月嫂", term_days=26)
    with pytest.raises(InvalidInput) as exc:
        plans.create_plan(actor=home.user, data=plan_input(home, service=term.pk))
    assert "service" in exc.value.errors


def test_only_households_make_plans(home: s.Home, cast: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        plans.create_plan(actor=cast.employer, data=plan_input(home))
    with pytest.raises(PermissionDeniedError):
        plans.create_plan(actor=cast.worker.user, data=plan_input(home))


def test_pause_resume_and_end(home: s.Home, cast: Any) -> None:
    s.make_cleaner(cast, "张秀兰")
    plan = plans.create_plan(actor=home.user, data=plan_input(home))
    other_user, _h = s.make_household(cast.market, cast.admin, "李先生家")
    with pytest.raises(NotFoundError):
        plans.pause_plan(actor=other_user, plan_id=plan.pk)
    plans.pause_plan(actor=home.user, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    assert plans.generate(plan_id=plan.pk, today=timezone.localdate() + dt.timedelta(days=7)).created == []
    with pytest.raises(ConflictError):
        plans.pause_plan(actor=home.user, plan_id=plan.pk)
    plans.resume_plan(actor=home.user, plan_id=plan.pk)
    visits = list(Booking.objects.filter(plan=plan))
    from lingong.housekeeping import dispatch

    offer = dispatch.start(visits[0].pk)
    assert offer is not None
    plans.end_plan(actor=home.user, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    for visit in Booking.objects.filter(plan=plan):
        assert (visit.status, visit.cancel_fee) == (BookingStatus.CANCELLED, Decimal("0.00"))
    assert BookingOffer.objects.get(pk=offer.pk).status == OfferStatus.WITHDRAWN
    with pytest.raises(ConflictError):
        plans.resume_plan(actor=home.user, plan_id=plan.pk)
