"""The ordering employers get their graduates first among a job's candidates (issue 13 §2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.jobs.priority import candidate_priority
from lingong.jobs.recommendations import candidates_for
from lingong.training import certificates, results
from lingong.training.models import TrainingCertificate
from lingong.training.priority import graduates_for_job
from lingong.training.tests import certificate_factories as f
from lingong.workers import services as worker_services

pytestmark = pytest.mark.django_db


def _job(cast: Any, employer: Any, near: Any) -> Any:
    return t.make_job(
        employer,
        admin=cast.admin,
        title="仓库叉车司机",
        occupations=["loader_driver"],
        division="130202",
        lat=near.home_lat,
        lon=near.home_lon,
        certificates_required=[f.FORKLIFT],
    )


@pytest.fixture
def graduate(cast: Any) -> dict[str, Any]:
    """cast.worker (a loader driver of 8 years) graduated from the order of cast.employer; 赵立新 (15 years)
    held the certificate already, and the jobs are at his home: without the order he would rank first."""
    provider, member = f.provider_with_login(cast)
    order = f.make_order(cast, [(t.enterprise_of(cast.employer), 2)])
    course = f.make_course(cast, provider, order=order)
    enrolment = f.enrol(course, cast.worker)
    with TestCase.captureOnCommitCallbacks(execute=True):
        results.enter_result(actor=member, enrolment_id=enrolment.pk, score=90)
    cert = TrainingCertificate.objects.get(enrolment=enrolment)
    expires = timezone.localdate() + dt.timedelta(days=1000)
    certificates.record_official(
        actor=cast.admin, certificate_id=cert.pk, number="TZN1-3300", expires_on=expires
    )
    own = t.make_worker(
        cast.market,
        name="赵立新",
        skills=[("loader_driver", 15)],
        lat=cast.worker.home_lat + 0.05,  # about 5.5 km north of the graduate
        lon=cast.worker.home_lon,
    )
    wc = worker_services.add_certificate(
        actor=own.user, worker_id=own.pk, certificate_type=f.FORKLIFT, number="TZN1-9900", expires_on=expires
    )
    worker_services.verify_certificate(actor=cast.admin, certificate_id=wc.pk)
    return {"course": course, "order": order, "own": own}


def test_the_graduate_comes_first_for_the_ordering_employer(cast: Any, graduate: dict[str, Any]) -> None:
    job = _job(cast, cast.employer, graduate["own"])  # at 赵立新's home
    found = candidates_for(job, limit=10, radius_km=50)
    ids = [c["worker_id"] for c in found]
    assert graduate["own"].pk in ids
    assert ids[0] == cast.worker.pk
    assert found[0]["priority"] == "订单培训学员（叉车司机（N1）培训班）"
    assert all(c["priority"] == "" for c in found[1:])
    assert candidate_priority.for_job(job) == {cast.worker.pk: "订单培训学员（叉车司机（N1）培训班）"}


def test_another_employers_job_does_not_prioritise_the_graduate(cast: Any, graduate: dict[str, Any]) -> None:
    job = _job(cast, cast.other_employer, graduate["own"])
    found = candidates_for(job, limit=10, radius_km=50)
    assert graduates_for_job(job) == {}
    assert all(c["priority"] == "" for c in found)
    assert found[0]["worker_id"] == graduate["own"].pk


def test_a_graduate_without_the_certificate_on_the_profile_is_not_first(cast: Any) -> None:
    provider, member = f.provider_with_login(cast)
    order = f.make_order(cast, [(t.enterprise_of(cast.employer), 1)])
    course = f.make_course(cast, provider, order=order)
    enrolment = f.enrol(course, cast.worker)
    results.enter_result(actor=member, enrolment_id=enrolment.pk, score=90)  # official number not recorded
    job = _job(cast, cast.employer, cast.worker)
    assert graduates_for_job(job) == {}


def test_the_candidates_api_says_why(client: Client, cast: Any, graduate: dict[str, Any]) -> None:
    job = _job(cast, cast.employer, graduate["own"])
    body = at.ok(
        at.get(client, f"/jobs/{job.pk}/candidates", at.token_of(cast.employer), radius_km=50, limit=10)
    )
    assert body["items"][0]["worker_id"] == cast.worker.pk
    assert body["items"][0]["priority"].startswith("订单培训学员")
