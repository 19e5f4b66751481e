"""unlocks_for_worker: the only-missing rule, the worker's occupations, places and the pay range."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lingong.skills.selectors import unlocks_for_worker
from lingong.skills.tests.worlds import FORKLIFT, HEALTH, base_world, job, worker

pytestmark = pytest.mark.django_db


def _world():
    """Within 10 km: forklift A (4 places, 250/day), D (1, 280/day), E (1, 30/hour), F (forklift + health
    certificate, 2 places, 300/day), a cleaning job needing a health certificate (3 places); 16.7 km north:
    forklift B (3 places)."""
    w = base_world()
    job(w, "A", headcount=4)
    job(w, "D", north_km=2, headcount=1, pay_amount=Decimal("280"))
    job(w, "E", north_km=3, headcount=1, pay_amount=Decimal("30"), pay_unit="hour")
    job(w, "F", north_km=1, headcount=2, pay_amount=Decimal("300"), certificates_required=[HEALTH])
    job(w, "B", north_km=16.7, headcount=3)
    job(w, "G", occupations=["cleaner"], headcount=3, pay_amount=Decimal("25"), pay_unit="hour",
        certificates_required=[HEALTH])  # fmt: skip
    return w


def test_a_forklift_driver_without_the_certificate_unlocks_the_near_forklift_jobs() -> None:
    w = _world()
    driver = worker(w, "driver", skills=["forklift_driver"])
    [unlock] = unlocks_for_worker(driver)
    assert unlock.certificate_code == FORKLIFT and "N1" in unlock.certificate_name
    # A, D and E: F needs a health certificate too, B is too far.
    assert set(unlock.job_ids) == {w.jobs["A"].pk, w.jobs["D"].pk, w.jobs["E"].pk}
    assert (unlock.places, unlock.jobs) == (6, 3)
    # Two of the three pay by the day: the range is over those.
    assert (unlock.pay_unit, unlock.pay_min, unlock.pay_max) == ("day", Decimal("250"), Decimal("280"))
    assert isinstance(unlock.pay_min, Decimal)


def test_holding_the_other_certificate_makes_the_forklift_the_only_missing_one() -> None:
    w = _world()
    driver = worker(w, "driver", skills=["forklift_driver"], certificates=[(HEALTH, True, None)])
    [unlock] = unlocks_for_worker(driver)
    assert set(unlock.job_ids) == {w.jobs[k].pk for k in "ADEF"}
    assert (unlock.places, unlock.pay_min, unlock.pay_max) == (8, Decimal("250"), Decimal("300"))


def test_a_held_certificate_is_not_offered_but_an_expired_or_unverified_one_is() -> None:
    w = _world()
    holder = worker(w, "holder", skills=["forklift_driver"], certificates=[(FORKLIFT, True, None)])
    # Holding N1, F's health certificate is the one missing thing there.
    [unlock] = unlocks_for_worker(holder)
    assert (unlock.certificate_code, unlock.job_ids, unlock.places) == (HEALTH, (w.jobs["F"].pk,), 2)
    expired = worker(w, "expired", skills=["forklift_driver"], certificates=[(FORKLIFT, True, w.today)])
    assert [u.certificate_code for u in unlocks_for_worker(expired)] == [FORKLIFT]  # the jobs start tomorrow
    unverified = worker(w, "unverified", skills=["forklift_driver"], certificates=[(FORKLIFT, False, None)])
    assert [u.certificate_code for u in unlocks_for_worker(unverified)] == [FORKLIFT]


def test_only_the_workers_occupations_count_skill_or_intended() -> None:
    w = _world()
    cleaner = worker(w, "cleaner", skills=["cleaner"])
    [unlock] = unlocks_for_worker(cleaner)
    assert (unlock.certificate_code, unlock.places, unlock.pay_unit) == (HEALTH, 3, "hour")
    assert (unlock.pay_min, unlock.pay_max) == (Decimal("25"), Decimal("25"))
    hopeful = worker(w, "hopeful", skills=["cleaner"], intended=["forklift_driver"])
    assert [u.certificate_code for u in unlocks_for_worker(hopeful)] == [FORKLIFT, HEALTH]


def test_a_worker_with_no_occupation_is_shown_any_and_most_places_come_first() -> None:
    w = _world()
    anyone = worker(w, "anyone")
    unlocks = unlocks_for_worker(anyone)
    assert [(u.certificate_code, u.places) for u in unlocks] == [(FORKLIFT, 6), (HEALTH, 3)]
    assert [u.certificate_code for u in unlocks_for_worker(anyone, limit=1)] == [FORKLIFT]


def test_the_radius_and_a_worker_without_a_home() -> None:
    w = _world()
    driver = worker(w, "driver", skills=["forklift_driver"])
    assert unlocks_for_worker(driver, radius_km=20)[0].places == 9  # B comes in
    assert unlocks_for_worker(driver, radius_km=0.5)[0].places == 4  # A only
    driver.home_lat = driver.home_lon = None
    assert unlocks_for_worker(driver) == []


def test_the_kept_snapshot_follows_saves_in_this_process() -> None:
    """The market's open postings are kept between calls; a save here is seen on the next call."""
    w = _world()
    driver = worker(w, "driver", skills=["forklift_driver"])
    assert unlocks_for_worker(driver)[0].places == 6
    job(w, "H", north_km=1, headcount=5)
    assert unlocks_for_worker(driver)[0].places == 11
    w.jobs["A"].status = "closed"
    w.jobs["A"].save()
    assert unlocks_for_worker(driver)[0].places == 7


