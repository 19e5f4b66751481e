"""GET /api/v1/reports/monthly: figures as JSON, scope, bad input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong.reports.period import current_month
from lingong.reports.tests import helpers as h

pytestmark = pytest.mark.django_db
PATH = "/reports/monthly"


def test_market_admin_gets_the_figures_as_json(cast: Any, client: Client) -> None:
    world = h.build(cast)
    h.set_paid(world.paid, h.local(world.last, -1, 23, 30))
    token = at.token_of(cast.admin)
    body = at.ok(at.get(client, PATH, token, month=world.last.key))
    assert body["month"] == world.last.key and body["month_label"] == world.last.label
    assert body["unit"]["kind"] == "market" and body["unit"]["id"] == cast.market.pk
    figures = body["figures"]
    assert Decimal(figures["wages_settled"]) > 0
    assert figures["payments_succeeded"] == 1
    assert body["previous"]["month"] == world.last.previous().key
    this = at.ok(at.get(client, PATH, token))  # no month: this month
    assert this["month"] == current_month().key
    assert this["figures"]["placements"] == 2
    assert this["previous"]["wages_settled"] == figures["wages_settled"]
    assert len(this["daily"]) == current_month().last_day.day
    assert {r["key"] for r in this["by_target_group"]} >= {"veteran", "graduate", "none"}


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "202611", "26-11", "abcdefg", "1999-12"])
def test_a_malformed_month_is_422(cast: Any, client: Client, month: str) -> None:
    body = at.error(at.get(client, PATH, at.token_of(cast.admin), month=month), 422, "invalid_month")
    assert "month" in body["errors"]


def test_a_future_month_is_422(cast: Any, client: Client) -> None:
    future = current_month().next().key
    at.error(at.get(client, PATH, at.token_of(cast.admin), month=future), 422, "future_month")


def test_an_unknown_unit_kind_is_422(cast: Any, client: Client) -> None:
    at.error(at.get(client, PATH, at.token_of(cast.admin), unit="galaxy", unit_id=1), 422, "invalid_input")


def test_scope(cast: Any, client: Client) -> None:
    def status(user: Any, **query: Any) -> int:
        return int(at.get(client, PATH, at.token_of(user) if user else None, **query).status_code)

    station, other_station = cast.station.pk, cast.other_station.pk
    # Market admin: anything in the market.
    assert status(cast.admin, unit="market") == 200
    assert status(cast.admin, unit="centre", unit_id=cast.other_centre.pk) == 200
    assert status(cast.admin, unit="station", unit_id=other_station) == 200
    assert status(cast.admin, unit="station", unit_id=999999) == 404
    # Centre staff: their centre and its stations.
    assert status(cast.centre_staff) == 200
    assert status(cast.centre_staff, unit="station", unit_id=station) == 200
    assert status(cast.centre_staff, unit="centre", unit_id=cast.other_centre.pk) == 404
    assert status(cast.centre_staff, unit="station", unit_id=other_station) == 404
    assert status(cast.centre_staff, unit="market") == 404
    # Station staff: their station only.
    assert status(cast.station_staff) == 200
    assert status(cast.station_staff, unit="station", unit_id=other_station) == 404
    assert status(cast.station_staff, unit="centre", unit_id=cast.centre.pk) == 404
    assert status(cast.station_staff, unit="market") == 404
    # Not staff.
    assert status(cast.worker.user) == 403
    assert status(cast.employer) == 403
    assert status(None) == 401


def test_default_unit_is_the_callers_scope(cast: Any, client: Client) -> None:
    body = at.ok(at.get(client, PATH, at.token_of(cast.station_staff)))
    assert body["unit"] == {
        "kind": "station",
        "id": cast.station.pk,
        "name": cast.station.name,
        "market_id": cast.market.pk,
        "market_name": cast.market.name,
    }
    body = at.ok(at.get(client, PATH, at.token_of(cast.centre_staff)))
    assert body["unit"]["kind"] == "centre" and body["unit"]["id"] == cast.centre.pk
