"""Who can do a housekeeping visit: the best available certified workers nearby, with reasons.

The engine ranks (through ``lingong.jobs.matching_index``, as ``jobs.recommendations`` does): a ``JobQuery``
for the service's occupation, the certificates the service requires (the engine keeps only workers holding
each of them, verified and valid to the visit's last day), the address and the day. Workers already busy
at that time (a live booking, an open offer, a household's choice still being dispatched, or a live
engagement shift) are dropped here, since the engine does not know about bookings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.geo import format_distance_km
from lingong.engagements.models import LIVE_ENGAGEMENT_STATUSES, Shift, ShiftStatus
from lingong.housekeeping.models import (
    LIVE_BOOKING_STATUSES,
    Booking,
    BookingOffer,
    BookingStatus,
    HousekeepingService,
    OfferStatus,
)
from lingong.jobs import matching_index
from lingong.matching import (
    JobQuery,
    MatchingError,
    PayUnit,
    UnknownOccupationError,
    load_taxonomy,
    slot_mask,
)
from lingong.org.area import matching_area
from lingong.org.policy import policy_for
from lingong.workers.models import WorkerCertificate, WorkerReputation

# Short names for the sentence ("持健康证"); the card shows the full name.
_SHORT_CERT_NAMES = {
    "health_certificate": "健康证",
    "maternity_care_skill": "母婴护理证",
    "infant_care_skill": "育婴员证",
    "elderly_care_skill": "养老护理员证",
}

# How many more than asked the engine is asked for, so that dropping busy workers still leaves k.
_OVERFETCH = 3
_MAX_ROUNDS = 4


@dataclass(frozen=True)
class RankedWorker:
    worker_id: int
    score: float
    distance_km: float
    star_level: Decimal | None
    certificates: tuple[str, ...]  # names of the verified, valid certificates the service requires
    sentence: str  # "距您 2.3 公里 · 4.8 星 · 持健康证" (the engine's reasons, in Chinese)


def _overlap(starts_at: dt.datetime, ends_at: dt.datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_at__lt": ends_at, f"{prefix}ends_at__gt": starts_at})


def busy_worker_ids(
    worker_ids: Iterable[int],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    exclude_booking_id: int | None = None,
) -> set[int]:
    """Of ``worker_ids``, those holding time that overlaps [starts_at, ends_at)."""
    ids = list(dict.fromkeys(int(i) for i in worker_ids))
    if not ids:
        return set()
    bookings = Booking.objects.filter(_overlap(starts_at, ends_at))
    if exclude_booking_id is not None:
        bookings = bookings.exclude(pk=exclude_booking_id)
    busy: set[int] = set(
        bookings.filter(worker_id__in=ids, status__in=LIVE_BOOKING_STATUSES).values_list(
            "worker_id", flat=True
        )
    )
    busy |= set(
        bookings.filter(
            requested_worker_id__in=ids, worker__isnull=True, status=BookingStatus.DISPATCHING
        ).values_list("requested_worker_id", flat=True)
    )
    offers = BookingOffer.objects.filter(
        worker_id__in=ids,
        status=OfferStatus.OFFERED,
        booking__status__in=LIVE_BOOKING_STATUSES,
        booking__starts_at__lt=ends_at,
        booking__ends_at__gt=starts_at,
    )
    if exclude_booking_id is not None:
        offers = offers.exclude(booking_id=exclude_booking_id)
    busy |= set(offers.values_list("worker_id", flat=True))
    busy |= set(
        Shift.objects.filter(
            _overlap(starts_at, ends_at),
            engagement__worker_id__in=ids,
            engagement__status__in=LIVE_ENGAGEMENT_STATUSES,
        )
        .exclude(status__in=[ShiftStatus.CANCELLED, ShiftStatus.NO_SHOW])
        .values_list("engagement__worker_id", flat=True)
    )
    return busy


def worker_busy(
    worker_id: int, starts_at: dt.datetime, ends_at: dt.datetime, *, exclude_booking_id: int | None = None
) -> bool:
    """The worker has a live booking, an open offer, a household's pending choice or a live engagement
    shift overlapping [starts_at, ends_at) (a booking's own offers are left out with exclude_booking_id)."""
    return bool(busy_worker_ids([worker_id], starts_at, ends_at, exclude_booking_id=exclude_booking_id))


def _end_hour(t: dt.datetime) -> int:
    return min(24, t.hour + (1 if (t.minute or t.second) else 0))


def _slots(starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """The weekly slots of the visit; 0 (any time) for a visit spanning days (terms, months, live-in)."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    to_midnight = end.date() == start.date() + dt.timedelta(days=1) and end.time() == dt.time(0)
    if start.date() != end.date() and not to_midnight:
        return 0
    end_hour = 24 if to_midnight else _end_hour(end)
    if start.hour >= end_hour:
        return 0
    return slot_mask((start.weekday(),), start.hour, end_hour)


def service_query(
    service: HousekeepingService,
    *,
    lat: float,
    lon: float,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    radius_km: float,
    exclude_ids: tuple[int, ...] = (),
) -> JobQuery | None:
    """The engine's view of a visit; None when the service's occupation or a certificate it requires is
    unknown to the engine (nobody could be certified for it) or the place lies outside the market."""
    taxonomy = load_taxonomy()
    try:
        occupation = taxonomy.index_of(service.occupation_id)
    except UnknownOccupationError:
        return None
    certs = []
    for code in service.certificates_required.values_list("code", flat=True):
        if code not in taxonomy.cert_codes:
            return None
        certs.append(taxonomy.cert_index_of(code))
    area = matching_area(service.market_id)
    x, y = area.to_km(lon, lat)
    start_day = matching_index.day_number(timezone.localdate(starts_at))
    end_day = matching_index.day_number(timezone.localdate(ends_at - dt.timedelta(seconds=1)))
    return JobQuery(
        x_km=float(x),
        y_km=float(y),
        occupation=occupation,
        radius_km=float(radius_km),
        required_certs=tuple(sorted(set(certs))),
        start_day=start_day,
        end_day=end_day,
        slots=_slots(starts_at, ends_at),
        pay=0.0,
        pay_unit=int(PayUnit.DAY),
        exclude_ids=exclude_ids,
    )


def _required_cert_names(
    service: HousekeepingService, worker_ids: list[int], last_day: dt.date
) -> dict[int, tuple[str, ...]]:
    required = list(service.certificates_required.all())
    order = {c.code: i for i, c in enumerate(required)}
    held: dict[int, list[tuple[int, str, str]]] = {}
    rows = WorkerCertificate.objects.filter(
        worker_id__in=worker_ids,
        certificate_type_id__in=list(order),
        verified_at__isnull=False,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=last_day))
    for c in rows.select_related("certificate_type"):
        entries = held.setdefault(c.worker_id, [])
        if all(code != c.certificate_type_id for _i, code, _n in entries):
            entries.append((order[c.certificate_type_id], c.certificate_type_id, c.certificate_type.name))
    return {w: tuple(name for _i, _c, name in sorted(v)) for w, v in held.items()}


def sentence_for(distance_km: float, star_level: Decimal | None, cert_codes: Iterable[str]) -> str:
    parts = [_("距您 %(distance)s") % {"distance": format_distance_km(distance_km)}]
    if star_level is not None:
        parts.append(_("%(stars)s 星") % {"stars": star_level})
    for code in cert_codes:
        parts.append(_("持%(cert)s") % {"cert": _(_SHORT_CERT_NAMES.get(code, code))})
    return " · ".join(parts)


def rank_workers(
    *,
    service: HousekeepingService,
    lat: float,
    lon: float,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    k: int,
    exclude_ids: Iterable[int] = (),
) -> list[RankedWorker]:
    """The k best available certified workers within the market's housekeeping radius, best first."""
    if k <= 0:
        return []
    radius = float(policy_for(service.market_id).housekeeping_radius_km)
    excluded = tuple(sorted({int(i) for i in exclude_ids}))
    query = service_query(
        service,
        lat=lat,
        lon=lon,
        starts_at=starts_at,
        ends_at=ends_at,
        radius_km=radius,
        exclude_ids=excluded,
    )
    if query is None:
        return []
    entry = matching_index.index_for(service.market_id)
    chosen: list[tuple[int, float, float]] = []
    dropped: set[int] = set(excluded)
    for round_ in range(_MAX_ROUNDS):
        want = (k - len(chosen)) * (_OVERFETCH + round_ * 2)
        q = dataclasses.replace(query, exclude_ids=tuple(sorted(dropped)))
        try:
            with entry.lock:
                ranking = entry.workers.top_workers(q, k=want)
                found = [
                    (int(i), float(s), float(d))
                    for i, s, d in zip(ranking.ids, ranking.scores, ranking.distance_km, strict=True)
                ]
        except MatchingError:
            return []
        if not found:
            break
        busy = busy_worker_ids([f[0] for f in found], starts_at, ends_at)
        for f in found:
            dropped.add(f[0])
            if f[0] not in busy and len(chosen) < k:
                chosen.append(f)
        if len(chosen) >= k or len(found) < want:
            break
    if not chosen:
        return []
    ids = [c[0] for c in chosen]
    last_day = timezone.localdate(ends_at - dt.timedelta(seconds=1))
    names = _required_cert_names(service, ids, last_day)
    codes = list(service.certificates_required.values_list("code", flat=True))
    stars = dict(WorkerReputation.objects.filter(worker_id__in=ids).values_list("worker_id", "star_level"))
    out = []
    for worker_id, score, distance in chosen:
        star = stars.get(worker_id)
        out.append(
            RankedWorker(
                worker_id=worker_id,
                score=round(score, 4),
                distance_km=round(distance, 2),
                star_level=star,
                certificates=names.get(worker_id, ()),
                sentence=sentence_for(distance, star, codes),
            )
        )
    return out
