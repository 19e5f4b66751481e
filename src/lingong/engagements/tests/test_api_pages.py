"""Engagements through the JSON API and the phone pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.engagements import services
from lingong.engagements.models import Confirmation, EngagementStatus, Shift, ShiftStatus
from lingong.workflow import chain

pytestmark = pytest.mark.django_db
API = "/api/v1/engagements"


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    return getattr(client, method)(
        path,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers=headers,
    )


def _signed(cast, **kw):
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=False, **kw)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    engagement.refresh_from_db()
    return engagement


def _move_first_shift_to_now(engagement) -> Shift:
    """The API uses the clock: put the first shift around now so check-in is open."""
    shift = engagement.shifts.order_by("date").first()
    now = timezone.now()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=8)
    )
    shift.refresh_from_db()
    return shift


def test_list_and_detail_are_scoped(cast):
    client = Client()
    engagement = _signed(cast)
    mine = call(client, "get", API, cast.worker.user).json()
    assert [item["id"] for item in mine["items"]] == [engagement.pk]
    assert mine["items"][0]["my_party"] == "worker"
    assert call(client, "get", API, cast.other_worker.user).json()["items"] == []
    detail = call(client, "get", f"{API}/{engagement.pk}", cast.employer).json()
    assert detail["status"] == "signed"
    assert len(detail["shifts"]) == 3
    assert detail["pay_amount"] == "300.00"
    missing = call(client, "get", f"{API}/{engagement.pk}", cast.other_employer)
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert call(client, "get", f"{API}/{engagement.pk}", cast.other_station_staff).status_code == 404
    assert call(client, "get", f"{API}/{engagement.pk}").status_code == 401


def test_check_in_out_confirm_and_timeline_via_api(cast):
    client = Client()
    engagement = _signed(cast, days=2)
    shift = _move_first_shift_to_now(engagement)
    where = {"lat": engagement.site_lat, "lon": engagement.site_lon}
    resp = call(client, "post", f"{API}/shifts/{shift.pk}/check-in", cast.worker.user, where)
    assert resp.status_code == 200, resp.json()
    assert resp.json()["status"] == ShiftStatus.CHECKED_IN
    again = call(client, "post", f"{API}/shifts/{shift.pk}/check-in", cast.worker.user, where)
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    bad = call(client, "post", f"{API}/shifts/{shift.pk}/check-out", cast.worker.user, {"lat": "x"})
    assert bad.status_code == 422
    # Ten minutes after the start is under the market's minimum paid hours: confirmed explicitly.
    short = call(client, "post", f"{API}/shifts/{shift.pk}/check-out", cast.worker.user, where)
    assert short.status_code == 409
    assert short.json()["code"] == "short_shift_unconfirmed"
    confirmed_where = {**where, "confirm_short": True}
    resp = call(client, "post", f"{API}/shifts/{shift.pk}/check-out", cast.worker.user, confirmed_where)
    assert resp.status_code == 200
    assert call(client, "post", f"{API}/shifts/{shift.pk}/confirm", cast.worker.user).status_code == 403
    confirmed = call(client, "post", f"{API}/shifts/{shift.pk}/confirm", cast.employer)
    assert confirmed.json()["confirmation"] == Confirmation.CONFIRMED
    timeline = call(client, "get", f"{API}/{engagement.pk}/timeline", cast.worker.user).json()
    assert [i["action"] for i in timeline][-3:] == [
        "shift.checked_in",
        "shift.checked_out",
        "shift.confirmed",
    ]
    assert timeline[-1]["label"] == "确认工时"
    assert timeline[-1]["actor"] == "用工方"


def test_dispute_and_resolution_via_api(cast):
    client = Client()
    engagement = _signed(cast)
    shift = _move_first_shift_to_now(engagement)
    where = {"lat": engagement.site_lat, "lon": engagement.site_lon}
    call(client, "post", f"{API}/shifts/{shift.pk}/check-in", cast.worker.user, where)
    call(
        client,
        "post",
        f"{API}/shifts/{shift.pk}/check-out",
        cast.worker.user,
        {**where, "confirm_short": True},
    )
    resp = call(
        client,
        "post",
        f"{API}/shifts/{shift.pk}/dispute",
        cast.employer,
        {"reason": "提前离场", "claimed_hours": "0"},
    )
    assert resp.status_code == 201
    case_id = resp.json()["id"]
    queue = call(client, "get", f"{API}/staff/cases", cast.station_staff).json()
    assert [c["id"] for c in queue["items"]] == [case_id]
    assert call(client, "get", f"{API}/staff/cases", cast.worker.user).status_code == 403
    bad = call(
        client, "post", f"{API}/cases/{case_id}/resolve", cast.station_staff, {"hours": "30", "note": "核实"}
    )
    assert bad.status_code == 422
    done = call(
        client, "post", f"{API}/cases/{case_id}/resolve", cast.station_staff, {"hours": "0.5", "note": "核实"}
    )
    assert done.status_code == 200
    assert done.json()["status"] == "resolved"


def test_cancel_via_api_needs_a_reason(cast):
    client = Client()
    engagement = _signed(cast)
    resp = call(client, "post", f"{API}/{engagement.pk}/cancel", cast.employer, {"reason": ""})
    assert resp.status_code == 422
    assert resp.json()["errors"]["reason"]
    resp = call(client, "post", f"{API}/{engagement.pk}/cancel", cast.employer, {"reason": "工程延期"})
    assert resp.status_code == 200
    assert resp.json()["status"] == EngagementStatus.CANCELLED


def test_worker_pages_show_the_engagement_and_check_in(cast):
    client = Client()
    engagement = _signed(cast)
    shift = _move_first_shift_to_now(engagement)
    client.force_login(cast.worker.user)
    page = client.get("/work/")
    assert page.status_code == 200
    assert engagement.job.title in page.content.decode()
    detail = client.get(f"/work/{engagement.pk}/").content.decode()
    assert 'data-testid="check-in"' in detail
    assert "已签约" in detail
    resp = client.post(
        f"/work/shifts/{shift.pk}/check-in/",
        {"lat": engagement.site_lat, "lon": engagement.site_lon},
        follow=True,
    )
    assert "签到成功" in resp.content.decode()
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.CHECKED_IN
    resp = client.post(f"/work/shifts/{shift.pk}/check-out/", {"lat": "", "lon": ""}, follow=True)
    assert "无法获取您的位置" in resp.content.decode()
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.CHECKED_IN
    timeline = client.get(f"/work/{engagement.pk}/timeline/").content.decode()
    assert "签到" in timeline and "生成用工单" in timeline


def test_pages_hide_other_peoples_engagements(cast):
    client = Client()
    engagement = _signed(cast)
    client.force_login(cast.other_worker.user)
    assert client.get(f"/work/{engagement.pk}/").status_code == 404
    client.force_login(cast.other_station_staff)
    assert client.get(f"/work/{engagement.pk}/timeline/").status_code == 404


def test_staff_queue_lists_flags_and_resolves(cast):
    client = Client()
    engagement = _signed(cast)
    shift = _move_first_shift_to_now(engagement)
    services.check_in(
        actor=cast.worker.user, shift_id=shift.pk, lat=engagement.site_lat + 0.02, lon=engagement.site_lon
    )
    client.force_login(cast.station_staff)
    page = client.get("/work/staff/").content.decode()
    assert 'data-testid="flagged-shift"' in page
    client.post(f"/work/shifts/{shift.pk}/review/", {"note": "已电话核实"})
    shift.refresh_from_db()
    assert shift.review_status == "cleared"
    client.force_login(cast.worker.user)
    assert client.get("/work/staff/").status_code == 403


def _home_with_todo(client: Client, path: str) -> str:
    """The home page, which renders the to-do card with it (workflow's ``{% todo_card %}`` tag)."""
    return client.get(path).content.decode()


def test_home_pages_list_what_to_do_next(cast):
    client = Client()
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=False)
    client.force_login(cast.worker.user)
    page = _home_with_todo(client, "/jobs/")
    assert 'data-testid="todo"' in page and "请签署" in page and engagement.job.title in page
    client.force_login(cast.employer)
    page = _home_with_todo(client, "/employer/")
    assert 'data-testid="todo"' in page and "请签署与" in page
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    shift = _move_first_shift_to_now(engagement)
    client.force_login(cast.worker.user)
    page = _home_with_todo(client, "/jobs/")
    assert "到岗后签到" in page
    services.check_in(
        actor=cast.worker.user, shift_id=shift.pk, lat=engagement.site_lat, lon=engagement.site_lon
    )
    services.check_out(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        confirm_short=True,
    )
    client.force_login(cast.employer)
    assert "1 个班次待确认工时" in _home_with_todo(client, "/employer/")
    client.force_login(cast.other_worker.user)
    assert 'data-testid="todo"' not in _home_with_todo(client, "/jobs/")


def test_check_in_button_appears_only_when_check_in_is_open(cast):
    client = Client()
    engagement = _signed(cast)  # first shift tomorrow 08:00
    client.force_login(cast.worker.user)
    page = client.get(f"/work/{engagement.pk}/").content.decode()
    assert 'data-testid="next-shift"' in page
    assert 'data-testid="check-in"' not in page
    _move_first_shift_to_now(engagement)
    page = client.get(f"/work/{engagement.pk}/").content.decode()
    assert 'data-testid="check-in"' in page
