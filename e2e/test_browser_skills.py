"""Issue 13 §1 in a real phone-sized browser: the market admin opens the skill gaps from the staff home and
sees the chart drawn (canvas, from the page's JSON, no inline script), the table and the Excel download;
a forklift driver without the N1 certificate sees "学个证，多接活" on the job list and the profile.

As in the other browser tests, the data is set up before the browser starts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong.skills.tests.worlds import FORKLIFT, gap_world, worker

pytestmark = pytest.mark.browser


def test_staff_read_the_gaps_and_a_worker_sees_what_to_learn(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = gap_world()
    learner_phone = worker(w, "learner", skills=["forklift_driver"]).user.phone
    admin_phone = w.admin.phone
    base = live_server.url
    errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, admin_phone)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/staff/")
            page.get_by_test_id("staff-skills-link").click()
            expect(page.get_by_test_id("skills-row")).to_have_count(2)
            expect(page.get_by_test_id("skills-row").first).to_contain_text("叉车司机")
            expect(page.get_by_test_id("skills-total-unmet")).to_have_text("5")
            expect(page.locator("#skills-gap-chart canvas")).to_have_count(1)
            expect(page.locator("#skills-gap-chart")).to_have_attribute("data-drawn", "1")
            no_horizontal_scroll(page)
            screenshot(page, "01-gaps")

            page.select_option("#id_occupation", "cleaner")
            page.get_by_test_id("skills-filter").click()
            expect(page.get_by_test_id("skills-row")).to_have_count(1)
            with page.expect_download() as download:
                page.get_by_test_id("skills-xlsx").click()
            assert download.value.suggested_filename.endswith(".xlsx")

            page = phone_page(browser, base, learner_phone)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/jobs/")
            card = page.get_by_test_id("cert-unlocks")
            expect(card).to_contain_text("学个证，多接活")
            expect(page.get_by_test_id("cert-unlock")).to_have_count(1)
            expect(page.get_by_test_id("cert-unlock")).to_contain_text("可多接 4 个岗位，日薪 250 元")
            link = page.get_by_test_id("cert-unlock").locator("a")
            expect(link).to_have_attribute("href", f"/training/courses/?certificate={FORKLIFT}")
            no_horizontal_scroll(page)
            screenshot(page, "02-job-list")
            page.goto(f"{base}/me/profile/")
            expect(page.get_by_test_id("cert-unlock")).to_have_count(1)
        finally:
            browser.close()
    assert [e for e in errors if "/ws/events/" not in e] == []
