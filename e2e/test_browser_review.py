"""Issue 16, item 1, in a real phone-sized browser: the review queue finds an urgent posting among 150 and
the reviewer approves it from the page; station staff choose the employer they post for by typing a few
characters, not from a list of every employer.

As in the other browser tests, the data is set up before the browser starts and checked after it stops.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting, JobStatus

pytestmark = pytest.mark.browser

BANK_JOB = "今日急招中式烹调师2名（银行职工食堂）"
PICKED = "唐山南湖餐饮管理有限公司"
POSTED = "友谊里社区搬家工"


def test_review_queue_finds_and_approves_the_150th_posting_from_the_page(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    centre = t.make_centre(market)
    t.make_station(centre, "友谊里社区零工驿站")  # serves the employers below: the reviewer's scope
    reviewer = t.make_staff(Role.CENTRE_STAFF, market, centre=centre, name="中心审核员")
    builder = t.make_employer(market, admin=admin)
    bank = t.make_employer(market, admin=admin, name="中国工商银行唐山路南支行")
    # 149 ordinary postings (one through the service, copied for speed), then the bank's urgent one: the
    # 150th and the newest.
    first = job_services.create_job(actor=builder, data=t.job_input(title="道路养护普工第001批"))
    copies = []
    for i in range(2, 150):
        copy = JobPosting.objects.get(pk=first.pk)
        copy.pk = None
        copy.title = f"道路养护普工第{i:03d}批"
        copies.append(copy)
    through = JobPosting.occupations.through
    through.objects.bulk_create(
        through(jobposting_id=job.pk, occupation_id="loader_driver")
        for job in JobPosting.objects.bulk_create(copies)
    )
    urgent = job_services.create_job(
        actor=bank,
        data=t.job_input(
            title=BANK_JOB,
            description="银行职工食堂招中式烹调师2名，负责午餐制作，需持有效健康证，今天即可上岗，按天结算。",
            occupations=["chinese_cook"],
            headcount=2,
            pay_amount="260",
            is_urgent=True,
            division="130202003",
            address="唐山市路南区新华东道66号",
        ),
    )
    assert JobPosting.objects.filter(status=JobStatus.PENDING_REVIEW).count() == 150
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, reviewer.phone)

            # 1. The dashboard shows the queue; the reviewer opens it.
            page.goto(f"{base}/staff/")
            page.get_by_role("link", name=re.compile("岗位审核")).first.click()
            expect(page).to_have_url(re.compile(r"/staff/jobs/reviews/"))

            # 2. The bank's urgent posting, posted last of 150, is first, with its review clock.
            first = page.get_by_test_id("pending-job").first
            expect(first).to_contain_text(BANK_JOB)
            expect(first).to_contain_text("急招")
            expect(first.get_by_test_id("sla")).to_contain_text("截止")
            expect(page.get_by_test_id("queue-total")).to_contain_text("共 150 个岗位")
            expect(page.get_by_test_id("pending-job")).to_have_count(20)
            no_horizontal_scroll(page)
            screenshot(page, "01-review-queue")

            # 3. The last page holds the last of the ordinary postings: nothing is cut off.
            page.goto(f"{base}/staff/jobs/reviews/?page=8")
            expect(page.get_by_test_id("pending-job")).to_have_count(10)
            expect(page.get_by_test_id("pending-job").last).to_contain_text("道路养护普工第149批")

            # 4. Search finds it too, and the reviewer approves it from the page.
            page.goto(f"{base}/staff/jobs/reviews/")
            page.get_by_placeholder("岗位标题、单位名称或信用代码").fill("工商银行")
            page.get_by_test_id("review-search").click()
            expect(page.get_by_test_id("pending-job")).to_have_count(1)
            screenshot(page, "02-found")
            page.get_by_test_id("pending-job").first.get_by_test_id("approve").click()
            expect(page.locator(".msg").first).to_contain_text("岗位已通过审核并公开")
            expect(page).to_have_url(re.compile(r"q=%E5%B7%A5%E5%95%86%E9%93%B6%E8%A1%8C"))
            expect(page.get_by_test_id("pending-job")).to_have_count(0)
            screenshot(page, "03-approved")
        finally:
            browser.close()

    urgent.refresh_from_db()
    assert urgent.status == JobStatus.OPEN and urgent.reviewed_by == reviewer
    assert JobPosting.objects.filter(status=JobStatus.PENDING_REVIEW).count() == 149


def test_employer_picker_types_three_characters_picks_and_posts(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=station.centre, station=station, name="驿站小王")
    for name in ("唐山鑫达路桥工程有限公司", PICKED, "唐山南湖物业服务有限公司", "唐山丰南运输有限公司"):
        t.make_employer(market, admin=admin, name=name)
    today = timezone.localdate()
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, staff.phone)
            page.goto(f"{base}/staff/")
            page.get_by_role("link", name="代发岗位").first.click()
            expect(page).to_have_url(re.compile(r"/staff/jobs/new/$"))

            # 1. Three characters typed: the matching employers appear as the staff member types.
            page.get_by_test_id("enterprise-search").press_sequentially("南湖餐", delay=80)
            options = page.get_by_test_id("enterprise-option")
            expect(options).to_have_count(1)
            expect(options.first).to_contain_text(PICKED)
            page.get_by_test_id("enterprise-search").fill("南湖")
            expect(options).to_have_count(2)
            no_horizontal_scroll(page)
            screenshot(page, "01-matches")
            options.filter(has_text=PICKED).click()
            expect(options.filter(has_text=PICKED).locator("input")).to_be_checked()

            # 2. The rest of the form, then post.
            page.fill("#id_title", POSTED)
            page.select_option("#id_occupations", ["construction_laborer"])
            page.fill("#id_description", "社区老旧小区搬家，体力活，中午管饭。")
            page.fill("#id_pay_amount", "220")
            page.select_option("#id_division", "130202002")
            page.fill("#id_address", "唐山市路南区友谊里小区")
            page.fill("#id_start_date", (today + dt.timedelta(days=1)).isoformat())
            page.fill("#id_end_date", (today + dt.timedelta(days=2)).isoformat())
            screenshot(page, "02-filled")
            page.get_by_role("button", name="发布", exact=True).click()
            # Reviewed as the employer's own posting would be (staff scope): it waits for a reviewer.
            expect(page.locator(".msg").first).to_contain_text("审核通过后公开")
            expect(page.locator("body")).to_contain_text(POSTED)
            screenshot(page, "03-posted")
        finally:
            browser.close()

    job = JobPosting.objects.get(title=POSTED)
    assert job.enterprise.name == PICKED and job.status == JobStatus.PENDING_REVIEW and job.station == station
