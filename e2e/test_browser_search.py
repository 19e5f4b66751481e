"""Issue 16, items 10 and 7 (first half), in a real phone-sized browser: nearest jobs for a logged-out
visitor, sign-up from a station's QR link, every walk-in error at once, a bank's industry, and staff tables
that fit a phone.

As in the other browser tests, the data is set up before the browser starts and checked after it stops
(Django refuses ORM calls while Playwright's loop runs in this thread).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, PHONE, login, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.employers.models import Enterprise
from lingong.org.models import Division
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile

pytestmark = pytest.mark.browser

FENGNAN = "130207"
NEAR_TITLE = "路南仓库装卸工（先发布）"
FAR_TITLE = "丰南钢厂保洁员（后发布）"


def _near_and_far_jobs() -> None:
    """A job in Lunan posted first and one in Fengnan posted last: newest first puts Fengnan on top."""
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin)
    t.make_job(employer, admin=admin, title=NEAR_TITLE, division=t.LUNAN, address="唐山市路南区物流园")
    t.make_job(employer, admin=admin, title=FAR_TITLE, division=FENGNAN, address="唐山市丰南区钢厂")


def _card_titles(page: Any) -> list[str]:
    return [title.strip() for title in page.get_by_test_id("job-card").locator("h3").all_inner_texts()]


# --- Item 10 ---------------------------------------------------------------------------------------


def test_item10_logged_out_with_location_granted_sees_nearest_jobs_first(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    _near_and_far_jobs()
    lunan = Division.objects.get(code=t.LUNAN)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                **PHONE,
                geolocation={"latitude": lunan.lat, "longitude": lunan.lon},
                permissions=["geolocation"],
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/jobs/")
            # The page asks the device, then reloads with the position in the URL (so paging keeps it).
            expect(page).to_have_url(re.compile(r"/jobs/\?.*lat=[\d.]+.*lon=[\d.]+"))
            expect(page.get_by_test_id("list-order")).to_contain_text("按距离由近到远（距您的位置）")
            assert _card_titles(page) == [NEAR_TITLE, FAR_TITLE]
            expect(page.get_by_test_id("job-card").first.get_by_test_id("distance")).to_contain_text("公里")
            no_horizontal_scroll(page)
            screenshot(page, "01-nearest-first")
        finally:
            browser.close()


def test_item10_logged_out_with_location_refused_picks_a_district(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    _near_and_far_jobs()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(**PHONE).new_page()  # no geolocation permission: refused
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/jobs/")
            expect(page.get_by_test_id("list-order")).to_contain_text("按发布时间（最新在前）")
            expect(page.get_by_text("没有获取到您的位置")).to_be_visible()
            screenshot(page, "01-asked-for-a-district")
            page.select_option("select[name=near]", FENGNAN)
            expect(page.get_by_test_id("list-order")).to_contain_text("按距离由近到远（距丰南区中心）")
            expect(page).to_have_url(re.compile(rf"near={FENGNAN}"))  # kept in the URL for paging, sharing
            assert _card_titles(page) == [FAR_TITLE, NEAR_TITLE]
            page.select_option("select[name=near]", t.LUNAN)
            expect(page.get_by_test_id("list-order")).to_contain_text("距路南区中心")
            assert _card_titles(page) == [NEAR_TITLE, FAR_TITLE]
            page.reload()  # the URL alone brings the same order back
            expect(page.get_by_test_id("list-order")).to_contain_text("距路南区中心")
            no_horizontal_scroll(page)
            screenshot(page, "02-nearest-to-lunan")
        finally:
            browser.close()


def test_item10_sign_up_from_a_station_qr_link_ties_the_worker_to_the_station(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    station = t.make_station(t.make_centre(market), "学院南路社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=station.centre, station=station, name="驿站小王")
    phone = "13755550188"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser)
            page.goto(f"{live_server.url}/org/stations/{station.pk}/")  # where the station's QR code lands
            page.get_by_role("link", name="求职登记").click()
            expect(page).to_have_url(re.compile(rf"/accounts/register/\?station={station.pk}$"))
            expect(page.get_by_test_id("register-station")).to_contain_text("登记驿站：学院南路社区零工驿站")
            page.fill("#id_phone", phone)
            page.fill("#id_display_name", "小孟")
            page.fill("#id_password", t.PASSWORD)
            page.check("#id_consent")
            no_horizontal_scroll(page)
            screenshot(page, "01-sign-up-at-the-station")
            page.get_by_role("button", name="注册", exact=True).click()
            expect(page).to_have_url(re.compile(r"/me/profile/$"))

            # The station's staff find the new worker in their list.
            staff_page = phone_page(browser)
            login(staff_page, live_server.url, staff.phone)
            staff_page.goto(f"{live_server.url}/staff/workers/")
            row = staff_page.get_by_test_id("station-worker").filter(has_text="137****0188")
            expect(row).to_contain_text("小孟")
            expect(row).to_contain_text("学院南路社区零工驿站")
            screenshot(staff_page, "02-in-the-station-list")
        finally:
            browser.close()

    profile = WorkerProfile.objects.get(user__phone=phone)
    assert profile.station == station
    assert profile.market == market


def test_item10_walk_in_form_shows_four_errors_after_one_submit(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    station = t.make_station(t.make_centre(market), "学院南路社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=station.centre, station=station, name="驿站小王")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser)
            login(page, live_server.url, staff.phone)
            page.goto(f"{live_server.url}/staff/")
            page.get_by_role("link", name="代为登记求职者").click()
            expect(page).to_have_url(re.compile(r"/staff/walk-in/$"))
            page.fill("#id_phone", "12345")  # too short
            page.check("input[name=consent_channel][value=paper]")  # ... but no form number
            page.fill("#id_real_name", "赵")  # one character
            page.fill("#id_id_number", "130202197008010350")  # wrong check digit
            page.select_option("#id_skill_0", "construction_laborer")
            page.get_by_role("button", name="完成登记").click()

            errors = page.locator(".field.has-error")
            expect(errors).to_have_count(4)
            for field in ("phone", "consent_reference", "real_name", "id_number"):
                expect(page.locator(f".field.has-error:has([name={field}]) .errorlist")).to_be_visible()
            expect(page.locator(".form-error")).to_contain_text("有4处需要修改")
            expect(page.locator("#id_real_name")).to_have_value("赵")  # nothing typed is lost
            no_horizontal_scroll(page)
            screenshot(page, "01-four-errors")
        finally:
            browser.close()

    assert not WorkerProfile.objects.filter(real_name="赵").exists()


def test_item10_enterprise_form_offers_finance_for_a_bank(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    t.make_market()
    credit_code = t.enterprise_input(n=4242).credit_code
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser)
            page.goto(f"{live_server.url}/employer/register/")
            page.fill("#id_phone", "13812349901")
            page.fill("#id_password", t.PASSWORD)
            page.fill("#id_name", "中国工商银行唐山路北支行")
            page.fill("#id_credit_code", credit_code)
            page.select_option("#id_industry", label="金融业")
            page.select_option("#id_division", "130203")
            page.fill("#id_address", "唐山市路北区新华西道1号")
            page.fill("#id_contact_name", "张丽")
            page.fill("#id_contact_phone", "13812349901")
            expect(page.get_by_text("银行、保险选“金融业”")).to_be_visible()
            no_horizontal_scroll(page)
            screenshot(page, "01-bank-registers")
            page.get_by_role("button", name="注册").click()
            expect(page).to_have_url(re.compile(r"/employer/$"))
        finally:
            browser.close()

    enterprise = Enterprise.objects.get(name="中国工商银行唐山路北支行")
    assert enterprise.industry_id == "finance"
    assert enterprise.industry.gbt_section == "J"


# --- Item 7 (first half) ---------------------------------------------------------------------------

# Measured in the page: every table cell at least three characters wide, every button one line high.
MEASURE = """() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const narrow = [];
  // The cells a person reads (a table's head row may be moved out of sight when rows become cards).
  for (const cell of document.querySelectorAll("main table td, main table tfoot th")) {
    if (!visible(cell) || !cell.textContent.trim()) continue;
    const width = cell.getBoundingClientRect().width;
    const minimum = 3 * parseFloat(getComputedStyle(cell).fontSize);
    if (width < minimum) narrow.push(`${cell.textContent.trim().slice(0, 12)} (${Math.round(width)}px)`);
  }
  const tall = [];
  for (const button of document.querySelectorAll("main .btn, main button")) {
    if (!visible(button)) continue;
    const s = getComputedStyle(button);
    const box = parseFloat(s.paddingTop) + parseFloat(s.paddingBottom)
      + parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth);
    const lines = (button.getBoundingClientRect().height - box)
      / (s.lineHeight === "normal" ? 1.4 * parseFloat(s.fontSize) : parseFloat(s.lineHeight));
    if (lines > 1.5) tall.push(`${button.textContent.trim()} (${Math.round(lines)} lines)`);
  }
  return {narrow, tall, cells: document.querySelectorAll("main table td").length};
}"""


def test_item7_staff_tables_fit_a_phone(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import sync_playwright

    market = t.make_market()
    centre = t.make_centre(market)
    station = t.make_station(centre, "学院南路社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王")
    employer = t.make_employer(market, admin=admin, name="唐山市路南区鑫达路桥工程有限公司")
    worker = t.make_worker(market, name="欧阳建国", station=station, skills=[("loader_driver", 8)])
    worker_services.add_certificate(
        actor=worker.user,
        worker_id=worker.pk,
        certificate_type="health_certificate",
        number="JK20266389143",
        expires_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )
    for title in ("路南区人行天桥护栏刷漆，招油漆工1名（当天结清）", "丰南区公路融雪铲车司机3名"):
        t.make_job(employer, admin=admin, title=title, division=t.LUNAN, address="唐山市路南区陶瓷道84号")
    engagement = t.make_engagement(
        worker, employer, days=3, insurance_required=False, title="路南区小区道路改造招木工"
    )
    pages = {
        "staff-jobs": (staff, "/staff/jobs/"),
        "staff-workers": (staff, "/staff/workers/"),
        "engagement": (admin, f"/work/{engagement.pk}/"),
    }
    problems: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            logged_in: dict[int, Any] = {}
            for name, (user, path) in pages.items():
                if user.pk not in logged_in:
                    logged_in[user.pk] = browser.new_context(**PHONE).new_page()
                    logged_in[user.pk].set_default_timeout(15_000)
                    login(logged_in[user.pk], live_server.url, user.phone)
                page = logged_in[user.pk]
                page.goto(f"{live_server.url}{path}")
                screenshot(page, name)
                found = page.evaluate(MEASURE)
                assert found["cells"] > 0, f"{path} shows no table"
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 375 or found["narrow"] or found["tall"]:
                    problems[path] = {"scrollWidth": width, "narrow": found["narrow"], "tall": found["tall"]}
        finally:
            browser.close()
    assert not problems, problems
