"""The demo's housekeeping catalogue (issue 13 §3): seven services in the demo market, and for each at least
three certified workers available within 10 km of 王女士家; reset removes and rebuilds them."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lingong.demo.cast import HOUSEHOLD_PHONE, MARKET_CODE
from lingong.employers.models import Enterprise
from lingong.housekeeping import pricing
from lingong.housekeeping.matching import rank_workers
from lingong.housekeeping.models import HousekeepingService

pytestmark = pytest.mark.django_db

SMALL = ["--stations", "6", "--enterprises", "30", "--workers", "80", "--jobs", "60", "--quiet"]


def test_each_service_has_three_certified_candidates_near_the_household(db: Any) -> None:
    call_command("seed", *SMALL, stdout=StringIO())
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
    call_command("seed", *SMALL, "--reset", stdout=StringIO())
    assert HousekeepingService.objects.filter(market__code=MARKET_CODE).count() == len(catalogue)
