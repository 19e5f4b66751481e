"""Recurring plans (周期预约): every <weekday> at <time> for <hours>, one booking per visit.

A household creates a plan for an hourly service (validated like a booking: not in the past, inside the
service's hours, at least its minimum). ``generate`` makes each visit within the market's
``housekeeping_recurring_horizon_days`` as a ``Booking`` (``plan`` set; the unique (plan, starts_at)
makes a re-run create nothing twice), quoted at today's price and dispatched with the preferred worker
first. A visit that would overlap a live booking at the same address is skipped and noted on the plan
(the plan page lists those days). Ending a plan cancels its future visits still in dispatch (free).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff, staff_can_act_for_enterprise
from lingong.accounts.models import User
from lingong.audit import trail
from lingong.core.errors import InvalidInput, NotFoundError, PermissionDeniedError
from lingong.employers.models import Enterprise, EnterpriseKind
from lingong.housekeeping import pricing, signals
from lingong.housekeeping.models import (
    BOOKING_LIFECYCLE,
    LIVE_BOOKING_STATUSES,
    OFFER_LIFECYCLE,
    PLAN_LIFECYCLE,
    Booking,
    BookingStatus,
    DispatchMode,
    HousekeepingService,
    OfferStatus,
    PlanStatus,
    PriceRule,
    RecurringPlan,
)
from lingong.org.models import Division
from lingong.org.policy import policy_for
from lingong.workers.models import WorkerProfile

logger = logging.getLogger("lingong.housekeeping")
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass
class PlanInput:
    service: Any = None  # service id
    weekday: Any = None
    start_time: Any = None  # "09:00"
    hours: Any = None
    first_date: Any = None  # "2026-12-08"
    until_date: Any = None
    address: str = ""
    division: str = ""  # division code
    lat: Any = None
    lon: Any = None
    preferred_worker: Any = None
    needs: dict[str, Any] = field(default_factory=dict)


def household_of(actor: User) -> Enterprise:
    membership = getattr(actor, "membership", None)
    if membership is None or membership.enterprise.kind != EnterpriseKind.HOUSEHOLD:
        raise PermissionDeniedError(_("只有家庭用户可以预约家政服务。"))
    return membership.enterprise


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _parse_time(value: Any) -> dt.time | None:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _clean(data: PlanInput, household: Enterprise) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    service = None
    with contextlib.suppress(TypeError, ValueError):
        service = HousekeepingService.objects.filter(
            pk=int(data.service), market_id=household.market_id, is_active=True
        ).first()
    if service is None:
        err("service", _("请选择服务项目"))
    elif service.price_rule != PriceRule.HOURLY:
        err("service", _("周期预约仅支持按小时计价的服务"))
    try:
        weekday = int(data.weekday)
        if not 0 <= weekday <= 6:
            raise ValueError
    except (TypeError, ValueError):
        weekday = 0
        err("weekday", _("请选择星期"))
    start_time = _parse_time(data.start_time)
    if start_time is None:
        err("start_time", _("请填写上门时间（如 09:00）"))
    try:
        hours = Decimal(str(data.hours)).quantize(Decimal("0.1"))
        if not hours.is_finite() or hours <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        hours = None
        err("hours", _("请填写服务小时数"))
    today = timezone.localdate()
    first_date = _parse_date(data.first_date)
    if first_date is None:
        err("first_date", _("请填写首次日期"))
    elif first_date < today:
        err("first_date", _("首次日期不能早于今天"))
    until_date = _parse_date(data.until_date) if data.until_date not in (None, "") else None
    if data.until_date not in (None, "") and until_date is None:
        err("until_date", _("截止日期格式不正确"))
    if until_date and first_date and until_date < first_date:
        err("until_date", _("截止日期不能早于首次日期"))
    if service is not None and hours is not None:
        if hours < service.min_quantity:
            err("hours", _("该服务最少预约 %(n)s 小时") % {"n": service.min_quantity})
        elif hours > service.max_quantity:
            err("hours", _("该服务最多预约 %(n)s 小时") % {"n": service.max_quantity})
    if service is not None and start_time is not None and hours is not None:
        end = dt.datetime.combine(dt.date(2000, 1, 3), start_time) + dt.timedelta(hours=float(hours))
        if start_time < service.service_start or end > dt.datetime.combine(
            dt.date(2000, 1, 3), service.service_end
        ):
            err(
                "start_time",
                _("服务时间须在 %(start)s—%(end)s 之间")
                % {
                    "start": service.service_start.strftime("%H:%M"),
                    "end": service.service_end.strftime("%H:%M"),
                },
            )
    address = (data.address or "").strip()
    if len(address) < 4:
        err("address", _("请填写详细服务地址"))
    division = Division.objects.filter(code=str(data.division or "")).first()
    if division is None:
        err("division", _("请选择所在区县"))
    lat, lon = None, None
    if data.lat not in (None, "") or data.lon not in (None, ""):
        try:
            lat, lon = float(data.lat), float(data.lon)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except (TypeError, ValueError):
            err("lat", _("位置坐标无效"))
    elif division is not None:
        lat, lon = division.lat, division.lon
    worker = None
    if data.preferred_worker not in (None, ""):
        try:
            worker = WorkerProfile.objects.filter(pk=int(data.preferred_worker)).first()
        except (TypeError, ValueError):
            worker = None
        if worker is None:
            err("preferred_worker", _("指定的服务人员不存在"))
    needs = data.needs if isinstance(data.needs, dict) else {}
    needs = {
        "pets": bool(needs.get("pets")),
        "elderly": bool(needs.get("elderly")),
        "children": bool(needs.get("children")),
        "note": str(needs.get("note") or "")[:200],
    }
    if errors:
        raise InvalidInput(_("请检查周期预约信息。"), errors=errors)
    return {
        "service": service,
        "weekday": weekday,
        "start_time": start_time,
        "quantity": hours,
        "first_date": first_date,
        "until_date": until_date,
        "address": address,
        "division": division,
        "lat": lat,
        "lon": lon,
        "preferred_worker": worker,
        "needs": needs,
    }


def create_plan(*, actor: User, data: PlanInput) -> RecurringPlan:
    household = household_of(actor)
    clean = _clean(data, household)
    with transaction.atomic():
        plan = RecurringPlan.objects.create(
            market_id=household.market_id,
            household=household,
            created_by=actor,
            status=PlanStatus.ACTIVE,
            **clean,
        )
        trail.record(action="housekeeping_plan.created", obj=plan, actor=actor, market=plan.market_id)
    generate(plan_id=plan.pk)
    plan.refresh_from_db()
    return plan


def plans_for(actor: User) -> Any:
    household = household_of(actor)
    return RecurringPlan.objects.filter(household=household).select_related("service", "preferred_worker")


def get_plan(actor: User, plan_id: int) -> RecurringPlan:
    plan = RecurringPlan.objects.select_related("service").filter(pk=plan_id).first()
    if plan is None or not _can_manage(actor, plan):
        raise NotFoundError(_("周期预约不存在。"))
    return plan


def _can_manage(actor: User, plan: RecurringPlan) -> bool:
    if is_staff(actor):
        return staff_can_act_for_enterprise(actor, plan.household)
    membership = getattr(actor, "membership", None)
    return membership is not None and membership.enterprise_id == plan.household_id


def _lock_plan(actor: User, plan_id: int) -> RecurringPlan:
    plan = RecurringPlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None or not _can_manage(actor, plan):
        raise NotFoundError(_("周期预约不存在。"))
    return plan


def pause_plan(*, actor: User, plan_id: int) -> RecurringPlan:
    with transaction.atomic():
        plan = _lock_plan(actor, plan_id)
        PLAN_LIFECYCLE.advance(plan, PlanStatus.PAUSED, actor=actor, stamp="paused_at")
    return plan


def resume_plan(*, actor: User, plan_id: int) -> RecurringPlan:
    with transaction.atomic():
        plan = _lock_plan(actor, plan_id)
        PLAN_LIFECYCLE.advance(plan, PlanStatus.ACTIVE, actor=actor, stamp="active_at")
    generate(plan_id=plan.pk)
    plan.refresh_from_db()
    return plan


def end_plan(*, actor: User, plan_id: int) -> RecurringPlan:
    """End the plan; its future visits still in dispatch (or unfilled) are cancelled free."""
    now = timezone.now()
    with transaction.atomic():
        plan = _lock_plan(actor, plan_id)
        PLAN_LIFECYCLE.advance(plan, PlanStatus.ENDED, actor=actor, stamp="ended_at")
        future = Booking.objects.select_for_update().filter(
            plan=plan,
            starts_at__gt=now,
            status__in=[BookingStatus.DISPATCHING, BookingStatus.UNFILLED],
        )
        for booking in future:
            booking.cancelled_by = "household"
            booking.cancel_reason = _("周期预约已结束")
            booking.cancel_fee = Decimal("0.00")
            BOOKING_LIFECYCLE.advance(
                booking,
                BookingStatus.CANCELLED,
                actor=actor,
                stamp="cancelled_at",
                fields=("cancelled_by", "cancel_reason", "cancel_fee"),
                action="booking.cancelled",
                data={"plan": plan.pk, "fee": "0.00"},
            )
            _withdraw_offers(booking)
    return plan


def _withdraw_offers(booking: Booking) -> None:
    open_offers = booking.offers.filter(status=OfferStatus.OFFERED)
    OFFER_LIFECYCLE.advance_many(open_offers, OfferStatus.WITHDRAWN, withdrawn_at=timezone.now())


# --- Visits --------------------------------------------------------------------------------------------


def _visit_dates(plan: RecurringPlan, start: dt.date, until: dt.date) -> list[dt.date]:
    day = max(start, plan.first_date)
    day += dt.timedelta(days=(plan.weekday - day.weekday()) % 7)
    last = min(until, plan.until_date) if plan.until_date else until
    out = []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


@dataclass
class Generated:
    created: list[int] = field(default_factory=list)
    skipped: list[dt.date] = field(default_factory=list)


def _code() -> str:
    return "HKP" + timezone.localdate().strftime("%y%m%d") + secrets.token_hex(3).upper()


def generate(*, plan_id: int, today: dt.date | None = None) -> Generated:
    """Create the plan's visits within the horizon (idempotent). Bookings are dispatched after commit."""
    today = today or timezone.localdate()
    result = Generated()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        plan = RecurringPlan.objects.select_for_update(of=("self",)).select_related("service").get(pk=plan_id)
        if plan.status != PlanStatus.ACTIVE:
            return result
        horizon = today + dt.timedelta(days=policy_for(plan.market_id).housekeeping_recurring_horizon_days)
        for day in _visit_dates(plan, today, horizon):
            starts_at = timezone.make_aware(dt.datetime.combine(day, plan.start_time), tz)
            quote = pricing.quote(plan.service, plan.quantity, starts_at)  # today's price
            ends_at = quote.ends_at
            if starts_at <= now or Booking.objects.filter(plan=plan, starts_at=starts_at).exists():
                continue
            clash = Booking.objects.filter(
                household_id=plan.household_id,
                address=plan.address,
                status__in=LIVE_BOOKING_STATUSES,
                starts_at__lt=ends_at,
                ends_at__gt=starts_at,
            ).exists()
            if clash:
                result.skipped.append(day)
                continue
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        market_id=plan.market_id,
                        code=_code(),
                        household_id=plan.household_id,
                        created_by=plan.created_by,
                        service=plan.service,
                        plan=plan,
                        address=plan.address,
                        division=plan.division,
                        lat=plan.lat,
                        lon=plan.lon,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        quantity=plan.quantity,
                        needs=plan.needs,
                        quoted_price=quote.total,
                        price_lines=quote.lines_json(),
                        dispatch_mode=DispatchMode.REBOOK if plan.preferred_worker_id else DispatchMode.AUTO,
                        requested_worker_id=plan.preferred_worker_id,
                        status=BookingStatus.DISPATCHING,
                        dispatching_at=now,
                    )
            except IntegrityError:  # made by a concurrent run
                continue
            trail.record(
                action="booking.created",
                obj=booking,
                actor=None,
                data={"plan": plan.pk},
                market=plan.market_id,
            )
            result.created.append(booking.pk)
        plan.generated_until = max(horizon, plan.generated_until or horizon)
        plan.save(update_fields=["generated_until"])
        created = list(result.created)
        transaction.on_commit(lambda: _announce(created))
    return result


