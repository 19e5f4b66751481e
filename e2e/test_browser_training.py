"""Issue 13 §2 in a real phone-sized browser: order-based training from the worker's "学个证，多接活" to the
ordering employer's candidate list.

A forklift driver without the N1 certificate sees on the job list the certificate that unlocks nearby
forklift places, follows it to the order-based course, enrols, and scans the classroom's check-in code
(opens its URL). Station staff start the course and enter the result; the worker downloads the
certificate PDF and opens its public verification page (masked name only); staff record the official
certificate number; the ordering employer then finds the worker first among the job's candidates, marked
as a graduate of its order. As in the other browser tests, the data is set up before the browser starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.training import services
from lingong.training.models import TrainingCertificate
from lingong.training.tests import helpers as h

pytestmark = pytest.mark.browser


def _world() -> dict[str, Any]:
    market = t.make_market()
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王")
    employer = t.make_employer(market, admin=admin)
    cast = type("Cast", (), {"market": market, "station": station, "admin": admin, "station_staff": staff})()
    job = h.forklift_job(employer, admin)
    order = services.submit_order(actor=employer, data=h.order_input(job_ids=[job.pk]))
    now = timezone.localtime()
    today = now.date()
    # The first class is on now, so the classroom code can be scanned during the test.
    first = services.SessionInput(
        topic="理论", starts_at=now - dt.timedelta(minutes=20), ends_at=now + dt.timedelta(hours=2)
    )
    course = h.course(
        cast,
        order_id=order.pk,
        start_date=today,
        end_date=today + dt.timedelta(days=5),
        exam_date=today + dt.timedelta(days=5),
        capacity=10,
        sessions=[first, h.session(today + dt.timedelta(days=1), "实操")],
    )
    learner = t.make_worker(
        market,
        name="王小虎",
        station=station,
        skills=[("forklift_driver", 3)],
        lat=station.lat,
        lon=station.lon,
    )
    return {
        "course": course,
        "job": job,
        "token": course.sessions.get(seq=1).checkin_token,
        "learner": learner,
        "phones": (learner.user.phone, staff.phone, employer.phone),
    }


def test_worker_learns_the_forklift_certificate_and_the_ordering_employer_sees_them_first(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = _world()
    course, job, learner = w["course"], w["job"], w["learner"]
    worker_phone, staff_phone, employer_phone = w["phones"]
    base = live_server.url
    connection.close()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            # The worker: the job list says which certificate unlocks places nearby, and where to learn it.
            page = phone_page(browser, base, worker_phone)
            page.goto(f"{base}/jobs/")
            unlock = page.get_by_test_id("cert-unlock").first
            expect(unlock).to_contain_text("叉车")
            no_horizontal_scroll(page)
            screenshot(page, "01-job-list-unlock")
            unlock.locator("a").click()
            recommended = page.get_by_test_id("recommended-course")
            expect(recommended).to_have_count(1)
            expect(recommended).to_contain_text(course.title)
            screenshot(page, "02-recommended-course")
            recommended.get_by_test_id("course-link").click()
            expect(page.get_by_test_id("course-subsidy")).to_be_visible()
            page.get_by_test_id("enrol").click()
            expect(page.get_by_test_id("my-enrolment")).to_contain_text("已报名")
            no_horizontal_scroll(page)
            screenshot(page, "03-enrolled")

            # Staff start the course; the worker scans the classroom code of the class on now.
            staff = phone_page(browser, base, staff_phone)
            staff.goto(f"{base}/staff/training/courses/{course.pk}/")
            expect(staff.get_by_test_id("session-qr-link").first).to_be_visible()
            staff.get_by_test_id("start-course").click()
            expect(staff.get_by_test_id("course-status")).to_have_text("开课中")
            staff.get_by_test_id("session-qr-link").first.click()
            expect(staff.locator("img, svg").first).to_be_visible()
            screenshot(staff, "04-classroom-code")

            page.goto(f"{base}/training/checkin/{w['token']}/")
            expect(page.get_by_test_id("checkin-done")).to_be_visible()
            screenshot(page, "05-checked-in")

            # The result: a pass issues the certificate.
            staff.goto(f"{base}/staff/training/courses/{course.pk}/")
            staff.get_by_test_id("course-results-link").click()
            row = staff.get_by_test_id("result-row")
            expect(row).to_contain_text("出勤 1 次")
            row.get_by_test_id("score-input").fill("86")
            row.get_by_test_id("save-result").click()
            expect(staff.get_by_test_id("result-status")).to_have_text("考核合格")
            expect(staff.get_by_test_id("certificate-link")).to_be_visible()
            no_horizontal_scroll(staff)
            screenshot(staff, "06-result")

            # The worker's certificate: the PDF, and the public page its QR code leads to.
            page.goto(f"{base}/me/training/certificates/")
            expect(page.get_by_test_id("my-certificate")).to_contain_text(course.title)
            href = page.get_by_test_id("certificate-pdf").get_attribute("href")
            pdf = page.request.get(f"{base}{href}")
            assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
            assert pdf.body().startswith(b"%PDF")
            screenshot(page, "07-my-certificate")
            verify = phone_page(browser)
            verify.goto(f"{base}{page.get_by_role('link', name='核验页').get_attribute('href')}")
            expect(verify.locator("main")).to_contain_text("有效")
            expect(verify.locator("main")).to_contain_text(learner.masked_name)
            expect(verify.locator("main")).not_to_contain_text(learner.real_name)
            screenshot(verify, "08-verification")

            # A national certificate: staff record its official number after checking.
            staff.goto(f"{base}/staff/training/certificates/")
            expect(staff.get_by_test_id("official-pending")).to_be_visible()
            staff.get_by_test_id("staff-certificate").first.click()
            staff.get_by_test_id("official-number").fill("TSN1-2026-0099")
            expires = (timezone.localdate() + dt.timedelta(days=4 * 365)).isoformat()
            staff.get_by_test_id("official-expires").fill(expires)
            staff.get_by_test_id("official-save").click()
            expect(staff.get_by_test_id("official-recorded")).to_be_visible()
            screenshot(staff, "09-official-number")

            # The ordering employer: the graduate comes first among the job's candidates.
            employer = phone_page(browser, base, employer_phone)
            employer.goto(f"{base}/employer/jobs/{job.pk}/")
            first = employer.get_by_test_id("candidate").first
            expect(first).to_have_attribute("data-worker", str(learner.pk))
            expect(first.get_by_test_id("candidate-priority")).to_contain_text("订单培训学员")
            no_horizontal_scroll(employer)
            screenshot(employer, "10-candidates")
        finally:
            browser.close()
    certificate = TrainingCertificate.objects.get(enrolment__worker=learner)
    assert certificate.worker_certificate is not None and certificate.worker_certificate.is_verified
