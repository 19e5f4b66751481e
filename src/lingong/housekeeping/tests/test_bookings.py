"""create_booking and cancel_booking: every refusal as 4xx {code, message, errors} with nothing written,
the chosen and rebooked worker, the signal to dispatch, and the cancel fee's boundaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, DomainError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.employers.models import EmployerReputation
from lingong.engagements.models import EngagementStatus
from lingong.housekeeping import selectors, services, signals
from lingong.housekeeping.models import Booking, BookingOffer, BookingStatus, DispatchMode, OfferStatus
from lingong.housekeeping.tests.booking_fixtures import (
    HOME_ADDRESS,
    catalogue,
    home,
    household_of,
    make_hk_worker,
    make_household,
    tomorrow_at,
)
from lingong.notifications.models import Notification
from lingong.org.policy import set_policy
from lingong.ratings.models import Direction, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast: Any) -> Any:
    class S:
        pass

    s = S()
    s.cast = cast  # type: ignore[attr-defined]
    s.services = catalogue(cast.market)  # type: ignore[attr-defined]
    s.household = make_household(cast.market, admin=cast.admin)  # type: ignore[attr-defined]
    s.worker = make_hk_worker(cast.market, name="张秀兰", km_east=1)  # type: ignore[attr-defined]
    return s


def book(s: Any, **kw: Any) -> Booking:
    args: dict[str, Any] = {
        "actor": s.household,
        "service": s.services["hourly_cleaning"],
        "address": HOME_ADDRESS,
        "starts_at": tomorrow_at(9),
        "quantity": 3,
        "needs": {"pets": True, "elderly": "yes", "note": "家里有猫"},
    }
    args.update(kw)
    return services.create_booking(**args)


def refused(s: Any, exc_type: type[DomainError], code: str, field: str, **kw: Any) -> DomainError:
    before = (Booking.objects.count(), AuditEntry.objects.filter(action="booking.created").count())
    with pytest.raises(exc_type) as info:
        book(s, **kw)
    assert info.value.code == code and info.value.message
    assert info.value.errors.get(field)
    assert (Booking.objects.count(), AuditEntry.objects.filter(action="booking.created").count()) == before
    return info.value


def test_a_household_books_three_hours_of_cleaning(
    setup: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sent: list[int] = []

    def listener(sender: Any, booking_id: int, **kw: Any) -> None:
        sent.append(booking_id)

    signals.booking_ready.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            b = book(setup, expected_price="150.00")
    finally:
        signals.booking_ready.disconnect(listener)
    assert sent == [b.pk]
    assert b.status == BookingStatus.DISPATCHING and b.dispatching_at is not None
    assert b.quoted_price == Decimal("150.00") and b.price_lines[0]["amount"] == "150.00"
    assert b.ends_at - b.starts_at == dt.timedelta(hours=3)
    assert b.needs == {"pets": True, "elderly": True, "children": False, "note": "家里有猫"}
    assert b.code == f"HK{timezone.localdate():%Y%m%d}{b.pk:05d}"
    assert b.household == household_of(setup.household) and b.division == b.household.division
    assert AuditEntry.objects.filter(action="booking.created", object_id=str(b.pk)).exists()


def test_only_household_members_book(setup: Any) -> None:
    for actor in (setup.cast.employer, setup.worker.user, setup.cast.admin):
        with pytest.raises(PermissionDeniedError) as info:
            book(setup, actor=actor)
        assert info.value.status == 403
    other = make_household(setup.cast.market, admin=setup.cast.admin, name="李先生家")
    with pytest.raises(PermissionDeniedError):
        book(setup, household=household_of(other))
    assert Booking.objects.count() == 0


def test_in_the_past(setup: Any) -> None:
    e = refused(
        setup, InvalidInput, "in_the_past", "starts_at", starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert e.status == 422 and e.message == "不能预约过去的时间"


@pytest.mark.parametrize(
    ("start", "quantity"),
    [((7, 30), 3), ((18, 0), 3), ((19, 30), 2), ((22, 0), 2)],
)
def test_outside_the_service_hours(setup: Any, start: tuple[int, int], quantity: int) -> None:
    e = refused(
        setup,
        InvalidInput,
        "outside_service_hours",
        "starts_at",
        starts_at=tomorrow_at(*start),
        quantity=quantity,
    )
    assert "08:00" in e.message and "20:00" in e.message


def test_the_service_day_ends_at_its_closing_time(setup: Any) -> None:
    assert book(setup, starts_at=tomorrow_at(17), quantity=3).ends_at == tomorrow_at(20)
    assert book(
        setup, starts_at=tomorrow_at(8), quantity=2, address="另一处住宅 路南区"
    ).starts_at == tomorrow_at(8)


def test_below_the_minimum_and_above_the_maximum(setup: Any) -> None:
    e = refused(setup, InvalidInput, "below_minimum", "quantity", quantity=1)
    assert e.message == "最少预约2小时"
    refused(setup, InvalidInput, "above_maximum", "quantity", quantity=9)
    refused(setup, InvalidInput, "invalid_input", "quantity", quantity="三")


def test_outside_the_market_area(setup: Any) -> None:
    refused(setup, InvalidInput, "outside_area", "location", lat=39.9, lon=116.4)  # Beijing


def test_bad_fields(setup: Any) -> None:
    refused(setup, InvalidInput, "invalid_input", "address", address="x")
    refused(setup, InvalidInput, "invalid_input", "division", division="999999")
    refused(setup, InvalidInput, "invalid_input", "starts_at", starts_at="明天")
    refused(setup, InvalidInput, "invalid_input", "dispatch_mode", dispatch_mode="robot")
    refused(setup, InvalidInput, "invalid_input", "requested_worker_id", dispatch_mode=DispatchMode.CHOSEN)
    with pytest.raises(NotFoundError):
        book(setup, service=999999)
    services.set_service_active(
        actor=setup.cast.admin, service_id=setup.services["hourly_cleaning"].pk, active=False
    )
    with pytest.raises(NotFoundError):
        book(setup)
    assert Booking.objects.count() == 0


def test_overlapping_the_same_address(setup: Any) -> None:
    first = book(setup)
    e = refused(setup, ConflictError, "address_overlap", "starts_at", starts_at=tomorrow_at(11))
    assert e.status == 409 and first.code in e.message
    lat, lon = home()
    # Another text but within ~30 m of the first booking's point.
    refused(
        setup,
        ConflictError,
        "address_overlap",
        "starts_at",
        address="新华道18号",
        lat=first.lat + 0.0001,
        lon=first.lon,
    )
    # Back to back, far enough, or once the first is cancelled: fine.
    book(setup, starts_at=tomorrow_at(12), quantity=2)
    book(setup, address="唐山市路南区小山街1号", lat=lat + 0.01, lon=lon)
    services.cancel_booking(actor=setup.household, code=first.code)
    book(setup)


def test_price_changed(setup: Any) -> None:
    e = refused(setup, ConflictError, "price_changed", "expected_price", expected_price="100.00")
    assert "150.00" in e.message
    refused(setup, InvalidInput, "invalid_input", "expected_price", expected_price="abc")


def test_chosen_worker(setup: Any) -> None:
    b = book(setup, dispatch_mode=DispatchMode.CHOSEN, requested_worker_id=setup.worker.pk)
    assert b.requested_worker_id == setup.worker.pk and b.dispatch_mode == DispatchMode.CHOSEN
    # Her time is taken now: another household asking for the same slot is refused.
    other = make_household(setup.cast.market, admin=setup.cast.admin, name="李先生家")
    e = refused(
        setup, ConflictError, "worker_unavailable", "requested_worker_id",
        actor=other, dispatch_mode=DispatchMode.CHOSEN, requested_worker_id=setup.worker.pk,
        starts_at=tomorrow_at(10),
    )  # fmt: skip
    assert e.status == 409


def test_chosen_worker_must_hold_the_certificates(setup: Any) -> None:
    uncertified = make_hk_worker(setup.cast.market, name="刘桂芝", certs=())
    refused(
        setup, ConflictError, "worker_not_qualified", "requested_worker_id",
        dispatch_mode=DispatchMode.CHOSEN, requested_worker_id=uncertified.pk,
    )  # fmt: skip
    with pytest.raises(NotFoundError):
        book(setup, dispatch_mode=DispatchMode.CHOSEN, requested_worker_id=999999)


def test_rebook_only_a_worker_rated_well_before(setup: Any) -> None:
    refused(
        setup, ConflictError, "not_rebookable", "requested_worker_id",
        dispatch_mode=DispatchMode.REBOOK, requested_worker_id=setup.worker.pk,
    )  # fmt: skip
    engagement = t.make_engagement(
        setup.worker, setup.household, days=1, start_date=timezone.localdate() + dt.timedelta(days=5)
    )
    rating = Rating.objects.create(
        engagement=engagement, direction=Direction.EMPLOYER_TO_WORKER, rater=setup.household, stars=3
    )
    refused(
        setup, ConflictError, "not_rebookable", "requested_worker_id",
        dispatch_mode=DispatchMode.REBOOK, requested_worker_id=setup.worker.pk,
    )  # fmt: skip
    Rating.objects.filter(pk=rating.pk).update(stars=4)
    b = book(setup, dispatch_mode=DispatchMode.REBOOK, requested_worker_id=setup.worker.pk)
    assert b.requested_worker_id == setup.worker.pk


# ---- cancelling ---------------------------------------------------------------------------------------


def confirm(b: Booking, worker: Any) -> None:
    Booking.objects.filter(pk=b.pk).update(worker=worker, status=BookingStatus.CONFIRMED)
    b.refresh_from_db()


def test_cancel_while_dispatching_withdraws_the_offers_and_costs_nothing(setup: Any) -> None:
    b = book(setup)
    offer = BookingOffer.objects.create(
        booking=b, worker=setup.worker, rank=1, expires_at=timezone.now() + dt.timedelta(minutes=10)
    )
    b = services.cancel_booking(actor=setup.household, code=b.code, reason="计划有变")
    assert b.status == BookingStatus.CANCELLED and b.cancel_fee == Decimal("0.00") and b.cancelled_at
    assert b.cancelled_by == "household" and b.cancel_reason == "计划有变"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN and offer.withdrawn_at is not None
    assert Notification.objects.filter(user=setup.worker.user, kind="housekeeping_booking_cancelled").exists()
    with pytest.raises(ConflictError) as info:
        services.cancel_booking(actor=setup.household, code=b.code)
    assert info.value.code == "invalid_transition"


def test_cancel_fee_boundaries(setup: Any) -> None:
    set_policy(
        setup.cast.market.pk,
        housekeeping_free_cancel_hours=24,
        housekeeping_cancel_fee_percent=Decimal("20.00"),
    )
    b = book(setup, starts_at=tomorrow_at(9, days=3))
    confirm(b, setup.worker)
    free_until = b.starts_at - dt.timedelta(hours=24)
    assert services.cancel_fee(b, now=free_until - dt.timedelta(seconds=1)) == Decimal("0.00")
    assert services.cancel_fee(b, now=free_until) == Decimal("30.00")
    assert services.cancel_fee(b, now=b.starts_at - dt.timedelta(minutes=1)) == Decimal("30.00")
    # Nothing while no worker has taken it.
    b.status = BookingStatus.DISPATCHING
    assert services.cancel_fee(b, now=free_until) == Decimal("0.00")


def test_late_cancel_records_the_fee_and_tells_the_worker(setup: Any) -> None:
    # Tomorrow 09:00 is 9 to 33 hours away depending on when the test runs: 48 free hours make it late always.
    set_policy(
        setup.cast.market.pk,
        housekeeping_cancel_fee_percent=Decimal("12.50"),
        housekeeping_free_cancel_hours=48,
    )
    b = book(setup, starts_at=tomorrow_at(9), quantity="2.5")  # 125.00
    confirm(b, setup.worker)
    b = services.cancel_booking(actor=setup.household, code=b.code)
    assert b.cancel_fee == Decimal("15.63")  # 15.625 half up
    note = Notification.objects.get(user=setup.worker.user, kind="housekeeping_booking_cancelled")
    assert note.url.startswith("/")


def test_cancel_cancels_the_engagement(setup: Any) -> None:
    b = book(setup)
    engagement = t.make_engagement(setup.worker, setup.household, days=1)
    Booking.objects.filter(pk=b.pk).update(
        worker=setup.worker, status=BookingStatus.CONFIRMED, engagement=engagement
    )
    services.cancel_booking(actor=setup.household, code=b.code, reason="家里临时有事")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CANCELLED


def test_who_may_cancel(setup: Any) -> None:
    b = book(setup)
    other = make_household(setup.cast.market, admin=setup.cast.admin, name="李先生家")
    for actor in (other, setup.worker.user, setup.cast.employer):
        with pytest.raises(NotFoundError):
            services.cancel_booking(actor=actor, code=b.code)
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.DISPATCHING
    b = services.cancel_booking(actor=setup.cast.admin, code=b.code, reason="家庭电话要求取消")
    assert b.cancelled_by == "staff"


# ---- trust: what each side sees -------------------------------------------------------------------------


def test_visible_address_only_to_the_household_the_confirmed_worker_and_staff(setup: Any) -> None:
    b = book(setup)
    offered = make_hk_worker(setup.cast.market, name="刘桂芝", km_east=2)
    BookingOffer.objects.create(
        booking=b, worker=offered, rank=1, expires_at=timezone.now() + dt.timedelta(minutes=9)
    )
    assert selectors.visible_address(b, setup.household) == HOME_ADDRESS
    assert selectors.visible_address(b, setup.cast.station_staff) == HOME_ADDRESS
    hidden = selectors.visible_address(b, offered.user)
    assert HOME_ADDRESS not in hidden and b.division.name in hidden and "距您 2.0 公里" in hidden
    assert HOME_ADDRESS not in selectors.visible_address(b, setup.cast.other_station_staff)
    # Assigned but not yet confirmed: still hidden; confirmed: the full address.
    Booking.objects.filter(pk=b.pk).update(worker=offered)
    b.refresh_from_db()
    assert HOME_ADDRESS not in selectors.visible_address(b, offered.user)
    Booking.objects.filter(pk=b.pk).update(status=BookingStatus.CONFIRMED)
    b.refresh_from_db()
    assert selectors.visible_address(b, offered.user) == HOME_ADDRESS
    assert HOME_ADDRESS not in selectors.visible_address(b, setup.worker.user)


def test_household_trust_shows_its_rating(setup: Any) -> None:
    household = household_of(setup.household)
    trust = selectors.household_trust(household)
    assert trust == {"name": "王女士家", "verified": True, "star_level": None, "rating_count": 0}
    EmployerReputation.objects.update_or_create(
        enterprise=household,
        defaults={"rating_count": 5, "rating_sum": 24, "star_level": Decimal("4.7"), "reliability": 1},
    )
    trust = selectors.household_trust(household)
    assert trust["star_level"] == Decimal("4.7") and trust["rating_count"] == 5


def test_worker_card_masks_the_name_until_confirmed(setup: Any) -> None:
    b = book(setup, dispatch_mode=DispatchMode.CHOSEN, requested_worker_id=setup.worker.pk)
    card = selectors.worker_card(b)
    assert card is not None and card.role == "requested" and card.name == "张**"
    assert not card.named and card.certificates[0]["name"].startswith("健康证明")
    confirm(b, setup.worker)
    card = selectors.worker_card(b)
    assert card is not None and card.named and card.name == "张秀兰" and card.role == "assigned"
