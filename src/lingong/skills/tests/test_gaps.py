"""gap_rows: exact figures on a known small world."""

from __future__ import annotations

import pytest

from lingong import testing as t
from lingong.accounts.access import enterprise_scope_q
from lingong.accounts.models import Role
from lingong.engagements.models import LIVE_ENGAGEMENT_STATUSES, Engagement
from lingong.jobs.models import JobPosting, JobStatus
from lingong.org.models import MarketPolicy
from lingong.skills.selectors import CERTIFICATE, SKILL, gap_rows
from lingong.skills.tests.worlds import FORKLIFT, gap_world

pytestmark = pytest.mark.django_db


def _figures(row):
    return (row.occupation_code, row.certificate_code, row.district_code, row.jobs, row.places,
            row.available, row.lacking, row.unmet)  # fmt: skip


def test_rows_count_places_available_lacking_and_unmet() -> None:
    w = gap_world()
    assert Engagement.objects.filter(status__in=LIVE_ENGAGEMENT_STATUSES).count() == 3
    rows = gap_rows(w.market.pk)
    assert [_figures(r) for r in rows] == [
        ("forklift_driver", FORKLIFT, "130202", 2, 7, 3, 3, 4),
        ("cleaner", "", "130202", 1, 2, 1, 0, 1),
    ]
    forklift, cleaning = rows
    assert forklift.kind == CERTIFICATE and cleaning.kind == SKILL
    assert forklift.occupation_name == "叉车司机" and forklift.district_name == "路南区"
    assert "N1" in forklift.certificate_name and cleaning.certificate_name == ""
    assert set(forklift.job_ids) == {w.jobs["A"].pk, w.jobs["B"].pk}


def test_a_wider_radius_takes_in_the_worker_just_outside() -> None:
    w = gap_world()
    forklift = gap_rows(w.market.pk, radius_km=11)[0]
    assert (forklift.available, forklift.unmet) == (4, 3)


def test_a_worker_near_two_postings_of_a_row_counts_once() -> None:
    w = gap_world()
    forklift = gap_rows(w.market.pk, radius_km=30)[0]
    # near, second_only, outside, free_after (far_hired is 40 km away; busy and inactive never count)
    assert forklift.available == 4


def test_filters_by_district_and_occupation() -> None:
    w = gap_world()
    assert [r.occupation_code for r in gap_rows(w.market.pk, occupation_code="cleaner")] == ["cleaner"]
    assert gap_rows(w.market.pk, district_code="130207") == []
    assert len(gap_rows(w.market.pk, district_code="130202")) == 2


def test_a_full_or_closed_posting_has_no_places() -> None:
    w = gap_world()
    JobPosting.objects.filter(pk=w.jobs["C"].pk).update(status=JobStatus.CLOSED)  # set-up only
    assert [r.occupation_code for r in gap_rows(w.market.pk)] == ["forklift_driver"]


def test_scope_limits_the_postings_not_the_workers() -> None:
    w = gap_world()
    other = t.make_staff(Role.STATION_STAFF, w.market, centre=w.other_station.centre, station=w.other_station)
    assert gap_rows(w.market.pk, scope=enterprise_scope_q(other, "enterprise__")) == []
    own = t.make_staff(Role.STATION_STAFF, w.market, centre=w.station.centre, station=w.station)
    rows = gap_rows(w.market.pk, scope=enterprise_scope_q(own, "enterprise__"))
    assert [_figures(r) for r in rows] == [_figures(r) for r in gap_rows(w.market.pk)]


def test_the_default_radius_is_the_market_policy() -> None:
    w = gap_world()
    MarketPolicy.objects.update_or_create(market=w.market, defaults={"skill_gap_radius_km": 11})
    assert gap_rows(w.market.pk)[0].available == 4
