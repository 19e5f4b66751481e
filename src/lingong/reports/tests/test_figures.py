"""The monthly report reconciles with the source records: each expectation is computed here by reading
every row and its local calendar month in Python, not by the report's queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lingong.engagements.models import Engagement
from lingong.insurance.models import InsurancePolicy
from lingong.jobs.models import Application, JobPosting
from lingong.reports import figures
from lingong.reports.figures import age_band, monthly_report
from lingong.reports.period import Month, current_month
from lingong.reports.tests import helpers as h
from lingong.reports.units import Unit, default_unit, resolve_unit
from lingong.settlement import services as settlement_services
from lingong.settlement.models import Payment, PaymentStatus
from lingong.settlement.tests.helpers import key, next_month_day, signed_engagement, work_shift
from lingong.workers.models import WorkerProfile
from lingong.workflow.tests.helpers import pay_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Any) -> h.World:
    return h.build(cast)


def market_unit(cast: Any) -> Unit:
    return default_unit(cast.admin)


def started_in(month: Month, station_id: int | None = None) -> set[int]:
    return {
        e.pk
        for e in Engagement.objects.all()
        if h.month_of(e.started_at) == month.key and (station_id is None or e.station_id == station_id)
    }


def test_placements_equal_the_engagements_started_in_the_month(cast: Any, world: h.World) -> None:
    this, last = world.this, world.last
    h.set_started(world.paid, h.local(last, -1, 23, 30))  # 23:30 local on the last day: last month
    h.set_started(world.started, h.local(this, 1, 0, 10))  # ten past midnight on the 1st: this month
    unit = market_unit(cast)
    for month in (this, last):
        expected = started_in(month)
        report = monthly_report(unit, month)
        assert report.headline.placements == len(expected)
        assert set(figures.placements(unit, month).values_list("pk", flat=True)) == expected
    assert monthly_report(unit, last).headline.placements == 1
    assert monthly_report(unit, this).headline.placements == 1
    # The one never started counts nowhere.
    assert world.waiting.started_at is None


def test_month_boundaries_are_local_shanghai_time(cast: Any, world: h.World) -> None:
    """23:30 on the last day in Shanghai is 15:30 UTC the same day; 00:10 on the 1st is 16:10 UTC the
    day before: each counts in its local month."""
    this, last = world.this, world.last
    late = h.local(last, -1, 23, 30)
    early = h.local(this, 1, 0, 10)
    assert late.astimezone(dt.UTC).hour == 15
    h.set_started(world.paid, late)
    h.set_started(world.started, early)
    h.set_published(world.paid.job_id, h.local(last, -1, 23, 59, 59))
    h.set_published(world.started.job_id, h.local(this, 1, 0, 0, 0))
    unit = market_unit(cast)
    assert set(figures.placements(unit, last).values_list("pk", flat=True)) == {world.paid.pk}
    assert set(figures.placements(unit, this).values_list("pk", flat=True)) == {world.started.pk}
    assert world.paid.job_id in set(figures.postings_published(unit, last).values_list("pk", flat=True))
    assert world.started.job_id in set(figures.postings_published(unit, this).values_list("pk", flat=True))
    assert world.started.job_id not in set(
        figures.postings_published(unit, last).values_list("pk", flat=True)
    )


def test_wages_equal_the_successful_payments_of_the_month(cast: Any, world: h.World) -> None:
    last = world.last
    h.set_paid(world.paid, h.local(last, -1, 23, 59, 59))
    unit = market_unit(cast)
    for month in (world.this, last):
        expected = sum(
            (
                p.amount
                for p in Payment.objects.all()
                if p.status == PaymentStatus.SUCCEEDED and h.month_of(p.paid_at) == month.key
            ),
            Decimal("0.00"),
        )
        report = monthly_report(unit, month)
        assert report.headline.wages_settled == expected
        assert report.headline.payments_succeeded == sum(
            1
            for p in Payment.objects.all()
            if p.status == PaymentStatus.SUCCEEDED and h.month_of(p.paid_at) == month.key
        )
        assert sum((r.wages for r in report.by_district), Decimal("0")) == expected
        assert sum((d.wages for d in report.daily), Decimal("0")) == expected
    assert monthly_report(unit, last).headline.wages_settled > 0
    assert monthly_report(unit, world.this).headline.wages_settled == 0


def test_postings_equal_those_published_in_the_month(cast: Any, world: h.World) -> None:
    this, last = world.this, world.last
    h.set_published(world.waiting.job_id, h.local(last, 15, 9))
    unit = market_unit(cast)
    for month in (this, last):
        published = [j for j in JobPosting.objects.all() if h.month_of(j.published_at) == month.key]
        report = monthly_report(unit, month)
        assert report.headline.postings_published == len(published)
        assert report.headline.places_offered == sum(j.headcount for j in published)
        assert sum(r.postings for r in report.by_district) == len(published)
        assert sum(d.postings for d in report.daily) == len(published)
        applied = [a for a in Application.objects.all() if h.month_of(a.applied_at) == month.key]
        assert report.headline.applications == len(applied)
    assert monthly_report(unit, last).headline.postings_published == 1


def test_breakdowns_add_up_to_the_headline(cast: Any, world: h.World) -> None:
    unit = market_unit(cast)
    report = monthly_report(unit, world.this)
    total = report.headline.placements
    assert total == 2  # paid and started, both this month as the services stamped them
    assert sum(r.placements for r in report.by_district) == total
    assert sum(r.placements for r in report.by_occupation) == total
    assert sum(d.placements for d in report.daily) == total
    assert sum(r.placements for r in report.by_age_band) == total
    # One group row per worker and group, "none" for those with none: at least the total.
    assert sum(r.placements for r in report.by_target_group) >= total
    occupations = {r.key: r.placements for r in report.by_occupation if r.placements}
    assert occupations == {"loader_driver": 1, "carpenter": 1}
    districts = {r.key for r in report.by_district}
    assert "130207" in districts  # 丰南区, the default workplace of the test postings


def test_target_groups_come_from_the_profile(cast: Any, world: h.World) -> None:
    WorkerProfile.objects.filter(pk=cast.worker.pk).update(target_groups=["veteran", "graduate"])
    report = monthly_report(market_unit(cast), world.this)
    groups = {r.key: r.placements for r in report.by_target_group}
    assert groups["veteran"] == 1 and groups["graduate"] == 1
    assert groups["none"] == 1  # the other worker records no group
    assert groups["disability"] == 0


def test_age_bands() -> None:
    assert age_band(dt.date(1992, 5, 17), dt.date(2026, 5, 16)) == "25-34"
    assert age_band(dt.date(1992, 5, 17), dt.date(2026, 5, 17)) == "25-34"
    assert age_band(dt.date(1991, 5, 17), dt.date(2026, 5, 17)) == "35-44"
    assert age_band(None, dt.date(2026, 5, 17)) == "unknown"
    assert age_band(dt.date(1960, 1, 1), dt.date(2026, 5, 17)) == "60+"


def test_time_to_fill_runs_from_publication_to_the_last_place_taken(cast: Any, world: h.World) -> None:
    last = world.last
    base = h.local(last, 10, 8)
    hour = dt.timedelta(hours=1)
    for engagement, taken in ((world.paid, 1), (world.started, 2), (world.waiting, 6)):
        h.set_published(engagement.job_id, base)
        h.set_created(engagement, base + taken * hour)
    report = monthly_report(market_unit(cast), last)
    assert report.headline.postings_filled == 3
    assert report.headline.time_to_fill_median_s == 2 * 3600
    assert report.headline.time_to_fill_mean_s == 3 * 3600
    # Filled this month, not last: not counted last month.
    h.set_created(world.waiting, h.local(world.this, 1, 0, 0, 1))
    again = monthly_report(market_unit(cast), last)
    assert again.headline.postings_filled == 2


def test_a_posting_with_a_place_left_is_not_filled(cast: Any, world: h.World) -> None:
    JobPosting.objects.filter(pk=world.paid.job_id).update(headcount=2)
    filled = {f.job_id for f in figures.fills(market_unit(cast), world.this)}
    assert world.paid.job_id not in filled
    assert world.started.job_id in filled


def test_insured_engagements_count_cover_issued_in_the_month(cast: Any, world: h.World) -> None:
    unit = market_unit(cast)
    report = monthly_report(unit, world.this)
    issued = {
        p.engagement_id for p in InsurancePolicy.objects.all() if h.month_of(p.issued_at) == world.this.key
    }
    assert report.headline.insured_engagements == len(issued)


def test_a_station_report_counts_only_its_engagements(cast: Any, world: h.World) -> None:
    station = resolve_unit(cast.admin, "station", cast.station.pk)
    other = resolve_unit(cast.admin, "station", cast.other_station.pk)
    this = world.this
    assert monthly_report(station, this).headline.placements == len(started_in(this, cast.station.pk))
    assert monthly_report(other, this).headline.placements == len(started_in(this, cast.other_station.pk))
    assert world.paid.station_id == cast.station.pk and world.started.station_id == cast.other_station.pk
    centre = resolve_unit(cast.admin, "centre", cast.centre.pk)
    assert monthly_report(centre, this).headline.placements == 1


def test_the_report_needs_a_fixed_number_of_queries(cast: Any, world: h.World) -> None:
    unit = market_unit(cast)
    with CaptureQueriesContext(connection) as few:
        monthly_report(unit, current_month())
    h.build(cast)  # three more engagements, applications, payments
    with CaptureQueriesContext(connection) as more:
        monthly_report(unit, current_month())
    assert len(more.captured_queries) == len(few.captured_queries)


def test_arrears_flagged_open_and_owed(cast: Any) -> None:
    day = next_month_day(2)
    engagement = signed_engagement(cast, days=2, pay_amount=Decimal("300"), settlement_cycle="daily")
    work_shift(cast, engagement.shifts.order_by("date").first())  # type: ignore[arg-type]
    later = day + dt.timedelta(days=10)
    assert settlement_services.detect_arrears(today=later) == 1
    unit, this = market_unit(cast), current_month()
    report = monthly_report(unit, this)
    assert report.headline.arrears_flagged == 1
    assert report.headline.arrears_enterprises == 1
    assert report.headline.arrears_open_at_month_end == 1
    assert monthly_report(unit, this.previous()).headline.arrears_open_at_month_end == 0
    owed = figures.arrears_now(unit, this, later)
    assert (owed.engagements, owed.enterprises, owed.amount_owed) == (1, 1, Decimal("300.00"))
    # Paid: the flag is resolved now, so it was not open at the end of this month.
    statement = settlement_services.settle(
        actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key()
    )
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    again = monthly_report(unit, this)
    assert again.headline.arrears_flagged == 1
    assert again.headline.arrears_open_at_month_end == 0
    assert figures.arrears_now(unit, this, later).amount_owed == Decimal("0.00")
