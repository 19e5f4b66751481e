"""Dispatch: a booking is offered to one worker at a time until one accepts (派单).

``start`` runs on ``signals.booking_ready`` (after the booking part's commit). A booking chosen by the
household (CHOSEN, REBOOK) goes first to its requested worker; then (or for AUTO) to the next best worker
from ``matching.rank_workers`` not offered yet. Each offer lapses after the market's
``housekeeping_offer_minutes``; ``expire_offers`` (every minute) moves lapsed offers to EXPIRED and offers
the next. When nobody is left within reach the booking is UNFILLED and the household is told, with a
button that puts it back into dispatch (``retry``).

Never two OFFERED offers on one booking: every offer is created with the booking row locked, after
checking there is none. The ranking (the slow part) runs before the lock; the candidate is checked
again under it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff, staff_can_act_for_enterprise
from lingong.accounts.models import User
from lingong.audit import trail
from lingong.core.errors import ConflictError, NotFoundError
from lingong.core.geo import haversine_km
from lingong.employers.models import Enterprise
from lingong.housekeeping import matching, signals
from lingong.housekeeping.models import (
    BOOKING_LIFECYCLE,
    OFFER_LIFECYCLE,
    Booking,
    BookingOffer,
    BookingStatus,
    DispatchMode,
    OfferStatus,
)
from lingong.notifications.services import notify
from lingong.org.policy import policy_for
from lingong.workers.models import WorkerProfile

logger = logging.getLogger("lingong.housekeeping")

_ATTEMPTS = 3  # a candidate taken by another offer meanwhile: rank again this many times


def household_users(household_id: int) -> list[User]:
    enterprise = Enterprise.objects.get(pk=household_id)
    return [m.user for m in enterprise.members.select_related("user")]


def notify_household(booking: Booking, kind: str, title: str, body: str, *, url: str, link_text: str) -> None:
    for user in household_users(booking.household_id):
        notify(user=user, kind=kind, title=title, body=body, url=url, link_text=link_text)


def lock_booking(booking_id: int) -> Booking:
    booking = Booking.objects.select_for_update().filter(pk=booking_id).first()
    if booking is None:
        raise NotFoundError(_("预约不存在。"))
    return booking


def _asked_worker_ids(booking: Booking) -> set[int]:
    """Workers not to offer the booking to now: those asked in this round of dispatch, and those who
    declined it or took it (and then withdrew) in any round. A worker whose offer lapsed or was withdrawn
    in an earlier round is asked again when the booking goes back into dispatch."""
    return set(
        BookingOffer.objects.filter(booking_id=booking.pk)
        .filter(Q(round=booking.dispatch_round) | Q(status__in=[OfferStatus.DECLINED, OfferStatus.ACCEPTED]))
        .values_list("worker_id", flat=True)
    )


def _candidate(
    booking: Booking, offered: set[int], exclude: Iterable[int]
) -> tuple[int, float, dict[str, Any]] | None:
    """(worker id, score, reasons) of the next worker to offer, or None. No lock held (ranking is slow)."""
    excluded = offered | {int(i) for i in exclude}
    requested = booking.requested_worker_id
    if (
        booking.dispatch_mode in (DispatchMode.CHOSEN, DispatchMode.REBOOK)
        and requested is not None
        and requested not in excluded
        and not matching.worker_busy(
            requested, booking.starts_at, booking.ends_at, exclude_booking_id=booking.pk
        )
    ):
        return requested, 0.0, {"sentence": _("家庭指定")}
    ranked = matching.rank_workers(
        service=booking.service,
        lat=booking.lat,
        lon=booking.lon,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        k=1,
        exclude_ids=tuple(sorted(excluded)),
    )
    if not ranked:
        return None
    best = ranked[0]
    return (
        best.worker_id,
        best.score,
        {
            "sentence": best.sentence,
            "distance_km": best.distance_km,
            "star_level": str(best.star_level) if best.star_level is not None else None,
            "certificates": list(best.certificates),
        },
    )


def start(booking_id: int, *, now: dt.datetime | None = None) -> BookingOffer | None:
    """Offer a booking in dispatch to its first (or next) worker; UNFILLED when nobody is left."""
    return offer_next(booking_id, now=now)


def offer_next(
    booking_id: int, *, now: dt.datetime | None = None, exclude: Iterable[int] = ()
) -> BookingOffer | None:
    exclude = tuple(exclude)
    for _attempt in range(_ATTEMPTS):
        booking = Booking.objects.select_related("service").filter(pk=booking_id).first()
        if booking is None or booking.status != BookingStatus.DISPATCHING:
            return None
        if booking.offers.filter(status=OfferStatus.OFFERED).exists():
            return None
        offered = _asked_worker_ids(booking)
        candidate = _candidate(booking, offered, exclude)
        try:
            with transaction.atomic():
                return _offer_locked(booking_id, candidate, offered, now or timezone.now())
        except _Retry:
            continue
        except IntegrityError:  # offered to this worker meanwhile (unique booking, round, worker)
            continue
    return None


class _Retry(Exception):
    pass


def _offer_locked(
    booking_id: int, candidate: tuple[int, float, dict[str, Any]] | None, offered: set[int], now: dt.datetime
) -> BookingOffer | None:
    booking = lock_booking(booking_id)
    if booking.status != BookingStatus.DISPATCHING:
        return None
    if booking.offers.filter(status=OfferStatus.OFFERED).exists():
        return None
    if _asked_worker_ids(booking) != offered:
        raise _Retry  # someone offered, declined or a new round began meanwhile: look again
    if candidate is None:
        _unfilled(booking)
        return None
    worker_id, score, reasons = candidate
    minutes = policy_for(booking.market_id).housekeeping_offer_minutes
    offer = BookingOffer.objects.create(
        booking=booking,
        worker_id=worker_id,
        rank=booking.offers.count() + 1,
        round=booking.dispatch_round,
        score=score,
        reasons=reasons,
        status=OfferStatus.OFFERED,
        offered_at=now,
        expires_at=now + dt.timedelta(minutes=minutes),
    )
    trail.record(
        action="booking_offer.offered",
        obj=offer,
        actor=None,
        data={"booking": booking.pk, "worker": worker_id, "rank": offer.rank},
        market=booking.market_id,
    )
    worker = WorkerProfile.objects.select_related("user").get(pk=worker_id)
    local = timezone.localtime(booking.starts_at)
    notify(
        user=worker.user,
        kind="housekeeping_offer",
        title=_("新的家政派单"),
        body=_("%(service)s，%(when)s，报酬 %(pay)s 元，请在 %(minutes)d 分钟内应答。")
        % {
            "service": booking.service.name,
            "when": local.strftime("%m-%d %H:%M"),
            "pay": booking.quoted_price,
            "minutes": minutes,
        },
        url=reverse("housekeeping:offers"),
        link_text=_("查看派单"),
    )
    return offer


def _unfilled(booking: Booking) -> None:
    BOOKING_LIFECYCLE.advance(booking, BookingStatus.UNFILLED, actor=None, stamp="unfilled_at")
    notify_household(
        booking,
        "housekeeping_unfilled",
        _("暂无服务人员接单"),
        _("您预约的“%(service)s”（%(when)s）暂无服务人员接单，可以重新派单。")
        % {
            "service": booking.service.name,
            "when": timezone.localtime(booking.starts_at).strftime("%m-%d %H:%M"),
        },
        url=reverse("housekeeping:booking_redispatch", args=[booking.pk]),
        link_text=_("重新派单"),
    )


def _after_commit_next(booking_id: int, exclude: Iterable[int] = ()) -> None:
    excluded = tuple(exclude)

    def run() -> None:
        try:
            offer_next(booking_id, exclude=excluded)
        except Exception:  # the minute task catches up; the request that freed the slot must not fail
            logger.exception("Could not offer booking %s to the next worker", booking_id)

    transaction.on_commit(run)


def on_booking_ready(sender: Any, booking_id: int, **kwargs: Any) -> None:
    """``signals.booking_ready`` receiver (sent on commit): start dispatch."""
    try:
        start(int(booking_id))
    except Exception:  # the booking stays DISPATCHING; the minute task tries it again
        logger.exception("Could not start dispatch of booking %s", booking_id)


# --- Lapsed offers ------------------------------------------------------------------------------------


def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Lapsed offers become EXPIRED and their bookings go to the next worker. Bookings left in dispatch
    without an open offer (a dispatch start that failed) are offered again. Returns how many lapsed."""
    now = now or timezone.now()
    lapsed = list(
        BookingOffer.objects.filter(status=OfferStatus.OFFERED, expires_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    count = 0
    for offer_id in lapsed:
        try:
            count += lapse_offer(offer_id, now=now)
        except Exception:  # one broken row must not stop the sweep
            logger.exception("Could not expire offer %s", offer_id)
    stalled = (
        Booking.objects.filter(status=BookingStatus.DISPATCHING, starts_at__gt=now)
        .exclude(offers__status=OfferStatus.OFFERED)
        .values_list("pk", flat=True)
    )
    for booking_id in list(stalled[:200]):
        try:
            offer_next(booking_id, now=now)
        except Exception:
            logger.exception("Could not dispatch booking %s", booking_id)
    return count


def lapse_offer(offer_id: int, *, now: dt.datetime) -> bool:
    """One lapsed offer becomes EXPIRED (booking locked first), then its booking goes to the next worker."""
    booking_id = BookingOffer.objects.filter(pk=offer_id).values_list("booking_id", flat=True).get()
    with transaction.atomic():
        booking = lock_booking(booking_id)
        offer = BookingOffer.objects.select_for_update().get(pk=offer_id)
        if offer.status != OfferStatus.OFFERED or offer.expires_at > now:
            return False
        OFFER_LIFECYCLE.advance(
            offer, OfferStatus.EXPIRED, actor=None, stamp="expired_at", market=booking.market_id
        )
    offer_next(booking_id, now=now)
    return True


# --- The worker declines; the household retries ------------------------------------------------------


def _worker_of(actor: User) -> WorkerProfile:
    worker = WorkerProfile.objects.filter(user=actor).first()
    if worker is None:
        raise NotFoundError(_("派单不存在。"))
    return worker


def decline_offer(*, actor: User, offer_id: int, reason: str = "") -> BookingOffer:
    worker = _worker_of(actor)
    booking_id = (
        BookingOffer.objects.filter(pk=offer_id, worker=worker).values_list("booking_id", flat=True).first()
    )
    if booking_id is None:
        raise NotFoundError(_("派单不存在。"))
    with transaction.atomic():
        lock_booking(booking_id)
        offer = (
            BookingOffer.objects.select_for_update(of=("self",)).select_related("booking").get(pk=offer_id)
        )
        if offer.status != OfferStatus.OFFERED:
            raise ConflictError(
                _("该派单当前状态为“%(status)s”，不能拒绝。") % {"status": offer.get_status_display()},
                code="offer_not_open",
            )
        OFFER_LIFECYCLE.advance(
            offer,
            OfferStatus.DECLINED,
            actor=actor,
            stamp="declined_at",
            data={"booking": booking_id, "reason": (reason or "")[:200]},
        )
        _after_commit_next(booking_id)
    return offer


def retry(*, actor: User, booking_id: int) -> Booking:
    """An UNFILLED booking goes back into dispatch (the household's button, or staff)."""
    with transaction.atomic():
        booking = lock_booking(booking_id)
        if not can_manage_booking(actor, booking):
            raise NotFoundError(_("预约不存在。"))
        if booking.status != BookingStatus.UNFILLED:
            raise ConflictError(BOOKING_LIFECYCLE.refusal(booking.status), code="invalid_transition")
        if booking.starts_at <= timezone.now():
            raise ConflictError(_("上门时间已过，无法重新派单，请重新预约。"), code="booking_past")
        booking.dispatch_round += 1  # those whose offers lapsed are asked again; decliners are not
        BOOKING_LIFECYCLE.advance(
            booking,
            BookingStatus.DISPATCHING,
            actor=actor,
            stamp="dispatching_at",
            fields=("dispatch_round",),
            action="booking.redispatched",
            data={"round": booking.dispatch_round},
        )
        transaction.on_commit(lambda: signals.booking_ready.send(sender=Booking, booking_id=booking_id))
    return booking


def can_manage_booking(actor: User, booking: Booking) -> bool:
    """The household's own members, or staff who may act for the household (market, centre, station)."""
    if is_staff(actor):
        return staff_can_act_for_enterprise(actor, booking.household)
    membership = getattr(actor, "membership", None)
    return membership is not None and membership.enterprise_id == booking.household_id


# --- Reading: the worker's offers (what a worker may see before accepting) ----------------------------


@dataclass(frozen=True)
class OfferCard:
    """An open offer as the worker sees it: no address before accepting, only district and distance."""

    id: int
    booking_code: str
    service: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hours: Decimal
    pay: Decimal  # the quoted price: all of it is the worker's (no platform share)
    district: str
    distance_km: float | None
    needs: dict[str, bool]
    note: str
    household_stars: Decimal | None
    household_ratings: int
    expires_at: dt.datetime
    seconds_left: int
    chosen: bool  # the household asked for this worker


def open_offers(worker: WorkerProfile, *, now: dt.datetime | None = None) -> list[OfferCard]:
    now = now or timezone.now()
    offers = (
        BookingOffer.objects.filter(
            worker=worker,
            status=OfferStatus.OFFERED,
            expires_at__gt=now,
            booking__status=BookingStatus.DISPATCHING,
        )
        .select_related("booking__service", "booking__division", "booking__household__reputation")
        .order_by("expires_at")
    )
    cards = []
    for offer in offers:
        b = offer.booking
        distance = None
        if worker.home_lat is not None and worker.home_lon is not None:
            distance = round(haversine_km(worker.home_lat, worker.home_lon, b.lat, b.lon), 1)
        reputation = getattr(b.household, "reputation", None)
        needs = b.needs or {}
        cards.append(
            OfferCard(
                id=offer.pk,
                booking_code=b.code,
                service=b.service.name,
                starts_at=b.starts_at,
                ends_at=b.ends_at,
                hours=Decimal((b.ends_at - b.starts_at).total_seconds() / 3600).quantize(Decimal("0.1")),
                pay=b.quoted_price,
                district=b.division.name,
                distance_km=distance,
                needs={k: bool(needs.get(k)) for k in ("pets", "elderly", "children")},
                note=str(needs.get("note") or ""),
                household_stars=reputation.star_level if reputation and reputation.rating_count else None,
                household_ratings=reputation.rating_count if reputation else 0,
                expires_at=offer.expires_at,
                seconds_left=max(0, int((offer.expires_at - now).total_seconds())),
                chosen=b.requested_worker_id == worker.pk,
            )
        )
    return cards


def open_offer_count(worker_id: int) -> int:
    return BookingOffer.objects.filter(
        worker_id=worker_id,
        status=OfferStatus.OFFERED,
        expires_at__gt=timezone.now(),
        booking__status=BookingStatus.DISPATCHING,
    ).count()
