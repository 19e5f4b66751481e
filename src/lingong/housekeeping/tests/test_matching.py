"""rank_workers: certified workers only, busy ones dropped, within the market's radius, with reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.housekeeping import matching, services
from lingong.housekeeping.models import Booking, BookingOffer, BookingStatus, DispatchMode, OfferStatus
from lingong.housekeeping.tests.booking_fixtures import (
    HOME_ADDRESS,
    catalogue,
    give_certificate,
    home,
    make_hk_worker,
    make_household,
    tomorrow_at,
)
from lingong.workers.models import WorkerReputation

pytestmark = pytest.mark.django_db


def rank(
    service: Any, start: dt.datetime, hours: int = 3, k: int = 10, **kw: Any
) -> list[matching.RankedWorker]:
    lat, lon = home()
    return matching.rank_workers(
        service=service,
        lat=lat,
        lon=lon,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        k=k,
        **kw,
    )


def test_only_workers_holding_every_required_valid_certificate(cast: Any) -> None:
    svc = catalogue(cast.market)["hourly_cleaning"]
    ok = make_hk_worker(cast.market, name="张秀兰", km_east=1)
    make_hk_worker(cast.market, name="刘桂芝", km_east=0.5, certs=())  # no health certificate
    unverified = make_hk_worker(cast.market, name="陈淑珍", km_east=0.6, certs=())
    give_certificate(unverified, "health_certificate", verified=False)
    expired = make_hk_worker(cast.market, name="赵春梅", km_east=0.7, certs=())
    give_certificate(expired, "health_certificate", expires_on=timezone.localdate())  # ends before the visit
    ranked = rank(svc, tomorrow_at(9))
    assert [r.worker_id for r in ranked] == [ok.pk]
    r = ranked[0]
    assert r.certificates == ("健康证明（从业人员健康体检合格证明）",)
    assert r.sentence.startswith("距您 1.0 公里") and "持健康证" in r.sentence
    assert 0.9 < r.distance_km < 1.1 and r.star_level is None


def test_skill_certificate_required_for_maternity_care(cast: Any) -> None:
    svc = catalogue(cast.market)["maternity_care"]
    health_only = make_hk_worker(cast.market, name="孙玉兰", occupation="maternity_nurse", km_east=1)
    both = make_hk_worker(
        cast.market,
        name="周美华",
        occupation="maternity_nurse",
        certs=("health_certificate", "maternity_care_skill"),
        km_east=2,
    )
    # The skill certificate is valid for long; the health certificate (300 days) covers a 26-day term.
    ranked = rank(svc, tomorrow_at(9), hours=24 * 26)
    ids = [r.worker_id for r in ranked]
    assert both.pk in ids and health_only.pk not in ids
    assert ranked[0].certificates == ("健康证明（从业人员健康体检合格证明）", "母婴护理职业技能等级证书")


def test_outside_the_radius_is_not_ranked(cast: Any) -> None:
    svc = catalogue(cast.market)["hourly_cleaning"]
    near = make_hk_worker(cast.market, name="张秀兰", km_east=3)
    make_hk_worker(cast.market, name="刘桂芝", km_east=14)  # beyond the 10 km policy radius
    assert [r.worker_id for r in rank(svc, tomorrow_at(9))] == [near.pk]


def test_nearer_and_better_rated_first_and_star_in_the_sentence(cast: Any) -> None:
    svc = catalogue(cast.market)["hourly_cleaning"]
    far = make_hk_worker(cast.market, name="张秀兰", km_east=6)
    near = make_hk_worker(cast.market, name="刘桂芝", km_east=0.5)
    WorkerReputation.objects.update_or_create(
        worker=near,
        defaults={"rating_count": 3, "rating_sum": 14, "star_level": Decimal("4.8"), "reliability": 1},
    )
    ranked = rank(svc, tomorrow_at(9))
    assert [r.worker_id for r in ranked] == [near.pk, far.pk]
    assert ranked[0].star_level == Decimal("4.8") and "4.8 星" in ranked[0].sentence
    assert [r.worker_id for r in rank(svc, tomorrow_at(9), k=1)] == [near.pk]
    assert [r.worker_id for r in rank(svc, tomorrow_at(9), exclude_ids=[near.pk])] == [far.pk]


def test_busy_workers_are_dropped(cast: Any) -> None:
    svc = catalogue(cast.market)["hourly_cleaning"]
    a = make_hk_worker(cast.market, name="张秀兰", km_east=1)
    b = make_hk_worker(cast.market, name="刘桂芝", km_east=2)
    c = make_hk_worker(cast.market, name="陈淑珍", km_east=3)
    d = make_hk_worker(cast.market, name="赵春梅", km_east=4)
    household = make_household(cast.market, admin=cast.admin)
    start = tomorrow_at(9)
    # a: the household chose her for 10:00-12:00 (still dispatching).
    services.create_booking(
        actor=household, service=svc, address=HOME_ADDRESS, starts_at=start + dt.timedelta(hours=1),
        quantity=2, dispatch_mode=DispatchMode.CHOSEN, requested_worker_id=a.pk,
    )  # fmt: skip
    # b: an open offer of another booking at the same time.
    other = services.create_booking(
        actor=household, service=svc, address="唐山市路南区新华道20号", starts_at=start, quantity=2,
        lat=home()[0] + 0.01, lon=home()[1],
    )  # fmt: skip
    BookingOffer.objects.create(
        booking=other, worker=b, rank=1, expires_at=timezone.now() + dt.timedelta(minutes=10)
    )
    # c: an engagement shift overlapping (a job tomorrow, 08:00-17:00 by default).
    t.make_engagement(c, cast.employer, days=1)
    ranked = rank(svc, start)
    assert [r.worker_id for r in ranked] == [d.pk]
    assert matching.worker_busy(a.pk, start, start + dt.timedelta(hours=3))
    assert matching.worker_busy(b.pk, start, start + dt.timedelta(hours=3))
    assert not matching.worker_busy(b.pk, start, start + dt.timedelta(hours=3), exclude_booking_id=other.pk)
    assert not matching.worker_busy(a.pk, start, start + dt.timedelta(hours=1))  # back to back is free
    # An offer that lapsed no longer holds the time; a confirmed booking's worker does.
    BookingOffer.objects.filter(worker=b).update(status=OfferStatus.EXPIRED)
    Booking.objects.filter(pk=other.pk).update(worker=d, status=BookingStatus.CONFIRMED)
    assert [r.worker_id for r in rank(svc, start)] == [b.pk]


def test_asking_for_none_gives_none(cast: Any) -> None:
    svc = catalogue(cast.market)["hourly_cleaning"]
    make_hk_worker(cast.market, name="张秀兰")
    assert rank(svc, tomorrow_at(9), k=0) == []
