"""Issue 13 §3 in a real phone-sized browser: a household books 3 hours of cleaning, a worker accepts, checks
in at the address, and the household confirms the visit and rates the worker.

Phase 1 (browser): the household (王女士家) opens 家政服务 from its home page, books 3 hours of daily cleaning
for tomorrow with the quote shown before confirming; the certified cleaner nearby sees the offer (the
district and distance, not the address), accepts, and now sees the address. Between the phases (the ORM
cannot run while Playwright's loop runs in this thread): both sides sign (as the contract tests do it, by
the chain's step) and the visit is moved to now, so check-in is open. Phase 2 (browser): the worker checks
in and out at the address; the household sees the booking in service, opens the engagement, confirms the
visit and rates the worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, PHONE, login, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.engagements.models import Shift
from lingong.housekeeping.models import Booking, BookingStatus
from lingong.housekeeping.tests import booking_fixtures as bf
from lingong.ratings.models import Rating
from lingong.workflow import chain

pytestmark = pytest.mark.browser


def _world() -> dict[str, Any]:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    household = bf.make_household(market, admin=admin)
    bf.catalogue(market)
    cleaner = bf.make_hk_worker(market, name="张秀兰", km_east=1.5)
    lat, lon = bf.home()
    return {"household": household, "cleaner": cleaner, "home": {"latitude": lat, "longitude": lon}}


def _now_visit(booking: Booking, household: Any) -> Any:
    """Both sides have signed; the visit starts ten minutes ago (check-in is open)."""
    engagement = booking.engagement
    chain.engagement_signed(engagement_id=engagement.pk, actor=household)
    now = timezone.now()
    Shift.objects.filter(engagement=engagement).update(
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=3)
    )
    return engagement


def test_household_books_cleaning_worker_serves_household_confirms_and_rates(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = _world()
    household, cleaner = w["household"], w["cleaner"]
    home_phone, cleaner_phone = household.phone, cleaner.user.phone
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    base = live_server.url
    connection.close()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**PHONE, geolocation=w["home"], permissions=["geolocation"])
            home = context.new_page()
            home.set_default_timeout(15_000)
            login(home, base, home_phone)
            home.goto(f"{base}/employer/")
            home.get_by_test_id("employer-home-services-link").click()
            expect(home.get_by_test_id("catalogue-item").first).to_be_visible()
            screenshot(home, "01-catalogue")
            home.get_by_test_id("book-hourly_cleaning").click()
            home.fill("#id_address", bf.HOME_ADDRESS)
            home.fill("#id_date", tomorrow)
            home.select_option("#id_time", "09:00")
            home.fill("#id_quantity", "3")
            home.get_by_test_id("use-my-location").click()
            expect(home.locator("#id_lat")).not_to_have_value("")
            home.get_by_test_id("preview-quote").click()
            expect(home.get_by_test_id("quote-total")).to_contain_text("150")
            expect(home.get_by_test_id("candidate").first).to_contain_text("张")
            no_horizontal_scroll(home)
            screenshot(home, "02-quote-and-top-three")
            home.get_by_test_id("confirm-booking").click()
            expect(home.get_by_test_id("booking-status")).to_have_text("派单中")
            screenshot(home, "03-booked")

            worker = phone_page(browser, base, cleaner_phone)
            worker.goto(f"{base}/jobs/")
            worker.get_by_test_id("hk-offers-banner").click()
            offer = worker.get_by_test_id("hk-offer")
            expect(offer).to_contain_text("日常保洁")
            expect(offer).not_to_contain_text("新华道18号")  # the address only once taken
            expect(worker.get_by_test_id("hk-offer-pay")).to_contain_text("150")
            no_horizontal_scroll(worker)
            screenshot(worker, "04-offer")
            worker.get_by_test_id("hk-offer-accept").click()
            expect(worker.get_by_test_id("hk-confirmed-address").first).to_contain_text("新华道18号")
            screenshot(worker, "05-accepted")

            home.reload()
            expect(home.get_by_test_id("booking-status")).to_have_text("已确认")
            expect(home.get_by_test_id("worker-card")).to_contain_text("张")
            screenshot(home, "06-confirmed-with-worker-card")
        finally:
            browser.close()

    booking = Booking.objects.get(household__members__user=household)
    engagement = _now_visit(booking, household)
    site = {"latitude": booking.lat, "longitude": booking.lon}
    connection.close()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**PHONE, geolocation=site, permissions=["geolocation"])
            worker = context.new_page()
            worker.set_default_timeout(15_000)
            login(worker, base, cleaner_phone)
            worker.goto(f"{base}/work/{engagement.pk}/")
            worker.get_by_test_id("check-in").click()
            expect(worker.locator(".msg").first).to_contain_text("签到成功")
            screenshot(worker, "07-checked-in")

            home = phone_page(browser, base, home_phone)
            home.goto(f"{base}/home-services/bookings/{booking.code}/")
            expect(home.get_by_test_id("booking-status")).to_have_text("服务中")

            quantity = worker.get_by_test_id("quantity")
            if quantity.count():
                quantity.fill("1")
            worker.get_by_test_id("check-out").click()
            # Minutes after the check-in the platform shows what it would record and asks first.
            expect(worker.get_by_test_id("confirm-check-out")).to_be_visible()
            worker.get_by_test_id("confirm-short").click()
            expect(worker.locator(".msg").first).to_contain_text("签退")
            screenshot(worker, "08-checked-out")

            home.reload()
            home.get_by_test_id("booking-engagement-link").click()
            home.get_by_test_id("confirm-shift").click()
            home.goto(f"{base}/home-services/bookings/{booking.code}/")
            expect(home.get_by_test_id("booking-status")).to_have_text("已完成")
            home.get_by_test_id("booking-engagement-link").click()
            home.get_by_test_id("rate-link").click()
            for row in home.locator("fieldset.star-row").all():
                row.locator("input[value='5']").check()
            home.get_by_test_id("rating-submit").click()
            expect(home.locator(".msg").first).to_be_visible()
            no_horizontal_scroll(home)
            screenshot(home, "09-rated")
        finally:
            browser.close()

    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    assert Rating.objects.filter(engagement=engagement, stars=5).count() == 1
