"""Housekeeping state changes of the booking part: the catalogue, bookings and their cancellation.

Dispatch (offers, accepting, the engagement) lives in ``dispatch`` / ``orchestrator``; it listens to
``signals.booking_ready``, which ``create_booking`` sends on commit.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import market_id_of
from lingong.accounts.models import User
from lingong.audit import trail
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.geo import haversine_km
from lingong.employers.models import Enterprise
from lingong.engagements.models import LIVE_ENGAGEMENT_STATUSES, Engagement
from lingong.housekeeping import access, pricing
from lingong.housekeeping.matching import worker_busy
from lingong.housekeeping.models import (
    BOOKING_LIFECYCLE,
    LIVE_BOOKING_STATUSES,
    OFFER_LIFECYCLE,
    Booking,
    BookingOffer,
    BookingStatus,
    DispatchMode,
    HousekeepingService,
    OfferStatus,
    PriceRule,
)
from lingong.housekeeping.signals import booking_ready
from lingong.notifications.services import notify
from lingong.org.area import validate_in_market_area
from lingong.org.models import Division
from lingong.org.policy import policy_for
from lingong.ratings.models import Direction, Rating
from lingong.taxonomy.models import CertificateType, Occupation
from lingong.workers.models import WorkerCertificate, WorkerProfile
from lingong.workflow import chain

# Two bookings of one household this close (metres) are at the same address, whatever the text says.
SAME_ADDRESS_METRES = 30
# A rating at least this good from the household lets it ask for the same worker again.
REBOOK_MIN_STARS = 4
WORKER_BOOKINGS_PATH = "/me/home-services/"
NEED_FLAGS = ("pets", "elderly", "children")


class _Errors:
    """Field errors with the code of the first refusal (the API answers {code, message, errors})."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.code = ""
        self.message = ""

    def add(self, name: str, message: Any, code: str = "invalid_input") -> None:
        self.errors.setdefault(name, []).append(str(message))
        if not self.code:
            self.code, self.message = code, str(message)

    def add_domain(self, name: str, exc: InvalidInput) -> None:
        for key, messages in (exc.errors or {name: [exc.message]}).items():
            for m in messages:
                self.add(key if key != "__all__" else name, m, exc.code)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.message, code=self.code, errors=self.errors)


# ---- catalogue ----------------------------------------------------------------------------------------


@dataclass
class ServiceInput:
    code: str
    name: str
    occupation: str
    price_rule: str
    unit_price: Any
    min_quantity: Any
    max_quantity: Any
    service_start: Any
    service_end: Any
    description: str = ""
    certificates: list[str] = field(default_factory=list)
    minutes_per_unit: Any = 60
    term_days: Any = None
    daily_hours: Any = Decimal("8")
    live_in: bool = False
    order: Any = 0
    is_active: bool = True


def _decimal(raw: Any, errs: _Errors, name: str, label: str) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except Exception:
        value = Decimal("NaN")
    if not value.is_finite():
        errs.add(name, _("请填写有效的%(label)s") % {"label": label})
        return None
    return value


def _time(raw: Any, errs: _Errors, name: str) -> dt.time | None:
    if isinstance(raw, dt.time):
        return raw
    try:
        return dt.time.fromisoformat(str(raw).strip())
    except ValueError:
        errs.add(name, _("请填写有效的时间（如 08:00）"))
        return None


def _int(raw: Any, errs: _Errors, name: str, low: int, high: int, message: str) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        value = low - 1
    if not low <= value <= high:
        errs.add(name, message)
        return None
    return value


