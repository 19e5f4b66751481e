"""The whole hiring loop in a real phone-sized browser: register, fill the profile, apply, offer, accept.

Playwright's sync API keeps an asyncio loop marked as running in this thread while it is open, and Django
refuses ORM calls under a running loop. So the data is set up before the browser starts and checked after
it stops; in between, only the browser talks to the app (through the live server's own threads).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, PHONE, no_horizontal_scroll
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.core.validators import make_resident_id
from lingong.jobs.models import Application, ApplicationStatus, JobStatus

pytestmark = pytest.mark.browser

WORKER_PHONE = "13955550123"
WORKER_NAME = "周建军"
JOB_TITLE = "路南仓储装载机司机"


def test_worker_and_employer_complete_the_hiring_loop_on_phones(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin)
    job = t.make_job(
        employer,
        admin=admin,
        title=JOB_TITLE,
        description="路南区物流园装卸，驾驶装载机倒运货物。",
        division=t.LUNAN,
        address="唐山市路南区物流园",
        headcount=1,
        occupations=["loader_driver"],
    )
    id_number = make_resident_id(t.LUNAN, dt.date(1990, 4, 12), 57)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            worker_context = browser.new_context(**PHONE)
            worker = worker_context.new_page()
            worker.set_default_timeout(15_000)

            # 1. A new worker signs up from the home page.
            worker.goto(f"{base}/")
            expect(worker.locator("html")).to_have_attribute("lang", "zh-hans")
            expect(worker.get_by_role("heading", name="找活干，来零工市场")).to_be_visible()
            screenshot(worker, "01-home")
            worker.get_by_role("link", name="求职登记").click()
            expect(worker).to_have_url(re.compile(r"/accounts/register/$"))
            worker.fill("#id_phone", WORKER_PHONE)
            worker.fill("#id_display_name", "小周")
            worker.fill("#id_password", t.PASSWORD)
            worker.check("#id_consent")
            screenshot(worker, "02-register")
            worker.get_by_role("button", name="注册", exact=True).click()

            # 2. Registration signs them in and asks for the profile.
            expect(worker).to_have_url(re.compile(r"/me/profile/$"))
            expect(worker.locator(".msg")).to_contain_text("注册成功")
            worker.fill("#id_real_name", WORKER_NAME)
            worker.fill("#id_id_number", id_number)
            worker.select_option("#id_home_division", "130202002")  # 友谊街道, Lunan
            worker.select_option("#id_skill_0", "loader_driver")
            worker.fill("#id_years_0", "6")
            screenshot(worker, "03-profile")
            worker.locator("#id_workdays").scroll_into_view_if_needed()
            screenshot(worker, "03b-profile-workdays", full_page=False)
            no_horizontal_scroll(worker)
            worker.get_by_test_id("save-profile").click()

            # 3. Saving lands on the job list, nearest first; the job is there.
            expect(worker).to_have_url(re.compile(r"/jobs/$"))
            expect(worker.locator(".msg")).to_contain_text("资料已保存")
            expect(worker.get_by_text("按距离由近到远")).to_be_visible()
            card = worker.get_by_test_id("job-card").filter(has_text=JOB_TITLE)
            expect(card).to_have_count(1)
            expect(card.get_by_test_id("distance")).to_contain_text("公里")
            no_horizontal_scroll(worker)
            screenshot(worker, "04-job-list")

            # 4. Open the job and apply.
            card.get_by_role("link").click()
            expect(worker).to_have_url(re.compile(rf"/jobs/{job.pk}/$"))
            expect(worker.get_by_role("heading", name=JOB_TITLE)).to_be_visible()
            no_horizontal_scroll(worker)
            screenshot(worker, "05-job-detail")
            worker.get_by_test_id("apply-button").click()
            expect(worker.locator(".msg")).to_contain_text("报名成功")
            expect(worker.get_by_test_id("application-status")).to_have_text("已报名")
            screenshot(worker, "06-applied")

            # 5. The employer signs in on their own phone and makes an offer.
            employer_context = browser.new_context(**PHONE)
            boss = employer_context.new_page()
            boss.set_default_timeout(15_000)
            boss.goto(f"{base}/accounts/login/")
            boss.fill("#id_phone", employer.phone)
            boss.fill("#id_password", t.PASSWORD)
            boss.get_by_role("button", name="登录", exact=True).click()
            expect(boss).to_have_url(re.compile(r"/employer/$"))
            boss.get_by_role("link", name=JOB_TITLE).click()
            expect(boss).to_have_url(re.compile(rf"/employer/jobs/{job.pk}/$"))
            applicant = boss.get_by_test_id("applicant")
            expect(applicant).to_have_count(1)
            expect(applicant).to_contain_text("周**")  # masked name
            expect(applicant).not_to_contain_text(WORKER_NAME)
            expect(applicant).not_to_contain_text(id_number)
            no_horizontal_scroll(boss)
            screenshot(boss, "07-applicants")
            applicant.get_by_test_id("offer-button").click()
            expect(boss.locator(".msg")).to_contain_text("已发出录用通知")
            expect(boss.get_by_test_id("applicant-status")).to_have_text("已发录用")
            screenshot(boss, "08-offered")

            # 6. The worker sees the offer under 我的报名 (through the phone menu) and accepts it.
            worker.reload()
            worker.locator(".menu-btn").click()
            menu = worker.locator(".menu")
            expect(menu).to_be_visible()
            expect(menu.get_by_test_id("unread-count")).to_have_text("1")  # the offer notification
            screenshot(worker, "09-menu")
            menu.get_by_role("link", name="我的报名").click()
            expect(worker).to_have_url(re.compile(r"/me/applications/$"))
            mine = worker.get_by_test_id("application").filter(has_text=JOB_TITLE)
            expect(mine.get_by_test_id("application-status")).to_have_text("已发录用")
            mine.get_by_test_id("accept-offer").click()
            # Accepted: the contract to sign comes next (issue 16), then 我的报名 shows the acceptance.
            expect(worker).to_have_url(re.compile(r"/contracts/\d+/$"))
            expect(worker.locator(".msg")).to_contain_text("已接受录用")
            worker.goto(f"{base}/me/applications/")
            expect(mine.get_by_test_id("application-status")).to_have_text("已接受")
            no_horizontal_scroll(worker)
            screenshot(worker, "10-accepted")

            # 7. The employer's page now shows the job as filled.
            boss.reload()
            expect(boss.get_by_test_id("job-status")).to_have_text("已招满")
            expect(boss.get_by_test_id("applicant-status")).to_have_text("已接受")
            screenshot(boss, "11-filled")
        finally:
            browser.close()

    application = Application.objects.get(job=job, worker__user__phone=WORKER_PHONE)
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.worker.real_name == WORKER_NAME
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED
