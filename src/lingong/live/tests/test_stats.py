"""A session's figures on a constructed session (exact numbers), the .xlsx with the same figures, and the
30-day window of hires."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from lingong import apitools as at
from lingong import testing as t
from lingong.engagements.models import Engagement
from lingong.jobs import services as job_services
from lingong.live import followup, selectors
from lingong.live.models import HiddenReason, LeadSource, LiveSession
from lingong.live.tests import office_helpers as h
from lingong.pagetools import login
from lingong.workflow import chain

pytestmark = pytest.mark.django_db


def _hire(cast, lead, worker, started_days_after: float | None) -> None:
    """Link the lead (代为报名), offer, accept; stamp the engagement's start ``started_days_after`` the
    session's start (None: never started)."""
    followup.apply_on_behalf(
        actor=cast.station_staff, lead_id=lead.pk, consent_channel="paper", consent_reference=f"P{lead.pk}"
    )
    lead.refresh_from_db()
    job_services.offer(actor=cast.employer, application_id=lead.application_id)
    if started_days_after is None:
        return
    chain.accept_offer(actor=worker.user, application_id=lead.application_id)
    session = LiveSession.objects.get(pk=lead.session_id)
    start = session.started_at + dt.timedelta(days=started_days_after)
    # Stamped as the first check-in would (the receiver's path is tested in test_followup).
    Engagement.objects.filter(application_id=lead.application_id).update(started_at=start)


@pytest.fixture
def constructed(cast):
    """3 jobs; 6 viewer comments (2 hidden, 3 intents) + 1 host answer; 5 leads (job A: 3, job B: 2; 4 from
    comments, 1 tap); 4 linked applications, 3 offered; hires: one 2 days after the start, one 40 days
    after (outside the window), one offered but not accepted."""
    a, b, c = h.jobs(cast, 3)
    session = h.go_live(h.session(cast, [a, b, c]), cast.station_staff)
    LiveSession.objects.filter(pk=session.pk).update(peak_viewers=57, total_viewers=230)
    session.refresh_from_db()
    v = h.viewer(session)
    for text, extra in (
        ("扣1", {"is_intent": True}),
        ("1", {"is_intent": True}),
        ("我要去", {"is_intent": True}),
        ("几点上班", {}),
        ("骗子", {"hidden_reason": HiddenReason.WORD_LIST}),
        ("加我微信", {"hidden_reason": HiddenReason.STAFF}),
    ):
        h.comment(session, v, text, **extra)
    h.comment(session, None, "欢迎报名", is_host=True)  # type: ignore[arg-type]
    workers = [cast.worker, cast.other_worker] + [
        t.make_worker(cast.market, name=f"工人{i}") for i in range(2)
    ]
    leads = [
        h.lead(session, a, worker=workers[0]),
        h.lead(session, a, worker=workers[1]),
        h.lead(session, a, phone="13955550001", source=LeadSource.TAP),
        h.lead(session, b, worker=workers[2]),
        h.lead(session, b, worker=workers[3]),
    ]
    _hire(cast, leads[0], workers[0], 2)
    _hire(cast, leads[1], workers[1], 40)
    _hire(cast, leads[3], workers[2], None)  # offered, not accepted
    followup.apply_on_behalf(
        actor=cast.station_staff, lead_id=leads[4].pk, consent_channel="paper", consent_reference="P-last"
    )
    followup.follow_up(actor=cast.station_staff, lead_id=leads[2].pk, status="no_answer")
    session.refresh_from_db()
    return session, (a, b, c)


def test_session_stats_exact_figures(constructed):
    session, (a, b, c) = constructed
    stats = selectors.session_stats(session)
    assert stats["totals"] == {
        "peak_viewers": 57,
        "total_viewers": 230,
        "comments": 6,
        "hidden_comments": 2,
        "intent_comments": 3,
        "leads": 5,
        "leads_from_comments": 4,
        "leads_from_taps": 1,
        "applications": 4,
        "offers": 3,
        "hires": 1,
    }
    assert [s["value"] for s in stats["funnel"]] == [230, 5, 4, 3, 1]
    rows = {r["job_id"]: r for r in stats["by_job"]}
    assert [r["job_id"] for r in stats["by_job"]] == [a.pk, b.pk, c.pk]
    assert {k: rows[a.pk][k] for k in selectors.COUNTS} == {
        "leads": 3,
        "from_comments": 2,
        "from_taps": 1,
        "applications": 2,
        "offers": 2,
        "hires": 1,
    }
    assert {k: rows[b.pk][k] for k in selectors.COUNTS} == {
        "leads": 2,
        "from_comments": 2,
        "from_taps": 0,
        "applications": 2,
        "offers": 1,
        "hires": 0,
    }
    assert rows[c.pk]["leads"] == 0
    by_status = {s["status"]: s["count"] for s in stats["by_status"]}
    assert by_status == {
        "new": 0,
        "contacted": 0,
        "applied": 4,
        "hired": 0,  # the window's hires were stamped directly, not through a check-in
        "not_interested": 0,
        "no_answer": 1,
    }


def test_the_xlsx_has_the_same_figures(constructed, cast):
    session, (a, _b, _c) = constructed
    client = login(Client(), cast.station_staff)
    response = client.get(f"/staff/live/{session.code}/stats.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True)}
    assert summary["峰值在线（人）"] == 57 and summary["累计观看（人）"] == 230
    assert summary["评论（条）"] == 6 and summary["其中被隐藏（条）"] == 2
    assert summary["报名线索（条）"] == 5 and summary["转为报名（人）"] == 4
    assert summary["发出录用（人）"] == 3 and summary["30天内上岗（人）"] == 1
    jobs = list(book["按岗位"].iter_rows(values_only=True))
    assert jobs[0][1] == "岗位" and jobs[1][1] == a.title and jobs[1][4:] == (3, 2, 1, 2, 2, 1)
    # Staff of another station get no file.
    other = login(Client(), cast.other_station_staff)
    assert other.get(f"/staff/live/{session.code}/stats.xlsx").status_code == 404


def test_the_stats_page_and_api_show_the_same_numbers(constructed, cast):
    session, _jobs = constructed
    client = login(Client(), cast.centre_staff)
    page = client.get(f"/staff/live/{session.code}/stats/").content.decode()
    assert 'data-testid="stat-leads">5<' in page and 'data-testid="stat-hires">1<' in page
    assert 'id="live-stats-data"' in page and "live-funnel" in page
    body = at.ok(at.get(Client(), f"/live/sessions/{session.code}/stats", at.token_of(cast.centre_staff)))
    assert body["totals"]["offers"] == 3 and body["funnel"][-1]["value"] == 1
    assert (
        at.get(
            Client(), f"/live/sessions/{session.code}/stats", at.token_of(cast.other_station_staff)
        ).status_code
        == 404
    )


def test_hires_count_from_the_actual_start(cast):
    """The window runs from the actual start, else the scheduled time."""
    jobs = h.jobs(cast, 1)
    session = h.session(cast, jobs)
    start, end = selectors.hire_window(session)
    assert start == session.starts_at and end - start == dt.timedelta(days=30)
    live = h.go_live(session, cast.station_staff)
    assert selectors.hire_window(live)[0] == live.started_at
    assert abs((live.started_at - timezone.now()).total_seconds()) < 60
