"""Issue 12, live rooms (直播带岗) on phones in a real browser, live over WebSockets under uvicorn.

(a) A logged-in worker watching the room types 扣1 while a job is pinned: the host's console, open in
another browser context, shows the new lead within 2 s; the worker's consent sheet opens and, agreed,
the lead becomes an application. (b) An anonymous viewer taps 我要报名 on the pinned card, leaves a phone
number and the SMS code (read from the demo's simulated phone page) and the lead is saved.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page, uvicorn_server
from lingong import testing as t
from lingong.accounts.models import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def asgi_server(reference_data: None, tmp_path: Path) -> Iterator[str]:
    connection.close()  # the server process takes its own connection to the database file
    env = {"LINGONG_ENV": "test", "HUEY_IMMEDIATE": "1", "LINGONG_LOGIN_LOCKOUT": "0"}
    with uvicorn_server(str(settings.DATABASES["default"]["NAME"]), tmp_path, env) as base:
        yield base


def _room() -> dict[str, Any]:
    # Models are imported here, once Django is set up by the fixtures (as e2e/browser.py does).
    from lingong.live.models import LiveSession, SessionJob, SessionStatus

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=station.centre, station=station, name="王芳")
    employer = t.make_employer(market, admin=admin, name="唐山鑫达路桥工程有限公司")
    job = t.make_job(employer, admin=admin, title="丰南公路融雪铲车司机", headcount=3)
    worker = t.make_worker(market, name="江小军")
    session = LiveSession.objects.create(
        market=market,
        station=station,
        code=secrets.token_urlsafe(8),
        title="路南区冬季用工直播带岗",
        host=staff,
        host_name="王芳",
        starts_at=timezone.now(),
        status=SessionStatus.LIVE,
        started_at=timezone.now(),
    )
    session_job = SessionJob.objects.create(session=session, job=job, position=0)
    session.pinned = session_job
    session.pinned_at = timezone.now()
    session.save()
    return {"code": session.code, "staff": staff.phone, "worker": worker.user.phone, "job": job.pk}


def test_worker_types_1_and_the_console_shows_the_lead(
    chromium_path: str, asgi_server: str, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from lingong.jobs.models import Application
    from lingong.live.models import Lead

    room = _room()
    connection.close()
    base = asgi_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            host = phone_page(browser, base, room["staff"])
            host.goto(f"{base}/staff/live/{room['code']}/console/")
            expect(host.get_by_test_id("live-console")).to_have_attribute("data-live", "on")
            no_horizontal_scroll(host)
            viewer = phone_page(browser, base, room["worker"])
            viewer.goto(f"{base}/live/{room['code']}/")
            expect(viewer.get_by_test_id("live-room")).to_have_attribute("data-live", "on")
            expect(viewer.locator("[data-pinned] [data-testid=live-card]")).to_contain_text(
                "丰南公路融雪铲车司机"
            )
            no_horizontal_scroll(viewer)
            screenshot(viewer, "01-room")

            viewer.get_by_test_id("live-comment-input").fill("扣1")
            viewer.get_by_test_id("live-comment-send").click()
            # The host sees the lead within 2 s, and the comment flagged as a sign-up intent.
            expect(host.get_by_test_id("console-lead")).to_contain_text("江**", timeout=2000)
            expect(host.get_by_test_id("console-lead")).to_contain_text("丰南公路融雪铲车司机")
            expect(host.get_by_test_id("console-comments")).to_contain_text("报名意向")
            screenshot(host, "02-console-lead")
            # The viewer's own stream shows the comment; the consent sheet opens.
            expect(viewer.get_by_test_id("live-comments")).to_contain_text("扣1")
            expect(viewer.get_by_test_id("live-sheet-consent")).to_contain_text("报名即同意")
            screenshot(viewer, "03-consent")
            viewer.get_by_test_id("live-consent-agree").check()
            viewer.get_by_test_id("live-consent-submit").click()
            expect(viewer.get_by_test_id("live-done-title")).to_have_text("报名成功")
            no_horizontal_scroll(viewer)
        finally:
            browser.close()
    lead = Lead.objects.get()
    assert lead.source == "comment" and lead.status == "applied" and lead.application_id is not None
    assert Application.objects.filter(job_id=room["job"]).count() == 1


def test_anonymous_viewer_leaves_a_lead_with_an_sms_code(
    chromium_path: str, asgi_server: str, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from lingong.live.models import Lead

    room = _room()
    connection.close()
    base = asgi_server
    phone = "13912340077"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            viewer = phone_page(browser)
            viewer.goto(f"{base}/live/{room['code']}/")
            expect(viewer.get_by_test_id("live-room")).to_have_attribute("data-live", "on")
            viewer.get_by_test_id("live-signup").click()
            expect(viewer.get_by_test_id("live-sheet-phone")).to_contain_text("留下手机号报名")
            viewer.get_by_test_id("live-phone").fill(phone)
            viewer.get_by_test_id("live-send-code").click()
            expect(viewer.get_by_test_id("live-code")).to_be_visible()
            no_horizontal_scroll(viewer)
            screenshot(viewer, "01-phone-sheet")
            sms = phone_page(browser)
            sms.goto(f"{base}/inbox/demo-sms/?phone={phone}")
            code = sms.get_by_test_id("demo-sms-code").first.inner_text().strip()
            viewer.get_by_test_id("live-code").fill("000000" if code != "000000" else "111111")
            viewer.get_by_test_id("live-phone-submit").click()
            expect(viewer.get_by_test_id("live-code-error")).to_contain_text("验证码不正确")
            viewer.get_by_test_id("live-code").fill(code)
            viewer.get_by_test_id("live-phone-submit").click()
            expect(viewer.get_by_test_id("live-done-title")).to_have_text("已收到您的报名")
            screenshot(viewer, "02-lead-saved")
        finally:
            browser.close()
    lead = Lead.objects.get()
    assert lead.phone == phone and lead.phone_verified_at is not None and lead.source == "tap"
    assert lead.job_id == room["job"] and lead.user_id is None
