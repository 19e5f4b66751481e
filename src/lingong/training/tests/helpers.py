"""Rows for the training tests (course part): a provider, an employer's order, a course, workers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import User
from lingong.training import services
from lingong.training.models import Course, TrainingOrder, TrainingProvider

FORKLIFT = "special_equipment_forklift"


def provider(cast: Any, name: str = "唐山市路南区技工培训学校") -> TrainingProvider:
    data = services.ProviderInput(name=name, licence_number="冀人社培130202001", contact_name="刘老师")
    return services.create_provider(actor=cast.admin, data=data)


def forklift_job(employer: User, admin: User | None = None, **overrides: Any) -> Any:
    values = {
        "title": "仓库叉车司机",
        "occupations": ["forklift_driver"],
        "certificates_required": [FORKLIFT],
        "headcount": 5,
        "division": "130202",
    }
    values.update(overrides)
    return t.make_job(employer, admin=admin, **values)


def order_input(**overrides: Any) -> services.OrderInput:
    data = services.OrderInput(
        title="叉车司机订单班",
        occupation="forklift_driver",
        certificate_type=FORKLIFT,
        skill_note="能独立完成装卸",
        places=5,
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def order(cast: Any, **overrides: Any) -> TrainingOrder:
    job = forklift_job(cast.employer, cast.admin)
    return services.submit_order(actor=cast.employer, data=order_input(job_ids=[job.pk], **overrides))


def session(day: dt.date, topic: str = "理论", hour: int = 9) -> services.SessionInput:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    return services.SessionInput(topic=topic, starts_at=start, ends_at=start + dt.timedelta(hours=3))


def course_input(prov: TrainingProvider, **overrides: Any) -> services.CourseInput:
    start = timezone.localdate() + dt.timedelta(days=7)
    data = services.CourseInput(
        provider_id=prov.pk,
        title="叉车司机培训班",
        occupation="forklift_driver",
        certificate_type=FORKLIFT,
        syllabus="叉车构造、安全操作规程、实操训练",
        start_date=start,
        end_date=start + dt.timedelta(days=10),
        place="唐山市路南区技工培训学校实训楼",
        division="130202",
        capacity=2,
        cost_per_person=Decimal("1200.00"),
        subsidy_per_person=Decimal("800.00"),
        subsidy_groups=["veteran", "long_term_unemployed"],
        subsidy_note="职业技能培训补贴，取得特种设备作业人员证后申领",
        exam_date=start + dt.timedelta(days=10),
        exam_place="唐山市特种设备检验所",
        exam_note="理论+实操",
        pass_score=Decimal("60"),
        sessions=[session(start, "理论"), session(start + dt.timedelta(days=1), "实操")],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def course(cast: Any, *, actor: User | None = None, order_id: int | None = None, **overrides: Any) -> Course:
    prov = TrainingProvider.objects.filter(market=cast.market).first() or provider(cast)
    return services.create_course(
        actor=actor or cast.station_staff, data=course_input(prov, **overrides), order_id=order_id
    )


def worker(cast: Any, name: str = "王小虎", **kwargs: Any) -> Any:
    return t.make_worker(cast.market, name=name, station=cast.station, **kwargs)
