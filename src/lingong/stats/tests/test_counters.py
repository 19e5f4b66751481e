"""Counters move with the events that change them and agree with counts of the source tables; the overview
agrees with the open-jobs list; access to GET /api/v1/stats/overview."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import Client

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.engagements import services as engagements
from lingong.engagements.models import Shift, ShiftStatus
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus, JobPosting
from lingong.org.models import Division, Market
from lingong.settlement import services as settlement
from lingong.settlement.models import Payment, PaymentStatus
from lingong.stats import counters, selectors
from lingong.stats.models import CounterDelta, HourlyCounter, Metric
from lingong.workflow import chain
from lingong.workflow.tests.helpers import pay_now

pytestmark = pytest.mark.django_db


def _overview(market: Market) -> dict[str, Any]:
    return selectors.overview(market)


def _source_counts(market: Market, since: dt.datetime) -> dict[str, Any]:
    """The same figures counted from the big tables (what the counters must equal)."""
    applications = Application.objects.filter(job__market=market, applied_at__gte=since)
    paid = Payment.objects.filter(
        statement__engagement__market=market, status=PaymentStatus.SUCCEEDED, paid_at__gte=since
    )
    return {
        "applications": applications.count(),
        "matches": Application.objects.filter(
            job__market=market, status=ApplicationStatus.ACCEPTED, decided_at__gte=since
        ).count(),
        "check_ins": Shift.objects.filter(engagement__market=market, check_in_at__isnull=False).count(),
        "payments": paid.count(),
        "pay_settled": str((paid.aggregate(s=Sum("amount"))["s"] or Decimal("0")).quantize(Decimal("0.01"))),
    }


def test_counters_move_on_apply_accept_check_in_and_payment_and_agree_with_the_sources() -> None:
    market = t.make_market()
    station = t.make_station(t.make_centre(market), "友谊街道零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    employer = t.make_employer(market, admin=admin)
    worker = t.make_worker(market, station=station)
    before = _overview(market)
    assert before["today"]["applications"] == 0 and before["today"]["matches"] == 0

    engagement = t.make_engagement(worker, employer, days=1, insurance_required=False)
    after_hire = _overview(market)
    assert after_hire["today"]["applications"] == 1
    assert after_hire["today"]["matches"] == 1
    assert after_hire["month"]["matches"] == 1
    assert after_hire["today"]["postings_published"] == 1
    # The placement is credited to the worker's station.
    assert after_hire["stations"] == [{"id": station.pk, "name": station.name, "placements": 1}]

    chain.engagement_signed(engagement_id=engagement.pk, actor=employer)
    shift = engagement.shifts.get()
    lat, lon = engagement.site_lat, engagement.site_lon
    engagements.check_in(
        actor=worker.user, shift_id=shift.pk, lat=lat, lon=lon, at=shift.starts_at + dt.timedelta(minutes=5)
    )
    at_work = _overview(market)
    assert at_work["today"]["check_ins"] == 1
    assert at_work["now"]["people_at_work"] == 1
    assert at_work["now"]["engagements_in_progress"] == 1
    engagements.check_out(actor=worker.user, shift_id=shift.pk, lat=lat, lon=lon, at=shift.ends_at)
    engagements.confirm_shift(actor=employer, shift_id=shift.pk)
    statement = settlement.settle(actor=employer, engagement_id=engagement.pk, idempotency_key="stats-settle")
    pay_now(actor=employer, statement_id=statement.pk, idempotency_key="stats-pay")

    final = _overview(market)
    assert final["now"]["people_at_work"] == 0
    source = _source_counts(market, selectors.day_start())
    for name in ("applications", "matches", "check_ins", "payments", "pay_settled"):
        assert final["today"][name] == source[name], name
    assert final["today"]["payments"] == 1
    assert Decimal(final["today"]["pay_settled"]) > 0
    assert Shift.objects.filter(status=ShiftStatus.CHECKED_OUT).count() == 1
    # Recounting from the source rows gives the same figures as the events did.
    counters.rebuild(market.pk)
    rebuilt = _overview(market)
    for period in ("today", "month"):
        assert rebuilt[period] == final[period], period
    assert rebuilt["stations"] == final["stations"] and rebuilt["hourly"] == final["hourly"]


def test_an_offer_the_system_made_counts_as_an_application_once() -> None:
    """A quick-recruit answer creates the application with its offer (no "applied" step): it is counted
    as an application, like the recount from the rows; an offer on an application already made is not."""
    market = t.make_market()
    employer = t.make_employer(market)
    job = t.make_job(employer, headcount=3)
    answered, applied = t.make_worker(market, name="王一军"), t.make_worker(market, name="王二军")
    job_services.apply(actor=applied.user, job_id=job.pk)
    with transaction.atomic():
        job_services.offer_on_behalf(job_id=job.pk, worker_id=answered.pk, note="即时快招")
        job_services.offer_on_behalf(job_id=job.pk, worker_id=applied.pk, note="即时快招")
    counted = _overview(market)
    assert (
        counted["today"]["applications"] == 2 == _source_counts(market, selectors.day_start())["applications"]
    )
    counters.rebuild(market.pk)
    assert _overview(market)["today"] == counted["today"]


def test_a_rolled_back_change_counts_nothing_and_the_fold_keeps_the_sums() -> None:
    market = t.make_market()
    employer = t.make_employer(market)
    job = t.make_job(employer)
    workers = [t.make_worker(market, name=f"王{i}军") for i in range(3)]
    for worker in workers[:2]:
        job_services.apply(actor=worker.user, job_id=job.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        job_services.apply(actor=workers[2].user, job_id=job.pk)
        raise RuntimeError("rolled back")
    assert _overview(market)["today"]["applications"] == 2
    pending = CounterDelta.objects.filter(metric=Metric.APPLICATION).count()
    assert pending == 2
    assert counters.fold() >= 2
    assert not CounterDelta.objects.exists()
    assert HourlyCounter.objects.filter(metric=Metric.APPLICATION).aggregate(s=Sum("count"))["s"] == 2
    assert _overview(market)["today"]["applications"] == 2  # the same figure from the folded table
    job_services.apply(actor=workers[2].user, job_id=job.pk)
    assert _overview(market)["today"]["applications"] == 3  # folded + pending


def test_open_postings_equal_the_open_jobs_list_and_open_places_subtract_hires(client: Client) -> None:
    market = t.make_market()
    employer = t.make_employer(market)
    jobs = [t.make_job(employer, title=f"装载机司机{i}", headcount=3) for i in range(4)]
    job_services.close_job(actor=employer, job_id=jobs[0].pk)
    draft = job_services.create_job(actor=employer, data=t.job_input(title="草稿"), submit=False)
    assert draft.status == "draft"
    worker = t.make_worker(market)
    t.make_engagement(worker, employer, days=1, headcount=2, insurance_required=False)  # 1 of 2 taken

    listed = at.ok(at.get(client, "/jobs", None, page_size=50))
    figures = _overview(market)
    assert figures["now"]["open_postings"] == listed["total"]
    assert figures["now"]["open_postings"] == JobPosting.objects.filter(market=market, status="open").count()
    open_jobs = JobPosting.objects.filter(market=market, status="open")
    taken = Application.objects.filter(job__in=open_jobs, status=ApplicationStatus.ACCEPTED).count()
    assert figures["now"]["open_places"] == sum(j.headcount for j in open_jobs) - taken
    assert figures["now"]["active_employers"] == 1
    loader = next(o for o in figures["occupations"] if o["code"] == "loader_driver")
    assert loader["open_places"] == figures["now"]["open_places"]
    # The worker is engaged now: not available. A second, free loader driver is.
    t.make_worker(market, name="李建国")
    loader = next(o for o in _overview(market)["occupations"] if o["code"] == "loader_driver")
    assert loader["available_workers"] == 1
    fengnan = next(d for d in figures["districts"] if d["code"] == "130207")
    assert fengnan["open_places"] == figures["now"]["open_places"]  # every job is in 丰南区
    assert Division.objects.filter(code="130207").exists()


def test_overview_access(client: Client) -> None:
    market = t.make_market()
    centre = t.make_centre(market)
    other_centre = t.make_centre(market, "另一服务中心")
    station = t.make_station(centre, "友谊街道零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    centre_staff = t.make_staff(Role.CENTRE_STAFF, market, centre=centre)
    station_staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station)
    worker = t.make_worker(market)
    lunan = Division.objects.get(code=t.LUNAN)
    other = Market.objects.create(
        code="other", name="另一市场", address="x", division=lunan, lat=lunan.lat, lon=lunan.lon
    )
    other_admin = t.make_staff(Role.MARKET_ADMIN, other)

    def get(user: Any, **params: Any) -> Any:
        return at.get(client, "/stats/overview", at.token_of(user) if user else None, **params)

    assert at.ok(get(admin))["market_id"] == market.pk
    assert at.ok(get(admin, centre=centre.pk))["centre_name"] == centre.name
    assert at.ok(get(centre_staff))["centre_id"] is None
    assert at.ok(get(centre_staff, centre=centre.pk))["centre_id"] == centre.pk
    at.error(get(centre_staff, centre=other_centre.pk), 404, "not_found")
    at.error(get(other_admin, centre=centre.pk), 404, "not_found")
    at.error(get(station_staff), 403)
    at.error(get(worker.user), 403)
    assert get(None).status_code == 401
