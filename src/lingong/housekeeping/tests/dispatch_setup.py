"""Builders for the dispatch tests: a household, an hourly cleaning service, certified cleaners nearby and
bookings made with the ORM (the booking part's service is tested on its side)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import User
from lingong.core.validators import make_resident_id
from lingong.employers import services as employer_services
from lingong.employers.models import Enterprise
from lingong.housekeeping.models import Booking, BookingStatus, DispatchMode, HousekeepingService, PriceRule
from lingong.org.models import Division
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile

_seq = itertools.count(1)
# A point in 路南区 (the test market); workers live a few hundred metres away.
HOME_LAT, HOME_LON = 39.6245, 118.1752


@dataclass
class Home:
    user: User
    household: Enterprise
    service: HousekeepingService


def make_household(market: Any, admin: User, name: str = "王女士家") -> tuple[User, Enterprise]:
    n = next(_seq)
    data = t.enterprise_input(
        name,
        kind="household",
        credit_code="",
        contact_id_number=make_resident_id("130202", dt.date(1980, 3, 4), 500 + n),
        industry="housekeeping",
    )
    enterprise = employer_services.register_employer(phone=t.next_phone(), password=t.PASSWORD, data=data)
    employer_services.verify_enterprise(actor=admin, enterprise_id=enterprise.pk)
    user = User.objects.get(membership__enterprise=enterprise)
    return user, Enterprise.objects.get(pk=enterprise.pk)


def make_service(market: Any, **overrides: Any) -> HousekeepingService:
    values: dict[str, Any] = {
        "market": market,
        "code": f"hourly_cleaning_{next(_seq)}",
        "name": "日常保洁",
        "occupation_id": "cleaner",
        "price_rule": PriceRule.HOURLY,
        "unit_price": Decimal("50.00"),
        "min_quantity": Decimal("2"),
        "max_quantity": Decimal("8"),
        "service_start": dt.time(8, 0),
        "service_end": dt.time(20, 0),
    }
    values.update(overrides)
    service = HousekeepingService.objects.create(**values)
    service.certificates_required.set(["health_certificate"])
    return service


def make_home(cast: Any) -> Home:
    user, household = make_household(cast.market, cast.admin)
    return Home(user=user, household=household, service=make_service(cast.market))


def make_cleaner(cast: Any, name: str, *, km: float = 0.5, certified: bool = True) -> WorkerProfile:
    worker = t.make_worker(
        cast.market,
        name=name,
        skills=[("cleaner", 5)],
        lat=HOME_LAT + km / 111.0,
        lon=HOME_LON,
        station=cast.station,
    )
    if certified:
        cert = worker_services.add_certificate(
            actor=worker.user,
            worker_id=worker.pk,
            certificate_type="health_certificate",
            number=f"JKZ{next(_seq):06d}",
            expires_on=timezone.localdate() + dt.timedelta(days=365),
        )
        worker_services.verify_certificate(actor=cast.admin, certificate_id=cert.pk)
    return WorkerProfile.objects.select_related("user").get(pk=worker.pk)


def visit_time(days: int = 2, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_current_timezone())


def make_booking(
    home: Home,
    *,
    starts_at: dt.datetime | None = None,
    hours: int = 3,
    mode: str = DispatchMode.AUTO,
    requested: WorkerProfile | None = None,
    **overrides: Any,
) -> Booking:
    starts_at = starts_at or visit_time()
    values: dict[str, Any] = {
        "market_id": home.household.market_id,
        "code": f"HKT{next(_seq):08d}",
        "household": home.household,
        "created_by": home.user,
        "service": home.service,
        "address": "唐山市路南区友谊里小区3号楼2单元501",
        "division": Division.objects.get(code="130202"),
        "lat": HOME_LAT,
        "lon": HOME_LON,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=hours),
        "quantity": Decimal(hours),
        "needs": {"pets": True, "elderly": False},
        "quoted_price": Decimal("50.00") * hours,
        "price_lines": [{"label": f"日常保洁 {hours} 小时 × 50.00", "amount": f"{50 * hours}.00"}],
        "dispatch_mode": mode,
        "requested_worker": requested,
        "status": BookingStatus.DISPATCHING,
        "dispatching_at": timezone.now(),
    }
    values.update(overrides)
    return Booking.objects.create(**values)
