"""Issue 16, items 6 and 8, on a phone in a real browser.

Item 6: the engagement's timeline tells the whole story, from the worker's registration by station staff
and their consent, through the application, to the engagement. Item 8: an employer taps 邀请 twice and one
invitation goes out, the button then says 已邀请; reloading the recommended candidates keeps their order;
the worker who accepts an offer is sent to sign the contract, and the inbox message links there.

As in the other browser tests, the data is set up before the browser starts and checked after it stops
(Django refuses ORM calls while Playwright's loop runs in this thread).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.core.validators import make_resident_id
from lingong.jobs import matching_index
from lingong.jobs import services as job_services
from lingong.jobs.models import Invitation
from lingong.notifications.models import Notification
from lingong.workers import services as worker_services
from lingong.workflow import chain

pytestmark = pytest.mark.browser

SITE = {"division": t.LUNAN, "lat": 39.6152, "lon": 118.2108}
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈"


def _candidate_order(page: Any) -> list[str]:
    return page.eval_on_selector_all("[data-testid=candidate]", "cards => cards.map(c => c.dataset.worker)")


def test_item_6_the_timeline_starts_with_registration_and_application(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    staff = t.make_staff(Role.STATION_STAFF, market, station=station, name="王红梅")
    employer = t.make_employer(market, admin=admin)
    worker = worker_services.register_walk_in(
        actor=staff,
        phone="13612340066",
        consent_channel="paper",
        consent_reference="LN-2026-1203",
        data=worker_services.ProfileInput(
            real_name="周建军",
            id_number=make_resident_id(t.LUNAN, dt.date(1979, 4, 2), 318),
            home_division=t.LUNAN,
            skills=[("loader_driver", 12)],
        ),
    )
    job = t.make_job(employer, admin=admin, title="路南物流园装载机司机", insurance_required=False)
    application = job_services.apply(actor=worker.user, job_id=job.pk)
    job_services.offer(actor=employer, application_id=application.pk)
    engagement = chain.accept_offer(actor=worker.user, application_id=application.pk).engagement
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser, base, employer.phone)
            page.goto(f"{base}/work/{engagement.pk}/")
            page.get_by_test_id("timeline-link").click()
            timeline = page.get_by_test_id("timeline")
            expect(timeline).to_contain_text("驿站工作人员代为求职登记")
            expect(timeline).to_contain_text("友谊里社区零工驿站")
            expect(timeline).to_contain_text("同意个人信息授权")
            expect(timeline).to_contain_text("纸质授权书")
            expect(timeline).not_to_contain_text("LN-2026-1203")  # the form's number is not the employer's
            expect(timeline).not_to_contain_text("王红梅")  # staff names are masked outside the staff
            actions = page.eval_on_selector_all(
                "[data-testid=timeline-item]", "items => items.map(i => i.dataset.action)"
            )
            assert actions.index("worker.registered") < actions.index("application.applied")
            assert actions.index("application.applied") < actions.index("engagement.created")
            first = page.get_by_test_id("timeline-item").first
            expect(first).to_contain_text("驿站工作人员代为求职登记")
            no_horizontal_scroll(page)
            screenshot(page, "01-whole-story")
        finally:
            browser.close()


def test_item_8_invitations_once_a_stable_list_and_links_to_the_next_step(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    matching_index.reset()  # the live server shares this process's index; start from this test's rows
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin)
    for i, surname in enumerate(SURNAMES):  # fourteen drivers the engine cannot tell apart
        t.make_worker(market, name=f"{surname}师傅", skills=[("loader_driver", 3)], seq=400 + i)
    job = t.make_job(employer, admin=admin, title="路南物流园装载机司机", **SITE)
    # Another worker holds an offer for another job, to accept on their phone.
    hired = t.make_worker(market, name="江小军", skills=[("mover", 2)], seq=499)
    other = t.make_job(
        employer, admin=admin, title="路南搬家工", occupations=["mover"], insurance_required=False, **SITE
    )
    offered = job_services.apply(actor=hired.user, job_id=other.pk)
    job_services.offer(actor=employer, application_id=offered.pk)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            boss = phone_page(browser, base, employer.phone)
            boss.goto(f"{base}/employer/jobs/{job.pk}/")
            expect(boss.get_by_test_id("candidate")).to_have_count(10)
            order = _candidate_order(boss)
            for _ in range(2):  # reloading gives the same list in the same order
                boss.reload()
                expect(boss.get_by_test_id("candidate")).to_have_count(10)
                assert _candidate_order(boss) == order
            screenshot(boss, "01-candidates")

            # Two quick taps on 邀请报名: one invitation; the card then says 已邀请 with the time.
            invited = boss.locator(f"[data-testid=candidate][data-worker='{order[0]}']")
            invited.get_by_test_id("invite-button").dblclick()
            button = boss.locator(f"[data-testid=candidate][data-worker='{order[0]}']").get_by_test_id(
                "invite-button"
            )
            expect(button).to_have_text("已邀请")
            expect(button).to_be_disabled()
            expect(boss.locator(f"[data-worker='{order[0]}'] [data-testid=invited-at]")).to_contain_text(
                "已发送邀请"
            )
            assert _candidate_order(boss) == order
            no_horizontal_scroll(boss)
            screenshot(boss, "02-invited")

            # The worker accepts: sent to the contract, and the inbox message links to it.
            phone = phone_page(browser, base, hired.user.phone)
            phone.goto(f"{base}/me/applications/")
            phone.get_by_test_id("accept-offer").click()
            expect(phone).to_have_url(re.compile(r"/contracts/\d+/$"))
            expect(phone.locator(".msg").first).to_contain_text("签署劳务协议")
            phone.goto(f"{base}/inbox/")
            message = phone.locator("[data-testid=notification][data-kind=engagement_created]")
            link = message.get_by_test_id("notification-link")
            expect(link).to_have_text("去签署劳务协议 ›")
            screenshot(phone, "03-inbox")
            link.click()
            expect(phone).to_have_url(re.compile(r"/contracts/\d+/$"))
            expect(phone.get_by_test_id("send-code")).to_be_visible()
            no_horizontal_scroll(phone)
            screenshot(phone, "04-contract")
        finally:
            browser.close()

    invitations = Invitation.objects.filter(job=job)
    assert [str(i.worker_id) for i in invitations] == [order[0]]
    assert Notification.objects.filter(kind="job_invitation").count() == 1
    note = Notification.objects.get(user=hired.user, kind="engagement_created")
    assert note.read_at is not None and note.url.startswith("/contracts/engagement/")
