"""Reads of the booking part: the catalogue, a household's bookings, candidates, the worker card (trust), the
household's rating for the worker, and what of the address each viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff
from lingong.core.errors import NotFoundError
from lingong.core.geo import format_distance_km, haversine_km
from lingong.employers.models import EmployerReputation, Enterprise
from lingong.housekeeping import access, pricing
from lingong.housekeeping.matching import RankedWorker, rank_workers
from lingong.housekeeping.models import (
    Booking,
    BookingOffer,
    BookingStatus,
    HousekeepingService,
    OfferStatus,
)
from lingong.housekeeping.services import REBOOK_MIN_STARS, cancel_fee
from lingong.org.policy import policy_for
from lingong.ratings.models import Direction, Rating
from lingong.workers.models import WorkerCertificate, WorkerProfile, WorkerReputation

CANDIDATES = 3
# Statuses in which the worker who took the booking is known to the household by name.
_NAMED = (BookingStatus.CONFIRMED, BookingStatus.IN_SERVICE, BookingStatus.COMPLETED)


# ---- catalogue ----------------------------------------------------------------------------------------


def catalogue(market_id: int, *, active_only: bool = True) -> QuerySet[HousekeepingService]:
    qs = HousekeepingService.objects.filter(market_id=market_id).select_related("occupation")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.prefetch_related("certificates_required").order_by("order", "id")


def staff_catalogue(actor: Any) -> QuerySet[HousekeepingService]:
    access.require_catalogue_editor(actor)
    return catalogue(int(actor.market_id), active_only=False)


def service_for_staff(actor: Any, service_id: int) -> HousekeepingService:
    access.require_catalogue_editor(actor)
    service = catalogue(int(actor.market_id), active_only=False).filter(pk=service_id).first()
    if service is None:
        raise NotFoundError(_("服务项目不存在"))
    return service


def active_service(market_id: int, service_id: Any) -> HousekeepingService:
    try:
        pk = int(service_id)
    except (TypeError, ValueError):
        pk = 0
    service = catalogue(market_id).filter(pk=pk).first()
    if service is None:
        raise NotFoundError(_("服务项目不存在或已下架"), errors={"service": [_("请选择服务项目")]})
    return service


def service_dict(service: HousekeepingService) -> dict[str, Any]:
    return {
        "id": service.pk,
        "code": service.code,
        "name": service.name,
        "description": service.description,
        "occupation": service.occupation_id,
        "certificates": [c.code for c in service.certificates_required.all()],
        "certificate_names": [c.name for c in service.certificates_required.all()],
        "price_rule": service.price_rule,
        "price_rule_label": service.get_price_rule_display(),
        "unit_price": service.unit_price,
        "price_display": pricing.price_display(service),
        "unit": pricing.unit_word(service.price_rule),
        "min_quantity": service.min_quantity,
        "max_quantity": service.max_quantity,
        "minutes_per_unit": service.minutes_per_unit,
        "term_days": service.term_days,
        "daily_hours": service.daily_hours,
        "live_in": service.live_in,
        "service_start": service.service_start,
        "service_end": service.service_end,
        "is_active": service.is_active,
        "order": service.order,
    }


# ---- bookings -----------------------------------------------------------------------------------------


def _bookings() -> QuerySet[Booking]:
    return Booking.objects.select_related("service", "division", "household", "worker", "requested_worker")


def household_bookings(actor: Any) -> QuerySet[Booking]:
    household = access.require_household(actor)
    return _bookings().filter(household=household).order_by("-starts_at", "-id")


def staff_bookings(actor: Any) -> QuerySet[Booking]:
    if not is_staff(actor):
        return Booking.objects.none()
    return _bookings().filter(access.booking_scope_q(actor)).order_by("-starts_at", "-id")


def booking_for(actor: Any, code: str) -> Booking:
    """The booking for its household or staff in scope; 404 for anyone else."""
    booking = _bookings().filter(code=str(code)[:20]).first()
    if booking is None or not access.can_see_booking(actor, booking):
        raise NotFoundError(_("预约不存在"))
    return booking


def can_cancel(booking: Booking) -> bool:
    return booking.status in (BookingStatus.DISPATCHING, BookingStatus.UNFILLED, BookingStatus.CONFIRMED)


def cancel_preview(booking: Booking, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """What the cancel button says: whether it is possible, the fee now, and until when it is free."""
    hours = policy_for(booking.market_id).housekeeping_free_cancel_hours
    return {
        "possible": can_cancel(booking),
        "fee": cancel_fee(booking, now=now) if can_cancel(booking) else Decimal("0.00"),
        "free_until": booking.starts_at - dt.timedelta(hours=float(hours)),
        "free_hours": hours,
    }


# ---- candidates ---------------------------------------------------------------------------------------


def candidate_dicts(ranked: list[RankedWorker]) -> list[dict[str, Any]]:
    profiles = {
        p.pk: p
        for p in WorkerProfile.objects.filter(pk__in=[r.worker_id for r in ranked]).select_related(
            "reputation"
        )
    }
    out = []
    for r in ranked:
        p = profiles.get(r.worker_id)
        if p is None:
            continue
        rep = _reputation(p)
        out.append(
            {
                "worker_id": r.worker_id,
                "name": p.masked_name,
                "score": r.score,
                "distance_km": r.distance_km,
                "distance_display": format_distance_km(r.distance_km),
                "star_level": r.star_level,
                "rating_count": rep.rating_count if rep is not None else 0,
                "certificates": list(r.certificates),
                "sentence": r.sentence,
                "has_photo": bool(p.photo_uploaded_at),
            }
        )
    return out


def candidates_for_slot(
    service: HousekeepingService, *, lat: float, lon: float, starts_at: dt.datetime, ends_at: dt.datetime
) -> list[dict[str, Any]]:
    return candidate_dicts(
        rank_workers(service=service, lat=lat, lon=lon, starts_at=starts_at, ends_at=ends_at, k=CANDIDATES)
    )


def booking_candidates(actor: Any, code: str) -> list[dict[str, Any]]:
    """The top three available workers for a booking still being dispatched (the household)."""
    booking = booking_for(actor, code)
    if not access.is_household_member(actor, booking):
        raise NotFoundError(_("预约不存在"))
    if booking.status not in (BookingStatus.DISPATCHING, BookingStatus.UNFILLED):
        return []
    return candidates_for_slot(
        booking.service,
        lat=booking.lat,
        lon=booking.lon,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
    )


def rebook_choices(household: Enterprise) -> list[dict[str, Any]]:
    """Workers who served this household and got REBOOK_MIN_STARS or more from it, last served first."""
    rows = (
        Rating.objects.filter(
            direction=Direction.EMPLOYER_TO_WORKER,
            engagement__enterprise=household,
            stars__gte=REBOOK_MIN_STARS,
        )
        .values("engagement__worker_id")
        .annotate(best=Max("stars"), last=Max("created_at"))
        .order_by("-last")
    )
    best = {r["engagement__worker_id"]: r["best"] for r in rows}
    profiles = WorkerProfile.objects.filter(pk__in=list(best)).select_related("reputation")
    by_id = {p.pk: p for p in profiles}
    return [
        {
            "worker_id": w,
            "name": by_id[w].real_name,
            "stars": best[w],
            "has_photo": bool(by_id[w].photo_uploaded_at),
        }
        for w in best
        if w in by_id
    ]


# ---- trust --------------------------------------------------------------------------------------------


def _reputation(profile: WorkerProfile) -> WorkerReputation | None:
    try:
        return profile.reputation
    except WorkerReputation.DoesNotExist:
        return None


def shown_worker(booking: Booking) -> WorkerProfile | None:
    """The worker the household sees on its booking: the one who took it, else the one it asked for, else
    the one it is offered to now."""
    if booking.worker_id is not None:
        return booking.worker
    if booking.requested_worker_id is not None:
        return booking.requested_worker
    offer = (
        BookingOffer.objects.filter(booking=booking, status=OfferStatus.OFFERED)
        .select_related("worker")
        .order_by("-offered_at")
        .first()
    )
    return offer.worker if offer is not None else None


@dataclass(frozen=True)
class WorkerCard:
    worker_id: int
    name: str
    named: bool  # the full name (the worker took the booking) or masked
    has_photo: bool
    certificates: list[dict[str, Any]]  # {"name", "expires_on"} verified and valid
    star_level: Decimal | None
    rating_count: int
    role: str  # "assigned" / "requested" / "offered"


def worker_card(booking: Booking) -> WorkerCard | None:
    worker = shown_worker(booking)
    if worker is None:
        return None
    today = timezone.localdate()
    certs = [
        {"name": c.certificate_type.name, "expires_on": c.expires_on}
        for c in WorkerCertificate.objects.filter(worker=worker, verified_at__isnull=False)
        .select_related("certificate_type")
        .order_by("certificate_type__name")
        if c.is_valid_on(today)
    ]
    rep = WorkerReputation.objects.filter(worker=worker).first()
    named = booking.worker_id == worker.pk and booking.status in _NAMED
    role = (
        "assigned"
        if booking.worker_id == worker.pk
        else ("requested" if booking.requested_worker_id == worker.pk else "offered")
    )
    return WorkerCard(
        worker_id=worker.pk,
        name=worker.real_name if named else worker.masked_name,
        named=named,
        has_photo=bool(worker.photo_uploaded_at) and worker.photo is not None,
        certificates=certs,
        star_level=rep.star_level if rep is not None else None,
        rating_count=rep.rating_count if rep is not None else 0,
        role=role,
    )


def worker_photo(actor: Any, code: str) -> tuple[bytes, str]:
    """The photo of the worker shown on the booking: to its household and staff in scope; 404 otherwise."""
    booking = booking_for(actor, code)
    worker = shown_worker(booking)
    if worker is None:
        raise NotFoundError(_("照片不存在"))
    row = WorkerProfile.objects.filter(pk=worker.pk).values("photo", "photo_content_type").first()
    if row is None or not row["photo"]:
        raise NotFoundError(_("照片不存在"))
    return bytes(row["photo"]), row["photo_content_type"] or "application/octet-stream"


def household_trust(enterprise: Enterprise) -> dict[str, Any]:
    """What a worker offered a booking sees of the household: its star level, the number of ratings, and
    whether the market verified it (hk-dispatch shows this on the offer)."""
    rep = EmployerReputation.objects.filter(enterprise=enterprise).first()
    return {
        "name": enterprise.name,
        "verified": bool(getattr(enterprise, "is_verified", False)),
        "star_level": rep.star_level if rep is not None else None,
        "rating_count": rep.rating_count if rep is not None else 0,
    }


def visible_address(booking: Booking, user: Any) -> str:
    """The full address for the household, the worker who took the booking (confirmed or later) and staff
    in scope; anyone else (a worker it is offered to) gets the district and how far it is from them."""
    if access.can_see_booking(user, booking) or (
        access.is_assigned_worker(user, booking) and booking.status in _NAMED
    ):
        return booking.address
    district = booking.division.name
    profile = getattr(user, "worker_profile", None) if getattr(user, "is_authenticated", False) else None
    if profile is not None and profile.home_lat is not None and profile.home_lon is not None:
        km = haversine_km(profile.home_lat, profile.home_lon, booking.lat, booking.lon)
        return _("%(district)s（距您 %(distance)s）") % {
            "district": district,
            "distance": format_distance_km(km),
        }
    return district
