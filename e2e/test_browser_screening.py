"""Issue 9, part 3, on a phone-sized browser: a worker reports (举报) a posting from its page; the reviewer
sees a held posting with its reasons and filters the flagged ones; the employer sees "待审核：…".

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
from lingong.jobs import services as job_services
from lingong.jobs.models import JobReport, JobStatus

pytestmark = pytest.mark.browser


def test_report_a_posting_and_review_the_held_one_on_a_phone(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin)
    worker = t.make_worker(market)
    open_job = t.make_job(employer, admin=admin, title="物流园装卸工")
    held = job_services.create_job(
        actor=employer,
        data=t.job_input(
            title="仓库搬运工（先交押金）", description="仓库搬运，先交押金200元，干满一个月退。"
        ),
    )
    assert held.status == JobStatus.PENDING_REVIEW
    base = live_server.url
    worker_phone, admin_phone, employer_phone = worker.user.phone, admin.phone, employer.phone

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            # 1. The worker opens the job page, taps 举报, picks a reason and sends it.
            page = phone_page(browser, base, worker_phone)
            page.goto(f"{base}/jobs/{open_job.pk}/")
            page.get_by_test_id("report-button").click()
            expect(page).to_have_url(re.compile(rf"/jobs/{open_job.pk}/report/"))
            page.get_by_label("收取押金或费用").check()
            page.get_by_label(re.compile("补充说明")).fill("电话里让先交200元服装费")
            no_horizontal_scroll(page)
            screenshot(page, "01-report-form")
            page.get_by_test_id("report-submit").click()
            expect(page).to_have_url(re.compile(rf"/jobs/{open_job.pk}/$"))
            expect(page.locator(".msg").first).to_contain_text("举报已提交")

            # 2. The reviewer sees the held posting with its reasons and filters by risk.
            page = phone_page(browser, base, admin_phone)
            page.goto(f"{base}/staff/jobs/reviews/?risk=hold")
            card = page.get_by_test_id("pending-job")
            expect(card).to_have_count(1)
            expect(card.get_by_test_id("risk-hold")).to_be_visible()
            expect(card.get_by_test_id("risks")).to_contain_text("押金")
            no_horizontal_scroll(page)
            screenshot(page, "02-held-in-queue")

            # 3. The employer sees why the posting waits.
            page = phone_page(browser, base, employer_phone)
            page.goto(f"{base}/employer/")
            expect(page.get_by_test_id("held-reasons")).to_contain_text("待审核：")
            expect(page.get_by_test_id("held-reasons")).to_contain_text("押金")
            no_horizontal_scroll(page)
            screenshot(page, "03-employer-sees-reasons")
        finally:
            browser.close()

    assert JobReport.objects.filter(job=open_job, reporter__phone=worker_phone, reason="fee").exists()
