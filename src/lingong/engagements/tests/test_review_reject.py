"""Staff reject a flagged check-in with a reason: the shift is not attended and not paid."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.engagements import services
from lingong.engagements.models import (
    AttendanceCase,
    CaseStatus,
    EngagementStatus,
    ReviewStatus,
    Shift,
    ShiftStatus,
)
from lingong.notifications.models import Notification
from lingong.settlement import services as settlement
from lingong.workflow import chain

pytestmark = pytest.mark.django_db
FAR = 0.018  # about 2 km


def _signed(cast, days=2):
    engagement = t.make_engagement(cast.worker, cast.employer, days=days, insurance_required=False)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    engagement.refresh_from_db()
    return engagement


def _flagged(cast, engagement, *, out=True, index=0):
    shift = engagement.shifts.order_by("date")[index]
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat + FAR,
        lon=engagement.site_lon,
        at=shift.starts_at,
    )
    if out:
        services.check_out(
            actor=cast.worker.user,
            shift_id=shift.pk,
            lat=engagement.site_lat,
            lon=engagement.site_lon,
            at=shift.ends_at,
        )
    shift.refresh_from_db()
    assert shift.review_status == ReviewStatus.PENDING
    return shift


def test_rejecting_needs_a_reason_and_staff_in_scope(cast):
    engagement = _signed(cast)
    shift = _flagged(cast, engagement)
    with pytest.raises(InvalidInput) as no_reason:
        chain.reject_check(actor=cast.station_staff, shift_id=shift.pk, reason=" ")
    assert "reason" in no_reason.value.errors
    with pytest.raises(PermissionDeniedError):
        chain.reject_check(actor=cast.employer, shift_id=shift.pk, reason="不在工地")
    with pytest.raises(NotFoundError):
        chain.reject_check(actor=cast.other_station_staff, shift_id=shift.pk, reason="不在工地")
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.CHECKED_OUT and shift.review_status == ReviewStatus.PENDING


def test_a_rejected_shift_is_not_attended_and_not_paid(cast):
    engagement = _signed(cast)
    shift = _flagged(cast, engagement)
    hours = shift.worked_hours
    services.confirm_shift(actor=cast.employer, shift_id=shift.pk)  # confirmed before staff looked
    rejected = chain.reject_check(actor=cast.station_staff, shift_id=shift.pk, reason="电话核实当天未到工地")
    assert rejected.status == ShiftStatus.NO_SHOW
    assert rejected.review_status == ReviewStatus.REJECTED
    assert rejected.review_note == "电话核实当天未到工地" and rejected.reviewed_by == cast.station_staff
    assert rejected.check_in_at is not None and rejected.worked_hours == hours  # the record stays
    assert not rejected.is_payable
    assert settlement.payable_unsettled_shifts(engagement) == []
    entry = AuditEntry.objects.filter(action="shift.review_rejected").get()
    assert entry.data["reason"] == "电话核实当天未到工地" and entry.data["status_before"] == "checked_out"
    kinds = set(Notification.objects.filter(kind="shift_rejected").values_list("user_id", flat=True))
    assert kinds == {cast.worker.user.pk, cast.employer.pk}
    with pytest.raises(ConflictError) as again:
        chain.reject_check(actor=cast.station_staff, shift_id=shift.pk, reason="再驳回")
    assert again.value.code == "not_flagged"


def test_a_shift_on_a_statement_must_be_voided_first(cast):
    engagement = _signed(cast)
    shift = _flagged(cast, engagement)
    services.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    statement = settlement.settle(
        actor=cast.employer, engagement_id=engagement.pk, idempotency_key="reject-test-1"
    )
    with pytest.raises(ConflictError) as on_statement:
        chain.reject_check(actor=cast.station_staff, shift_id=shift.pk, reason="未到工地")
    assert on_statement.value.code == "shift_on_statement" and statement.number in on_statement.value.message
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.CHECKED_OUT and shift.review_status == ReviewStatus.PENDING
    assert not AuditEntry.objects.filter(action="shift.review_rejected").exists()


def test_rejecting_closes_an_open_dispute_and_an_open_check_in(cast):
    engagement = _signed(cast, days=1)
    shift = _flagged(cast, engagement, out=False)
    rejected = chain.reject_check(actor=cast.station_staff, shift_id=shift.pk, reason="定位在家中")
    assert rejected.status == ShiftStatus.NO_SHOW
    engagement.refresh_from_db()
    # Nothing was worked: the engagement stays for staff or the employer to cancel or end.
    assert engagement.status == EngagementStatus.IN_PROGRESS
    chain.cancel_engagement(actor=cast.employer, engagement_id=engagement.pk, reason="工人未到岗")

    other = _signed(cast, days=1)
    disputed = _flagged(cast, other)
    services.dispute_shift(actor=cast.employer, shift_id=disputed.pk, reason="没见到人", claimed_hours="0")
    chain.reject_check(actor=cast.station_staff, shift_id=disputed.pk, reason="核实未到")
    case = AttendanceCase.objects.get(shift=disputed)
    assert case.status == CaseStatus.RESOLVED and case.resolved_hours == Decimal(0)


def test_rejecting_the_last_open_shift_completes_a_worked_engagement(cast):
    engagement = _signed(cast, days=2)
    first = engagement.shifts.order_by("date")[0]
    services.check_in(
        actor=cast.worker.user,
        shift_id=first.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=first.starts_at,
    )
    services.check_out(
        actor=cast.worker.user,
        shift_id=first.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=first.ends_at,
    )
    second = _flagged(cast, engagement, out=False, index=1)
    chain.reject_check(actor=cast.station_staff, shift_id=second.pk, reason="不在工地")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client, method)(
            path,
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
            headers=headers,
        )


def test_reject_through_the_api_and_the_staff_page(cast):
    engagement = _signed(cast)
    first = _flagged(cast, engagement)
    client = Client()
    path = f"/api/v1/engagements/shifts/{first.pk}/reject-review"
    assert call(client, "post", path, cast.employer, {"reason": "不在"}).status_code == 403
    assert call(client, "post", path, cast.station_staff, {"reason": ""}).status_code == 422
    resp = call(client, "post", path, cast.station_staff, {"reason": "电话核实未到"})
    assert resp.status_code == 200, resp.json()
    assert resp.json()["status"] == "no_show" and resp.json()["review_status"] == "rejected"

    # The next day's flagged check-in, from the staff queue page.
    second = engagement.shifts.order_by("date")[1]
    now = timezone.now()
    Shift.objects.filter(pk=second.pk).update(
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=8)
    )
    services.check_in(
        actor=cast.worker.user, shift_id=second.pk, lat=engagement.site_lat + FAR, lon=engagement.site_lon
    )
    client.force_login(cast.station_staff)
    queue = client.get("/work/staff/").content.decode()
    assert 'data-testid="reject-review"' in queue and "驳回原因" in queue
    empty = client.post(f"/work/shifts/{second.pk}/reject/", {"reason": ""}, follow=True).content.decode()
    assert "请填写驳回原因" in empty
    done = client.post(f"/work/shifts/{second.pk}/reject/", {"reason": "未在工地"}, follow=True)
    assert "已驳回" in done.content.decode()
    assert Shift.objects.get(pk=second.pk).review_status == ReviewStatus.REJECTED
    client.force_login(cast.worker.user)
    page = client.get(f"/work/{engagement.pk}/").content.decode()
    assert "复核未通过" in page and "不计酬" in page
