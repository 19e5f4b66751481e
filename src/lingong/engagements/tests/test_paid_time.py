"""Paid time: from the later of shift start and check-in to the earlier of shift end and check-out, the
employer's confirmation of an early start or of staying late, and the question before a short check-out."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, PermissionDeniedError
from lingong.engagements import services
from lingong.engagements.attendance import ShortCheckOut
from lingong.engagements.models import EngagementStatus, Shift, ShiftStatus
from lingong.notifications.models import Notification
from lingong.org.policy import set_policy
from lingong.workflow import chain

API = "/api/v1/engagements"

# --- Through the services -----------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def _evening(cast, days=1, **kw):
    """A 17:00-21:30 job (4.5 hours a day), signed."""
    engagement = t.make_engagement(
        cast.worker,
        cast.employer,
        days=days,
        insurance_required=False,
        daily_start_time=dt.time(17, 0),
        daily_end_time=dt.time(21, 30),
        daily_hours=Decimal("4.5"),
        **kw,
    )
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    engagement.refresh_from_db()
    return engagement


def _first(engagement) -> Shift:
    return engagement.shifts.order_by("date").first()


def _in(cast, engagement, shift, minutes_from_start):
    return services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=shift.starts_at + dt.timedelta(minutes=minutes_from_start),
    )


def _out(cast, engagement, shift, at, **kw):
    return services.check_out(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=at,
        **kw,
    )


def test_an_early_check_in_is_paid_from_the_start_until_the_employer_confirms_it(cast):
    engagement = _evening(cast, days=2)
    shift = _first(engagement)
    checked = _in(cast, engagement, shift, -51)
    assert checked.minutes_early == 51
    out = _out(cast, engagement, shift, shift.ends_at)
    assert out.check_in_at == shift.starts_at - dt.timedelta(minutes=51)  # stored as it happened
    assert out.worked_hours == Decimal("4.50")
    with pytest.raises(PermissionDeniedError):
        services.confirm_extra_time(actor=cast.worker.user, shift_id=shift.pk, early_start=True)
    confirmed = services.confirm_extra_time(actor=cast.employer, shift_id=shift.pk, early_start=True)
    assert confirmed.worked_hours == Decimal("5.35")  # 4.5 h + 51 minutes
    assert confirmed.early_start_confirmed_by == cast.employer
    entry = AuditEntry.objects.filter(action="shift.extra_time_confirmed").get()
    assert entry.data["hours_before"] == "4.50" and entry.data["hours"] == "5.35"
    assert Notification.objects.filter(user=cast.worker.user, kind="shift_extra_time").exists()
    with pytest.raises(ConflictError) as again:
        services.confirm_extra_time(actor=cast.employer, shift_id=shift.pk, early_start=True)
    assert again.value.code == "already_confirmed"
    services.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    shift.refresh_from_db()
    assert shift.confirmed_hours == Decimal("5.35")


def test_extra_time_needs_a_reason_to_confirm_and_stops_at_the_confirmation(cast):
    engagement = _evening(cast, days=2)
    shift = _first(engagement)
    _in(cast, engagement, shift, 5)
    with pytest.raises(InvalidInput):
        services.confirm_extra_time(actor=cast.employer, shift_id=shift.pk)
    with pytest.raises(ConflictError) as not_early:
        services.confirm_extra_time(actor=cast.employer, shift_id=shift.pk, early_start=True)
    assert not_early.value.code == "not_early"
    _out(cast, engagement, shift, shift.ends_at - dt.timedelta(minutes=5))
    with pytest.raises(ConflictError) as not_late:
        services.confirm_extra_time(actor=cast.employer, shift_id=shift.pk, late_finish=True)
    assert not_late.value.code == "not_late"
    services.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    with pytest.raises(ConflictError) as confirmed:
        services.confirm_extra_time(actor=cast.employer, shift_id=shift.pk, late_finish=True)
    assert confirmed.value.code == "already_confirmed"
    assert not AuditEntry.objects.filter(action="shift.extra_time_confirmed").exists()


def test_staying_late_counts_as_overtime_once_the_employer_confirms_it(cast):
    engagement = _evening(cast, days=2)
    shift = _first(engagement)
    _in(cast, engagement, shift, 0)
    # The employer may agree while the worker is still there.
    services.confirm_extra_time(actor=cast.employer, shift_id=shift.pk, late_finish=True)
    out = _out(cast, engagement, shift, shift.ends_at + dt.timedelta(minutes=90))
    assert out.worked_hours == Decimal("6.00")


def test_a_check_out_right_after_check_in_asks_first_and_writes_nothing(cast):
    engagement = _evening(cast, days=1)
    shift = _first(engagement)
    _in(cast, engagement, shift, -51)  # 16:09 for 17:00
    entries = AuditEntry.objects.count()
    with pytest.raises(ShortCheckOut) as asked:
        _out(cast, engagement, shift, shift.starts_at - dt.timedelta(minutes=50))  # 16:10
    preview = asked.value.preview
    assert asked.value.code == "short_shift_unconfirmed" and asked.value.status == 409
    assert preview.hours == Decimal("0.00") and preview.below_minimum
    assert preview.early_unconfirmed and preview.ends_engagement
    text = preview.explanation()
    assert "0.00 小时" in text and "提前的时间不计酬" in text and "用工单将完工" in text
    assert asked.value.errors["confirm_short"] == [text]
    shift.refresh_from_db()
    engagement.refresh_from_db()
    assert shift.status == ShiftStatus.CHECKED_IN and shift.worked_hours is None
    assert engagement.status == EngagementStatus.IN_PROGRESS
    assert AuditEntry.objects.count() == entries

    out = _out(cast, engagement, shift, shift.starts_at - dt.timedelta(minutes=50), confirm_short=True)
    assert out.status == ShiftStatus.CHECKED_OUT and out.worked_hours == Decimal("0.00")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED
    entry = AuditEntry.objects.filter(action="shift.checked_out").get()
    assert entry.data["short_confirmed"] is True and entry.data["method"] == "gps"


def test_the_minimum_is_the_markets_rule(cast):
    engagement = _evening(cast, days=3)
    first, second, _third = engagement.shifts.order_by("date")
    set_policy(cast.market.pk, min_shift_hours=Decimal("2.00"))
    _in(cast, engagement, first, 0)
    with pytest.raises(ShortCheckOut) as asked:
        _out(cast, engagement, first, first.starts_at + dt.timedelta(minutes=90))
    assert asked.value.preview.minimum_hours == Decimal("2.00")
    assert not asked.value.preview.ends_engagement  # two more days to go
    assert asked.value.preview.estimated_pay == Decimal("100.00")  # 1.5 of 4.5 hours of 300 a day
    set_policy(cast.market.pk, min_shift_hours=Decimal("0"))
    assert _out(cast, engagement, first, first.starts_at + dt.timedelta(minutes=1)).worked_hours == Decimal(
        "0.02"
    )
    _in(cast, engagement, second, 0)


# --- API and pages ------------------------------------------------------------------------------------------


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    return getattr(client, method)(
        path,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers=headers,
    )


def _now_shift(engagement, *, started_minutes_ago=10) -> Shift:
    """Put the first shift around now (the API and pages use the clock)."""
    shift = _first(engagement)
    now = timezone.now()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=now - dt.timedelta(minutes=started_minutes_ago), ends_at=now + dt.timedelta(hours=4)
    )
    shift.refresh_from_db()
    return shift


def test_api_preview_refusal_and_confirmed_check_out(cast):
    client = Client()
    engagement = _evening(cast, days=1)
    shift = _now_shift(engagement)
    where = {"lat": engagement.site_lat, "lon": engagement.site_lon}
    assert (
        call(client, "post", f"{API}/shifts/{shift.pk}/check-in", cast.worker.user, where).status_code == 200
    )
    preview = call(client, "get", f"{API}/shifts/{shift.pk}/check-out-preview", cast.worker.user)
    assert preview.status_code == 200, preview.json()
    body = preview.json()
    assert body["below_minimum"] is True and body["ends_engagement"] is True
    assert Decimal(body["hours"]) < Decimal("0.5") and Decimal(body["minimum_hours"]) == Decimal("0.5")
    assert call(client, "get", f"{API}/shifts/{shift.pk}/check-out-preview", cast.employer).status_code == 403
    refused = call(client, "post", f"{API}/shifts/{shift.pk}/check-out", cast.worker.user, where)
    assert refused.status_code == 409
    assert refused.json()["code"] == "short_shift_unconfirmed"
    assert "用工单将完工" in refused.json()["errors"]["confirm_short"][0]
    assert Shift.objects.get(pk=shift.pk).status == ShiftStatus.CHECKED_IN
    done = call(
        client,
        "post",
        f"{API}/shifts/{shift.pk}/check-out",
        cast.worker.user,
        {**where, "confirm_short": True},
    )
    assert done.status_code == 200
    assert done.json()["status"] == ShiftStatus.CHECKED_OUT and done.json()["check_out_method"] == "gps"


def test_api_extra_time(cast):
    client = Client()
    engagement = _evening(cast, days=2)
    shift = _now_shift(engagement, started_minutes_ago=-30)  # starts in half an hour
    where = {"lat": engagement.site_lat, "lon": engagement.site_lon}
    call(client, "post", f"{API}/shifts/{shift.pk}/check-in", cast.worker.user, where)
    path = f"{API}/shifts/{shift.pk}/extra-time"
    assert call(client, "post", path, cast.worker.user, {"early_start": True}).status_code == 403
    assert call(client, "post", path, cast.employer, {}).status_code == 422
    resp = call(client, "post", path, cast.employer, {"early_start": True})
    assert resp.status_code == 200 and resp.json()["early_start_confirmed"] is True


def test_the_page_asks_before_a_short_check_out(cast):
    client = Client()
    client.force_login(cast.worker.user)
    engagement = _evening(cast, days=1)
    shift = _now_shift(engagement)
    where = {"lat": engagement.site_lat, "lon": engagement.site_lon}
    client.post(f"/work/shifts/{shift.pk}/check-in/", where)
    page = client.post(f"/work/shifts/{shift.pk}/check-out/", where)
    assert page.status_code == 409
    html = page.content.decode()
    assert "确认现在签退吗" in html and 'name="confirm_short" value="1"' in html
    assert f'value="{engagement.site_lat}"' in html  # the location is carried to the confirmation
    assert Shift.objects.get(pk=shift.pk).status == ShiftStatus.CHECKED_IN
    done = client.post(f"/work/shifts/{shift.pk}/check-out/", {**where, "confirm_short": "1"}, follow=True)
    assert "签退成功" in done.content.decode()
    assert Shift.objects.get(pk=shift.pk).status == ShiftStatus.CHECKED_OUT


def test_the_employer_confirms_an_early_start_on_the_page(cast):
    client = Client()
    engagement = _evening(cast, days=2)
    shift = _now_shift(engagement, started_minutes_ago=-40)
    services.check_in(
        actor=cast.worker.user, shift_id=shift.pk, lat=engagement.site_lat, lon=engagement.site_lon
    )
    client.force_login(cast.worker.user)
    worker_page = client.get(f"/work/{engagement.pk}/").content.decode()
    assert 'data-testid="paid-from"' in worker_page
    client.force_login(cast.employer)
    page = client.get(f"/work/{engagement.pk}/").content.decode()
    assert 'data-testid="early-start"' in page
    done = client.post(f"/work/shifts/{shift.pk}/extra-time/", {"early_start": "1"}, follow=True)
    assert "已确认" in done.content.decode()
    shift.refresh_from_db()
    assert shift.early_start_confirmed_at is not None


def test_the_policy_page_and_api_show_the_minimum(cast):
    client = Client()
    resp = call(
        client, "patch", f"/api/v1/markets/{cast.market.pk}/policy", cast.admin, {"min_shift_hours": "1"}
    )
    assert resp.status_code == 200, resp.json()
    assert Decimal(resp.json()["min_shift_hours"]) == Decimal("1.00")
    bad = call(
        client, "patch", f"/api/v1/markets/{cast.market.pk}/policy", cast.admin, {"min_shift_hours": "9"}
    )
    assert bad.status_code == 422
