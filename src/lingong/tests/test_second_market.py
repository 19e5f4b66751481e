"""A second market in another city (秦皇岛市海港区) works like the first: own area, matching and policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lingong.audit.trail import verify_chain
from lingong.core.errors import InvalidInput
from lingong.demo_second_market import MARKET_CODE, POLICY, build_second_market, market_exists
from lingong.engagements import services as engagements
from lingong.engagements.models import Engagement, ReviewStatus
from lingong.insurance.models import InsurancePolicy
from lingong.jobs import matching_index
from lingong.jobs import services as job_services
from lingong.jobs.recommendations import candidates_for, recommended_for
from lingong.org.area import validate_in_market_area
from lingong.org.models import Market
from lingong.org.policy import policy_for
from lingong.workflow import chain

METRES_600_NORTH = 600 / 111_320  # degrees of latitude


@pytest.fixture
def second(cast: Any) -> dict[str, Any]:
    built = build_second_market()
    assert built and market_exists()
    return built


def _engagement(
    worker: Any, employer: Any, *, insurance: bool, occupation: str = "loader_driver"
) -> Engagement:
    today = timezone.localdate()
    job = job_services.create_job(
        actor=employer,
        data=job_services.JobInput(
            title="码头装卸临时工" if employer.market.code == MARKET_CODE else "丰南装载机司机",
            description="装卸作业，按日结算。",
            occupations=[occupation],
            headcount=1,
            address="工地",
            division=worker.home_division_id,
            start_date=today + dt.timedelta(days=1),
            end_date=today + dt.timedelta(days=2),
            pay_unit="day",
            pay_amount=Decimal("300"),
            insurance_required=insurance,
        ),
    )
    admin = type(employer).objects.get(role="market_admin", market=job.market)
    job_services.approve_job(actor=admin, job_id=job.pk)
    application = job_services.apply(actor=worker.user, job_id=job.pk)
    job_services.offer(actor=employer, application_id=application.pk)
    chain.accept_offer(actor=worker.user, application_id=application.pk)
    e = Engagement.objects.get(application=application)
    chain.engagement_signed(engagement_id=e.pk, actor=employer)
    return Engagement.objects.get(pk=e.pk)


def test_its_jobs_validate_against_its_own_area(second: dict[str, Any], cast: Any) -> None:
    market: Market = second["market"]
    assert market.city_code == "130300" and market.served_area["type"] == "Polygon"
    for job in second["jobs"]:
        assert job.market_id == market.pk
        validate_in_market_area(job.lat, job.lon, market)
        with pytest.raises(ValidationError) as info:  # not in Tangshan's area
            validate_in_market_area(job.lat, job.lon, cast.market)
        assert "唐山市" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        validate_in_market_area(cast.market.lat, cast.market.lon, market)
    assert "秦皇岛市" in info.value.messages[0]
    # A posting in this market at a Tangshan address is refused.
    with pytest.raises(InvalidInput) as refused:
        job_services.create_job(
            actor=second["employers"][0],
            data=job_services.JobInput(
                title="唐山的岗位", description="不在本市场。", occupations=["loader_driver"], headcount=1,
                address="唐山市路南区", division="130202", lat=cast.market.lat, lon=cast.market.lon,
                start_date=timezone.localdate() + dt.timedelta(days=1),
                end_date=timezone.localdate() + dt.timedelta(days=2), pay_unit="day",
                pay_amount=Decimal("300"),
            ),
        )  # fmt: skip
    assert "location" in refused.value.errors


def test_its_jobs_and_workers_are_matched_within_it(second: dict[str, Any], cast: Any) -> None:
    market, driver = second["market"], second["workers"][0]
    job = second["jobs"][0]  # 港区装载机司机
    found = [c["worker_id"] for c in candidates_for(job, limit=20, radius_km=50)]
    assert driver.pk in found
    assert cast.worker.pk not in found  # a Tangshan loader driver is not in this market's index
    assert job.pk in [j["job_id"] for j in recommended_for(driver, limit=20, radius_km=None)]
    assert job.pk not in [j["job_id"] for j in recommended_for(cast.worker, limit=50, radius_km=None)]
    index = matching_index.index_for(market.pk)
    assert len(index.jobs) == len(second["jobs"])  # its own open jobs, none of Tangshan's


def test_its_policy_is_the_one_applied(second: dict[str, Any], cast: Any) -> None:
    market = second["market"]
    rules = policy_for(market.pk)
    assert rules.insurance_premium_per_day == POLICY["insurance_premium_per_day"] == Decimal("4.50")
    assert policy_for(cast.market.pk).insurance_premium_per_day == Decimal("3.00")
    assert rules.version == 2  # the defaults, then the city's change, audited in its own chain
    assert verify_chain(market.pk) is None
    # Premium and insurer: 2 person-days at 4.50 here, at 3.00 in Tangshan.
    here = _engagement(second["workers"][0], second["employers"][0], insurance=True)
    there = _engagement(cast.worker, cast.employer, insurance=True)
    assert InsurancePolicy.objects.get(engagement=here).premium == Decimal("9.00")
    assert InsurancePolicy.objects.get(engagement=there).premium == Decimal("6.00")
    # Geofence: a check-in 600 m from the site is within this market's 800 m, outside Tangshan's 500 m.
    flags = {}
    for name, worker, employer in (
        ("here", second["workers"][1], second["employers"][1]),
        ("there", cast.other_worker, cast.employer),
    ):
        e = _engagement(worker, employer, insurance=False, occupation=_skill(worker))
        shift = e.shifts.order_by("date").first()
        checked = engagements.check_in(
            actor=worker.user, shift_id=shift.pk, lat=e.site_lat + METRES_600_NORTH, lon=e.site_lon,
            at=shift.starts_at + dt.timedelta(minutes=5),
        )  # fmt: skip
        flags[name] = checked.review_status
    assert flags == {"here": ReviewStatus.NONE, "there": ReviewStatus.PENDING}


def _skill(worker: Any) -> str:
    return str(worker.skills.order_by("pk").first().occupation_id)
