"""Issue 16, items 3, 4 and 7 (second half), walked on a phone in a real browser.

Item 3: daily hours longer than the daily window are refused on the job form; a check-out right after the
check-in shows what it would record and asks first. Item 4: with location refused, the check-in button and
"用我的位置" explain how to turn location on and what else works; a check-in 2 km from the site says it was
flagged and why. Item 7: station staff reject a flagged check-in with a reason.

As in the other browser tests, rows are made before the browser starts and checked after it stops (Django
refuses ORM calls while Playwright's loop runs in this thread).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, PHONE, login, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.engagements import services
from lingong.engagements.models import Engagement, Shift
from lingong.jobs.models import JobPosting
from lingong.workflow import chain

pytestmark = pytest.mark.browser

FAR = 0.018  # about 2 km north of the site


def _cast() -> tuple[Any, Any, Any, Any]:
    """A market, its station and staff member, an employer and a worker registered at that station."""
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王")
    employer = t.make_employer(market, admin=admin)
    worker = t.make_worker(market, name="周建军", station=station)
    return station, staff, employer, worker


def _working_now(worker: Any, employer: Any, *, days: int = 2) -> Engagement:
    """A signed engagement whose first shift started ten minutes ago (check-in is open)."""
    now = timezone.localtime()
    engagement = t.make_engagement(
        worker,
        employer,
        days=days,
        insurance_required=False,
        title="路南物流园装卸工",
        start_date=now.date(),
        daily_start_time=dt.time(0, 0),
        daily_end_time=dt.time(23, 59),
        daily_hours=8,
    )
    chain.engagement_signed(engagement_id=engagement.pk, actor=employer)
    shift = engagement.shifts.order_by("date").first()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=10), ends_at=timezone.now() + dt.timedelta(hours=8)
    )
    engagement.refresh_from_db()
    return engagement


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}"


def test_item3_hours_within_the_window_and_a_question_before_a_short_check_out(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    _station, _staff, employer, worker = _cast()
    engagement = _working_now(worker, employer, days=1)
    site = {"latitude": engagement.site_lat, "longitude": engagement.site_lon}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            # 1. The employer posts "16:30–21:30, 8 hours a day": refused on the page, with the reason.
            boss = phone_page(browser, base, employer.phone)
            boss.goto(f"{base}/employer/jobs/new/")
            boss.fill("#id_title", "银行食堂晚班厨师2名")
            boss.select_option("#id_occupations", ["chinese_cook"])
            boss.fill("#id_description", "负责员工食堂晚餐的制作和出餐。")
            boss.fill("#id_headcount", "2")
            boss.fill("#id_pay_amount", "300")
            boss.select_option("#id_division", "130202")
            boss.fill("#id_address", "唐山市路南区新华东道")
            boss.fill("#id_start_date", tomorrow.isoformat())
            boss.fill("#id_end_date", (tomorrow + dt.timedelta(days=6)).isoformat())
            boss.fill("#id_daily_start_time", "16:30")
            boss.fill("#id_daily_end_time", "21:30")
            boss.fill("#id_daily_hours", "8")
            boss.get_by_test_id("submit-job").click()
            expect(boss.locator(".errorlist").first).to_contain_text("超过了上下班时间 16:30–21:30")
            _no_sideways_scroll(boss)
            screenshot(boss, "01-eight-hours-in-five-refused")

            # 2. The worker checks in and taps check-out right away: the page asks first.
            phone = browser.new_context(**PHONE, geolocation=site, permissions=["geolocation"])
            page = phone.new_page()
            page.set_default_timeout(15_000)
            login(page, base, worker.user.phone)
            page.goto(f"{base}/work/{engagement.pk}/")
            page.get_by_test_id("check-in").click()
            expect(page.locator(".msg").first).to_contain_text("签到成功")
            page.get_by_test_id("check-out").click()
            question = page.get_by_test_id("confirm-check-out")
            expect(question).to_be_visible()
            expect(question).to_contain_text("确认现在签退吗")
            expect(page.get_by_test_id("short-explanation")).to_contain_text("最后一个班次")
            _no_sideways_scroll(page)
            screenshot(page, "02-short-check-out-question")
            page.get_by_test_id("keep-working").click()
            expect(page.get_by_test_id("engagement-status")).to_have_text("进行中")
            expect(page.get_by_test_id("check-out")).to_be_visible()
            screenshot(page, "03-kept-working")
        finally:
            browser.close()

    assert not JobPosting.objects.filter(title="银行食堂晚班厨师2名").exists()
    engagement.refresh_from_db()
    assert engagement.status == "in_progress"
    assert engagement.shifts.get().status == "checked_in"


def test_item4_refused_location_is_explained_and_a_far_check_in_is_flagged(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    station, _staff, employer, worker = _cast()
    engagement = _working_now(worker, employer)
    far = {"latitude": engagement.site_lat + FAR, "longitude": engagement.site_lon}
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            # 1. Location refused: check-in explains how to turn it on and what else works.
            refused = browser.new_context(**PHONE, permissions=[])
            page = refused.new_page()
            page.set_default_timeout(15_000)
            login(page, base, worker.user.phone)
            page.goto(f"{base}/work/{engagement.pk}/")
            page.get_by_test_id("check-in").click()
            help_box = page.get_by_test_id("location-help")
            expect(help_box).to_be_visible()
            expect(help_box).to_contain_text("打开定位的方法")
            expect(help_box).to_contain_text("没有允许本网站使用位置")
            fallbacks = page.get_by_test_id("location-fallbacks")
            expect(fallbacks).to_contain_text("现场签到码")
            expect(fallbacks).to_contain_text(f"请驿站工作人员代为签到：{station.name}")
            _no_sideways_scroll(page)
            screenshot(page, "01-location-refused-check-in")

            # The same on the job list's "用我的位置".
            page.goto(f"{base}/jobs/")
            page.get_by_test_id("use-my-location").click()
            expect(page.get_by_test_id("location-help")).to_be_visible()
            expect(page.get_by_test_id("location-help")).to_contain_text("选择您所在的区县")
            screenshot(page, "02-location-refused-job-list")
            refused.close()

            # 2. Location 2 km from the site: the check-in is accepted, flagged, and says so.
            away = browser.new_context(**PHONE, geolocation=far, permissions=["geolocation"])
            page = away.new_page()
            page.set_default_timeout(15_000)
            login(page, base, worker.user.phone)
            page.goto(f"{base}/work/{engagement.pk}/")
            page.get_by_test_id("check-in").click()
            warning = page.locator(".msg-warning").first
            expect(warning).to_contain_text("待复核")
            expect(warning).to_contain_text("公里")
            expect(warning).to_contain_text("驿站工作人员")
            expect(page.get_by_test_id("flag-notice")).to_be_visible()
            _no_sideways_scroll(page)
            screenshot(page, "03-far-check-in-flagged")
        finally:
            browser.close()

    shift = engagement.shifts.order_by("date").first()
    assert shift.status == "checked_in" and shift.review_status == "pending"
    assert 1800 < shift.check_in_distance_m < 2200


def test_item7_staff_reject_a_flagged_check_in_with_a_reason(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    _station, staff, employer, worker = _cast()
    engagement = _working_now(worker, employer)
    shift = engagement.shifts.order_by("date").first()
    services.check_in(
        actor=worker.user, shift_id=shift.pk, lat=engagement.site_lat + FAR, lon=engagement.site_lon
    )
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, staff.phone)
            page.goto(f"{base}/work/staff/")
            flagged = page.get_by_test_id("flagged-shift")
            expect(flagged).to_contain_text("签到位置距工作地点")
            flagged.get_by_test_id("reject-review").locator("summary").click()
            flagged.get_by_test_id("reject-reason").fill("电话核实，当天未到工地")
            screenshot(page, "01-reject-with-reason")
            flagged.get_by_test_id("reject-submit").click()
            expect(page.locator(".msg").first).to_contain_text("已驳回")
            expect(page.get_by_test_id("flagged-shift")).to_have_count(0)
            _no_sideways_scroll(page)
            screenshot(page, "02-rejected")
        finally:
            browser.close()

    shift.refresh_from_db()
    assert shift.status == "no_show"
    assert shift.review_status == "rejected"
    assert shift.review_note == "电话核实，当天未到工地"
    assert shift.reviewed_by == staff
