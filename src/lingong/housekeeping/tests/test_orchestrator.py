"""Accepting an offer: the booking becomes an engagement; its status then follows the engagement."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from lingong.contracts.models import Contract
from lingong.core.errors import ConflictError, NotFoundError
from lingong.engagements import services as engagement_services
from lingong.engagements.earnings import Terms, WorkDay, compute_earnings
from lingong.engagements.models import EngagementStatus, ReviewStatus
from lingong.housekeeping import dispatch, orchestrator, pricing
from lingong.housekeeping.models import Booking, BookingOffer, BookingStatus, OfferStatus, PriceRule
from lingong.housekeeping.tests import dispatch_setup as s
from lingong.jobs.models import ApplicationStatus, JobPosting, JobStatus, SourceChannel
from lingong.notifications.models import Notification
from lingong.ratings.models import Rating
from lingong.settlement import services as settlement_services
from lingong.taxonomy.models import PayUnit
from lingong.workflow import chain
from lingong.workflow.tests.helpers import pay_now, sign_both

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_codes(settings: Any) -> None:
    settings.LINGONG_OTP_RESEND_SECONDS = 0
    settings.LINGONG_OTP_MAX_PER_HOUR = 50


@pytest.fixture
def home(cast: Any) -> s.Home:
    return s.make_home(cast)


@pytest.fixture
def cleaners(cast: Any) -> list[Any]:
    return [s.make_cleaner(cast, "张秀兰", km=0.5), s.make_cleaner(cast, "刘桂芳", km=1.5)]


def offer_for(booking: Booking) -> BookingOffer:
    offer = dispatch.start(booking.pk)
    assert offer is not None
    return offer


def test_accept_confirms_the_booking_as_an_engagement(
    home: s.Home, cleaners: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    booking = s.make_booking(home)
    offer = offer_for(booking)
    with django_capture_on_commit_callbacks(execute=True):  # the contract is rendered after commit
        booking = orchestrator.accept_offer(actor=cleaners[0].user, offer_id=offer.pk)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.confirmed_at is not None
    assert booking.worker_id == cleaners[0].pk
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    job = JobPosting.objects.get(pk=booking.job_id)
    assert (job.status, job.source_channel, job.headcount) == (
        JobStatus.FILLED,
        SourceChannel.HOUSEKEEPING,
        1,
    )
    assert not JobPosting.objects.filter(status=JobStatus.OPEN, pk=job.pk).exists()  # never on the board
    assert job.applications.get().status == ApplicationStatus.ACCEPTED
    engagement = booking.engagement
    assert engagement is not None
    assert (engagement.pay_unit, engagement.pay_amount) == (PayUnit.PIECE, Decimal("150.00"))
    assert (engagement.site_lat, engagement.site_lon) == (booking.lat, booking.lon)
    assert engagement.insurance_required
    shift = engagement.shifts.get()
    assert (shift.starts_at, shift.ends_at) == (booking.starts_at, booking.ends_at)
    contract = Contract.objects.get(engagement=engagement)
    assert contract.template_version == "housekeeping_service_v1"
    assert contract.pdf_sha256  # rendered after commit
    assert Notification.objects.filter(user=home.user, kind="housekeeping_confirmed").exists()


def test_accept_refusals(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)
    offer = offer_for(booking)
    with pytest.raises(NotFoundError):  # someone else's offer
        orchestrator.accept_offer(actor=cleaners[1].user, offer_id=offer.pk)
    with pytest.raises(NotFoundError):
        orchestrator.accept_offer(actor=home.user, offer_id=offer.pk)
    BookingOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ConflictError) as exc:
        orchestrator.accept_offer(actor=cleaners[0].user, offer_id=offer.pk)
    assert exc.value.code == "offer_expired"
    dispatch.expire_offers()
    with pytest.raises(ConflictError) as exc:
        orchestrator.accept_offer(actor=cleaners[0].user, offer_id=offer.pk)
    assert exc.value.code == "offer_not_open"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DISPATCHING and booking.engagement_id is None


def _two_overlapping_offers(home: s.Home, worker: Any) -> tuple[BookingOffer, BookingOffer]:
    first = s.make_booking(home)
    second = s.make_booking(home, starts_at=first.starts_at + dt.timedelta(hours=1), address="另一处")
    expires = timezone.now() + dt.timedelta(minutes=10)
    return tuple(  # type: ignore[return-value]
        BookingOffer.objects.create(booking=b, worker=worker, rank=1, expires_at=expires)
        for b in (first, second)
    )


def test_a_worker_cannot_take_two_overlapping_bookings(home: s.Home, cleaners: list[Any]) -> None:
    first, second = _two_overlapping_offers(home, cleaners[0])
    orchestrator.accept_offer(actor=cleaners[0].user, offer_id=first.pk)
    with pytest.raises(ConflictError) as exc:
        orchestrator.accept_offer(actor=cleaners[0].user, offer_id=second.pk)
    assert exc.value.code == "worker_busy"
    assert Booking.objects.get(pk=second.booking_id).status == BookingStatus.DISPATCHING


def test_the_visit_follows_check_in_and_check_out(home: s.Home, cleaners: list[Any]) -> None:
    booking = s.make_booking(home)
    offer = offer_for(booking)
    orchestrator.accept_offer(actor=cleaners[0].user, offer_id=offer.pk)
    engagement = Booking.objects.get(pk=booking.pk).engagement
    assert engagement is not None
    for step in (engagement_services.mark_signed, engagement_services.mark_insured):
        step(engagement_id=engagement.pk, actor=None)
    shift = engagement.shifts.get()
    near = {"lat": booking.lat + 0.001, "lon": booking.lon}  # about 110 m from the door
    engagement_services.check_in(
        actor=cleaners[0].user, shift_id=shift.pk, at=shift.starts_at + dt.timedelta(minutes=1), **near
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.IN_SERVICE and booking.in_service_at is not None
    shift.refresh_from_db()
    assert shift.review_status == ReviewStatus.NONE  # inside the geofence of the address
    engagement_services.check_out(
        actor=cleaners[0].user, shift_id=shift.pk, at=shift.ends_at, quantity=1, **near
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED


def test_worker_cancelling_before_the_visit_sends_it_back_to_others(
    home: s.Home, cleaners: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    booking = s.make_booking(home)
    offer = offer_for(booking)
    orchestrator.accept_offer(actor=cleaners[0].user, offer_id=offer.pk)
    booking.refresh_from_db()
    job_id = booking.job_id
    with django_capture_on_commit_callbacks(execute=True):
        chain.cancel_engagement(
            actor=cleaners[0].user, engagement_id=booking.engagement_id, reason="家里有事"
        )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DISPATCHING
    assert booking.worker_id is None and booking.engagement_id is None
    assert JobPosting.objects.get(pk=job_id).status == JobStatus.CLOSED  # not reopened on the board
    assert booking.offers.get(status=OfferStatus.OFFERED).worker_id == cleaners[1].pk
    assert Notification.objects.filter(user=home.user, kind="housekeeping_redispatch").exists()


def test_household_cancelling_the_engagement_from_its_page_cancels_the_booking(
    home: s.Home, cleaners: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """Cancelled from the engagement's page (not the booking's), the booking does not stay confirmed."""
    booking = s.make_booking(home)
    offer = offer_for(booking)
    orchestrator.accept_offer(actor=cleaners[0].user, offer_id=offer.pk)
    booking.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        chain.cancel_engagement(actor=home.user, engagement_id=booking.engagement_id, reason="改期了")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert (booking.cancelled_by, booking.cancel_reason, booking.cancel_fee) == ("household", "改期了", 0)
    assert not booking.offers.filter(status=OfferStatus.OFFERED).exists()  # not sent back out


def test_full_chain_on_one_booking(
    home: s.Home, cleaners: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    worker = cleaners[0]
    booking = s.make_booking(home)
    offer = offer_for(booking)
    with capture(execute=True):
        orchestrator.accept_offer(actor=worker.user, offer_id=offer.pk)
    booking.refresh_from_db()
    engagement = booking.engagement
    assert engagement is not None
    sign_both(engagement, [worker.user, home.user], capture)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.INSURED
    shift = engagement.shifts.get()
    at_door = {"lat": booking.lat, "lon": booking.lon}
    engagement_services.check_in(
        actor=worker.user, shift_id=shift.pk, at=shift.starts_at + dt.timedelta(minutes=2), **at_door
    )
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.IN_SERVICE
    engagement_services.check_out(
        actor=worker.user, shift_id=shift.pk, at=shift.ends_at, quantity=1, **at_door
    )
    engagement_services.confirm_shift(actor=home.user, shift_id=shift.pk)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.COMPLETED
    statement = settlement_services.settle(
        actor=home.user, engagement_id=engagement.pk, idempotency_key="hk-settle-1"
    )
    assert statement.gross == Decimal("150.00")  # one amount: the quoted price
    with capture(execute=True):
        pay_now(actor=home.user, statement_id=statement.pk, idempotency_key="hk-pay-1")
    chain.rate_engagement(actor=home.user, engagement_id=engagement.pk, stars=5)
    chain.rate_engagement(actor=worker.user, engagement_id=engagement.pk, stars=5)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.RATED
    assert Rating.objects.filter(engagement=engagement).count() == 2
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.COMPLETED


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_accepts_at_once_one_wins(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    home = s.make_home(cast)
    worker = s.make_cleaner(cast, "张秀兰")
    first, second = _two_overlapping_offers(home, worker)
    results: list[str] = []
    barrier = threading.Barrier(2)
    # The first accept to have checked the worker's time waits there, in its transaction, for the other to
    # check too: without the worker-row lock both get through and both accept (the test fails); with it the
    # other is held at the lock, the wait times out, and the other then finds the worker busy.
    both_checked = threading.Barrier(2, timeout=3)
    real_check = orchestrator.committed_elsewhere

    def check_then_wait_for_the_other(*args: Any, **kwargs: Any) -> bool:
        answer = real_check(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return answer

    monkeypatch.setattr(orchestrator, "committed_elsewhere", check_then_wait_for_the_other)

    def accept(offer_id: int) -> None:
        try:
            barrier.wait()
            orchestrator.accept_offer(actor=worker.user, offer_id=offer_id)
            results.append("ok")
        except ConflictError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(o.pk,)) for o in (first, second)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == ["ok", "worker_busy"]
    assert Booking.objects.filter(worker=worker, status=BookingStatus.CONFIRMED).count() == 1


def test_a_maternity_term_is_paid_by_the_day_and_adds_up_to_the_quote(
    cast: Any, home: s.Home, cleaners: list[Any]
) -> None:
    term = s.make_service(
        cast.market,
        name="月嫂",
        price_rule=PriceRule.TERM,
        unit_price=Decimal("12800.00"),
        min_quantity=Decimal("1"),
        max_quantity=Decimal("3"),
        term_days=26,
        daily_hours=Decimal("24"),
        live_in=True,
    )
    starts_at = s.visit_time(days=3, hour=8)
    quote = pricing.quote(term, 1, starts_at)
    assert quote.total == Decimal("492.31") * 26 == Decimal("12800.06")
    booking = s.make_booking(
        home,
        service=term,
        starts_at=starts_at,
        ends_at=quote.ends_at,
        quantity=quote.quantity,
        quoted_price=quote.total,
        price_lines=quote.lines_json(),
    )
    booking = orchestrator.accept_offer(actor=cleaners[0].user, offer_id=offer_for(booking).pk)
    engagement = booking.engagement
    assert engagement is not None
    assert (engagement.pay_unit, engagement.pay_amount) == (PayUnit.DAY, Decimal("492.31"))
    shifts = list(engagement.shifts.order_by("starts_at"))
    assert len(shifts) == 26  # 08:00 on day 1 to 08:00 on day 27: 26 days, not 27 calendar dates
    assert shifts[0].starts_at == starts_at and shifts[-1].ends_at == quote.ends_at
    full_term = [WorkDay(shift.date, Decimal(engagement.daily_hours)) for shift in shifts]
    terms = Terms(engagement.pay_amount, engagement.pay_unit, Decimal(engagement.daily_hours))
    assert compute_earnings(terms, full_term).total == booking.quoted_price
