"""A hired worker signs the labour-service contract and checks in, on a phone, in a real browser.

As in the hiring-loop test, the data is set up before the browser starts and checked after it stops (Django
refuses ORM calls while Playwright's loop runs in this thread). The one-time codes are read from the test
SMS sender's outbox, which the live server's threads fill in this same process.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, PHONE, login, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.notifications.senders import LogSender

pytestmark = pytest.mark.browser

JOB_TITLE = "路南物流园装卸工"


def _latest_code(phone: str) -> str:
    for message in reversed(LogSender.outbox):
        if message.get("phone") == phone and "code" in message.get("params", {}):
            return str(message["params"]["code"])
    raise AssertionError(f"no code was sent to {phone}")


def _sign(page: Any, phone: str, screenshot: Callable[..., Path], step: str) -> None:
    from playwright.sync_api import expect

    page.get_by_test_id("send-code").click()
    expect(page.locator(".msg").first).to_contain_text("验证码")
    page.get_by_test_id("sign-code").fill(_latest_code(phone))
    screenshot(page, step)
    page.get_by_test_id("sign-submit").click()
    expect(page.locator(".msg").first).to_contain_text("签署")


def test_worker_signs_the_contract_and_checks_in_on_a_phone(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin)
    worker = t.make_worker(market, name="周建军", skills=[("loader_driver", 3)])
    # Today's shift started ten minutes ago, so check-in is open now.
    local_now = timezone.localtime()
    start = (local_now - dt.timedelta(minutes=10)).time().replace(second=0, microsecond=0)
    engagement = t.make_engagement(
        worker,
        employer,
        days=2,
        insurance_required=False,
        title=JOB_TITLE,
        division=t.LUNAN,
        address="唐山市路南区物流园",
        start_date=local_now.date(),
        daily_start_time=start,
        daily_end_time=(local_now + dt.timedelta(hours=3)).time().replace(second=0, microsecond=0),
        daily_hours=3,  # within the 3-hour window (longer daily hours are refused)
    )
    site = {"latitude": engagement.site_lat, "longitude": engagement.site_lon}
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            phone = browser.new_context(**PHONE, geolocation=site, permissions=["geolocation"])
            page = phone.new_page()
            page.set_default_timeout(15_000)

            # 1. The worker opens "my engagements" and the contract waiting for signatures.
            login(page, base, worker.user.phone)
            page.goto(f"{base}/work/")
            expect(page.get_by_test_id("engagement")).to_contain_text(JOB_TITLE)
            page.get_by_test_id("engagement").first.click()
            expect(page.get_by_test_id("engagement-status")).to_have_text("待签约")
            screenshot(page, "01-engagement")
            page.get_by_test_id("open-contract").click()
            expect(page).to_have_url(re.compile(r"/contracts/\d+/$"))
            expect(page.locator("body")).to_contain_text("劳务协议")
            expect(page.locator("body")).to_contain_text("300")

            # 2. The worker signs with a one-time code.
            _sign(page, worker.user.phone, screenshot, "02-worker-signs")
            screenshot(page, "03-worker-signed")

            # 3. The employer signs on their own phone.
            boss = phone_page(browser, base, employer.phone)
            boss.goto(f"{base}/work/{engagement.pk}/")
            boss.get_by_test_id("open-contract").click()
            _sign(boss, employer.phone, screenshot, "04-employer-signs")

            # 4. Back on the worker's phone: signed, check-in with the phone's location.
            page.goto(f"{base}/work/{engagement.pk}/")
            expect(page.get_by_test_id("engagement-status")).to_have_text("已签约")
            screenshot(page, "05-ready-to-check-in")
            page.get_by_test_id("check-in").click()
            expect(page.locator(".msg").first).to_contain_text("签到成功")
            expect(page.get_by_test_id("engagement-status")).to_have_text("进行中")
            expect(page.get_by_test_id("check-out")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"the engagement page scrolls sideways: {width}"
            screenshot(page, "06-checked-in")

            # 5. The timeline shows both signatures and the check-in.
            page.get_by_test_id("timeline-link").click()
            timeline = page.get_by_test_id("timeline")
            expect(timeline).to_contain_text("签署劳务协议")
            expect(timeline).to_contain_text("签到")
            screenshot(page, "07-timeline")
        finally:
            browser.close()

    engagement.refresh_from_db()
    assert engagement.status == "in_progress"
    shift = engagement.shifts.order_by("date").first()
    assert shift.status == "checked_in"
    assert shift.check_in_distance_m is not None and shift.check_in_distance_m < 50
    signatures = engagement.contracts.get(version=1).signatures.all()
    assert sorted(s.party for s in signatures) == ["employer", "worker"]
