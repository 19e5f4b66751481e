"""Rows the booking tests share: a household, certified domestic workers near it, the catalogue."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.core.validators import make_resident_id
from lingong.employers import services as employer_services
from lingong.employers.models import Enterprise, EnterpriseKind
from lingong.housekeeping import services
from lingong.housekeeping.models import HousekeepingService
from lingong.org.models import Division, Market
from lingong.workers.models import WorkerCertificate, WorkerProfile

_seq = itertools.count(1)
# 王女士家, in Lunan (the market's own division centre).
HOME_ADDRESS = "唐山市路南区新华道18号3单元501"


def home() -> tuple[float, float]:
    lunan = Division.objects.get(code=t.LUNAN)
    return float(lunan.lat), float(lunan.lon)


def make_household(
    market: Market, *, admin: User | None = None, name: str = "王女士家", verified: bool = True
) -> User:
    n = next(_seq)
    enterprise = employer_services.register_employer(
        phone=t.next_phone(),
        password=t.PASSWORD,
        data=t.enterprise_input(
            name,
            kind=EnterpriseKind.HOUSEHOLD,
            credit_code="",
            contact_id_number=make_resident_id("130202", dt.date(1980, 1, 1) + dt.timedelta(days=n), n % 900),
            industry="housekeeping",
            address=HOME_ADDRESS,
            contact_name="王丽",
        ),
    )
    if verified:
        admin = admin or t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
        employer_services.verify_enterprise(actor=admin, enterprise_id=enterprise.pk)
    return User.objects.get(membership__enterprise=enterprise)


def household_of(user: User) -> Enterprise:
    return user.membership.enterprise


def give_certificate(
    worker: WorkerProfile, code: str, *, expires_on: dt.date | None = None, verified: bool = True
) -> WorkerCertificate:
    return WorkerCertificate.objects.create(
        worker=worker,
        certificate_type_id=code,
        number=f"{code[:6].upper()}{worker.pk:06d}{next(_seq):04d}",
        expires_on=expires_on if expires_on is not None else timezone.localdate() + dt.timedelta(days=300),
        verified_at=timezone.now() if verified else None,
    )


def make_hk_worker(
    market: Market,
    *,
    name: str,
    occupation: str = "domestic_helper",
    certs: tuple[str, ...] = ("health_certificate",),
    km_east: float = 1.0,
    station: Any = None,
) -> WorkerProfile:
    lat, lon = home()
    worker = t.make_worker(
        market,
        name=name,
        skills=[(occupation, 5)],
        lat=lat,
        lon=lon + km_east / 85.0,  # about 85 km per degree of longitude at Tangshan
        station=station,
    )
    for code in certs:
        give_certificate(worker, code)
    return worker


def catalogue(market: Market) -> dict[str, HousekeepingService]:
    return {s.code: s for s in services.install_catalogue(market_id=market.pk)}


def tomorrow_at(hour: int, minute: int = 0, days: int = 1) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
