"""Issue 9 in a real phone-sized browser: station staff see a worker's phone masked, tap 显示完整号码, are
stopped until they give a reason, then see the number; the read is in the log reachable from the staff
home; the privacy notice reads on a phone without sideways scrolling.

As in the other browser tests, the data is set up before the browser starts and checked after it stops.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.audit.models import SensitiveRead

pytestmark = pytest.mark.browser


def test_staff_reveal_a_phone_with_a_reason_and_find_it_in_the_log(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=station.centre, station=station, name="驿站小王")
    worker = t.make_worker(market, name="江小军", station=station)
    phone, masked = worker.user.phone, worker.user.masked_phone
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, staff.phone)

            # 1. The worker list shows the phone masked, with the action next to it.
            page.goto(f"{base}/staff/workers/")
            row = page.get_by_test_id("station-worker").first
            expect(row).to_contain_text(masked)
            expect(row).not_to_contain_text(phone)
            no_horizontal_scroll(page)
            screenshot(page, "01-masked")
            row.get_by_test_id("reveal-phone").click()

            # 2. Without a reason nothing is shown; "other" needs a note.
            expect(page.get_by_test_id("masked-value")).to_have_text(masked)
            page.get_by_test_id("reveal-submit").click()
            expect(page.locator(".errorlist").first).to_contain_text("请选择查看完整号码的原因")
            page.get_by_label(re.compile("其他")).check()
            page.get_by_test_id("reveal-submit").click()
            expect(page.locator(".errorlist").first).to_contain_text("请说明原因")
            expect(page.locator("body")).not_to_contain_text(phone)
            no_horizontal_scroll(page)
            screenshot(page, "02-reason-needed")

            # 3. With a reason the number is shown, once, with a call link.
            page.get_by_label(re.compile("联系求职者")).check()
            page.get_by_label("补充说明").fill("通知明早改到东门集合")
            page.get_by_test_id("reveal-submit").click()
            expect(page.get_by_test_id("revealed-value")).to_have_text(phone)
            expect(page.get_by_role("link", name=phone)).to_have_attribute("href", f"tel:{phone}")
            no_horizontal_scroll(page)
            screenshot(page, "03-revealed")

            # 4. The staff home leads to the log, which shows the read with its reason.
            page.goto(f"{base}/staff/")
            page.get_by_test_id("sensitive-reads-link").click()
            expect(page).to_have_url(re.compile(r"/staff/sensitive-reads/"))
            reads = page.get_by_test_id("sensitive-read")
            expect(reads).to_have_count(1)
            expect(reads.first).to_contain_text("联系求职者")
            expect(reads.first).to_contain_text("通知明早改到东门集合")
            expect(page.locator("body")).not_to_contain_text(phone)
            no_horizontal_scroll(page)
            screenshot(page, "04-log")

            # 5. The privacy notice reads on a phone.
            page.goto(f"{base}/privacy/")
            expect(page.locator("h2#phone")).to_be_visible()
            no_horizontal_scroll(page)
            screenshot(page, "05-notice")
        finally:
            browser.close()

    read = SensitiveRead.objects.get()
    assert (read.actor_id, read.subject_user_id, read.field, read.reason) == (
        staff.pk,
        worker.user_id,
        "phone",
        "contact_worker",
    )
    assert read.note == "通知明早改到东门集合" and read.ip
