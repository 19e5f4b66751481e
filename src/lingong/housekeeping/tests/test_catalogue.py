"""Staff maintain the catalogue: market admins and centre staff add, edit, list and unlist; bad input is
refused field by field and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.housekeeping.models import HousekeepingService
from lingong.housekeeping.tests.booking_fixtures import catalogue, make_household
from lingong.org.models import Market

pytestmark = pytest.mark.django_db


def service_body(**kw: Any) -> dict[str, Any]:
    b: dict[str, Any] = {
        "code": "window_cleaning",
        "name": "擦玻璃",
        "description": "高层住宅室内擦窗",
        "occupation": "cleaner",
        "certificates": ["health_certificate"],
        "price_rule": "hourly",
        "unit_price": "60.00",
        "min_quantity": "2",
        "max_quantity": "6",
        "minutes_per_unit": 60,
        "service_start": "08:00",
        "service_end": "18:00",
        "order": 80,
    }
    b.update(kw)
    return b


def test_install_is_idempotent_and_keeps_staff_edits(cast: Any) -> None:
    first = catalogue(cast.market)
    HousekeepingService.objects.filter(pk=first["hourly_cleaning"].pk).update(unit_price="55.00")
    again = catalogue(cast.market)
    assert len(again) == 7 and HousekeepingService.objects.filter(market=cast.market).count() == 7
    assert str(HousekeepingService.objects.get(pk=first["hourly_cleaning"].pk).unit_price) == "55.00"
    assert set(again["maternity_care"].certificates_required.values_list("code", flat=True)) == {
        "health_certificate",
        "maternity_care_skill",
    }


@pytest.mark.parametrize("role", ["admin", "centre_staff"])
def test_editors_add_edit_and_unlist(client: Client, cast: Any, role: str) -> None:
    token = at.token_of(getattr(cast, role))
    created = at.ok(at.send(client, "post", "/housekeeping/catalogue", token, service_body()), 201)
    assert created["price_display"] == "60.00 元/小时" and created["certificates"] == ["health_certificate"]
    sid = created["id"]
    edited = at.ok(
        at.send(client, "put", f"/housekeeping/catalogue/{sid}", token, service_body(unit_price="65.50"))
    )
    assert edited["unit_price"] == "65.50"
    off = at.ok(at.send(client, "post", f"/housekeeping/catalogue/{sid}/active", token, {"active": False}))
    assert off["is_active"] is False
    household = make_household(cast.market, admin=cast.admin)
    listed = at.ok(at.get(client, "/housekeeping/services", at.token_of(household)))
    assert sid not in [s["id"] for s in listed]
    assert sid in [s["id"] for s in at.ok(at.get(client, "/housekeeping/catalogue", token))]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"min_quantity": "5", "max_quantity": "2"}, "max_quantity", "min_above_max"),
        ({"unit_price": "-1"}, "unit_price", "negative_price"),
        ({"service_start": "18:00", "service_end": "08:00"}, "service_end", "end_before_start"),
        ({"service_start": "08:00", "service_end": "08:00"}, "service_end", "end_before_start"),
        ({"occupation": "astronaut"}, "occupation", "invalid_input"),
        ({"certificates": ["no_such"]}, "certificates", "invalid_input"),
        ({"price_rule": "weekly"}, "price_rule", "invalid_input"),
        ({"price_rule": "term", "term_days": None}, "term_days", "invalid_input"),
        ({"code": "日常"}, "code", "invalid_input"),
        ({"code": "hourly_cleaning"}, "code", "duplicate"),
        ({"name": "x"}, "name", "invalid_input"),
    ],
)
def test_bad_entries(client: Client, cast: Any, overrides: dict[str, Any], field: str, code: str) -> None:
    catalogue(cast.market)
    before = HousekeepingService.objects.count()
    at.error(
        at.send(
            client, "post", "/housekeeping/catalogue", at.token_of(cast.admin), service_body(**overrides)
        ),
        422,
        code,
        field,
    )
    assert HousekeepingService.objects.count() == before


def test_who_may_edit(client: Client, cast: Any) -> None:
    svc = catalogue(cast.market)["hourly_cleaning"]
    household = make_household(cast.market, admin=cast.admin)
    for user in (cast.station_staff, cast.employer, cast.worker.user, household):
        token = at.token_of(user)
        at.error(at.send(client, "post", "/housekeeping/catalogue", token, service_body()), 403)
        at.error(at.send(client, "put", f"/housekeeping/catalogue/{svc.pk}", token, service_body()), 403)
        at.error(at.get(client, "/housekeeping/catalogue", token), 403)
    lunan = cast.market.division
    other = Market.objects.create(
        code="other", name="另一零工市场", address="另一市", division=lunan, lat=lunan.lat, lon=lunan.lon
    )
    other_admin = t.make_staff(Role.MARKET_ADMIN, other)
    at.error(
        at.send(client, "put", f"/housekeeping/catalogue/{svc.pk}", at.token_of(other_admin), service_body()),
        404,
    )
    at.error(
        at.send(
            client,
            "post",
            f"/housekeeping/catalogue/{svc.pk}/active",
            at.token_of(other_admin),
            {"active": False},
        ),
        404,
    )
    assert HousekeepingService.objects.get(pk=svc.pk).is_active