def test_the_kept_snapshot_follows_saves_of_other_processes_after_the_poll() -> None:
    """A save made elsewhere (no signal here: an update with a new timestamp) shows after the poll."""
    from django.utils import timezone

    from lingong.jobs import matching_index
    from lingong.jobs.matching_index import freshness
    from lingong.jobs.models import JobPosting

    w = _world()
    driver = worker(w, "driver", skills=["forklift_driver"])
    assert unlocks_for_worker(driver)[0].places == 6
    JobPosting.objects.filter(pk=w.jobs["A"].pk).update(headcount=10, updated_at=timezone.now())
    assert unlocks_for_worker(driver)[0].places == 6  # not polled yet: the kept snapshot
    matching_index.index_for(w.market.pk).last_poll -= freshness.POLL_SECONDS
    assert unlocks_for_worker(driver)[0].places == 12


def test_the_kept_unlocks_follow_the_worker_s_own_certificates_and_skills() -> None:
    """A worker's unlocks are kept until the jobs or the worker's own rows change (issue 15)."""
    from django.utils import timezone

    from lingong.workers.models import WorkerCertificate, WorkerSkill

    w = _world()
    driver = worker(w, "driver", skills=["forklift_driver"])
    assert [u.certificate_code for u in unlocks_for_worker(driver)] == [FORKLIFT]
    assert [u.certificate_code for u in unlocks_for_worker(driver)] == [FORKLIFT]  # kept
    cert = WorkerCertificate.objects.create(
        worker=driver, certificate_type_id=FORKLIFT, number="T-KEPT-1", expires_on=None
    )
    assert [u.certificate_code for u in unlocks_for_worker(driver)] == [FORKLIFT]  # not verified yet
    cert.verified_at, cert.verified_by = timezone.now(), w.admin
    cert.save()
    [unlock] = unlocks_for_worker(driver)
    assert unlock.certificate_code == HEALTH  # job F's health certificate is now the one thing missing
    WorkerSkill.objects.create(worker=driver, occupation_id="cleaner", years=1)
    assert {u.certificate_code for u in unlocks_for_worker(driver)} == {HEALTH}
    assert unlocks_for_worker(driver)[0].places == 5  # F's 2 places and the cleaning job's 3
