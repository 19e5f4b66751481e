"""Personal-data rights on a phone (issue 9, part 2): from the home page a worker opens 我的数据与隐私,
downloads the copy as JSON and withdraws a consent; the page never scrolls sideways at 375 px."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.workers.models import ConsentPurpose, ConsentRecord

pytestmark = pytest.mark.browser


def test_worker_opens_my_data_downloads_json_and_withdraws_a_consent(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    worker = t.make_worker(market, name="江小军")
    share = ConsentRecord.objects.create(
        user=worker.user, notice_version="v1", purpose=ConsentPurpose.SHARE_CONTACT, channel="app"
    )
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, worker.user.phone)
            page.goto(f"{base}/")  # the worker's home page
            page.get_by_role("button", name="菜单").click()
            page.get_by_test_id("nav-privacy").click()
            expect(page.get_by_role("heading", name="我的数据与隐私")).to_be_visible()
            page.locator("details[data-section=profile] summary").click()
            expect(page.locator("details[data-section=profile]")).to_contain_text("江小军")
            no_horizontal_scroll(page)
            screenshot(page, "01-my-data")

            with page.expect_download() as download_info:
                page.get_by_test_id("download-json").click()
            copy = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
            assert copy["sections"]["profile"]["items"][0]["real_name"] == "江小军"
            assert {"consents", "logins", "applications"} <= set(copy["sections"])

            page.get_by_test_id(f"withdraw-{share.pk}").click()
            expect(page.get_by_test_id("withdraw-effect")).to_contain_text("站内消息")
            no_horizontal_scroll(page)
            screenshot(page, "02-withdraw")
            page.get_by_test_id("confirm-withdraw").click()
            expect(page.locator(".msg")).to_contain_text("已撤回授权")
            expect(page.get_by_test_id("consent-share_contact")).to_contain_text("撤回")
            expect(page.get_by_test_id(f"withdraw-{share.pk}")).to_have_count(0)
            no_horizontal_scroll(page)
            screenshot(page, "03-withdrawn")
        finally:
            browser.close()

    share.refresh_from_db()
    assert share.withdrawn_at is not None


def test_staff_see_an_overdue_request_on_a_phone_and_answer_it(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    import datetime as dt

    from django.utils import timezone
    from playwright.sync_api import expect, sync_playwright

    from lingong.accounts.models import Role
    from lingong.rights import services
    from lingong.rights.models import RightsRequest

    market = t.make_market()
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, station=station, name="驿站小王")
    worker = t.make_worker(market, name="江小军", station=station)
    request = services.file_request(actor=worker.user, kind="correction", detail="从业年限应为10年。")
    RightsRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - dt.timedelta(days=20))
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, staff.phone)
            page.goto(f"{base}/staff/")
            page.get_by_test_id("overdue-rights").click()
            card = page.get_by_test_id(f"request-{request.pk}")
            expect(card).to_contain_text("已超时")
            no_horizontal_scroll(page)
            screenshot(page, "01-overdue")
            card.locator("input[name=note]").fill("已在驿站核对并更正")
            page.get_by_test_id(f"complete-{request.pk}").click()
            expect(page.locator(".msg")).to_contain_text("已答复")
            no_horizontal_scroll(page)
        finally:
            browser.close()

    request.refresh_from_db()
    assert (request.status, request.decision_note) == ("completed", "已在驿站核对并更正")
