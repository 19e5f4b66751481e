"""The demo's housekeeping catalogue (issue 13 §3): seven services in the demo market, and for each at least
three certified workers available within 10 km of 王女士家; reset removes and rebuilds them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lingong.demo.cast import HOUSEHOLD_PHONE, MARKET_CODE
from lingong.employers.models import Enterprise
from lingong.housekeeping import pricing
from lingong.housekeeping.matching import rank_workers
from lingong.housekeeping.models import HousekeepingService

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def test_each_service_has_three_certified_candidates_near_the_household(seeded: str) -> None:
    catalogue = list(HousekeepingService.objects.filter(market__code=MARKET_CODE, is_active=True))
    assert sorted(s.code for s in catalogue) == sorted(e["code"] for e in pricing.default_catalogue())
    household = Enterprise.objects.get(market__code=MARKET_CODE, members__user__phone=HOUSEHOLD_PHONE)
    day = timezone.localdate() + dt.timedelta(days=2)
    for service in catalogue:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        quote = pricing.quote(service, service.min_quantity, start)
        ranked = rank_workers(
            service=service, lat=household.lat, lon=household.lon, starts_at=start, ends_at=quote.ends_at, k=3
        )
        assert len(ranked) == 3, service.name
        assert all(r.distance_km <= 10 for r in ranked)
        required = set(service.certificates_required.values_list("name", flat=True))
        assert all(set(r.certificates) == required for r in ranked), service.name
