"""The wage-complaint path on phones, in a real browser (issue 11, section 5): a worker files a wage complaint
from the engagement with a photo; staff acknowledge it and assign a mediator; the mediator opens mediation,
drafts the agreement with one payment term and sends it; both sides sign with SMS codes; the employer pays
the overdue statement; the complaint closes as paid and the arrears flag clears.

As in the other browser tests, the data is set up before the browser starts and checked after it stops
(Django refuses ORM calls while Playwright's loop runs in this thread). The one-time codes are read from
the test SMS sender's outbox, which the live server's threads fill in this same process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.notifications.senders import LogSender

pytestmark = pytest.mark.browser

WHAT_HAPPENED = "在路南物流园干了一天装卸，结算单早就出了，老板一直不付工钱。"


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _latest_code(phone: str) -> str:
    for message in reversed(LogSender.outbox):
        if message.get("phone") == phone and "code" in message.get("params", {}):
            return str(message["params"]["code"])
    raise AssertionError(f"no code was sent to {phone}")


def _sign(page: Any, phone: str, screenshot: Callable[..., Path], step: str) -> None:
    from playwright.sync_api import expect

    sign_box = page.get_by_test_id("sign-box")
    sign_box.get_by_test_id("send-code").click()
    expect(page.get_by_test_id("message")).to_contain_text("验证码已发送")
    page.locator("[data-testid=sign-box] input[name=code]").fill(_latest_code(phone))
    screenshot(page, step)
    page.get_by_test_id("sign-submit").click()


def test_wage_complaint_mediated_signed_and_paid_on_phones(
    chromium_path: str,
    live_server: Any,
    reference_data: None,
    settings: Any,
    tmp_path: Path,
    screenshot: Callable[..., Path],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from lingong.disputes.models import CloseReason, Complaint, ComplaintStatus, Mediator
    from lingong.engagements.models import Engagement
    from lingong.mediation.models import CaseStatus, MediationCase, TermStatus
    from lingong.settlement import services as settlement
    from lingong.settlement.models import ArrearsFlag, ArrearsStatus, StatementStatus
    from lingong.settlement.tests.helpers import key, next_month_day, signed_engagement, work_shift

    settings.VAR_DIR = tmp_path  # evidence is stored under the var dir, outside the web root
    market = t.make_market()
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    mediator_user = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station, name="王调解")
    mediator = Mediator.objects.create(
        market=market, user=mediator_user, display_name="王调解", station=station, centre=centre
    )
    employer = t.make_employer(market, admin=admin)
    worker = t.make_worker(market, name="周建军", station=station)
    cast = SimpleNamespace(worker=worker, employer=employer)
    # One day worked and confirmed, its statement issued and left unpaid past the due date: flag open.
    engagement = signed_engagement(cast, days=2, pay_amount=Decimal("300"), settlement_cycle="daily")
    Engagement.objects.filter(pk=engagement.pk).update(station=station)
    work_shift(cast, engagement.shifts.order_by("date")[0])
    statement = settlement.settle(actor=employer, engagement_id=engagement.pk, idempotency_key=key())
    settlement.detect_arrears(today=next_month_day(2) + dt.timedelta(days=30))
    flag = ArrearsFlag.objects.get(engagement=engagement)
    assert flag.status == ArrearsStatus.OPEN and statement.status == StatementStatus.ISSUED
    net = str(statement.net)
    pay_by = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    photo = _photo()
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            # 1. The worker files a wage complaint from the engagement, with a photo.
            page = phone_page(browser, base, worker.user.phone)
            page.goto(f"{base}/work/{engagement.pk}/")
            no_horizontal_scroll(page)
            page.get_by_test_id("complain").click()
            expect(page.get_by_test_id("complaint-form")).to_be_visible()
            form = page.get_by_test_id("complaint-form")
            form.locator("select[name=kind]").select_option(label="拖欠或克扣工资")
            form.locator("textarea[name=what_happened]").fill(WHAT_HAPPENED)
            form.locator("textarea[name=asks_for]").fill("结清工钱")
            form.locator("input[name=amount_claimed]").fill(net)
            form.locator("input[type=file]").set_input_files(
                files=[{"name": "工地照片.jpg", "mimeType": "image/jpeg", "buffer": photo}]
            )
            no_horizontal_scroll(page)
            screenshot(page, "01-worker-files")
            form.get_by_role("button", name="提交投诉").click()
            expect(page).to_have_url(re.compile(r"/me/complaints/\d+/$"))
            complaint_id = int(re.search(r"/me/complaints/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
            expect(page.get_by_test_id("complaint-status")).to_have_text("已提交")
            expect(page.get_by_test_id("arrears-state")).to_be_visible()
            expect(page.locator("body")).to_contain_text("工地照片.jpg")
            no_horizontal_scroll(page)
            screenshot(page, "02-worker-filed")

            # 2. Staff acknowledge the complaint from the queue and assign the mediator.
            staff = phone_page(browser, base, admin.phone)
            staff.goto(f"{base}/staff/complaints/")
            no_horizontal_scroll(staff)
            staff.get_by_test_id(f"queue-{complaint_id}").click()
            expect(staff.get_by_test_id("complaint-status")).to_have_text("已提交")
            staff.get_by_test_id("acknowledge").click()
            expect(staff.get_by_test_id("message")).to_contain_text("已受理")
            staff.get_by_test_id("assign-form").locator("select[name=mediator_id]").select_option(
                str(mediator.pk)
            )
            staff.get_by_test_id("assign").click()
            expect(staff.get_by_test_id("message")).to_contain_text("已分派")
            no_horizontal_scroll(staff)
            screenshot(staff, "03-staff-assigned")

            # 3. The mediator opens mediation, drafts the agreement with one payment term and sends it.
            med = phone_page(browser, base, mediator_user.phone)
            med.goto(f"{base}/staff/mediations/")
            no_horizontal_scroll(med)
            med.get_by_test_id("waiting").get_by_role("button", name="开始调解").click()
            expect(med).to_have_url(re.compile(r"/staff/mediations/\d+/$"))
            expect(med.get_by_test_id("case-status")).to_have_text("调解中")
            draft = med.get_by_test_id("draft-form")
            draft.locator("textarea[name=terms_text]").fill("用工方于付款日前一次付清拖欠的劳务报酬。")
            draft.locator("input[name=due_date_0]").fill(pay_by)
            draft.locator("input[name=amount_0]").fill(net)
            no_horizontal_scroll(med)
            draft.get_by_role("button", name="生成协议PDF").click()
            med.get_by_test_id("send-agreement").click()
            expect(med.get_by_test_id("agreement")).to_contain_text("待双方签署")
            no_horizontal_scroll(med)
            screenshot(med, "04-mediator-sent")

            # 4. The worker and the employer each sign with an SMS code.
            page.goto(f"{base}/me/complaints/{complaint_id}/")
            page.get_by_test_id("mediation-link").get_by_role("link").click()
            expect(page).to_have_url(re.compile(r"/me/mediations/\d+/$"))
            _sign(page, worker.user.phone, screenshot, "05-worker-signs")
            expect(page.get_by_test_id("sign-box")).to_contain_text("您已签署")
            no_horizontal_scroll(page)
            boss = phone_page(browser, base, employer.phone)
            boss.goto(f"{base}/me/complaints/{complaint_id}/")
            boss.get_by_test_id("mediation-link").get_by_role("link").click()
            _sign(boss, employer.phone, screenshot, "06-employer-signs")
            expect(boss.get_by_test_id("case-status")).to_have_text("协议已签署，履行中")
            no_horizontal_scroll(boss)
            screenshot(boss, "07-signed")

            # 5. The employer pays the overdue statement.
            boss.goto(f"{base}/settlements/{statement.pk}/")
            pay = boss.get_by_test_id("pay-form")
            pay.locator("input[name=reference]").fill("BANK-20261204-001")
            no_horizontal_scroll(boss)
            pay.get_by_role("button", name="登记已支付").click()
            expect(boss.get_by_test_id("statement-status")).to_have_text("已支付")
            screenshot(boss, "08-employer-paid")

            # 6. The worker sees the complaint closed as paid and the mediation fulfilled.
            page.goto(f"{base}/me/complaints/{complaint_id}/")
            expect(page.get_by_test_id("complaint-status")).to_have_text("已结案")
            expect(page.get_by_test_id("close-reason")).to_contain_text("已足额支付")
            expect(page.get_by_test_id("wage-outstanding")).to_have_text("¥0.00")
            expect(page.get_by_test_id("next-step-link")).to_have_count(0)  # paid: nothing to pursue
            no_horizontal_scroll(page)
            screenshot(page, "09-worker-closed")
            page.get_by_test_id("mediation-link").get_by_role("link").click()
            expect(page.get_by_test_id("case-status")).to_have_text("协议已履行")
            no_horizontal_scroll(page)
            screenshot(page, "10-worker-mediation-fulfilled")
        finally:
            browser.close()

    flag.refresh_from_db()
    assert flag.status == ArrearsStatus.RESOLVED
    complaint = Complaint.objects.get(pk=complaint_id)
    assert complaint.engagement_id == engagement.pk and complaint.kind == "unpaid_pay"
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.PAID
    assert complaint.amount_recovered == statement.net
    case = MediationCase.objects.get(complaint=complaint)
    assert case.status == CaseStatus.FULFILLED and case.mediator_id == mediator.pk
    agreement = case.agreements.get(status="signed")
    assert sorted(agreement.signatures.values_list("party", flat=True)) == ["employer", "worker"]
    assert [t.status for t in agreement.payment_terms.all()] == [TermStatus.PAID]
    evidence = complaint.evidence.get()
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "工地照片.jpg"
    assert evidence.sha256 == hashlib.sha256(photo).hexdigest()
    stored = tmp_path / "evidence" / str(evidence.file.name)
    assert stored.is_file() and hashlib.sha256(stored.read_bytes()).hexdigest() == evidence.sha256
