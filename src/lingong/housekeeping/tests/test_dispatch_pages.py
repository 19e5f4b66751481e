"""Dispatch pages per role: the worker's offers, the household's plans and dispatch progress, staff's list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong.housekeeping import dispatch
from lingong.housekeeping.models import Booking, BookingStatus, PlanStatus, RecurringPlan
from lingong.housekeeping.tests import dispatch_setup as s
from lingong.pagetools import LANG_MARK, get_page, login, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(cast: Any) -> s.Home:
    return s.make_home(cast)


@pytest.fixture
def cleaner(cast: Any) -> Any:
    return s.make_cleaner(cast, "张秀兰")


def test_worker_sees_the_offer_without_the_address_and_accepts(
    client: Client, home: s.Home, cleaner: Any
) -> None:
    booking = s.make_booking(home)
    dispatch.start(booking.pk)
    login(client, cleaner.user)
    jobs_html = get_page(client, reverse("jobs:list"))
    assert 'data-testid="hk-offers-banner"' in jobs_html
    assert 'data-testid="nav-home-services"' in jobs_html
    html = get_page(client, reverse("housekeeping:offers"))
    assert LANG_MARK in html
    text = text_of(html)
    assert "日常保洁" in text and "报酬 150.00 元" in text and "有宠物" in text
    assert booking.division.name in text and "友谊里" not in text
    offer = booking.offers.get()
    response = client.post(reverse("housekeeping:offer_accept", args=[offer.pk]), follow=True)
    text = text_of(response.content.decode())
    assert "接单成功" in text and booking.address in text
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    response = client.post(reverse("housekeeping:offer_accept", args=[offer.pk]), follow=True)
    assert "不能接单" in text_of(response.content.decode())
    assert 'data-testid="hk-offers-banner"' not in get_page(client, reverse("jobs:list"))


def test_worker_declines(client: Client, home: s.Home, cleaner: Any) -> None:
    booking = s.make_booking(home)
    offer = dispatch.start(booking.pk)
    assert offer is not None
    login(client, cleaner.user)
    response = client.post(reverse("housekeeping:offer_decline", args=[offer.pk]), follow=True)
    assert "已拒绝该派单" in text_of(response.content.decode())
    assert "hk-no-offers" in response.content.decode()


def test_offers_page_is_for_workers(client: Client, home: s.Home) -> None:
    assert client.get(reverse("housekeeping:offers")).status_code == 302  # sign in first
    login(client, home.user)
    assert client.get(reverse("housekeeping:offers")).status_code == 403


def test_household_creates_a_plan_and_manages_it(client: Client, home: s.Home) -> None:
    login(client, home.user)
    assert 'data-testid="household-plans-link"' in get_page(client, reverse("jobs:employer_dashboard"))
    html = get_page(client, reverse("housekeeping:plans"))
    assert 'data-testid="hk-plan-form"' in html
    form = {
        "service": home.service.pk,
        "weekday": "1",
        "start_time": "19:00",
        "hours": "3",
        "first_date": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "division": "130202",
        "address": "唐山市路南区友谊里小区3号楼2单元501",
        "pets": "on",
    }
    response = client.post(reverse("housekeeping:plans"), form)
    assert response.status_code == 200
    assert "服务时间须在 08:00—20:00 之间" in text_of(response.content.decode())
    assert not RecurringPlan.objects.exists()
    response = client.post(reverse("housekeeping:plans"), {**form, "start_time": "09:00"}, follow=True)
    plan = RecurringPlan.objects.get()
    text = text_of(response.content.decode())
    assert "每周二 09:00 起 3.0 小时" in text and "派单中" in text
    assert plan.needs["pets"] is True
    client.post(reverse("housekeeping:plan_action", args=[plan.pk, "pause"]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    assert client.post(reverse("housekeeping:plan_action", args=[plan.pk, "explode"])).status_code == 404
    client.post(reverse("housekeeping:plan_action", args=[plan.pk, "end"]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED


def test_plan_pages_are_the_households(client: Client, home: s.Home, cast: Any) -> None:
    login(client, home.user)
    client.post(
        reverse("housekeeping:plans"),
        {
            "service": home.service.pk,
            "weekday": "1",
            "start_time": "09:00",
            "hours": "3",
            "first_date": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
            "division": "130202",
            "address": "唐山市路南区友谊里小区3号楼2单元501",
        },
    )
    plan = RecurringPlan.objects.get()
    other = Client()
    login(other, cast.employer)
    assert other.get(reverse("housekeeping:plans")).status_code == 403
    assert other.get(reverse("housekeeping:plan_detail", args=[plan.pk])).status_code == 404
    assert other.post(reverse("housekeeping:plan_action", args=[plan.pk, "end"])).status_code == 404


def test_unfilled_booking_page_has_the_retry_button(client: Client, home: s.Home, cast: Any) -> None:
    booking = s.make_booking(home)
    dispatch.start(booking.pk)  # nobody in reach
    login(client, home.user)
    url = reverse("housekeeping:booking_redispatch", args=[booking.pk])
    html = get_page(client, url)
    assert "暂无人接单" in text_of(html) and 'data-testid="hk-redispatch"' in html
    response = client.post(url, follow=True)
    assert "已重新派单" in text_of(response.content.decode())
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DISPATCHING
    stranger = Client()
    login(stranger, cast.other_station_staff)
    assert stranger.get(url).status_code == 404


def test_staff_list_unfilled_first_with_filters(client: Client, home: s.Home, cast: Any) -> None:
    later = s.make_booking(home, starts_at=s.visit_time(days=5))
    unfilled = s.make_booking(home, starts_at=s.visit_time(days=6), address="别处")
    dispatch.start(unfilled.pk)
    login(client, cast.admin)
    assert 'data-testid="staff-home-services-link"' in get_page(client, reverse("staff:dashboard"))
    html = get_page(client, reverse("housekeeping:staff"))
    assert html.index(unfilled.code) < html.index(later.code)
    html = get_page(client, reverse("housekeeping:staff") + "?status=dispatching")
    assert later.code in html and unfilled.code not in html
    station = Client()
    login(station, cast.other_station_staff)
    assert later.code not in get_page(station, reverse("housekeeping:staff"))
    worker = Client()
    login(worker, cast.worker.user)
    assert worker.get(reverse("housekeeping:staff")).status_code == 403
