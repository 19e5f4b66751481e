"""Builders for tests: a standard cast of users per role (pretix/healthchecks style).

They call the real services where a state change has rules, so tests exercise the same paths
as users do; plain ``objects.create`` is used only for reference rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from lingong.accounts.models import Role, User
from lingong.core.validators import make_resident_id, make_uscc
from lingong.employers import services as employer_services
from lingong.employers.models import Enterprise
from lingong.employers.services import EnterpriseInput
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting
from lingong.org.models import Division, Market, ServiceCentre, Station
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile

PASSWORD = "Lingong-test-2026"  # noqa: S105 - test fixture password
LUNAN = "130202"
_counter = itertools.count(1)


def next_phone() -> str:
    return f"139{next(_counter) + 10_000_000:08d}"[:11]


def make_market() -> Market:
    lunan = Division.objects.get(code=LUNAN)
    market, _ = Market.objects.get_or_create(
        code="lunan",
        defaults={
            "name": "路南区零工市场",
            "address": "唐山市路南区创新里产业园",
            "division": lunan,
            "lat": lunan.lat,
            "lon": lunan.lon,
        },
    )
    return market


def make_centre(market: Market, name: str = "万达广场服务中心") -> ServiceCentre:
    lunan = Division.objects.get(code=LUNAN)
    centre, _ = ServiceCentre.objects.get_or_create(
        market=market,
        name=name,
        defaults={
            "address": "唐山市路南区新华道万达广场",
            "division": lunan,
            "lat": lunan.lat,
            "lon": lunan.lon,
        },
    )
    return centre


def make_station(centre: ServiceCentre, name: str) -> Station:
    division = Division.objects.get(code="130202002")
    station, _ = Station.objects.get_or_create(
        market=centre.market,
        centre=centre,
        name=name,
        defaults={
            "address": f"唐山市路南区{name}",
            "division": division,
            "lat": division.lat,
            "lon": division.lon,
        },
    )
    return station


def make_staff(
    role: str,
    market: Market,
    *,
    centre: ServiceCentre | None = None,
    station: Station | None = None,
    name: str = "工作人员",
) -> User:
    return User.objects.create_user(
        next_phone(),
        PASSWORD,
        role=role,
        market=market,
        centre=centre,
        station=station,
        display_name=name,
        is_staff=role in (Role.MARKET_ADMIN, Role.CENTRE_STAFF),
    )


def make_worker(
    market: Market,
    *,
    name: str = "江小军",
    birth: dt.date = dt.date(1992, 5, 17),
    seq: int | None = None,
    skills: list[tuple[str, int]] | None = None,
    lat: float | None = None,
    lon: float | None = None,
    station: Station | None = None,
    phone: str | None = None,
) -> WorkerProfile:
    make_market()
    profile = worker_services.register_worker(
        phone=phone or next_phone(), password=PASSWORD, display_name=name, consent=True
    )
    if station is not None:
        WorkerProfile.objects.filter(pk=profile.pk).update(station=station)
    number = make_resident_id("130202", birth, seq if seq is not None else next(_counter) % 1000)
    data = worker_services.ProfileInput(
        real_name=name,
        id_number=number,
        home_division=LUNAN,
        skills=skills or [("loader_driver", 8)],
        expected_pay=Decimal("300"),
        expected_pay_unit="day",
    )
    if lat is not None and lon is not None:
        data.home_lat, data.home_lon = lat, lon
    worker_services.update_profile(actor=profile.user, worker_id=profile.pk, data=data)
    profile.refresh_from_db()
    return profile


def _uscc_body(n: int) -> str:
    return f"91130202MA{n:07d}"[:17]


def enterprise_input(
    name: str = "唐山鑫达路桥工程有限公司", n: int | None = None, **overrides: Any
) -> EnterpriseInput:
    data = EnterpriseInput(
        name=name,
        credit_code=make_uscc(_uscc_body(n if n is not None else next(_counter))),
        industry="construction",
        address="唐山市路南区建设南路88号",
        division=LUNAN,
        contact_name="么建红",
        contact_phone=next_phone(),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def make_employer(
    market: Market,
    *,
    admin: User | None = None,
    name: str = "唐山鑫达路桥工程有限公司",
    verified: bool = True,
) -> User:
    enterprise = employer_services.register_employer(
        phone=next_phone(), password=PASSWORD, data=enterprise_input(name)
    )
    if verified:
        admin = admin or make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
        employer_services.verify_enterprise(actor=admin, enterprise_id=enterprise.pk)
    return User.objects.get(membership__enterprise=enterprise)


def job_input(**overrides: Any) -> job_services.JobInput:
    today = timezone.localdate()
    data = job_services.JobInput(
        title="丰南公路融雪铲车司机",
        description="冬季公路融雪作业，驾驶装载机清雪，工期6个月。",
        occupations=["loader_driver"],
        headcount=1,
        address="唐山市丰南区迎宾路",
        division="130207",
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=180),
        pay_unit="day",
        pay_amount=Decimal("300"),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def make_job(employer: User, *, admin: User | None = None, **overrides: Any) -> JobPosting:
    job = job_services.create_job(actor=employer, data=job_input(**overrides))
    if job.status == "pending_review":
        market = job.market
        admin = (
            admin
            or User.objects.filter(role=Role.MARKET_ADMIN, market=market).first()
            or make_staff(Role.MARKET_ADMIN, market)
        )
        job = job_services.approve_job(actor=admin, job_id=job.pk)
    return job


def enterprise_of(user: User) -> Enterprise:
    return user.membership.enterprise


def make_engagement(worker: Any, employer: User, *, days: int = 3, **job_overrides: Any) -> Any:
    """A job (starting tomorrow, ``days`` long) that ``worker`` applied to, was offered and accepted."""
    from lingong.engagements.models import Engagement
    from lingong.workflow import chain

    today = timezone.localdate()
    job_overrides.setdefault("start_date", today + dt.timedelta(days=1))
    job_overrides.setdefault("end_date", job_overrides["start_date"] + dt.timedelta(days=days - 1))
    job = make_job(employer, **job_overrides)
    application = job_services.apply(actor=worker.user, job_id=job.pk)
    job_services.offer(actor=employer, application_id=application.pk)
    chain.accept_offer(actor=worker.user, application_id=application.pk)
    engagement = Engagement.objects.select_related("job", "worker__user", "enterprise").get(
        application=application
    )
    render_contracts(engagement)  # what the task queued on commit does (tests run inside a transaction)
    return engagement


def render_contracts(engagement: Any) -> None:
    """Render every contract version of the engagement, as the tasks queued on commit would."""
    from lingong.contracts import services as contract_services
    from lingong.contracts.models import Contract

    for contract_id in Contract.objects.filter(engagement=engagement).values_list("pk", flat=True):
        contract_services.ensure_documents(Contract.objects.get(pk=contract_id))


T = TypeVar("T")


def built_once_for_module(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture: data built once, inside an outer transaction rolled back when the module
    ends; each test's own transaction (the ``db`` fixture) is a savepoint of it, as with Django's
    ``TestCase.setUpTestData``. Tests that need an empty database belong in another module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