def _announce(booking_ids: list[int]) -> None:
    """After commit: each new visit goes into dispatch (``booking_ready``)."""
    for booking_id in booking_ids:
        signals.booking_ready.send(sender=Booking, booking_id=booking_id)


def generate_all(*, today: dt.date | None = None) -> int:
    made = 0
    for plan_id in RecurringPlan.objects.filter(status=PlanStatus.ACTIVE).values_list("pk", flat=True):
        try:
            made += len(generate(plan_id=plan_id, today=today).created)
        except Exception:  # one broken plan must not stop the others
            logger.exception("Could not generate the visits of plan %s", plan_id)
    return made


def skipped_dates(plan: RecurringPlan, *, today: dt.date | None = None) -> list[dt.date]:
    """Visit days up to ``generated_until`` that have no booking: skipped because the address already
    had a live booking at that time."""
    if plan.generated_until is None:
        return []
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    made = set(Booking.objects.filter(plan=plan).values_list("starts_at", flat=True))
    out = []
    for day in _visit_dates(plan, max(today, plan.first_date), plan.generated_until):
        if timezone.make_aware(dt.datetime.combine(day, plan.start_time), tz) not in made:
            out.append(day)
    return out


def weekday_label(weekday: int) -> str:
    return _(WEEKDAYS[weekday])
