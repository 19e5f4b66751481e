"""Issue 12 §2, the job fair's door on a phone: station staff open the check-in page at 375 px, type a
worker's entry code and see the green result with the masked name; typing it again says the worker is
already checked in. The page may start the camera (Chromium's fake camera, no permission or CSP error);
the management page may not (Permissions-Policy camera=()). The public fair page draws the floor map
without sideways scrolling, and a booth leads to its jobs.

Rows are made before the browser starts and checked after it stops (Django refuses ORM calls while
Playwright's loop runs in this thread).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.core.masking import mask_phone
from lingong.fairs import services
from lingong.fairs.models import FairRegistration

pytestmark = pytest.mark.browser

FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


def _fair() -> tuple[Any, Any, Any, Any]:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王")
    employer = t.make_employer(market, admin=admin, name="唐山市路南区鑫达路桥工程有限公司")
    job = t.make_job(employer, admin=admin, title="路南装载机司机")
    worker = t.make_worker(market, name="周建军", station=station)
    today = timezone.localdate()
    fair = services.create_fair(
        actor=staff,
        data=services.FairInput(
            title="路南区春风行动招聘会", mode="both", starts_on=today, ends_on=today,
            venue="路南区人力资源市场", address="唐山市路南区新华西道68号",
            opens_at=dt.time(0, 0), closes_at=dt.time(23, 59), floor_width=12, floor_height=8,
        ),
    )  # fmt: skip
    services.generate_booths(actor=staff, fair_id=fair.pk, count=12)
    services.publish_fair(actor=staff, fair_id=fair.pk)
    application = services.apply_for_booth(
        actor=employer, fair_id=fair.pk, job_ids=[job.pk], contact_name="么经理"
    )
    services.approve_booth_application(actor=staff, application_id=application.pk)
    registration = services.register_self(actor=worker.user, fair_id=fair.pk)
    return fair, staff, worker, registration


def test_staff_check_a_worker_in_by_typing_the_code(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    fair, staff, worker, registration = _fair()
    exhibitor_id = fair.exhibitors.get().pk
    name_line = f"{worker.masked_name} · {mask_phone(worker.user.phone)}"
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS + FAKE_CAMERA)
        try:
            page = phone_page(browser, base, staff.phone)
            page.goto(f"{base}/staff/fairs/{fair.code}/door/")
            no_horizontal_scroll(page)
            page.get_by_test_id("door-code").fill(registration.code.lower())
            page.get_by_test_id("door-submit").click()
            result = page.get_by_test_id("door-result")
            expect(result).to_have_class("door-result ok")
            expect(result).to_contain_text("签到成功")
            expect(page.get_by_test_id("door-name")).to_have_text(name_line)
            expect(page.get_by_test_id("count-checked-in")).to_have_text("1")
            screenshot(page, "01-checked-in", full_page=False)
            page.get_by_test_id("door-code").fill(registration.code)
            page.get_by_test_id("door-submit").click()
            expect(result).to_have_class("door-result refused")
            expect(result).to_contain_text("无需重复签到")
            expect(page.get_by_test_id("count-checked-in")).to_have_text("1")
            no_horizontal_scroll(page)
            screenshot(page, "02-already", full_page=False)

            # The camera starts here (the fake device), with no permission or CSP error.
            page.get_by_test_id("start-camera").click()
            expect(page.locator("[data-door]")).to_have_attribute("data-camera", "on")
            expect(page.get_by_test_id("camera-status")).to_have_text("请将求职者的入场码对准取景框")
            # ... and nowhere else: the management page's policy turns the camera off.
            page.goto(f"{base}/staff/fairs/{fair.code}/")
            refused = page.evaluate(
                "() => navigator.mediaDevices.getUserMedia({video: true}).then(() => 'allowed', e => e.name)"
            )
            assert refused == "NotAllowedError"

            public = phone_page(browser)
            public.goto(f"{base}/fairs/{fair.code}/")
            floor = public.get_by_test_id("floor-map")
            expect(floor.locator("svg.fair-floor")).to_be_visible()
            expect(floor.get_by_test_id("booth-A01")).to_contain_text("鑫达路桥")
            no_horizontal_scroll(public)
            box = floor.bounding_box()
            assert box is not None and box["width"] <= 375
            floor.locator("a[data-booth='A01']").click()
            expect(public).to_have_url(f"{base}/fairs/{fair.code}/#exhibitor-{exhibitor_id}")
            screenshot(public, "03-floor-map")
        finally:
            browser.close()
    done = FairRegistration.objects.get(pk=registration.pk)
    assert done.checked_in_at is not None