def _clean_service(data: ServiceInput, market_id: int, exclude_pk: int | None) -> dict[str, Any]:
    errs = _Errors()
    clean: dict[str, Any] = {}
    code = (data.code or "").strip()
    if not code or len(code) > 40 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in code):
        errs.add("code", _("代码应为1至40位字母、数字、下划线"))
    elif (
        HousekeepingService.objects.filter(market_id=market_id, code=code)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errs.add("code", _("该代码已被其他服务项目使用"), "duplicate")
    clean["code"] = code
    name = (data.name or "").strip()
    if not 2 <= len(name) <= 40:
        errs.add("name", _("服务名称应为2至40个字"))
    clean["name"] = name
    clean["description"] = (data.description or "").strip()[:500]
    occupation = Occupation.objects.filter(code=data.occupation).first()
    if occupation is None:
        errs.add("occupation", _("请选择对应工种"))
    clean["occupation"] = occupation
    codes = list(dict.fromkeys(c for c in (data.certificates or []) if c))
    certs = list(CertificateType.objects.filter(code__in=codes))
    if len(certs) != len(codes):
        errs.add("certificates", _("包含无效的证书类型"))
    clean["certificates"] = certs
    if data.price_rule not in PriceRule.values:
        errs.add("price_rule", _("请选择计价方式"))
    clean["price_rule"] = data.price_rule
    price = _decimal(data.unit_price, errs, "unit_price", _("单价"))
    if price is not None and price < 0:
        errs.add("unit_price", _("单价不能为负数"), "negative_price")
    elif price is not None and price > Decimal("99999999"):
        errs.add("unit_price", _("单价过大"))
    clean["unit_price"] = pricing.money(price) if price is not None else None
    low = _decimal(data.min_quantity, errs, "min_quantity", _("起订量"))
    high = _decimal(data.max_quantity, errs, "max_quantity", _("最大量"))
    if low is not None and not Decimal("0.5") <= low <= Decimal("9999"):
        errs.add("min_quantity", _("起订量应在0.5至9999之间"))
    if high is not None and not Decimal("0.5") <= high <= Decimal("9999"):
        errs.add("max_quantity", _("最大量应在0.5至9999之间"))
    if low is not None and high is not None and low > high:
        errs.add("max_quantity", _("起订量不能大于最大量"), "min_above_max")
    clean["min_quantity"], clean["max_quantity"] = low, high
    clean["minutes_per_unit"] = _int(
        data.minutes_per_unit, errs, "minutes_per_unit", 1, 1440, _("每单位服务时长应在1至1440分钟之间")
    )
    term_days = None
    if data.price_rule in (PriceRule.TERM, PriceRule.MONTHLY) or data.term_days not in (None, ""):
        term_days = _int(data.term_days, errs, "term_days", 1, 366, _("周期天数应在1至366之间"))
    clean["term_days"] = term_days
    daily = _decimal(data.daily_hours, errs, "daily_hours", _("每日服务小时"))
    if daily is not None and not Decimal("0.5") <= daily <= Decimal("24"):
        errs.add("daily_hours", _("每日服务小时应在0.5至24之间"))
    clean["daily_hours"] = daily
    start = _time(data.service_start, errs, "service_start")
    end = _time(data.service_end, errs, "service_end")
    if start is not None and end is not None and end <= start:
        errs.add("service_end", _("最晚结束时间必须晚于最早上门时间"), "end_before_start")
    clean["service_start"], clean["service_end"] = start, end
    clean["live_in"] = bool(data.live_in)
    clean["order"] = _int(
        data.order if data.order not in (None, "") else 0, errs, "order", 0, 32767, _("排序应为0至32767")
    )
    clean["is_active"] = bool(data.is_active)
    errs.raise_if_any()
    return clean


def _service_for_staff(actor: User, service_id: int, *, lock: bool = False) -> HousekeepingService:
    access.require_catalogue_editor(actor)
    qs = HousekeepingService.objects.filter(pk=service_id, market_id=market_id_of(actor))
    if lock:
        qs = qs.select_for_update()
    service = qs.first()
    if service is None:
        raise NotFoundError(_("服务项目不存在"))
    return service


def _service_snapshot(service: HousekeepingService) -> dict[str, Any]:
    return {
        "code": service.code,
        "name": service.name,
        "price_rule": service.price_rule,
        "unit_price": str(service.unit_price),
        "min_quantity": str(service.min_quantity),
        "max_quantity": str(service.max_quantity),
        "is_active": service.is_active,
    }


@transaction.atomic
def create_service(*, actor: User, data: ServiceInput) -> HousekeepingService:
    access.require_catalogue_editor(actor)
    market_id = market_id_of(actor)
    clean = _clean_service(data, market_id, None)
    certs = clean.pop("certificates")
    service = HousekeepingService.objects.create(market_id=market_id, updated_by=actor, **clean)
    service.certificates_required.set(certs)
    trail.record(
        action="housekeeping.service_created", obj=service, actor=actor, data=_service_snapshot(service)
    )
    return service


@transaction.atomic
def update_service(*, actor: User, service_id: int, data: ServiceInput) -> HousekeepingService:
    service = _service_for_staff(actor, service_id, lock=True)
    clean = _clean_service(data, service.market_id, service.pk)
    certs = clean.pop("certificates")
    for key, value in clean.items():
        setattr(service, key, value)
    service.updated_by = actor
    service.save()
    service.certificates_required.set(certs)
    trail.record(
        action="housekeeping.service_updated", obj=service, actor=actor, data=_service_snapshot(service)
    )
    return service


@transaction.atomic
def set_service_active(*, actor: User, service_id: int, active: bool) -> HousekeepingService:
    """List or unlist a service (bookings already made keep it)."""
    service = _service_for_staff(actor, service_id, lock=True)
    if service.is_active != bool(active):
        service.is_active = bool(active)
        service.updated_by = actor
        service.save(update_fields=["is_active", "updated_by", "updated_at"])
        trail.record(
            action="housekeeping.service_listed" if active else "housekeeping.service_unlisted",
            obj=service,
            actor=actor,
        )
    return service


@transaction.atomic
def install_catalogue(*, market_id: int, actor: User | None = None) -> list[HousekeepingService]:
    """Create the default catalogue entries a market lacks (by code); existing entries are left as staff
    edited them. Used by the demo and the tests."""
    out = []
    for entry in pricing.default_catalogue():
        entry = dict(entry)
        codes = entry.pop("certificates")
        occupation = entry.pop("occupation")
        code = entry.pop("code")
        service, created = HousekeepingService.objects.get_or_create(
            market_id=market_id,
            code=code,
            defaults={**entry, "occupation_id": occupation, "updated_by": actor},
        )
        if created:
            service.certificates_required.set(CertificateType.objects.filter(code__in=codes))
            trail.record(
                action="housekeeping.service_created",
                obj=service,
                actor=actor,
                data=_service_snapshot(service),
                market=market_id,
            )
        out.append(service)
    return out


# ---- bookings -----------------------------------------------------------------------------------------


def clean_needs(raw: Any) -> dict[str, Any]:
    raw = raw if isinstance(raw, dict) else {}
    needs: dict[str, Any] = {flag: bool(raw.get(flag)) for flag in NEED_FLAGS}
    needs["note"] = str(raw.get("note") or "").strip()[:300]
    return needs


def aware(value: Any) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def division_of(raw: Any, household: Enterprise) -> Division | None:
    if raw in (None, ""):
        return household.division
    if isinstance(raw, Division):
        return raw
    return Division.objects.filter(Q(code=str(raw))).first()


def _within_service_hours(service: HousekeepingService, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.time() < service.service_start:
        return False
    if end.date() != start.date():
        return False
    return end.time() <= service.service_end


def _same_address_q(household_id: int, address: str, lat: float, lon: float) -> Q:
    # A box of about SAME_ADDRESS_METRES around the point narrows the candidates; haversine decides.
    dlat = SAME_ADDRESS_METRES / 111_000
    dlon = SAME_ADDRESS_METRES / (111_000 * max(0.1, math.cos(math.radians(lat))))
    near = Q(lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
    return Q(household_id=household_id) & (Q(address=address) | near)


def _address_clash(
    household_id: int, address: str, lat: float, lon: float, starts_at: dt.datetime, ends_at: dt.datetime
) -> Booking | None:
    rows = Booking.objects.filter(
        _same_address_q(household_id, address, lat, lon),
        status__in=LIVE_BOOKING_STATUSES,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    for b in rows:
        if b.address == address or haversine_km(lat, lon, b.lat, b.lon) * 1000 <= SAME_ADDRESS_METRES:
            return b
    return None


def holds_required_certificates(service: HousekeepingService, worker_id: int, last_day: dt.date) -> bool:
    required = set(service.certificates_required.values_list("code", flat=True))
    if not required:
        return True
    held = set(
        WorkerCertificate.objects.filter(
            worker_id=worker_id, certificate_type_id__in=required, verified_at__isnull=False
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=last_day))
        .values_list("certificate_type_id", flat=True)
    )
    return required <= held


def rated_well_by(household_id: int, worker_id: int) -> bool:
    """The worker served this household before and it rated them REBOOK_MIN_STARS or more."""
    return Rating.objects.filter(
        direction=Direction.EMPLOYER_TO_WORKER,
        engagement__enterprise_id=household_id,
        engagement__worker_id=worker_id,
        stars__gte=REBOOK_MIN_STARS,
    ).exists()


def _new_code(booking: Booking) -> str:
    return f"HK{timezone.localdate(booking.created_at):%Y%m%d}{booking.pk:05d}"


def create_booking(
    *,
    actor: User,
    service: HousekeepingService | int,
    address: str,
    starts_at: Any,
    quantity: Any,
    household: Enterprise | int | None = None,
    lat: float | None = None,
    lon: float | None = None,
    division: Any = None,
    needs: Any = None,
    dispatch_mode: str = DispatchMode.AUTO,
    requested_worker_id: int | None = None,
    expected_price: Any = None,
) -> Booking:
    """A household books a service. Validates everything before writing anything; the chosen worker's
    profile row is locked while their time is checked, so two households cannot both take their last slot.
    Dispatch hears of the booking on commit (``signals.booking_ready``)."""
    own = access.require_household(actor)
    household_id = household.pk if isinstance(household, Enterprise) else household
    if household_id is not None and int(household_id) != own.pk:
        raise PermissionDeniedError(_("您只能为自己的家庭预约。"))
    service_id = service.pk if isinstance(service, HousekeepingService) else service
    svc = (
        HousekeepingService.objects.filter(pk=service_id, market_id=own.market_id, is_active=True)
        .prefetch_related("certificates_required")
        .first()
    )
    if svc is None:
        raise NotFoundError(_("服务项目不存在或已下架"), errors={"service": [_("请选择服务项目")]})
    errs = _Errors()
    address = (address or "").strip()
    if not 2 <= len(address) <= 200:
        errs.add("address", _("请填写服务地址（2至200字）"))
    div = division_of(division, own)
    if div is None:
        errs.add("division", _("请选择所在区域"))
    if (lat is None or lon is None) and div is not None:
        lat, lon = div.lat, div.lon
    try:
        validate_in_market_area(lat, lon, own.market_id)
    except ValidationError as exc:
        errs.add("location", exc.messages[0], "outside_area")
    start = aware(starts_at)
    quote: pricing.Quote | None = None
    if start is None:
        errs.add("starts_at", _("请选择上门时间"))
    elif start <= timezone.now():
        errs.add("starts_at", _("不能预约过去的时间"), "in_the_past")
    if start is not None:
        try:
            quote = pricing.quote(svc, quantity, start)
        except InvalidInput as exc:
            errs.add_domain("quantity", exc)
    if (
        quote is not None
        and svc.price_rule in (PriceRule.HOURLY, PriceRule.AREA, PriceRule.UNIT)
        and not _within_service_hours(svc, quote.starts_at, quote.ends_at)
    ):
        errs.add(
            "starts_at",
            _("该服务的上门时间为 %(start)s 至 %(end)s，请另选时段")
            % {"start": f"{svc.service_start:%H:%M}", "end": f"{svc.service_end:%H:%M}"},
            "outside_service_hours",
        )
    if dispatch_mode not in DispatchMode.values:
        errs.add("dispatch_mode", _("派单方式无效"))
    worker_id: int | None = None
    if dispatch_mode in (DispatchMode.CHOSEN, DispatchMode.REBOOK):
        try:
            worker_id = int(requested_worker_id)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            errs.add("requested_worker_id", _("请选择服务人员"))
    errs.raise_if_any()
    assert quote is not None and div is not None and lat is not None and lon is not None
    if expected_price not in (None, ""):
        try:
            expected = pricing.money(Decimal(str(expected_price)))
        except Exception:
            raise InvalidInput(
                _("确认的价格无效"), errors={"expected_price": [_("请填写有效的金额")]}
            ) from None
        if expected != quote.total:
            message = _("价格已变化，最新报价为 %(total)s 元，请确认后再提交。") % {"total": quote.total}
            raise ConflictError(message, code="price_changed", errors={"expected_price": [message]})
    needs_clean = clean_needs(needs)
    with transaction.atomic():
        # The household row serialises its own bookings (the same-address check); the worker's profile row
        # serialises households choosing the same worker.
        Enterprise.objects.select_for_update().filter(pk=own.pk).first()
        clash = _address_clash(own.pk, address, float(lat), float(lon), quote.starts_at, quote.ends_at)
        if clash is not None:
            message = _("该地址在这段时间已有预约（%(code)s），请勿重复预约。") % {"code": clash.code}
            raise ConflictError(message, code="address_overlap", errors={"starts_at": [message]})
        if worker_id is not None:
            worker = (
                WorkerProfile.objects.select_for_update()
                .filter(pk=worker_id, market_id=own.market_id)
                .first()
            )
            if worker is None:
                raise NotFoundError(
                    _("服务人员不存在"), errors={"requested_worker_id": [_("服务人员不存在")]}
                )
            if dispatch_mode == DispatchMode.REBOOK and not rated_well_by(own.pk, worker.pk):
                message = _("只能指定曾为您家服务并获得4星及以上评价的服务人员。")
                raise ConflictError(message, code="not_rebookable", errors={"requested_worker_id": [message]})
            last_day = timezone.localdate(quote.ends_at - dt.timedelta(seconds=1))
            if not holds_required_certificates(svc, worker.pk, last_day):
                message = _("该服务人员没有此项服务所需的有效证书。")
                raise ConflictError(
                    message, code="worker_not_qualified", errors={"requested_worker_id": [message]}
                )
            if worker_busy(worker.pk, quote.starts_at, quote.ends_at):
                message = _("该服务人员这段时间已有安排，请另选服务人员或时间。")
                raise ConflictError(
                    message, code="worker_unavailable", errors={"requested_worker_id": [message]}
                )
        now = timezone.now()
        booking = Booking.objects.create(
            market_id=own.market_id,
            code=f"tmp-{uuid.uuid4().hex[:16]}",
            household=own,
            created_by=actor,
            service=svc,
            address=address,
            division=div,
            lat=float(lat),
            lon=float(lon),
            starts_at=quote.starts_at,
            ends_at=quote.ends_at,
            quantity=quote.quantity,
            needs=needs_clean,
            quoted_price=quote.total,
            price_lines=quote.lines_json(),
            dispatch_mode=dispatch_mode,
            requested_worker_id=worker_id,
            status=BookingStatus.DISPATCHING,
            created_at=now,
            dispatching_at=now,
        )
        booking.code = _new_code(booking)
        booking.save(update_fields=["code"])
        trail.record(
            action="booking.created",
            obj=booking,
            actor=actor,
            data={
                "code": booking.code,
                "service": svc.code,
                "starts_at": booking.starts_at.isoformat(),
                "quantity": str(booking.quantity),
                "quoted_price": str(booking.quoted_price),
                "dispatch_mode": dispatch_mode,
                "requested_worker": worker_id,
            },
        )
        booking_id = booking.pk
        transaction.on_commit(lambda: booking_ready.send(sender=Booking, booking_id=booking_id))
    return booking


# ---- cancelling ---------------------------------------------------------------------------------------


def cancel_fee(booking: Booking, *, now: dt.datetime | None = None) -> Decimal:
    """What cancelling now costs: nothing until the market's free-cancel hours before the start, then its
    percentage of the price. Only a booking a worker has taken (confirmed) costs anything."""
    now = now or timezone.now()
    if booking.status != BookingStatus.CONFIRMED:
        return Decimal("0.00")
    policy = policy_for(booking.market_id)
    free_until = booking.starts_at - dt.timedelta(hours=float(policy.housekeeping_free_cancel_hours))
    if now < free_until:
        return Decimal("0.00")
    percent = Decimal(str(policy.housekeeping_cancel_fee_percent))
    return (booking.quoted_price * percent / 100).quantize(pricing.CENT, rounding=ROUND_HALF_UP)


def _lock_booking(actor: User, code: str) -> Booking:
    booking = Booking.objects.select_for_update().filter(code=str(code)).first()
    if booking is None or not access.can_see_booking(actor, booking):
        raise NotFoundError(_("预约不存在"))
    return booking


def cancel_booking(*, actor: User, code: str, reason: str = "") -> Booking:
    """The household (or staff in scope) cancels before the service starts: open offers are withdrawn, the
    engagement (if any) is cancelled, the fee recorded and the worker told."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    reason = (reason or "").strip()[:200] or str(_("家庭取消预约"))
    with transaction.atomic():
        booking = _lock_booking(actor, code)
        BOOKING_LIFECYCLE.guard(booking, BookingStatus.CANCELLED)
        fee = cancel_fee(booking)
        by = "household" if access.is_household_member(actor, booking) else "staff"
        offers = list(
            BookingOffer.objects.select_for_update().filter(booking=booking, status=OfferStatus.OFFERED)
        )
        offered_workers = []
        for offer in offers:
            OFFER_LIFECYCLE.advance(
                offer, OfferStatus.WITHDRAWN, actor=actor, stamp="withdrawn_at", market=booking.market_id
            )
            offered_workers.append(offer.worker_id)
        booking.cancelled_by = by
        booking.cancel_reason = reason
        booking.cancel_fee = fee
        # The booking first: the engagement's cancellation below then finds it cancelled already (the
        # receiver that follows an engagement cancelled from its own page leaves it alone).
        BOOKING_LIFECYCLE.advance(
            booking,
            BookingStatus.CANCELLED,
            actor=actor,
            stamp="cancelled_at",
            fields=["cancelled_by", "cancel_reason", "cancel_fee"],
            data={"code": booking.code, "fee": str(fee), "by": by},
        )
        if booking.engagement_id is not None:
            live = Engagement.objects.filter(
                pk=booking.engagement_id, status__in=LIVE_ENGAGEMENT_STATUSES
            ).exists()
            if live:
                chain.cancel_engagement(actor=actor, engagement_id=booking.engagement_id, reason=reason)
        recipients = [w for w in {booking.worker_id, *offered_workers} if w is not None]
        for worker in WorkerProfile.objects.select_related("user").filter(pk__in=recipients):
            notify(
                user=worker.user,
                kind="housekeeping_booking_cancelled",
                title=str(_("家政预约已取消")),
                body=str(
                    _("%(service)s（%(when)s）已被取消。")
                    % {
                        "service": booking.service.name,
                        "when": timezone.localtime(booking.starts_at).strftime("%m-%d %H:%M"),
                    }
                ),
                url=WORKER_BOOKINGS_PATH,
                link_text=str(_("查看我的家政订单")),
                sms=worker.pk == booking.worker_id,
            )
    return booking
