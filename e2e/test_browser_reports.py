"""Issue 10, section 3 in a real phone-sized browser: the market admin opens the monthly report from the
staff home, sees this month's figures and both charts drawn (canvas), with no console error and no
sideways scrolling; the Excel download answers a workbook.

As in the other browser tests, the data is set up before the browser starts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.engagements.models import Engagement

pytestmark = pytest.mark.browser


def test_market_admin_reads_the_monthly_report_on_a_phone(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    worker = t.make_worker(market, name="江小军", station=station)
    employer = t.make_employer(market, admin=admin)
    engagement = t.make_engagement(worker, employer, days=1, insurance_required=False)
    Engagement.objects.filter(pk=engagement.pk).update(started_at=timezone.now())
    base = live_server.url
    errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, admin.phone)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/staff/")
            page.get_by_test_id("reports-link").click()
            expect(page.get_by_test_id("report-title")).to_contain_text(market.name)
            expect(page.get_by_test_id("figure-placements")).to_contain_text("1")
            expect(page.get_by_test_id("figure-postings")).to_contain_text("1")
            expect(page.locator("#report-daily-chart canvas")).to_have_count(1)
            expect(page.locator("#report-district-chart canvas")).to_have_count(1)
            no_horizontal_scroll(page)
            screenshot(page, "01-report")

            # Another month and unit through the form: the station, last month (nothing yet).
            page.select_option("#report-unit", f"station:{station.pk}")
            page.get_by_test_id("report-show").click()
            expect(page.get_by_test_id("report-title")).to_contain_text(station.name)
            expect(page.locator("#report-daily-chart canvas")).to_have_count(1)
            no_horizontal_scroll(page)

            with page.expect_download() as download:
                page.get_by_test_id("download-xlsx").click()
            assert download.value.suggested_filename.endswith(".xlsx")
            screenshot(page, "02-station")
        finally:
            browser.close()
    # The test server is plain WSGI (live_server): the badge's WebSocket (/ws/events/) cannot connect
    # there, which the page survives; every other console error fails the test.
    assert [e for e in errors if "/ws/events/" not in e] == []
