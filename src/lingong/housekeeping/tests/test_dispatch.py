"""Dispatch: offers in turn, lapsing, declines, UNFILLED and the retry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lingong.core.errors import ConflictError, NotFoundError
from lingong.housekeeping import dispatch, signals
from lingong.housekeeping.models import Booking, BookingOffer, BookingStatus, DispatchMode, OfferStatus
from lingong.housekeeping.tests import dispatch_setup as s
from lingong.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(cast: Any) -> s.Home:
    return s.make_home(cast)


@pytest.fixture
def cleaners(cast: Any) -> list[Any]:
    """Three certified cleaners at 0.5, 1.5 and 3 km, and one uncertified next door."""
    return [
        s.make_cleaner(cast, "张秀兰", km=0.5),
        s.make_cleaner(cast, "刘桂芳", km=1.5),
        s.make_cleaner(cast, "王淑珍", km=3),
        s.make_cleaner(cast, "赵无证", km=0.1, certified=False),
    ]


def offered(booking: Booking) -> list[tuple[int, str]]:
    return list(booking.offers.order_by("rank").values_list("worker_id", "status"))


def test_auto_offers_the_nearest_certified_worker_first_and_tells_the_worker(
    home: s.Home, cleaners: list[Any]
) -> None:
    booking = s.make_booking(home)
    offer = dispatch.start(booking.pk)
    assert offer is not None and offer.worker_id == cleaners[0].pk  # the uncertified one is never offered
    assert offer.rank == 1
    assert offer.expires_at == offer.offered_at + dt.timedelta(minutes=10)  # policy default
    assert "健康证" in offer.reasons["sentence"]
    note = Notification.objects.get(user=cleaners[0].user, kind="housekeeping_offer")
    assert note.url == reverse("housekeeping:offers")
    assert "150" in note.body


def test_a_second_start_makes_no_second_open_offer(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)
    dispatch.start(booking.pk)
    assert dispatch.start(booking.pk) is None
    assert booking.offers.filter(status=OfferStatus.OFFERED).count() == 1


def test_booking_ready_signal_starts_dispatch(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)
    signals.booking_ready.send(sender=Booking, booking_id=booking.pk)
    assert offered(booking) == [(cleaners[0].pk, OfferStatus.OFFERED)]


def test_timeout_chain_offers_each_in_turn_then_unfilled(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)
    t0 = timezone.now()
    dispatch.start(booking.pk, now=t0)
    assert dispatch.expire_offers(now=t0 + dt.timedelta(minutes=9)) == 0  # not lapsed yet
    assert offered(booking) == [(cleaners[0].pk, OfferStatus.OFFERED)]
    assert dispatch.expire_offers(now=t0 + dt.timedelta(minutes=10)) == 1
    assert offered(booking) == [(cleaners[0].pk, OfferStatus.EXPIRED), (cleaners[1].pk, OfferStatus.OFFERED)]
    second = booking.offers.get(worker=cleaners[1])
    assert second.expires_at == t0 + dt.timedelta(minutes=20)
    dispatch.expire_offers(now=t0 + dt.timedelta(minutes=20))
    assert offered(booking)[-1] == (cleaners[2].pk, OfferStatus.OFFERED)
    dispatch.expire_offers(now=t0 + dt.timedelta(minutes=30))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.UNFILLED
    assert booking.unfilled_at is not None
    assert [st for _w, st in offered(booking)] == [OfferStatus.EXPIRED] * 3
    note = Notification.objects.get(user=home.user, kind="housekeeping_unfilled")
    assert note.title == "暂无服务人员接单"
    assert note.url == reverse("housekeeping:booking_redispatch", args=[booking.pk])


def test_no_certified_worker_in_reach_is_unfilled_at_once(home: s.Home, cast: Any) -> None:
    s.make_cleaner(cast, "远处的", km=30)
    booking = s.make_booking(home)
    assert dispatch.start(booking.pk) is None
    booking.refresh_from_db()
    assert booking.status == BookingStatus.UNFILLED


def test_chosen_worker_is_offered_first_then_the_best_others(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home, mode=DispatchMode.CHOSEN, requested=cleaners[2])
    offer = dispatch.start(booking.pk)
    assert offer is not None and offer.worker_id == cleaners[2].pk
    dispatch.decline_offer(actor=cleaners[2].user, offer_id=offer.pk, reason="时间不合适")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.declined_at is not None
    # The decline queues the next offer after commit; run it as the commit would.
    dispatch.offer_next(booking.pk)
    assert offered(booking) == [(cleaners[2].pk, OfferStatus.DECLINED), (cleaners[0].pk, OfferStatus.OFFERED)]


def test_rebook_of_a_busy_worker_goes_to_the_others(home: s.Home, cleaners: list[Any]) -> None:
    s.make_booking(home, status=BookingStatus.CONFIRMED, worker=cleaners[0], address="别处")
    booking = s.make_booking(home, mode=DispatchMode.REBOOK, requested=cleaners[0])
    offer = dispatch.start(booking.pk)
    assert offer is not None and offer.worker_id == cleaners[1].pk


def test_decline_refusals(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)
    offer = dispatch.start(booking.pk)
    assert offer is not None
    with pytest.raises(NotFoundError):
        dispatch.decline_offer(actor=cleaners[1].user, offer_id=offer.pk)
    dispatch.decline_offer(actor=cleaners[0].user, offer_id=offer.pk)
    with pytest.raises(ConflictError) as exc:
        dispatch.decline_offer(actor=cleaners[0].user, offer_id=offer.pk)
    assert exc.value.code == "offer_not_open"


def test_retry_puts_an_unfilled_booking_back_into_dispatch(
    home: s.Home, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    booking = s.make_booking(home)
    dispatch.start(booking.pk)  # nobody in reach
    booking.refresh_from_db()
    assert booking.status == BookingStatus.UNFILLED
    newcomer = s.make_cleaner(cast, "新来的", km=1)
    other_user, _household = s.make_household(cast.market, cast.admin, "李先生家")
    with pytest.raises(NotFoundError):
        dispatch.retry(actor=other_user, booking_id=booking.pk)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch.retry(actor=home.user, booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DISPATCHING
    assert offered(booking) == [(newcomer.pk, OfferStatus.OFFERED)]
    with pytest.raises(ConflictError) as exc:
        dispatch.retry(actor=home.user, booking_id=booking.pk)
    assert exc.value.code == "invalid_transition"


def test_a_retry_asks_again_those_whose_offers_lapsed_but_never_a_worker_who_declined(
    home: s.Home, cleaners: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    booking = s.make_booking(home)
    t0 = timezone.now()
    first = dispatch.start(booking.pk, now=t0)
    assert first is not None and first.worker_id == cleaners[0].pk
    dispatch.decline_offer(actor=cleaners[0].user, offer_id=first.pk, reason="那天有事")
    dispatch.offer_next(booking.pk, now=t0)
    dispatch.expire_offers(now=t0 + dt.timedelta(minutes=10))  # 刘桂芳 missed it
    dispatch.expire_offers(now=t0 + dt.timedelta(minutes=20))  # 王淑珍 too
    booking.refresh_from_db()
    assert booking.status == BookingStatus.UNFILLED and booking.dispatch_round == 1
    with django_capture_on_commit_callbacks(execute=True):
        dispatch.retry(actor=home.user, booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.dispatch_round == 2
    # The best of those who did not say no is asked again, in a second round; the decliner is not.
    again = booking.offers.get(status=OfferStatus.OFFERED)
    assert (again.worker_id, again.round, again.rank) == (cleaners[1].pk, 2, 4)
    assert booking.offers.filter(worker=cleaners[1]).count() == 2
    t1 = timezone.now()
    dispatch.expire_offers(now=t1 + dt.timedelta(minutes=10))
    dispatch.expire_offers(now=t1 + dt.timedelta(minutes=20))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.UNFILLED
    second_round = booking.offers.filter(round=2).order_by("rank")
    assert [o.worker_id for o in second_round] == [cleaners[1].pk, cleaners[2].pk]
    assert not booking.offers.filter(round=2, worker=cleaners[0]).exists()


def test_staff_in_scope_may_retry_others_get_404(home: s.Home, cast: Any) -> None:
    booking = s.make_booking(home)
    dispatch.start(booking.pk)
    with pytest.raises(NotFoundError):
        dispatch.retry(actor=cast.other_station_staff, booking_id=booking.pk)
    dispatch.retry(actor=cast.admin, booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DISPATCHING


def test_a_stalled_booking_is_picked_up_by_the_minute_task(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)  # booking_ready never arrived
    dispatch.expire_offers()
    assert BookingOffer.objects.filter(booking=booking, status=OfferStatus.OFFERED).count() == 1


def test_open_offers_show_district_and_distance_not_the_address(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)
    dispatch.start(booking.pk)
    [card] = dispatch.open_offers(cleaners[0])
    assert card.district == booking.division.name
    assert card.distance_km == pytest.approx(0.5, abs=0.1)
    assert card.pay == booking.quoted_price
    assert card.needs == {"pets": True, "elderly": False, "children": False}
    assert not hasattr(card, "address")
    assert dispatch.open_offers(cleaners[1]) == []
