"""The dispatch API: offers, accept/decline with their 4xx bodies, redispatch, plans, and who may call."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong.apitools import error, get, ok, send, token_of
from lingong.housekeeping import dispatch
from lingong.housekeeping.models import Booking, BookingOffer, BookingStatus
from lingong.housekeeping.tests import dispatch_setup as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(cast: Any) -> s.Home:
    return s.make_home(cast)


@pytest.fixture
def cleaner(cast: Any) -> Any:
    return s.make_cleaner(cast, "张秀兰")


def test_offer_list_accept_and_the_address_after(client: Client, home: s.Home, cleaner: Any) -> None:
    booking = s.make_booking(home)
    offer = dispatch.start(booking.pk)
    assert offer is not None
    token = token_of(cleaner.user)
    [item] = ok(get(client, "/housekeeping/offers", token))["items"]
    assert item["id"] == offer.pk and item["pay"] == "150.00"
    assert item["district"] and "address" not in item and "友谊里" not in str(item)
    assert item["needs"]["pets"] is True
    body = ok(send(client, "post", f"/housekeeping/offers/{offer.pk}/accept", token))
    assert body["status"] == BookingStatus.CONFIRMED and body["address"] == booking.address
    assert ok(get(client, "/housekeeping/offers", token))["items"] == []
    error(send(client, "post", f"/housekeeping/offers/{offer.pk}/accept", token), 409, "offer_not_open")
    error(send(client, "post", f"/housekeeping/offers/{offer.pk}/decline", token, {}), 409, "offer_not_open")


def test_refusals_have_their_bodies(client: Client, home: s.Home, cleaner: Any, cast: Any) -> None:
    booking = s.make_booking(home)
    offer = dispatch.start(booking.pk)
    assert offer is not None
    other = token_of(cast.worker.user)
    error(send(client, "post", f"/housekeeping/offers/{offer.pk}/accept", other), 404)
    error(send(client, "post", f"/housekeeping/offers/{offer.pk}/decline", other, {}), 404)
    error(send(client, "post", "/housekeeping/offers/2147483647/accept", other), 404)
    error(send(client, "post", f"/housekeeping/offers/{offer.pk}/accept"), 401)
    error(get(client, "/housekeeping/offers", token_of(home.user)), 404)
    BookingOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    error(
        send(client, "post", f"/housekeeping/offers/{offer.pk}/accept", token_of(cleaner.user)),
        409,
        "offer_expired",
    )
    error(
        send(
            client,
            "post",
            f"/housekeeping/offers/{offer.pk}/decline",
            token_of(cleaner.user),
            {"reason": "x" * 201},
        ),
        422,
    )


def test_decline_then_redispatch(client: Client, home: s.Home, cleaner: Any) -> None:
    booking = s.make_booking(home)
    offer = dispatch.start(booking.pk)
    assert offer is not None
    body = ok(
        send(
            client,
            "post",
            f"/housekeeping/offers/{offer.pk}/decline",
            token_of(cleaner.user),
            {"reason": "远"},
        )
    )
    assert body == {"status": "declined"}
    dispatch.offer_next(booking.pk)  # what the commit runs: nobody else is in reach
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.UNFILLED
    path = f"/housekeeping/bookings/{booking.pk}/redispatch"
    assert ok(send(client, "post", path, token_of(home.user)))["status"] == BookingStatus.DISPATCHING
    error(send(client, "post", path, token_of(home.user)), 409, "invalid_transition")


def test_scope(client: Client, home: s.Home, cast: Any) -> None:
    booking = s.make_booking(home)
    dispatch.start(booking.pk)  # nobody in reach: unfilled
    plan_body = {
        "service": home.service.pk,
        "weekday": 1,
        "start_time": "09:00",
        "hours": "3",
        "first_date": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "address": "唐山市路南区友谊里小区3号楼2单元501",
        "division": "130202",
    }
    plan = ok(send(client, "post", "/housekeeping/plans", token_of(home.user), plan_body), 201)
    other_user, _h = s.make_household(cast.market, cast.admin, "李先生家")
    for user in (other_user, cast.employer, cast.worker.user, cast.other_station_staff):
        token = token_of(user)
        error(send(client, "post", f"/housekeeping/bookings/{booking.pk}/redispatch", token), 404)
        error(get(client, f"/housekeeping/plans/{plan['id']}", token), 404)
        error(send(client, "post", f"/housekeeping/plans/{plan['id']}/pause", token), 404)
    assert ok(get(client, f"/housekeeping/plans/{plan['id']}", token_of(cast.admin)))["id"] == plan["id"]
    assert ok(get(client, "/housekeeping/plans", token_of(other_user)))["items"] == []
    error(get(client, "/housekeeping/plans", token_of(cast.worker.user)), 403)
    ok(send(client, "post", f"/housekeeping/bookings/{booking.pk}/redispatch", token_of(cast.admin)))


def test_plans_api(client: Client, home: s.Home) -> None:
    token = token_of(home.user)
    body = {
        "service": home.service.pk,
        "weekday": 1,
        "start_time": "09:00",
        "hours": "3",
        "first_date": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "address": "唐山市路南区友谊里小区3号楼2单元501",
        "division": "130202",
        "needs": {"pets": True},
    }
    plan = ok(send(client, "post", "/housekeeping/plans", token, body), 201)
    assert plan["weekday_label"] == "周二" and plan["status"] == "active" and plan["visits"]
    assert ok(get(client, "/housekeeping/plans", token))["items"][0]["id"] == plan["id"]
    assert ok(send(client, "post", f"/housekeeping/plans/{plan['id']}/pause", token))["status"] == "paused"
    error(send(client, "post", f"/housekeeping/plans/{plan['id']}/pause", token), 409, "invalid_transition")
    assert ok(send(client, "post", f"/housekeeping/plans/{plan['id']}/resume", token))["status"] == "active"
    ended = ok(send(client, "post", f"/housekeeping/plans/{plan['id']}/end", token))
    assert ended["status"] == "ended"
    assert {v["status"] for v in ended["visits"]} == {"cancelled"}
    error(
        send(client, "post", "/housekeeping/plans", token, {**body, "start_time": "19:00"}),
        422,
        field="start_time",
    )
    error(
        send(client, "post", "/housekeeping/plans", token, {**body, "first_date": "2020-01-01"}),
        422,
        field="first_date",
    )
    error(send(client, "post", "/housekeeping/plans", token, {**body, "hours": "1"}), 422, field="hours")
    error(send(client, "post", "/housekeeping/plans", token, {**body, "weekday": 7}), 422)
    error(send(client, "post", "/housekeeping/plans", token, "{"), 400)
