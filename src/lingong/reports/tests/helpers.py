"""A small world for the report tests: engagements made through the real services (signed, worked, paid),
then moved in time by rewriting their time stamps, since the services stamp the current time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lingong.engagements import services as engagement_services
from lingong.engagements.models import Engagement
from lingong.jobs.models import JobPosting
from lingong.reports.period import LOCAL, Month, current_month
from lingong.settlement import services as settlement_services
from lingong.settlement.models import Payment
from lingong.settlement.tests.helpers import key, signed_engagement, worked_engagement
from lingong.workflow.tests.helpers import pay_now


def local(month: Month, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    if day < 0:
        day = month.last_day.day + 1 + day
    return dt.datetime(month.year, month.month, day, hour, minute, second, tzinfo=LOCAL)


def month_of(moment: dt.datetime | None) -> str | None:
    """The local calendar month of a time stamp, computed independently of the report's queries."""
    if moment is None:
        return None
    return timezone.localtime(moment, LOCAL).strftime("%Y-%m")


@dataclass
class World:
    this: Month
    last: Month
    paid: Engagement  # worked, settled and paid; at cast.station (the worker's)
    started: Engagement  # signed and started (checked in), other worker, other station
    waiting: Engagement  # signed, never started


def build(cast: Any) -> World:
    this = current_month()
    last = this.previous()
    paid = worked_engagement(cast, hours=(8,), title="路南区搬运工一日")
    statement = settlement_services.settle(actor=cast.employer, engagement_id=paid.pk, idempotency_key=key())
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    started = signed_engagement(
        cast, worker=cast.other_worker, days=2, title="南湖木工两日", occupations=["carpenter"]
    )
    shift = started.shifts.order_by("date").first()
    assert shift is not None
    engagement_services.check_in(
        actor=cast.other_worker.user,
        shift_id=shift.pk,
        lat=started.site_lat,
        lon=started.site_lon,
        at=shift.starts_at,
    )
    waiting = signed_engagement(cast, days=1, title="友谊里保洁一日", occupations=["construction_laborer"])
    # The shifts are next month (the services place work in the future): start both this month.
    set_started(paid, local(this, 1, 8))
    set_started(started, local(this, 1, 9))
    return World(
        this=this,
        last=last,
        paid=Engagement.objects.get(pk=paid.pk),
        started=Engagement.objects.get(pk=started.pk),
        waiting=Engagement.objects.get(pk=waiting.pk),
    )


def set_started(engagement: Engagement, at: dt.datetime | None) -> None:
    Engagement.objects.filter(pk=engagement.pk).update(started_at=at)


def set_created(engagement: Engagement, at: dt.datetime) -> None:
    Engagement.objects.filter(pk=engagement.pk).update(created_at=at)


def set_published(job_id: int, at: dt.datetime | None) -> None:
    JobPosting.objects.filter(pk=job_id).update(published_at=at)


def set_paid(engagement: Engagement, at: dt.datetime) -> None:
    Payment.objects.filter(statement__engagement=engagement).update(paid_at=at)
