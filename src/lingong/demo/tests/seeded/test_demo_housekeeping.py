"""The demo's housekeeping bookings (issue 13 §4): every state, the open offer 江小军 can take from his page,
the recurring plan with its visits; a reset rebuilds them once (test_seed.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong.accounts.models import User
from lingong.demo.cast import HOUSEHOLD_NAME, HOUSEHOLD_PHONE, JIANG_PHONE, MARKET_CODE
from lingong.engagements.models import EngagementStatus
from lingong.housekeeping.models import Booking, BookingStatus, OfferStatus, PlanStatus, RecurringPlan
from lingong.jobs.models import JobStatus, SourceChannel
from lingong.pagetools import get_page, text_of
from lingong.ratings.models import Rating

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def test_seed_builds_bookings_in_every_state_and_a_plan(client: Client, seeded: str) -> None:
    bookings = Booking.objects.filter(market__code=MARKET_CODE, plan__isnull=True)
    states = set(bookings.values_list("status", flat=True))
    assert states == set(BookingStatus.values)
    assert bookings.values("household").distinct().count() == 2
    wang = bookings.filter(household__members__user__phone=HOUSEHOLD_PHONE)
    assert wang.exists()

    offered = bookings.get(status=BookingStatus.DISPATCHING)
    offer = offered.offers.get(status=OfferStatus.OFFERED)
    assert offer.worker.user.phone == JIANG_PHONE
    in_service = bookings.get(status=BookingStatus.IN_SERVICE)
    assert in_service.engagement.status == EngagementStatus.IN_PROGRESS
    completed = bookings.get(status=BookingStatus.COMPLETED)
    assert completed.engagement.status == EngagementStatus.RATED
    assert Rating.objects.filter(engagement=completed.engagement).count() == 2
    assert completed.job.source_channel == SourceChannel.HOUSEKEEPING
    assert bookings.get(status=BookingStatus.CONFIRMED).engagement.status == EngagementStatus.CONTRACT_PENDING
    cancelled = bookings.get(status=BookingStatus.CANCELLED)
    assert cancelled.cancel_fee > 0 and cancelled.job.status == JobStatus.CLOSED
    unfilled = bookings.get(status=BookingStatus.UNFILLED)
    assert unfilled.offers.count() >= 3
    assert not unfilled.offers.filter(status=OfferStatus.OFFERED).exists()

    plan = RecurringPlan.objects.get(market__code=MARKET_CODE)
    assert (plan.weekday, plan.start_time.hour, plan.quantity, plan.status) == (1, 9, 3, PlanStatus.ACTIVE)
    assert plan.household.name == HOUSEHOLD_NAME
    visits = list(plan.bookings.all())
    assert len(visits) >= 2
    assert all(v.offers.filter(status=OfferStatus.OFFERED).exists() for v in visits)

    # 江小军 signs in and sees the offer; 王女士 sees her plan and the retry page of the unfilled one.
    client.force_login(User.objects.get(phone=JIANG_PHONE))
    assert "家政派单" in text_of(get_page(client, reverse("housekeeping:offers")))
    assert 'data-testid="hk-offer"' in get_page(client, reverse("housekeeping:offers"))
    household_client = Client()
    household_client.force_login(User.objects.get(phone=HOUSEHOLD_PHONE))
    assert 'data-testid="hk-plan"' in get_page(household_client, reverse("housekeeping:plans"))
