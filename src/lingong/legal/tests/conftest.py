from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import Role
from lingong.legal import services
from lingong.legal.library import seed_articles


@pytest.fixture
def legal_world(db: Any) -> dict[str, Any]:
    market = t.make_market()
    centre = t.make_centre(market, "A中心")
    station = t.make_station(centre, "A驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    centre_staff = t.make_staff(Role.CENTRE_STAFF, market, centre=centre)
    station_staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station)
    worker = t.make_worker(market)
    other = t.make_worker(market, name="李建国")
    adviser = services.save_adviser(
        actor=admin,
        data=services.AdviserInput(
            name="王律师",
            kind="lawyer",
            organisation="河北某律师事务所",
            industries=["construction", "logistics"],
            phone="13900000001",
        ),
    )
    start = timezone.now() + dt.timedelta(days=2)
    slot = services.add_slot(
        actor=admin,
        data=services.SlotInput(
            adviser_id=adviser.pk,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=30),
            mode="on_site",
            place="零工市场二楼调解室",
        ),
    )
    seed_articles()
    return {
        "market": market,
        "admin": admin,
        "centre_staff": centre_staff,
        "station_staff": station_staff,
        "worker": worker.user,
        "profile": worker,
        "other": other.user,
        "adviser": adviser,
        "slot": slot,
    }
