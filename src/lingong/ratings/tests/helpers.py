"""Engagements brought to the point where they can be rated, through the real engagement services."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.engagements import services as engagements
from lingong.engagements.models import Engagement, Shift
from lingong.workflow import chain

API = "/api/v1/ratings"


def signed(worker: Any, employer: Any, *, days: int = 1, **job: Any) -> Engagement:
    e = t.make_engagement(worker, employer, days=days, insurance_required=False, **job)
    chain.engagement_signed(engagement_id=e.pk, actor=employer)
    return Engagement.objects.get(pk=e.pk)


def work_shift(engagement: Engagement, shift: Shift) -> None:
    """Check in and out inside the shift, at the site."""
    user = engagement.worker.user
    lat, lon = engagement.site_lat, engagement.site_lon
    engagements.check_in(
        actor=user, shift_id=shift.pk, lat=lat, lon=lon, at=shift.starts_at + dt.timedelta(minutes=5)
    )
    engagements.check_out(actor=user, shift_id=shift.pk, lat=lat, lon=lon, at=shift.ends_at)


def completed(worker: Any, employer: Any, *, days: int = 1, **job: Any) -> Engagement:
    """Every shift worked: the last check-out completes the engagement."""
    e = signed(worker, employer, days=days, **job)
    for shift in e.shifts.order_by("date"):
        work_shift(e, shift)
    e.refresh_from_db()
    assert e.status == "completed", e.status
    return e


def settled(worker: Any, employer: Any, **job: Any) -> Engagement:
    e = completed(worker, employer, **job)
    return engagements.mark_settled(engagement_id=e.pk, actor=employer)


def pay_all(e: Engagement, employer: Any) -> Engagement:
    """Confirm every worked shift, settle and pay through the real services and the orchestrator."""
    from lingong.settlement import services as settlement
    from lingong.workflow.tests.helpers import pay_now

    for shift in e.shifts.filter(status="checked_out", confirmation="pending"):
        engagements.confirm_shift(actor=employer, shift_id=shift.pk)
    statement = settlement.settle(actor=employer, engagement_id=e.pk, idempotency_key=f"settle-key-{e.pk}")
    pay_now(actor=employer, statement_id=statement.pk, idempotency_key=f"pay-key-{statement.pk}")
    return Engagement.objects.get(pk=e.pk)


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    if method == "get":
        return client.get(f"{API}{path}", headers=headers)
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"{API}{path}", data=data, content_type="application/json", headers=headers)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    return body
