"""Issue 10: the bank's quick-recruit (即时快招) on phones in a real browser, live over WebSockets.

The employer starts a quick-recruit for 2 cooks; the station staff's 附近快招 page, open before, shows it
without a reload; a cook's 我的快招邀请, open before, shows the invitation without a reload; two cooks answer
with one tap and accept; the station staff put a walk-in forward, who lands on standby; the employer's page
and the market's big-data screen (1920x1080, open on the wall before) show the campaign filled without a
reload; one hired cook cancels and the walk-in is promoted (an offer),
again seen live by the employer.

Live updates need the ASGI server (WebSockets), so the app runs under uvicorn in a subprocess on this test's
database (as in test_browser_infra), with Huey immediate so that wave 1 runs when the campaign commits. The
data is set up before the browser starts and checked after it stops.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, login, no_horizontal_scroll, phone_page, uvicorn_server
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.core.validators import make_resident_id
from lingong.org.models import Division

pytestmark = pytest.mark.browser


@pytest.fixture
def asgi_server(reference_data: None, tmp_path: Path) -> Iterator[str]:
    connection.close()  # the server process takes its own connection to the database file
    # The test profile: its password hasher (the cast's accounts) and Huey immediate (wave 1 runs in the
    # server process when the campaign commits).
    env = {"LINGONG_ENV": "test", "HUEY_IMMEDIATE": "1", "LINGONG_LOGIN_LOCKOUT": "0"}
    with uvicorn_server(str(settings.DATABASES["default"]["NAME"]), tmp_path, env) as base:
        yield base


def _cast() -> dict[str, Any]:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=station.centre, station=station, name="王芳")
    employer = t.make_employer(market, admin=admin, name="中国工商银行唐山路南支行")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    job = t.make_job(
        employer,
        admin=admin,
        title="银行职工食堂急招中式烹调师2名",
        occupations=["chinese_cook"],
        headcount=2,
        division=station.division_id,
        lat=station.lat,
        lon=station.lon,
        start_date=tomorrow,
        end_date=tomorrow + dt.timedelta(days=2),
    )
    near = Division.objects.get(code=station.division_id)
    cooks = [
        t.make_worker(market, name=name, skills=[("chinese_cook", 6)], lat=near.lat + 0.003 * i, lon=near.lon)
        for i, name in enumerate(("刘大勺", "陈小灶"), start=1)
    ]
    return {"admin": admin, "staff": staff, "employer": employer, "job": job, "cooks": cooks}


def test_the_bank_fills_two_cook_places_live_and_standby_is_promoted(
    chromium_path: str, asgi_server: str, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    # The cast is written before the server reads it (the server process has its own connection).
    cast = _cast()
    connection.close()
    base = asgi_server
    job = cast["job"]
    first, second = cast["cooks"]
    phones = {"staff": cast["staff"].phone, "employer": cast["employer"].phone, "admin": cast["admin"].phone}
    phones.update(first=first.user.phone, second=second.user.phone)  # read before the browser's loop runs
    title = job.title
    walk_in_id = make_resident_id(t.LUNAN, dt.date(1983, 6, 9), 245)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            station = phone_page(browser, base, phones["staff"])
            station.goto(f"{base}/staff/quick-recruits/")
            expect(station.locator("[data-testid=station-live]")).to_have_attribute("data-live", "on")
            station.evaluate("window.__notReloaded = true")
            cook = phone_page(browser, base, phones["first"])
            cook.goto(f"{base}/me/quick-recruits/")
            expect(cook.get_by_text("暂无快招邀请。")).to_be_visible()
            expect(cook.locator("[data-live-region]")).to_have_attribute("data-live", "on")
            cook.evaluate("window.__notReloaded = true")
            # The market's big-data screen, open on the wall before the campaign starts.
            wall: dict[str, Any] = {"viewport": {"width": 1920, "height": 1080}, "timezone_id": "UTC"}
            screen = browser.new_context(**wall).new_page()
            login(screen, base, phones["admin"])
            screen.goto(f"{base}/screen/")
            expect(screen.get_by_test_id("screen-status")).to_have_attribute("data-status", "live")
            screen.evaluate("window.__notReloaded = true")
            # The wall clock tells the market's time even on a computer set to another zone (UTC here).
            assert screen.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") != "Asia/Shanghai"
            shown = dt.datetime.strptime(screen.locator("[data-clock]").inner_text(), "%Y-%m-%d %H:%M:%S")
            here = timezone.localtime().replace(tzinfo=None)
            assert abs((shown - here).total_seconds()) < 10, (shown, here)

            # The employer starts a quick-recruit from the posting's page.
            employer = phone_page(browser, base, phones["employer"])
            employer.goto(f"{base}/employer/jobs/{job.pk}/")
            employer.get_by_test_id("start-quick-recruit-link").click()
            employer.get_by_test_id("start-quick-recruit").click()
            expect(employer.get_by_test_id("campaign-status")).to_have_text("招募中")
            expect(employer.get_by_test_id("count-invited")).to_have_text("2")
            expect(employer.locator("[data-testid=campaign-live]")).to_have_attribute("data-live", "on")
            employer.evaluate("window.__notReloaded = true")
            no_horizontal_scroll(employer)
            screenshot(employer, "01-employer-live")

            # The station's page and the cook's invitations show it without a reload.
            expect(station.get_by_test_id("station-campaign")).to_contain_text(title)
            assert station.evaluate("window.__notReloaded") is True
            expect(cook.get_by_test_id("invitation")).to_contain_text(title)
            assert cook.evaluate("window.__notReloaded") is True
            screenshot(station, "02-station-live")

            # Both cooks answer with one tap and accept; the employer's page follows live.
            for page in (cook, phone_page(browser, base, phones["second"])):
                page.goto(f"{base}/quick-recruit/{_campaign_id(employer)}/answer/")
                no_horizontal_scroll(page)
                page.get_by_test_id("answer").click()
                expect(page.get_by_test_id("invite-state")).to_contain_text("已录用待确认")
                page.get_by_test_id("accept-offer").click()
            second_page = page
            expect(employer.get_by_test_id("count-accepted")).to_have_text("2")
            expect(employer.get_by_test_id("campaign-status")).to_have_text("已招满")
            assert employer.evaluate("window.__notReloaded") is True
            screenshot(employer, "03-filled")
            # The wall screen followed the campaign from start to full, without a reload.
            panel = screen.get_by_test_id("campaigns").locator("li.campaign")
            expect(panel).to_have_count(1)
            expect(panel).to_contain_text(title)
            expect(panel).to_contain_text("2/2")
            expect(panel).to_contain_text("已招满")
            assert screen.evaluate("window.__notReloaded") is True
            screenshot(screen, "03-screen-filled")

            # The station puts a walk-in forward (paper consent): a third answer, on standby. The form's
            # choice of campaign arrived with the live update; no reload.
            expect(station.locator("#nominate-campaign option")).to_have_count(1)
            assert station.evaluate("window.__notReloaded") is True
            station.fill("#id_phone", "13712340245")
            station.fill("#id_real_name", "赵师傅")
            station.fill("#id_id_number", walk_in_id)
            station.fill("#id_consent_reference", "LN-2026-1204")
            station.get_by_test_id("nominate").click()
            expect(station.locator(".msg-success")).to_contain_text("候补")
            expect(employer.get_by_test_id("count-standby")).to_have_text("1")

            # One hired cook cancels: the walk-in is promoted (an offer), live on the employer's page.
            second_page.goto(f"{base}/work/")
            second_page.get_by_role("link", name=title).first.click()
            second_page.get_by_text("取消用工").click()
            second_page.fill("input[name=reason]", "家里临时有事")
            second_page.get_by_test_id("cancel-submit").click()
            expect(employer.get_by_test_id("count-standby")).to_have_text("0")
            expect(employer.get_by_test_id("count-offered")).to_have_text("1")
            expect(employer.get_by_test_id("count-accepted")).to_have_text("1")
            expect(employer.get_by_test_id("campaign-status")).to_have_text("招募中")
            assert employer.evaluate("window.__notReloaded") is True
            screenshot(employer, "04-promoted")
        finally:
            browser.close()

    from lingong.recruit.models import CampaignInvite, QuickRecruit

    campaign = QuickRecruit.objects.get(job=job)
    assert campaign.time_to_fill_s is not None
    states = dict(CampaignInvite.objects.filter(campaign=campaign).values_list("worker__real_name", "state"))
    assert states == {"刘大勺": "accepted", "陈小灶": "released", "赵师傅": "offered"}


def _campaign_id(page: Any) -> int:
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])
