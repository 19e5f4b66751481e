"""Rows that carry their market themselves (``org.models.MarketScoped``) take their parent's market when
created without one: on ``save`` and through the manager's ``bulk_create``, with one query for parents not
already loaded; a market given explicitly is kept."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lingong.jobs.models import Invitation, JobPosting
from lingong.org.models import Market
from lingong.testing import make_employer, make_job, make_market, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_jobs_in_two_markets():
    market = make_market()
    other = Market.objects.create(
        code="fengrun",
        name="丰润区零工市场",
        address="唐山市丰润区",
        division=market.division,
        lat=39.8,
        lon=118.1,
    )
    employer = make_employer(market)
    here, there = make_job(employer), make_job(employer)
    JobPosting.objects.filter(pk=there.pk).update(market=other)
    there.refresh_from_db()
    workers = [make_worker(market, seq=i) for i in range(3)]
    return here, there, workers


def test_save_takes_the_parents_market(two_jobs_in_two_markets):
    here, there, workers = two_jobs_in_two_markets
    a = Invitation.objects.create(job=here, worker=workers[0])
    b = Invitation(job_id=there.pk, worker=workers[0])  # the parent not loaded
    b.save()
    assert (a.market_id, b.market_id) == (here.market_id, there.market_id)
    assert here.market_id != there.market_id
    assert set(Invitation.objects.values_list("job__market_id", "market_id")) == {
        (here.market_id, here.market_id),
        (there.market_id, there.market_id),
    }


def test_bulk_create_fills_markets_with_one_query_for_unloaded_parents(two_jobs_in_two_markets):
    here, there, workers = two_jobs_in_two_markets
    rows = [
        Invitation(job=here, worker=workers[0]),  # parent loaded: no query
        Invitation(job_id=there.pk, worker=workers[1]),
        Invitation(job_id=here.pk, worker=workers[2]),
    ]
    with CaptureQueriesContext(connection) as queries:
        Invitation.objects.bulk_create(rows)
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1, reads
    assert [r.market_id for r in rows] == [here.market_id, there.market_id, here.market_id]
    assert Invitation.objects.filter(market_id=there.market_id).count() == 1


def test_a_market_given_explicitly_is_kept(two_jobs_in_two_markets):
    here, there, workers = two_jobs_in_two_markets
    row = Invitation.objects.create(job=here, worker=workers[0], market_id=there.market_id)
    assert row.market_id == there.market_id  # not overwritten
