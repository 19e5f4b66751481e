"""Issue 12, the live back office on a phone: station staff go from the staff home to 直播带岗, schedule a
session choosing and reordering jobs with the picker, see its QR code, then open the leads of a live
session (masked phones, the follow-up page) and its stats with the funnel drawn; no sideways scrolling and
no console error on any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.live.models import LiveSession
from lingong.live.tests import office_helpers as h

pytestmark = pytest.mark.browser


def test_station_staff_schedule_and_follow_up_a_live_session_on_a_phone(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王")
    cast = SimpleNamespace(employer=t.make_employer(market, admin=admin), admin=admin, station_staff=staff)
    jobs = h.jobs(cast, 3)
    live = h.go_live(h.session(cast, jobs[:2]), staff)
    h.lead(live, jobs[0], phone="13911112222")
    h.lead(live, jobs[1], phone="13911113333")
    base = live_server.url
    errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, staff.phone)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/staff/")
            page.get_by_test_id("live-office-link").click()
            expect(page.get_by_test_id("live-session")).to_have_count(1)
            no_horizontal_scroll(page)
            screenshot(page, "01-list")

            page.get_by_test_id("live-new").click()
            page.fill("#id_title", "周五晚直播带岗")
            page.fill("#id_starts_at", h.tomorrow_evening().strftime("%Y-%m-%dT%H:%M"))
            page.get_by_test_id("live-job-search").fill("直播推介岗位")
            results = page.get_by_test_id("live-job-results")
            expect(results.locator("[data-live=add]")).to_have_count(3)
            results.locator(f'[data-job="{jobs[0].pk}"]').click()
            results.locator(f'[data-job="{jobs[2].pk}"]').click()
            chosen = page.get_by_test_id("live-chosen-jobs")
            chosen.locator(f'li[data-job="{jobs[2].pk}"] [data-live=up]').click()
            no_horizontal_scroll(page)
            screenshot(page, "02-schedule")
            page.get_by_test_id("live-schedule-save").click()
            expect(page.get_by_test_id("live-qr").locator("svg")).to_have_count(1)
            expect(page.get_by_test_id("live-session-jobs").locator("li")).to_have_count(2)
            no_horizontal_scroll(page)
            screenshot(page, "03-session")

            page.goto(f"{base}/staff/live/{live.code}/leads/")
            expect(page.get_by_test_id("live-lead")).to_have_count(2)
            expect(page.get_by_test_id("live-leads")).to_contain_text("139****2222")
            no_horizontal_scroll(page)
            screenshot(page, "04-leads")
            page.get_by_test_id("lead-follow").first.click()
            page.select_option("#id_f-status", "contacted")
            page.fill("#id_f-note", "已约明天面谈")
            page.get_by_role("button", name="保存跟进").click()
            expect(page.get_by_test_id("lead-history")).to_contain_text("已约明天面谈")
            no_horizontal_scroll(page)

            page.goto(f"{base}/staff/live/{live.code}/stats/")
            expect(page.get_by_test_id("stat-leads")).to_have_text("2")
            expect(page.locator("#live-funnel canvas")).to_have_count(1)
            no_horizontal_scroll(page)
            screenshot(page, "05-stats")
        finally:
            browser.close()
    assert [e for e in errors if "/ws/events/" not in e] == []
    # The picker's order reached the server (read once the browser's event loop is gone).
    created = LiveSession.objects.get(title="周五晚直播带岗")
    assert list(created.jobs.order_by("position").values_list("job_id", flat=True)) == [
        jobs[2].pk,
        jobs[0].pk,
    ]
