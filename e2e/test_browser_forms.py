"""Issue 16, items 2 and 9, in a real phone-sized browser: the job form keeps its dates, and one pasted
sentence fills the dates, daily times and hours.

As in the other browser tests, the data is set up before the browser starts and checked after it stops
(Django refuses ORM calls while Playwright's loop runs in this thread).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.jobs.forms import JobForm
from lingong.jobs.models import JobPosting

pytestmark = pytest.mark.browser

SENTENCE = "明天开始招装卸工3名，早8晚5，干6个月，日结300"


def test_item_2_job_edit_form_keeps_its_dates(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    """The employer opens the edit form of a job: the date inputs show its dates; saved unchanged, the
    job is unchanged (before the fix the inputs were blank and saving failed with "这个字段是必填项")."""
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin)
    today = timezone.localdate()
    job = t.make_job(
        employer,
        admin=admin,
        title="路南物流园叉车司机",
        pay_amount=Decimal("350.50"),
        start_date=today + dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=40),
        daily_start_time=dt.time(7, 30),
        daily_end_time=dt.time(16, 30),
        daily_hours=Decimal("7.5"),
    )
    before = JobForm.initial_for(job)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, employer.phone)
            page.goto(f"{base}/employer/jobs/{job.pk}/edit/")
            expect(page.locator("#id_start_date")).to_have_value(job.start_date.isoformat())
            expect(page.locator("#id_end_date")).to_have_value(job.end_date.isoformat())
            expect(page.locator("#id_daily_start_time")).to_have_value("07:30")
            expect(page.locator("#id_daily_end_time")).to_have_value("16:30")
            expect(page.locator("#id_pay_amount")).to_have_value("350.50")
            expect(page.locator("#id_daily_hours")).to_have_value("7.5")
            page.locator("#id_start_date").scroll_into_view_if_needed()
            screenshot(page, "01-edit-form-dates", full_page=False)
            page.get_by_test_id("submit-job").click()
            expect(page).to_have_url(re.compile(rf"/employer/jobs/{job.pk}/$"))
            expect(page.locator(".msg").first).to_contain_text("岗位已更新")
            screenshot(page, "02-saved")
        finally:
            browser.close()

    job.refresh_from_db()
    assert JobForm.initial_for(job) == before


def test_item_9_one_sentence_fills_dates_times_and_hours(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    """ "明天开始…早8晚5，干6个月，日结300" fills start and end dates, daily times and hours, headcount and
    pay; the employer adds the place and posts it as filled."""
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin)
    start = timezone.localdate() + dt.timedelta(days=1)
    month = start.month + 6
    year, month = start.year + (month - 1) // 12, (month - 1) % 12 + 1
    try:
        end = dt.date(year, month, start.day) - dt.timedelta(days=1)
    except ValueError:  # no such day in that month: its last day
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, employer.phone)
            page.goto(f"{base}/employer/jobs/new/")
            page.fill("#sentence", SENTENCE)
            page.get_by_test_id("parse-sentence").click()
            expect(page.locator(".msg").first).to_contain_text("已根据您的描述填好表格")
            expect(page.locator("#id_start_date")).to_have_value(start.isoformat())
            expect(page.locator("#id_end_date")).to_have_value(end.isoformat())
            expect(page.locator("#id_daily_start_time")).to_have_value("08:00")
            expect(page.locator("#id_daily_end_time")).to_have_value("17:00")
            expect(page.locator("#id_daily_hours")).to_have_value("9.0")
            expect(page.locator("#id_headcount")).to_have_value("3")
            expect(page.locator("#id_pay_amount")).to_have_value("300.00")
            expect(page.locator("#id_pay_unit")).to_have_value("day")
            page.locator("#id_start_date").scroll_into_view_if_needed()
            screenshot(page, "01-filled-from-sentence", full_page=False)
            page.select_option("#id_division", t.LUNAN)
            page.fill("#id_address", "唐山市路南区物流园")
            page.get_by_test_id("submit-job").click()
            expect(page).to_have_url(re.compile(r"/employer/jobs/\d+/$"))
            screenshot(page, "02-posted")
        finally:
            browser.close()

    job = JobPosting.objects.get(description=SENTENCE)
    assert (job.start_date, job.end_date) == (start, end)
    assert (job.daily_start_time, job.daily_end_time, job.daily_hours) == (dt.time(8), dt.time(17), 9)
    assert (job.headcount, job.pay_amount, job.pay_unit) == (3, Decimal("300.00"), "day")
