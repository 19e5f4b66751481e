"""Shared fixtures: a market with two stations and one user of every role (plus an 'other' of each)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from lingong.accounts.models import Role, User
from lingong.core import events
from lingong.core import testing as t
from lingong.notifications.senders import LogSender
from lingong.org.models import Market, ServiceCentre, Station
from lingong.workers.models import WorkerProfile


@pytest.fixture(autouse=True)
def _clean_outboxes() -> Any:
    events.sent_events.clear()
    LogSender.outbox.clear()
    yield
    events.sent_events.clear()
    LogSender.outbox.clear()


@pytest.fixture(autouse=True)
def _fresh_matching_index() -> Any:
    # The per-process index would outlive each test's rolled-back rows (SQLite reuses their ids).
    from lingong.jobs import matching_adapter

    matching_adapter.reset()
    yield
    matching_adapter.reset()


@pytest.fixture(autouse=True)
def _fresh_market_config() -> Any:
    # Policies and areas are cached per process by market id; rolled-back rows' ids are reused.
    from lingong.org import area, policy

    area.clear_cache()
    policy.clear_cache()
    yield
    area.clear_cache()
    policy.clear_cache()


@dataclass
class Cast:
    market: Market
    centre: ServiceCentre
    other_centre: ServiceCentre
    station: Station
    other_station: Station
    admin: User
    centre_staff: User
    station_staff: User
    other_station_staff: User
    worker: WorkerProfile
    other_worker: WorkerProfile
    employer: User
    other_employer: User


@pytest.fixture
def cast(db: Any) -> Cast:
    market = t.make_market()
    centre = t.make_centre(market)
    other_centre = t.make_centre(market, "南湖市民中心服务中心")
    station = t.make_station(centre, "友谊里社区零工驿站")
    other_station = t.make_station(other_centre, "四合里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    return Cast(
        market=market,
        centre=centre,
        other_centre=other_centre,
        station=station,
        other_station=other_station,
        admin=admin,
        centre_staff=t.make_staff(Role.CENTRE_STAFF, market, centre=centre, name="中心工作人员"),
        station_staff=t.make_staff(
            Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王"
        ),
        other_station_staff=t.make_staff(
            Role.STATION_STAFF, market, centre=other_centre, station=other_station, name="驿站小李"
        ),
        worker=t.make_worker(market, name="江小军", station=station),
        other_worker=t.make_worker(market, name="李建国", skills=[("carpenter", 20)], station=other_station),
        employer=t.make_employer(market, admin=admin),
        other_employer=t.make_employer(market, admin=admin, name="唐山南湖餐饮管理有限公司"),
    )
