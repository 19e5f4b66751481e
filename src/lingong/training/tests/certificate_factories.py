"""Rows for the attendance / results / certificate tests, made with the ORM (issue 13 training-results)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import User
from lingong.employers.models import Enterprise
from lingong.taxonomy.models import CertificateType, Occupation
from lingong.training.models import (
    Course,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    OrderStatus,
    TrainingOrder,
    TrainingOrderEmployer,
    TrainingProvider,
)

FORKLIFT = "special_equipment_forklift"
_n = iter(range(1, 100_000))


def provider_with_login(cast: Any) -> tuple[TrainingProvider, User]:
    """A training school with an enterprise login (its member enters results)."""
    member = t.make_employer(cast.market, admin=cast.admin, name="路南区职业技能培训学校")
    provider = TrainingProvider.objects.create(
        market=cast.market, enterprise=t.enterprise_of(member), name="路南区职业技能培训学校"
    )
    return provider, member


def skill_certificate_type() -> CertificateType:
    """A certificate outside the national kinds, which the matching taxonomy knows (the only one shipped is
    the health certificate): the provider's pass puts it on the profile at once."""
    return CertificateType.objects.get(code="health_certificate")


def make_order(
    cast: Any, employers: list[tuple[Enterprise, int]], *, cert: str | None = FORKLIFT
) -> TrainingOrder:
    order = TrainingOrder.objects.create(
        market=cast.market,
        code=f"TO{next(_n):05d}",
        title="叉车司机订单培训",
        occupation=Occupation.objects.get(code="forklift_driver"),
        certificate_type_id=cert,
        station=cast.station,
        status=OrderStatus.SCHEDULED,
    )
    for enterprise, places in employers:
        TrainingOrderEmployer.objects.create(order=order, enterprise=enterprise, places=places)
    return order


def make_course(
    cast: Any,
    provider: TrainingProvider,
    *,
    order: TrainingOrder | None = None,
    cert: str | None = FORKLIFT,
    start: dt.date | None = None,
    status: str = CourseStatus.IN_PROGRESS,
    station: Any = "cast",
) -> Course:
    start = start or timezone.localdate() - dt.timedelta(days=3)
    return Course.objects.create(
        market=cast.market,
        order=order,
        provider=provider,
        code=f"TC{next(_n):05d}",
        title="叉车司机（N1）培训班",
        occupation=Occupation.objects.get(code="forklift_driver"),
        certificate_type_id=cert,
        syllabus="叉车构造、安全操作规程、实际操作训练。",
        start_date=start,
        end_date=start + dt.timedelta(days=10),
        place="唐山市路南区职教中心实训楼",
        capacity=20,
        cost_per_person=Decimal("1200.00"),
        subsidy_per_person=Decimal("800.00"),
        pass_score=Decimal("60"),
        station=cast.station if station == "cast" else station,
        status=status,
    )


def make_session(
    course: Course, *, starts_in: dt.timedelta = dt.timedelta(0), hours: int = 3, seq: int = 1
) -> CourseSession:
    starts_at = timezone.now() + starts_in
    return CourseSession.objects.create(
        course=course,
        seq=seq,
        topic="安全操作规程",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        checkin_token=secrets.token_urlsafe(32),
    )


def enrol(course: Course, worker: Any, status: str = EnrolmentStatus.ENROLLED) -> Enrolment:
    return Enrolment.objects.create(course=course, worker=worker, status=status, enrolled_at=timezone.now())
