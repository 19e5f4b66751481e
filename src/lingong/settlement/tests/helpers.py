"""Builders for settlement tests: engagements with worked, confirmed shifts (through the real services)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.test import Client, TestCase
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.engagements import services as engagements
from lingong.engagements.models import Engagement, Shift
from lingong.workflow import chain

API = "/api/v1/settlements"


def next_month_day(day: int = 2) -> dt.date:
    """A date in next month, so a short job never crosses a month end (payment months are predictable)."""
    today = timezone.localdate()
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first.replace(day=day)


def key() -> str:
    return uuid.uuid4().hex


def signed_engagement(
    cast: Any, *, worker: Any = None, employer: Any = None, days: int = 3, **job: Any
) -> Engagement:
    job.setdefault("start_date", next_month_day(2))
    job.setdefault("end_date", job["start_date"] + dt.timedelta(days=days - 1))
    engagement = t.make_engagement(
        worker or cast.worker, employer or cast.employer, days=days, insurance_required=False, **job
    )
    chain.engagement_signed(engagement_id=engagement.pk, actor=employer or cast.employer)
    engagement.refresh_from_db()
    return engagement


def work_shift(
    cast: Any,
    shift: Shift,
    hours: Decimal | str | int = 8,
    *,
    quantity: Any = None,
    confirm: bool = True,
    worker: Any = None,
    employer: Any = None,
) -> Shift:
    """Check in at the start of the shift, out ``hours`` later at the site, and let the employer confirm."""
    engagement = shift.engagement
    start = shift.starts_at
    engagements.check_in(
        actor=(worker or cast.worker).user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=start,
    )
    engagements.check_out(
        actor=(worker or cast.worker).user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        quantity=quantity,
        at=start + dt.timedelta(hours=float(Decimal(str(hours)))),
    )
    if start + dt.timedelta(hours=float(Decimal(str(hours)))) > shift.ends_at:
        # Hours beyond the shift's end are paid once the employer agrees to them (overtime).
        engagements.confirm_extra_time(actor=employer or cast.employer, shift_id=shift.pk, late_finish=True)
    if confirm:
        engagements.confirm_shift(actor=employer or cast.employer, shift_id=shift.pk)
    shift.refresh_from_db()
    return shift


def worked_engagement(
    cast: Any,
    hours: Sequence[Any] = (8, 8, 8),
    *,
    quantities: Sequence[Any] | None = None,
    worker: Any = None,
    employer: Any = None,
    **job: Any,
) -> Engagement:
    """An engagement whose shifts were all worked (``hours`` each) and confirmed: it is completed."""
    engagement = signed_engagement(cast, worker=worker, employer=employer, days=len(hours), **job)
    shifts = list(engagement.shifts.order_by("date"))
    for index, (shift, h) in enumerate(zip(shifts, hours, strict=True)):
        quantity = quantities[index] if quantities is not None else None
        work_shift(cast, shift, h, quantity=quantity, worker=worker, employer=employer)
    engagement.refresh_from_db()
    return engagement


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None, **headers: str) -> Any:
    """One API request, which commits as it would in production: what it queued on commit (the payment
    task) runs before the response is read."""
    if user is not None:
        headers["Authorization"] = f"Bearer {accounts.issue_token(user=user)}"
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client, method)(
            path,
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
            headers=headers,
        )
