"""The back-office pages: list, schedule form, session page with QR code, share card, leads (and their poll),
a lead's follow-up and 代为报名 forms, the settings page and its "试一试"."""

from __future__ import annotations

import pytest
from django.test import Client

from lingong.audit.models import AuditEntry
from lingong.live.models import Lead, LeadStatus, LiveSession, LiveSettings, SessionJob
from lingong.live.tests import office_helpers as h
from lingong.pagetools import field_errors, form_values, get_page, login, text_of

pytestmark = pytest.mark.django_db


def test_the_staff_home_links_to_the_live_office(cast):
    page = get_page(login(Client(), cast.station_staff), "/staff/")
    assert 'href="/staff/live/"' in page


def test_schedule_through_the_form_then_see_it_listed_with_its_qr_code(cast):
    jobs = h.jobs(cast, 2)
    client = login(Client(), cast.station_staff)
    sent = form_values(get_page(client, "/staff/live/new/"), containing="title")
    assert sent["host"] == [str(cast.station_staff.pk)]
    sent.update(
        title=["周五晚直播带岗"],
        starts_at=[h.tomorrow_evening().strftime("%Y-%m-%dT%H:%M")],
        stream_kind=["external"],
        stream_url=["https://live.example.cn/room/1"],
        jobs=[str(jobs[1].pk), str(jobs[0].pk)],
    )
    response = client.post("/staff/live/new/", sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    session = LiveSession.objects.get(title="周五晚直播带岗")
    assert list(session.jobs.order_by("position").values_list("job_id", flat=True)) == [
        jobs[1].pk,
        jobs[0].pk,
    ]
    detail = get_page(client, response["Location"])
    assert "<svg" in detail and f"/live/{session.code}/" in detail
    assert f'href="/staff/live/{session.code}/console/"' in detail
    listed = get_page(client, "/staff/live/?tab=upcoming")
    assert "周五晚直播带岗" in listed
    card = get_page(client, f"/staff/live/{session.code}/card/")
    assert "<svg" in card and jobs[1].title in card and 'data-action="print"' in card
    # Another station's staff do not see it.
    other = login(Client(), cast.other_station_staff)
    assert "周五晚直播带岗" not in get_page(other, "/staff/live/?tab=upcoming")
    assert other.get(f"/staff/live/{session.code}/").status_code == 404


def test_the_form_shows_every_problem_and_keeps_the_chosen_jobs(cast):
    jobs = h.jobs(cast, 1)
    client = login(Client(), cast.station_staff)
    sent = form_values(get_page(client, "/staff/live/new/"), containing="title")
    sent.update(
        title=["标题"],
        starts_at=[h.tomorrow_evening().strftime("%Y-%m-%dT%H:%M")],
        stream_kind=["hls"],
        stream_url=["https://live.example.cn/a.mp4"],
        jobs=[str(jobs[0].pk)],
    )
    response = client.post("/staff/live/new/", sent)
    assert response.status_code == 200
    html = response.content.decode()
    assert ".m3u8" in field_errors(html)
    assert f'name="jobs" value="{jobs[0].pk}"' in html
    assert not LiveSession.objects.exists()


def test_the_job_search_offers_open_jobs_only(cast):
    open_job, closed = h.jobs(cast, 2)
    from lingong.jobs import services as job_services

    job_services.close_job(actor=cast.employer, job_id=closed.pk)
    html = login(Client(), cast.station_staff).get("/staff/live/jobs/search/?q=直播推介").content.decode()
    assert f'data-job="{open_job.pk}"' in html and f'data-job="{closed.pk}"' not in html


def test_edit_reorders_jobs(cast):
    a, b = h.jobs(cast, 2)
    session = h.session(cast, [a, b])
    client = login(Client(), cast.centre_staff)
    sent = form_values(get_page(client, f"/staff/live/{session.code}/edit/"), containing="title")
    assert sent["jobs"] == [str(a.pk), str(b.pk)]
    sent["jobs"] = [str(b.pk), str(a.pk)]
    response = client.post(f"/staff/live/{session.code}/edit/", sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    assert list(
        SessionJob.objects.filter(session=session).order_by("position").values_list("job_id", flat=True)
    ) == [
        b.pk,
        a.pk,
    ]


def test_leads_page_polls_and_the_lead_page_records_a_follow_up(cast):
    jobs = h.jobs(cast, 1)
    session = h.go_live(h.session(cast, jobs), cast.station_staff)
    lead = h.lead(session, jobs[0], phone="13911112222")
    client = login(Client(), cast.station_staff)
    page = get_page(client, f"/staff/live/{session.code}/leads/")
    assert 'hx-trigger="every 5s"' in page and "139****2222" in page and "13911112222" not in page
    partial = client.get(f"/staff/live/{session.code}/leads/?partial=1").content.decode()
    assert "<html" not in partial and f'data-lead="{lead.pk}"' in partial
    queue = get_page(client, "/staff/live/leads/?status=open")
    assert f'data-lead="{lead.pk}"' in queue
    assert f'data-lead="{lead.pk}"' not in get_page(client, "/staff/live/leads/?status=applied")
    response = client.post(
        f"/staff/live/leads/{lead.pk}/", {"follow_up": "1", "f-status": "contacted", "f-note": "已约面试"}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED and lead.note == "已约面试"
    # Unregistered phone: the page points to the walk-in registration instead of 代为报名.
    detail = get_page(client, f"/staff/live/leads/{lead.pk}/")
    assert "现场登记求职者" in detail and 'data-testid="apply-form"' not in detail
    other = login(Client(), cast.other_station_staff)
    assert other.get(f"/staff/live/leads/{lead.pk}/").status_code == 404
    assert f'data-lead="{lead.pk}"' not in get_page(other, "/staff/live/leads/")


def test_apply_on_behalf_through_the_lead_page(cast):
    jobs = h.jobs(cast, 1)
    session = h.go_live(h.session(cast, jobs), cast.station_staff)
    lead = h.lead(session, jobs[0], phone=cast.worker.user.phone)
    client = login(Client(), cast.station_staff)
    page = get_page(client, f"/staff/live/leads/{lead.pk}/")
    assert 'data-testid="apply-form"' in page
    response = client.post(
        f"/staff/live/leads/{lead.pk}/",
        {"apply": "1", "a-consent_channel": "paper", "a-consent_reference": "", "a-note": ""},
    )
    assert "请填写纸质授权书编号" in field_errors(response.content.decode())
    response = client.post(
        f"/staff/live/leads/{lead.pk}/",
        {"apply": "1", "a-consent_channel": "paper", "a-consent_reference": "SQ-7", "a-note": ""},
    )
    assert response.status_code == 302
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.status == LeadStatus.APPLIED and lead.application is not None


def test_the_reveal_page_logs_and_shows_a_tel_link(cast):
    jobs = h.jobs(cast, 1)
    session = h.go_live(h.session(cast, jobs), cast.station_staff)
    lead = h.lead(session, jobs[0], phone="13911112222")
    client = login(Client(), cast.station_staff)
    page = get_page(client, f"/staff/live/leads/{lead.pk}/reveal/")
    assert "139****2222" in page and "13911112222" not in page
    response = client.post(f"/staff/live/leads/{lead.pk}/reveal/", {"reason": "contact_worker", "note": ""})
    assert 'href="tel:13911112222"' in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_settings_market_admin_saves_others_read_and_try(cast):
    admin = login(Client(), cast.admin)
    response = admin.post(
        "/staff/live/settings/",
        {"save": "1", "intent_phrases": "报个名\n算我一个\n报个名\n", "blocked_words": "骗子\n"},
    )
    assert response.status_code == 302
    row = LiveSettings.objects.get(market=cast.market)
    assert row.intent_phrases == "报个名\n算我一个" and row.blocked_words == "骗子"
    entry = AuditEntry.objects.get(action="live_settings.updated")
    assert entry.data["blocked_words"]["added"] == ["骗子"]
    # Too long a line, too many lines: refused, nothing changed.
    bad = admin.post(
        "/staff/live/settings/",
        {
            "save": "1",
            "intent_phrases": "这是一个超过二十个字的报名意向词语用来测试长度限制",
            "blocked_words": "\n".join(f"词{i}" for i in range(201)),
        },
    )
    errors = field_errors(bad.content.decode())
    assert "每行不超过20个字" in errors and "最多200行" in errors
    assert LiveSettings.objects.get(market=cast.market).blocked_words == "骗子"
    # Station staff read (disabled fields), cannot save, can try.
    staff = login(Client(), cast.station_staff)
    page = get_page(staff, "/staff/live/settings/")
    assert 'data-testid="settings-readonly"' in page and "disabled" in page
    assert (
        staff.post(
            "/staff/live/settings/", {"save": "1", "intent_phrases": "", "blocked_words": ""}
        ).status_code
        == 403
    )
    tried = text_of(staff.post("/staff/live/settings/", {"try": "1", "sample": "报个名"}).content.decode())
    assert "算作报名" in tried and "不会被隐藏" in tried
    tried = text_of(
        staff.post("/staff/live/settings/", {"try": "1", "sample": "主播是骗子"}).content.decode()
    )
    assert "不算报名" in tried and "会被隐藏（含屏蔽词“骗子”）" in tried
    tried = text_of(
        staff.post("/staff/live/settings/", {"try": "1", "sample": "1号线怎么走"}).content.decode()
    )
    assert "不算报名" in tried


def test_non_staff_get_no_back_office(cast):
    for user in (cast.worker.user, cast.employer):
        client = login(Client(), user)
        assert client.get("/staff/live/").status_code == 403
    assert Client().get("/staff/live/").status_code == 302
