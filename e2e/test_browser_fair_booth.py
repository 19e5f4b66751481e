"""Issue 12 (fairs-b): at a fair, staff check the worker in at the door by typing the worker's entry code;
the worker then opens the booth's QR link on a phone and confirms the interview intention; the enterprise
(another phone) sees it on its intentions page (it refreshes itself) and sends an offer for the booth's job;
the worker accepts it on 我的报名. 375 px, no horizontal scroll."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.fairs.models import FairRegistration, Intention, IntentionStatus
from lingong.fairs.tests import intention_world as fw
from lingong.jobs.models import Application, ApplicationStatus

pytestmark = pytest.mark.browser


def _cast() -> Any:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    employer = t.make_employer(market, admin=admin)
    other_employer = t.make_employer(market, admin=admin, name="唐山南湖餐饮管理有限公司")
    worker = t.make_worker(market, name="江小军", station=station)
    return type(
        "Cast",
        (),
        {
            "market": market,
            "station": station,
            "admin": admin,
            "employer": employer,
            "other_employer": other_employer,
            "worker": worker,
        },
    )()


def test_worker_scans_a_booth_and_accepts_the_offer(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    cast = _cast()
    w = fw.build(cast)
    worker_phone, employer_phone = cast.worker.user.phone, cast.employer.phone
    booth_url = f"{live_server.url}/fairs/b/{w.exhibitor.qr_token}/"
    code, masked = w.fair.code, cast.worker.masked_name
    # Registered but not yet at the door: the market admin checks the worker in on the door page below.
    FairRegistration.objects.filter(pk=w.registration.pk).update(checked_in_at=None)
    entry_code, staff_phone = w.registration.code, cast.admin.phone
    connection.close()
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            door = phone_page(browser, base, staff_phone)
            door.goto(f"{base}/staff/fairs/{code}/door/")
            door.get_by_test_id("door-code").fill(entry_code)
            door.get_by_test_id("door-submit").click()
            expect(door.get_by_test_id("door-result")).to_have_class("door-result ok")
            no_horizontal_scroll(door)

            company = phone_page(browser, base, employer_phone)
            company.goto(f"{base}/employer/fairs/{code}/intentions/")
            expect(company.get_by_test_id("no-intentions")).to_be_visible()
            no_horizontal_scroll(company)

            worker = phone_page(browser, base, worker_phone)
            worker.goto(booth_url)
            no_horizontal_scroll(worker)
            worker.get_by_test_id("send-intention").click()
            expect(worker.get_by_test_id("booth-sent")).to_contain_text("已向该展位投递过")
            screenshot(worker, "01-worker-booth")

            # The enterprise's page refreshes itself (every 5 s) and shows the masked worker.
            card = company.get_by_test_id("intention-card")
            expect(card).to_contain_text(masked, timeout=15_000)
            no_horizontal_scroll(company)
            screenshot(company, "02-enterprise-intentions")
            company.get_by_test_id("send-offer").click()
            expect(company.get_by_test_id("application-status")).to_have_text("已发录用")

            worker.goto(f"{base}/me/applications/")
            worker.get_by_test_id("accept-offer").first.click()
            # Accepting posts a form and lands on the contract to sign: wait for it before the screenshot,
            # which chromium refuses to take of a page still navigating.
            expect(worker).to_have_url(re.compile(r"/contracts/\d+/$"))
            expect(worker.locator(".msg")).to_contain_text("已接受录用")
            no_horizontal_scroll(worker)
            screenshot(worker, "03-worker-accepted")
            company.reload()
            expect(company.get_by_test_id("application-status")).to_have_text("已接受")
            expect(company.get_by_test_id("intention-phone")).to_have_text(worker_phone)
        finally:
            browser.close()
    intention = Intention.objects.get(exhibitor=w.exhibitor)
    assert intention.status == IntentionStatus.OFFERED
    assert Application.objects.get(pk=intention.application_id).status == ApplicationStatus.ACCEPTED
