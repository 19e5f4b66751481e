"""The booking API: catalogue, quote, booking, list, detail, cancel, candidates; {code, message, errors} on
every refusal; staff scope of bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong.employers.models import Enterprise
from lingong.housekeeping.models import Booking, BookingStatus
from lingong.housekeeping.tests.booking_fixtures import (
    HOME_ADDRESS,
    catalogue,
    household_of,
    make_hk_worker,
    make_household,
    tomorrow_at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hk(cast: Any) -> Any:
    class W:
        pass

    w = W()
    w.services = catalogue(cast.market)  # type: ignore[attr-defined]
    w.household = make_household(cast.market, admin=cast.admin)  # type: ignore[attr-defined]
    Enterprise.objects.filter(pk=household_of(w.household).pk).update(station=cast.station)  # type: ignore[attr-defined]
    w.token = at.token_of(w.household)  # type: ignore[attr-defined]
    w.workers = [
        make_hk_worker(cast.market, name=n, km_east=k)
        for n, k in (("张秀兰", 1), ("刘桂芝", 2), ("陈淑珍", 3), ("赵春梅", 4))
    ]  # type: ignore[attr-defined]
    return w


def body(hk: Any, **kw: Any) -> dict[str, Any]:
    b: dict[str, Any] = {
        "service_id": hk.services["hourly_cleaning"].pk,
        "address": HOME_ADDRESS,
        "starts_at": tomorrow_at(9).isoformat(),
        "quantity": "3",
        "needs": {"pets": True, "elderly": False, "children": True, "note": "请带鞋套"},
    }
    b.update(kw)
    return b


def test_services_and_quote(client: Client, hk: Any) -> None:
    items = at.ok(at.get(client, "/housekeeping/services", hk.token))
    assert [i["name"] for i in items][:3] == ["日常保洁", "深度保洁", "家电清洗"] and len(items) == 7
    assert items[0]["price_display"] == "50.00 元/小时" and "health_certificate" in items[0]["certificates"]
    q = at.ok(
        at.send(
            client,
            "post",
            "/housekeeping/quote",
            hk.token,
            {
                "service_id": hk.services["hourly_cleaning"].pk,
                "quantity": "3",
                "starts_at": tomorrow_at(9).isoformat(),
            },
        )
    )
    assert q["total"] == "150.00" and q["lines"][0]["amount"] == "150.00"
    assert dt.datetime.fromisoformat(q["ends_at"]) == tomorrow_at(12)
    r = at.send(
        client,
        "post",
        "/housekeeping/quote",
        hk.token,
        {
            "service_id": hk.services["hourly_cleaning"].pk,
            "quantity": "1",
            "starts_at": tomorrow_at(9).isoformat(),
        },
    )
    err = at.error(r, 422, "below_minimum", "quantity")
    assert err["message"] == "最少预约2小时"
    at.error(
        at.send(
            client,
            "post",
            "/housekeeping/quote",
            hk.token,
            {"service_id": 999999, "quantity": "3", "starts_at": tomorrow_at(9).isoformat()},
        ),
        404,
    )
    assert at.get(client, "/housekeeping/services").status_code == 401


def test_book_list_detail_candidates_cancel(client: Client, hk: Any) -> None:
    created = at.ok(
        at.send(client, "post", "/housekeeping/bookings", hk.token, body(hk, expected_price="150.00")), 201
    )
    code = created["code"]
    assert created["status"] == "dispatching" and created["quoted_price"] == "150.00"
    assert (
        created["address"] == HOME_ADDRESS
        and created["cancel_fee_now"] == "0.00"
        and created["cancel_possible"]
    )
    assert created["needs"] == {"pets": True, "elderly": False, "children": True, "note": "请带鞋套"}
    assert [b["code"] for b in at.ok(at.get(client, "/housekeeping/bookings", hk.token))] == [code]
    assert at.ok(at.get(client, f"/housekeeping/bookings/{code}", hk.token))["code"] == code
    candidates = at.ok(at.get(client, f"/housekeeping/bookings/{code}/candidates", hk.token))
    assert [c["worker_id"] for c in candidates] == [w.pk for w in hk.workers[:3]]
    assert candidates[0]["name"] == "张**" or candidates[0]["name"].startswith("张")
    assert candidates[0]["sentence"].startswith("距您 1.0 公里")
    cancelled = at.ok(
        at.send(client, "post", f"/housekeeping/bookings/{code}/cancel", hk.token, {"reason": "改期"})
    )
    assert cancelled["status"] == "cancelled" and cancelled["cancel_fee"] == "0.00"
    at.error(
        at.send(client, "post", f"/housekeeping/bookings/{code}/cancel", hk.token, {}),
        409,
        "invalid_transition",
    )


@pytest.mark.parametrize(
    ("overrides", "status", "code", "field"),
    [
        ({"starts_at": "2020-01-01T09:00:00+08:00"}, 422, "in_the_past", "starts_at"),
        ({"starts_at": "__late__"}, 422, "outside_service_hours", "starts_at"),
        ({"quantity": "1"}, 422, "below_minimum", "quantity"),
        ({"quantity": "9"}, 422, "above_maximum", "quantity"),
        ({"lat": 39.9, "lon": 116.4}, 422, "outside_area", "location"),
        ({"expected_price": "99.00"}, 409, "price_changed", "expected_price"),
        ({"dispatch_mode": "chosen"}, 422, "invalid_input", "requested_worker_id"),
        (
            {"dispatch_mode": "rebook", "requested_worker_id": "__worker__"},
            409,
            "not_rebookable",
            "requested_worker_id",
        ),
        ({"address": "x"}, 422, "invalid_input", "address"),
    ],
)
def test_refusals(
    client: Client, hk: Any, overrides: dict[str, Any], status: int, code: str, field: str
) -> None:
    if overrides.get("starts_at") == "__late__":
        overrides = {"starts_at": tomorrow_at(19).isoformat()}
    if overrides.get("requested_worker_id") == "__worker__":
        overrides = {**overrides, "requested_worker_id": hk.workers[0].pk}
    at.error(
        at.send(client, "post", "/housekeeping/bookings", hk.token, body(hk, **overrides)),
        status,
        code,
        field,
    )
    assert Booking.objects.count() == 0


def test_overlapping_the_same_address_and_malformed_bodies(client: Client, hk: Any) -> None:
    at.ok(at.send(client, "post", "/housekeeping/bookings", hk.token, body(hk)), 201)
    at.error(
        at.send(
            client,
            "post",
            "/housekeeping/bookings",
            hk.token,
            body(hk, starts_at=tomorrow_at(10).isoformat()),
        ),
        409,
        "address_overlap",
        "starts_at",
    )
    for bad in (
        {"service_id": 0},
        {"service_id": 2**40},
        {"quantity": "abc"},
        {"starts_at": "明天"},
        {"needs": {"note": "长" * 301}},
    ):
        r = at.send(client, "post", "/housekeeping/bookings", hk.token, body(hk, **bad))
        assert r.status_code in (400, 422), (bad, r.status_code)
        assert set(r.json()) == {"code", "message", "errors"}
    assert Booking.objects.count() == 1


def test_only_households_book(client: Client, hk: Any, cast: Any) -> None:
    for user in (cast.employer, cast.worker.user, cast.admin):
        at.error(at.send(client, "post", "/housekeeping/bookings", at.token_of(user), body(hk)), 403)
    at.error(at.get(client, "/housekeeping/bookings", at.token_of(cast.worker.user)), 403)
    assert Booking.objects.count() == 0


def test_staff_scope_of_bookings(client: Client, hk: Any, cast: Any) -> None:
    code = at.ok(at.send(client, "post", "/housekeeping/bookings", hk.token, body(hk)), 201)["code"]
    for staff in (cast.admin, cast.centre_staff, cast.station_staff):
        token = at.token_of(staff)
        assert at.ok(at.get(client, f"/housekeeping/bookings/{code}", token))["address"] == HOME_ADDRESS
        assert code in [b["code"] for b in at.ok(at.get(client, "/housekeeping/bookings", token))]
    other_household = make_household(cast.market, admin=cast.admin, name="李先生家")
    for user in (cast.other_station_staff, other_household, cast.employer, cast.worker.user):
        token = at.token_of(user)
        at.error(at.get(client, f"/housekeeping/bookings/{code}", token), 404)
        at.error(at.send(client, "post", f"/housekeeping/bookings/{code}/cancel", token, {}), 404)
        at.error(at.get(client, f"/housekeeping/bookings/{code}/candidates", token), 404)
    listed = at.get(client, "/housekeeping/bookings", at.token_of(cast.other_station_staff))
    assert code not in [b["code"] for b in at.ok(listed)]
    # Staff in scope may cancel on the household's behalf; candidates are the household's.
    at.error(
        at.get(client, f"/housekeeping/bookings/{code}/candidates", at.token_of(cast.station_staff)), 404
    )
    done = at.ok(
        at.send(
            client,
            "post",
            f"/housekeeping/bookings/{code}/cancel",
            at.token_of(cast.station_staff),
            {"reason": "家庭来电取消"},
        )
    )
    assert done["status"] == BookingStatus.CANCELLED
