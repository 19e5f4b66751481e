"""Order-based training (订单式培训): providers, training orders, courses and their sessions, enrolment and
the waiting list. Attendance, results and certificates are in ``attendance``, ``results`` and
``certificates``.

Lock order: the order row, then the course row, then an enrolment. Enrolment locks the course row, so two
workers asking for its last seat at once are served one after the other: one gets the seat, the other
waits in line (or is refused with ``course_full`` when they asked not to wait).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts import services as accounts
from lingong.accounts.access import (
    enterprise_of,
    is_staff,
    require_enterprise_in_scope,
    require_role,
    require_staff,
    staff_can_see_station,
)
from lingong.accounts.models import Role, User
from lingong.audit import trail
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.employers.models import Enterprise
from lingong.jobs.models import JobPosting, JobStatus
from lingong.notifications.services import notify
from lingong.org.models import Division, Station
from lingong.taxonomy.models import CertificateType, Occupation
from lingong.training.access import can_edit_providers, can_manage
from lingong.training.models import (
    COURSE_LIFECYCLE,
    ENROLMENT_LIFECYCLE,
    ORDER_LIFECYCLE,
    SEAT_STATUSES,
    Course,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentChannel,
    EnrolmentStatus,
    OrderStatus,
    TrainingOrder,
    TrainingOrderEmployer,
    TrainingProvider,
)
from lingong.workers.models import TargetGroup, WorkerProfile

MAX_PLACES = 1000
MAX_CAPACITY = 1000
MAX_MONEY = Decimal("99999999.99")
MAX_JOBS = 20
MAX_SESSIONS = 60
ORDER_JOB_STATUSES = (JobStatus.DRAFT, JobStatus.PENDING_REVIEW, JobStatus.OPEN)
ACTIVE_COURSE = (CourseStatus.ENROLLING, CourseStatus.IN_PROGRESS)


def _err(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, errors=errors)


def _new_code(model: Any, prefix: str) -> str:
    day = timezone.localdate().strftime("%y%m%d")
    while True:
        code = f"{prefix}{day}{secrets.randbelow(10**6):06d}"
        if not model.objects.filter(code=code).exists():
            return code


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


# --- Providers -------------------------------------------------------------------------------------------


@dataclass
class ProviderInput:
    name: str = ""
    licence_number: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    enterprise_id: int | None = None
    is_active: bool = True


def _provider_errors(data: ProviderInput, market_id: int, provider_id: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not 2 <= len((data.name or "").strip()) <= 100:
        _err(errors, "name", _("请填写2至100个字的培训机构名称"))
    if len(data.licence_number or "") > 64:
        _err(errors, "licence_number", _("办学许可证号不能超过64个字符"))
    if len(data.contact_name or "") > 30:
        _err(errors, "contact_name", _("联系人不能超过30个字"))
    if len(data.contact_phone or "") > 20:
        _err(errors, "contact_phone", _("联系电话不能超过20个字符"))
    if len(data.address or "") > 200:
        _err(errors, "address", _("地址不能超过200个字"))
    if data.enterprise_id is not None:
        enterprise = Enterprise.objects.filter(pk=data.enterprise_id, market_id=market_id).first()
        if enterprise is None:
            _err(errors, "enterprise_id", _("对应单位不存在"))
        else:
            taken = TrainingProvider.objects.filter(enterprise=enterprise).exclude(pk=provider_id or 0)
            if taken.exists():
                _err(errors, "enterprise_id", _("该单位已对应另一家培训机构"))
    return errors


def _require_provider_editor(actor: User) -> None:
    require_staff(actor)
    if not can_edit_providers(actor):
        raise PermissionDeniedError(_("只有市场管理员和服务中心工作人员可以维护培训机构。"))


def _provider_fields(provider: TrainingProvider, data: ProviderInput) -> None:
    provider.name = data.name.strip()
    provider.licence_number = (data.licence_number or "").strip()
    provider.contact_name = (data.contact_name or "").strip()
    provider.contact_phone = (data.contact_phone or "").strip()
    provider.address = (data.address or "").strip()
    provider.enterprise_id = data.enterprise_id
    provider.is_active = bool(data.is_active)


def create_provider(*, actor: User, data: ProviderInput) -> TrainingProvider:
    _require_provider_editor(actor)
    market_id = int(actor.market_id or 0)
    _raise(_provider_errors(data, market_id, None))
    with transaction.atomic():
        provider = TrainingProvider(market_id=market_id)
        _provider_fields(provider, data)
        provider.save()
        trail.record(
            action="training.provider_created",
            obj=provider,
            actor=actor,
            data={"name": provider.name, "enterprise": provider.enterprise_id},
            market=market_id,
        )
    return provider


def update_provider(*, actor: User, provider_id: int, data: ProviderInput) -> TrainingProvider:
    _require_provider_editor(actor)
    with transaction.atomic():
        provider = (
            TrainingProvider.objects.select_for_update()
            .filter(pk=provider_id, market_id=actor.market_id or 0)
            .first()
        )
        if provider is None:
            raise NotFoundError(_("培训机构不存在"))
        _raise(_provider_errors(data, provider.market_id, provider.pk))
        _provider_fields(provider, data)
        provider.save()
        trail.record(
            action="training.provider_updated",
            obj=provider,
            actor=actor,
            data={"name": provider.name, "enterprise": provider.enterprise_id, "active": provider.is_active},
            market=provider.market_id,
        )
    return provider


# --- Orders ----------------------------------------------------------------------------------------------


@dataclass
class OrderInput:
    title: str = ""
    occupation: str = ""
    certificate_type: str = ""
    skill_note: str = ""
    places: int | None = None
    job_ids: list[int] = field(default_factory=list)
    note: str = ""


def _order_errors(data: OrderInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not 2 <= len((data.title or "").strip()) <= 60:
        _err(errors, "title", _("请填写2至60个字的订单名称"))
    if not data.occupation or not Occupation.objects.filter(pk=data.occupation).exists():
        _err(errors, "occupation", _("请选择培训工种"))
    if data.certificate_type and not CertificateType.objects.filter(pk=data.certificate_type).exists():
        _err(errors, "certificate_type", _("所需证书无效"))
    if len(data.skill_note or "") > 300:
        _err(errors, "skill_note", _("技能要求不能超过300字"))
    errors.update(_part_errors(data.places, data.note))
    return errors


def _part_errors(places: int | None, note: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(places, int) or isinstance(places, bool) or not 1 <= places <= MAX_PLACES:
        _err(errors, "places", _("承诺录用人数须为1至%(n)d人") % {"n": MAX_PLACES})
    if len(note or "") > 200:
        _err(errors, "note", _("备注不能超过200字"))
    return errors


def _order_jobs(enterprise: Enterprise, job_ids: list[int]) -> tuple[list[JobPosting], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    ids = list(dict.fromkeys(job_ids or []))
    if len(ids) > MAX_JOBS:
        _err(errors, "job_ids", _("每家单位最多关联%(n)d个岗位") % {"n": MAX_JOBS})
        return [], errors
    jobs = list(JobPosting.objects.filter(pk__in=ids, enterprise=enterprise))
    if len(jobs) != len(ids):
        _err(errors, "job_ids", _("只能选择本单位的岗位"))
    closed = [j.title for j in jobs if j.status not in ORDER_JOB_STATUSES]
    if closed:
        _err(errors, "job_ids", _("岗位“%(t)s”已结束，不能关联") % {"t": "、".join(closed)})
    return jobs, errors


def _verified_employer(actor: User) -> Enterprise:
    require_role(actor, Role.EMPLOYER)
    enterprise = enterprise_of(actor)
    if enterprise is None:
        raise PermissionDeniedError(_("您的账户尚未关联用工单位。"))
    if not enterprise.is_verified:
        raise PermissionDeniedError(_("用工单位通过认证后才能提交培训订单。"), code="not_verified")
    return enterprise


def _add_part(
    order: TrainingOrder, enterprise: Enterprise, places: int, jobs: list[JobPosting], note: str
) -> Any:
    try:
        with transaction.atomic():
            part = TrainingOrderEmployer.objects.create(
                order=order, enterprise=enterprise, places=places, note=(note or "").strip()
            )
    except IntegrityError:
        raise ConflictError(_("该单位已在本订单中"), code="already_in_order") from None
    part.jobs.set(jobs)
    return part


def _create_order(
    actor: User, data: OrderInput, enterprise: Enterprise, jobs: list[JobPosting]
) -> TrainingOrder:
    order = TrainingOrder.objects.create(
        market_id=enterprise.market_id,
        code=_new_code(TrainingOrder, "PX"),
        title=data.title.strip(),
        occupation_id=data.occupation,
        certificate_type_id=data.certificate_type or None,
        skill_note=(data.skill_note or "").strip(),
        station=enterprise.station,
        created_by=actor,
    )
    _add_part(order, enterprise, int(data.places or 0), jobs, data.note)
    trail.record(
        action="training.order_submitted",
        obj=order,
        actor=actor,
        data={"enterprise": enterprise.pk, "places": data.places, "jobs": [j.pk for j in jobs]},
        market=order.market_id,
    )
    return order


def submit_order(*, actor: User, data: OrderInput) -> TrainingOrder:
    """An employer's own order: what it will hire, for which of its jobs."""
    enterprise = _verified_employer(actor)
    errors = _order_errors(data)
    jobs, job_errors = _order_jobs(enterprise, data.job_ids)
    errors.update(job_errors)
    _raise(errors)
    with transaction.atomic():
        order = _create_order(actor, data, enterprise, jobs)
    _notify_station_staff(order)
    return order


def create_order_for(*, actor: User, enterprise_id: int, data: OrderInput) -> TrainingOrder:
    """Staff create an order on behalf of an employer of their scope."""
    require_staff(actor)
    enterprise = require_enterprise_in_scope(
        actor, Enterprise.objects.select_related("station").filter(pk=enterprise_id).first()
    )
    errors = _order_errors(data)
    jobs, job_errors = _order_jobs(enterprise, data.job_ids)
    errors.update(job_errors)
    _raise(errors)
    with transaction.atomic():
        return _create_order(actor, data, enterprise, jobs)


def _notify_station_staff(order: TrainingOrder) -> None:
    if order.station_id is None:
        return
    url = reverse("training:staff_order", args=[order.pk])
    for user in User.objects.filter(role=Role.STATION_STAFF, station_id=order.station_id, is_active=True):
        notify(
            user=user,
            kind="training_order_submitted",
            title=_("新的培训订单：%(t)s") % {"t": order.title},
            url=url,
            link_text=_("查看培训订单"),
            sms=False,
        )


def _lock_order(order_id: int) -> TrainingOrder:
    order = (
        TrainingOrder.objects.select_for_update(of=("self",))
        .select_related("station")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFoundError(_("培训订单不存在"))
    return order


def _managed_order(actor: User, order_id: int) -> TrainingOrder:
    require_staff(actor)
    order = _lock_order(order_id)
    if not can_manage(actor, order):
        raise NotFoundError(_("培训订单不存在"))
    return order


def add_order_employer(
    *, actor: User, order_id: int, enterprise_id: int, places: int, job_ids: list[int], note: str = ""
) -> TrainingOrderEmployer:
    """Staff add a further employer (of their scope) to an order that is not over."""
    with transaction.atomic():
        order = _managed_order(actor, order_id)
        if order.status not in (OrderStatus.SUBMITTED, OrderStatus.SCHEDULED):
            raise ConflictError(ORDER_LIFECYCLE.refusal(order.status), code="invalid_transition")
        enterprise = require_enterprise_in_scope(
            actor, Enterprise.objects.select_related("station").filter(pk=enterprise_id).first()
        )
        if not enterprise.is_verified:
            raise InvalidInput(_("该单位尚未通过认证"), errors={"enterprise_id": [_("该单位尚未通过认证")]})
        errors = _part_errors(places, note)
        jobs, job_errors = _order_jobs(enterprise, job_ids)
        errors.update(job_errors)
        _raise(errors)
        part = _add_part(order, enterprise, places, jobs, note)
        trail.record(
            action="training.order_employer_added",
            obj=order,
            actor=actor,
            data={"enterprise": enterprise.pk, "places": places, "jobs": [j.pk for j in jobs]},
            market=order.market_id,
        )
    return part


def cancel_order(*, actor: User, order_id: int, reason: str = "") -> TrainingOrder:
    """Staff in scope, or the submitting employer, cancel an order before a course is made of it."""
    if len(reason or "") > 200:
        raise InvalidInput(_("取消原因不能超过200字"), errors={"reason": [_("取消原因不能超过200字")]})
    with transaction.atomic():
        if is_staff(actor):
            order = _managed_order(actor, order_id)
        else:
            require_role(actor, Role.EMPLOYER)
            order = _lock_order(order_id)
            enterprise = enterprise_of(actor)
            submitter = enterprise_of(order.created_by) if order.created_by_id else None
            if enterprise is None or not order.employers.filter(enterprise=enterprise).exists():
                raise NotFoundError(_("培训订单不存在"))
            if submitter is None or submitter.pk != enterprise.pk:
                raise PermissionDeniedError(_("只有提交订单的单位可以取消订单。"))
        if order.status == OrderStatus.SCHEDULED:
            raise ConflictError(_("订单已开班，不能取消；请先取消培训班。"), code="order_scheduled")
        ORDER_LIFECYCLE.advance(
            order, OrderStatus.CANCELLED, actor=actor, stamp="cancelled_at", data={"reason": reason}
        )
    return order


# --- Courses ---------------------------------------------------------------------------------------------


@dataclass
class SessionInput:
    topic: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None


@dataclass
class CourseInput:
    provider_id: int | None = None
    title: str = ""
    occupation: str = ""
    certificate_type: str = ""
    syllabus: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    place: str = ""
    division: str = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int | None = None
    cost_per_person: Any = None
    subsidy_per_person: Any = Decimal("0")
    subsidy_groups: list[str] = field(default_factory=list)
    subsidy_note: str = ""
    exam_date: dt.date | None = None
    exam_place: str = ""
    exam_note: str = ""
    pass_score: Any = Decimal("60")
    station_id: int | None = None
    sessions: list[SessionInput] = field(default_factory=list)


def course_errors(data: CourseInput, market_id: int, *, creating: bool) -> dict[str, list[str]]:
    """Every problem with a course's details, by field, all at once."""
    errors: dict[str, list[str]] = {}
    if (
        data.provider_id is None
        or not TrainingProvider.objects.filter(
            pk=data.provider_id, market_id=market_id, is_active=True
        ).exists()
    ):
        _err(errors, "provider_id", _("请选择合作中的培训机构"))
    if not 2 <= len((data.title or "").strip()) <= 60:
        _err(errors, "title", _("请填写2至60个字的班级名称"))
    if not data.occupation or not Occupation.objects.filter(pk=data.occupation).exists():
        _err(errors, "occupation", _("请选择培训工种"))
    if data.certificate_type and not CertificateType.objects.filter(pk=data.certificate_type).exists():
        _err(errors, "certificate_type", _("对应证书无效"))
    if not (data.syllabus or "").strip():
        _err(errors, "syllabus", _("请填写培训内容"))
    elif len(data.syllabus) > 4000:
        _err(errors, "syllabus", _("培训内容不能超过4000字"))
    if data.start_date is None:
        _err(errors, "start_date", _("请填写开班日期"))
    if data.end_date is None:
        _err(errors, "end_date", _("请填写结业日期"))
    if data.start_date and data.end_date and data.end_date < data.start_date:
        _err(errors, "end_date", _("结业日期不能早于开班日期"))
    if creating and data.start_date and data.start_date < timezone.localdate():
        _err(errors, "start_date", _("开班日期不能早于今天"))
    if not (data.place or "").strip():
        _err(errors, "place", _("请填写上课地点"))
    elif len(data.place) > 200:
        _err(errors, "place", _("上课地点不能超过200字"))
    if data.division and not Division.objects.filter(pk=data.division).exists():
        _err(errors, "division", _("所在区划无效"))
    if (data.lat is None) != (data.lon is None):
        _err(errors, "lat", _("请同时填写纬度和经度"))
    if data.lat is not None and not -90 <= data.lat <= 90:
        _err(errors, "lat", _("纬度无效"))
    if data.lon is not None and not -180 <= data.lon <= 180:
        _err(errors, "lon", _("经度无效"))
    capacity = data.capacity
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= MAX_CAPACITY:
        _err(errors, "capacity", _("招生人数须为1至%(n)d人") % {"n": MAX_CAPACITY})
    cost = _money(data.cost_per_person)
    subsidy = _money(data.subsidy_per_person if data.subsidy_per_person not in (None, "") else 0)
    if cost is None or cost < 0 or cost > MAX_MONEY:
        _err(errors, "cost_per_person", _("请填写不小于0的培训费用"))
    if subsidy is None or subsidy < 0 or subsidy > MAX_MONEY:
        _err(errors, "subsidy_per_person", _("培训补贴不能为负数"))
    if cost is not None and subsidy is not None and subsidy > cost >= 0:
        _err(errors, "subsidy_per_person", _("培训补贴不能高于培训费用"))
    bad_groups = [g for g in data.subsidy_groups or [] if g not in TargetGroup.values]
    if bad_groups:
        _err(errors, "subsidy_groups", _("补贴对象无效"))
    if subsidy and not data.subsidy_groups:
        _err(errors, "subsidy_groups", _("有培训补贴时请选择补贴对象"))
    if len(data.subsidy_note or "") > 300:
        _err(errors, "subsidy_note", _("补贴政策说明不能超过300字"))
    if data.exam_date and data.start_date and data.exam_date < data.start_date:
        _err(errors, "exam_date", _("考核日期不能早于开班日期"))
    if len(data.exam_place or "") > 200:
        _err(errors, "exam_place", _("考核地点不能超过200字"))
    if len(data.exam_note or "") > 300:
        _err(errors, "exam_note", _("考核方式不能超过300字"))
    score = _money(data.pass_score)
    if score is None or not 0 <= score <= 100:
        _err(errors, "pass_score", _("合格分数须为0至100分"))
    if len(data.sessions or []) > MAX_SESSIONS:
        _err(errors, "sessions", _("课次不能超过%(n)d次") % {"n": MAX_SESSIONS})
    for item in data.sessions or []:
        errors.update(session_errors(item, data.start_date, data.end_date))
    return errors


def session_errors(item: SessionInput, start: dt.date | None, end: dt.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if len(item.topic or "") > 100:
        _err(errors, "sessions", _("课次内容不能超过100字"))
    if item.starts_at is None or item.ends_at is None:
        _err(errors, "sessions", _("请填写课次的开始和结束时间"))
    elif item.ends_at <= item.starts_at:
        _err(errors, "sessions", _("课次的结束时间须晚于开始时间"))
    elif start and end:
        day = timezone.localtime(_aware(item.starts_at)).date()
        if not start <= day <= end:
            _err(errors, "sessions", _("课次须在开班日期和结业日期之间"))
    return errors


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _new_token() -> str:
    while True:
        token = secrets.token_urlsafe(32)
        if not CourseSession.objects.filter(checkin_token=token).exists():
            return token


def _add_sessions(course: Course, items: list[SessionInput]) -> list[CourseSession]:
    last = course.sessions.order_by("-seq").values_list("seq", flat=True).first() or 0
    made = []
    for offset, item in enumerate(sorted(items, key=lambda s: _aware(s.starts_at))):  # type: ignore[arg-type]
        made.append(
            CourseSession.objects.create(
                course=course,
                seq=last + offset + 1,
                topic=(item.topic or "").strip(),
                starts_at=_aware(item.starts_at),  # type: ignore[arg-type]
                ends_at=_aware(item.ends_at),  # type: ignore[arg-type]
                checkin_token=_new_token(),
            )
        )
    return made


def _course_station(actor: User, order: TrainingOrder | None, station_id: int | None) -> Station | None:
    if order is not None:
        return order.station
    if actor.role == Role.STATION_STAFF:
        station = Station.objects.filter(pk=actor.station_id or 0).first()
        if station is None:
            raise PermissionDeniedError(_("您尚未关联驿站，不能开设培训班。"))
        return station
    if station_id is not None:
        station = Station.objects.filter(pk=station_id, market_id=actor.market_id or 0).first()
        if station is None or not staff_can_see_station(actor, station):
            raise InvalidInput(_("负责驿站无效"), errors={"station_id": [_("负责驿站无效")]})
        return station
    if actor.role == Role.CENTRE_STAFF:
        raise InvalidInput(_("请选择负责驿站"), errors={"station_id": [_("请选择负责驿站")]})
    return None


def _course_fields(course: Course, data: CourseInput) -> None:
    # Called after course_errors: the provider, the dates and the capacity are there.
    assert data.provider_id is not None and data.start_date is not None and data.end_date is not None
    course.provider_id = data.provider_id
    course.title = data.title.strip()
    course.occupation_id = data.occupation
    course.certificate_type_id = data.certificate_type or None
    course.syllabus = data.syllabus.strip()
    course.start_date = data.start_date
    course.end_date = data.end_date
    course.place = data.place.strip()
    course.division_id = data.division or None
    course.lat, course.lon = data.lat, data.lon
    course.capacity = int(data.capacity or 0)
    course.cost_per_person = _money(data.cost_per_person) or Decimal("0")
    course.subsidy_per_person = _money(data.subsidy_per_person) or Decimal("0")
    course.subsidy_groups = list(dict.fromkeys(data.subsidy_groups or []))
    course.subsidy_note = (data.subsidy_note or "").strip()
    course.exam_date = data.exam_date
    course.exam_place = (data.exam_place or "").strip()
    course.exam_note = (data.exam_note or "").strip()
    course.pass_score = _money(data.pass_score) or Decimal("0")


def create_course(*, actor: User, data: CourseInput, order_id: int | None = None) -> Course:
    """Staff open a course, from an order (which moves to SCHEDULED) or on its own. An order's occupation
    and certificate are the course's unless the course names its own."""
    require_staff(actor)
    with transaction.atomic():
        order = _managed_order(actor, order_id) if order_id is not None else None
        if order is not None:
            if order.status not in (OrderStatus.SUBMITTED, OrderStatus.SCHEDULED):
                raise ConflictError(ORDER_LIFECYCLE.refusal(order.status), code="invalid_transition")
            data.occupation = data.occupation or order.occupation_id
            data.certificate_type = data.certificate_type or (order.certificate_type_id or "")
        market_id = int(actor.market_id or 0)
        _raise(course_errors(data, market_id, creating=True))
        station = _course_station(actor, order, data.station_id)
        course = Course(
            market_id=market_id, order=order, station=station, code=_new_code(Course, "KC"), created_by=actor
        )
        _course_fields(course, data)
        course.save()
        sessions = _add_sessions(course, data.sessions)
        trail.record(
            action="training.course_created",
            obj=course,
            actor=actor,
            data={"order": order_id, "capacity": course.capacity, "sessions": len(sessions)},
            market=market_id,
        )
        if order is not None and order.status == OrderStatus.SUBMITTED:
            ORDER_LIFECYCLE.advance(
                order, OrderStatus.SCHEDULED, actor=actor, stamp="scheduled_at", data={"course": course.pk}
            )
    if order is not None:
        _notify_order_employers(order, course)
    return course


def _notify_order_employers(order: TrainingOrder, course: Course) -> None:
    url = reverse("training:employer_order", args=[order.pk])
    members = User.objects.filter(
        membership__enterprise_id__in=order.employers.values("enterprise_id"), is_active=True
    )
    for user in members:
        notify(
            user=user,
            kind="training_order_scheduled",
            title=_("您的培训订单“%(t)s”已开班：%(c)s") % {"t": order.title, "c": course.title},
            url=url,
            link_text=_("查看培训订单"),
            idempotency_key=f"training_order_scheduled:{course.pk}:{user.pk}",
        )


def lock_course(course_id: int) -> Course:
    course = (
        Course.objects.select_for_update(of=("self",)).select_related("station").filter(pk=course_id).first()
    )
    if course is None:
        raise NotFoundError(_("培训班不存在"))
    return course


def managed_course(actor: User, course_id: int) -> Course:
    """The locked course if the staff member manages it; 404 for other staff, 403 for the rest."""
    require_staff(actor)
    course = lock_course(course_id)
    if not can_manage(actor, course):
        raise NotFoundError(_("培训班不存在"))
    return course


def seats_taken(course: Course) -> int:
    return Enrolment.objects.filter(course=course, status__in=SEAT_STATUSES).count()


def update_course(*, actor: User, course_id: int, data: CourseInput) -> Course:
    """Edit a course that is not over; the capacity never below the seats taken. A larger capacity lets
    the waiting list in."""
    with transaction.atomic():
        course = managed_course(actor, course_id)
        if course.status not in ACTIVE_COURSE:
            raise ConflictError(COURSE_LIFECYCLE.refusal(course.status), code="invalid_transition")
        data.sessions = []
        errors = course_errors(data, course.market_id, creating=False)
        taken = seats_taken(course)
        if isinstance(data.capacity, int) and data.capacity < taken and "capacity" not in errors:
            _err(
                errors,
                "capacity",
                _("已有%(n)d人报名，招生人数不能少于%(n)d人") % {"n": taken},
            )
        _raise(errors)
        _course_fields(course, data)
        course.save()
        trail.record(
            action="training.course_updated",
            obj=course,
            actor=actor,
            data={"capacity": course.capacity},
            market=course.market_id,
        )
        _promote(course, actor)
    return course


def add_session(*, actor: User, course_id: int, item: SessionInput) -> CourseSession:
    with transaction.atomic():
        course = managed_course(actor, course_id)
        if course.status not in ACTIVE_COURSE:
            raise ConflictError(COURSE_LIFECYCLE.refusal(course.status), code="invalid_transition")
        errors = session_errors(item, course.start_date, course.end_date)
        if course.sessions.count() >= MAX_SESSIONS:
            _err(errors, "sessions", _("课次不能超过%(n)d次") % {"n": MAX_SESSIONS})
        _raise(errors)
        (session,) = _add_sessions(course, [item])
        trail.record(
            action="training.session_added",
            obj=course,
            actor=actor,
            data={"session": session.pk, "seq": session.seq},
            market=course.market_id,
        )
    return session


def start_course(*, actor: User, course_id: int) -> Course:
    with transaction.atomic():
        course = managed_course(actor, course_id)
        COURSE_LIFECYCLE.guard(course, CourseStatus.IN_PROGRESS)
        if seats_taken(course) == 0:
            raise ConflictError(_("还没有学员入班，不能开课"), code="no_students")
        COURSE_LIFECYCLE.advance(course, CourseStatus.IN_PROGRESS, actor=actor, stamp="started_at")
    return course


def _drop_waitlist(course: Course, actor: User, reason: str) -> list[Enrolment]:
    dropped = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("worker__user")
        .filter(course=course, status=EnrolmentStatus.WAITLISTED)
    )
    for enrolment in dropped:
        ENROLMENT_LIFECYCLE.advance(
            enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, stamp="withdrawn_at", data={"reason": reason}
        )
    return dropped


def complete_course(*, actor: User, course_id: int) -> Course:
    """The course is over (results are entered by the provider); the waiting list is closed and the order
    is closed once none of its courses is still running. Lock order: the order, then the course."""
    order_id = Course.objects.filter(pk=course_id).values_list("order_id", flat=True).first()
    with transaction.atomic():
        order = _lock_order(order_id) if order_id is not None else None
        course = managed_course(actor, course_id)
        COURSE_LIFECYCLE.advance(course, CourseStatus.COMPLETED, actor=actor, stamp="completed_at")
        _drop_waitlist(course, actor, "course_completed")
        if order is not None:
            running = order.courses.filter(status__in=ACTIVE_COURSE).exists()
            if order.status == OrderStatus.SCHEDULED and not running:
                ORDER_LIFECYCLE.advance(order, OrderStatus.CLOSED, actor=actor, stamp="closed_at")
    return course


def cancel_course(*, actor: User, course_id: int, reason: str = "") -> Course:
    """Cancel a course: every enrolled or waiting worker is withdrawn and told."""
    if len(reason or "") > 200:
        raise InvalidInput(_("取消原因不能超过200字"), errors={"reason": [_("取消原因不能超过200字")]})
    with transaction.atomic():
        course = managed_course(actor, course_id)
        COURSE_LIFECYCLE.advance(
            course, CourseStatus.CANCELLED, actor=actor, stamp="cancelled_at", data={"reason": reason}
        )
        told = list(
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("worker__user")
            .filter(course=course, status=EnrolmentStatus.ENROLLED)
        )
        for enrolment in told:
            ENROLMENT_LIFECYCLE.advance(
                enrolment,
                EnrolmentStatus.WITHDRAWN,
                actor=actor,
                stamp="withdrawn_at",
                data={"reason": "course_cancelled"},
            )
        told += _drop_waitlist(course, actor, "course_cancelled")
        url = reverse("training:course", args=[course.pk])
        for enrolment in told:
            notify(
                user=enrolment.worker.user,
                kind="training_course_cancelled",
                title=_("培训班“%(t)s”已取消") % {"t": course.title},
                body=reason,
                url=url,
                link_text=_("查看培训班"),
                idempotency_key=f"training_course_cancelled:{enrolment.pk}",
            )
    return course


# --- Enrolment and the waiting list ------------------------------------------------------------------------


def _worker_of(actor: User) -> WorkerProfile:
    require_role(actor, Role.WORKER)
    worker = WorkerProfile.objects.filter(user=actor).first()
    if worker is None:
        raise PermissionDeniedError(_("请先完善求职者资料。"))
    return worker


def _enrol(
    course: Course,
    worker: WorkerProfile,
    *,
    actor: User,
    channel: str,
    waitlist: bool,
    recommended: bool,
) -> Enrolment:
    """Enrol a worker in the locked course: a seat while there is one, else the waiting list."""
    if course.status != CourseStatus.ENROLLING:
        raise ConflictError(_("该培训班不在招生中，不能报名"), code="course_not_enrolling")
    existing = Enrolment.objects.filter(course=course, worker=worker).first()
    if existing is not None:
        raise ConflictError(
            _("已报名本班（%(s)s），不能重复报名") % {"s": existing.get_status_display()},
            code="already_enrolled",
        )
    has_seat = seats_taken(course) < course.capacity
    if not has_seat and not waitlist:
        raise ConflictError(
            _("该培训班名额已满"),
            code="course_full",
            errors={"course": [_("名额已满（%(n)d人），可加入候补名单") % {"n": course.capacity}]},
        )
    now = timezone.now()
    status = EnrolmentStatus.ENROLLED if has_seat else EnrolmentStatus.WAITLISTED
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                course=course,
                worker=worker,
                status=status,
                channel=channel,
                enrolled_by=actor,
                recommended=recommended,
                created_at=now,
                enrolled_at=now if has_seat else None,
            )
    except IntegrityError:  # the same worker at the same moment (the constraint holds)
        raise ConflictError(_("已报名本班，不能重复报名"), code="already_enrolled") from None
    trail.record(
        action="training.enrolled" if has_seat else "training.waitlisted",
        obj=enrolment,
        actor=actor,
        data={"course": course.pk, "worker": worker.pk, "channel": channel, "recommended": recommended},
        market=course.market_id,
    )
    return enrolment


def enrol(*, actor: User, course_id: int, waitlist: bool = True, recommended: bool = False) -> Enrolment:
    """A worker enrols in an enrolling course of their market."""
    worker = _worker_of(actor)
    with transaction.atomic():
        course = lock_course(course_id)
        if course.market_id != worker.market_id:
            raise NotFoundError(_("培训班不存在"))
        return _enrol(
            course,
            worker,
            actor=actor,
            channel=EnrolmentChannel.SELF,
            waitlist=waitlist,
            recommended=recommended,
        )


def _worker_in_scope(actor: User, worker: WorkerProfile) -> bool:
    if worker.market_id != actor.market_id:
        return False
    if actor.role == Role.MARKET_ADMIN:
        return True
    return worker.station_id is not None and staff_can_see_station(actor, worker.station)


def enrol_walk_in(
    *,
    actor: User,
    course_id: int,
    worker_id: int | None = None,
    phone: str | None = None,
    waitlist: bool = True,
) -> Enrolment:
    """Staff of the course enrol a worker who came to the station: by id (a worker of their scope) or by
    the phone number the worker gives (any worker of the market: the person is there)."""
    with transaction.atomic():
        course = managed_course(actor, course_id)
        if worker_id is not None:
            worker = WorkerProfile.objects.select_related("station").filter(pk=worker_id).first()
            if worker is None or not _worker_in_scope(actor, worker):
                raise NotFoundError(_("求职者不存在"))
        else:
            try:
                number = accounts.clean_phone(phone or "")
            except InvalidInput:
                message = _("请填写正确的手机号")
                raise InvalidInput(message, errors={"phone": [message]}) from None
            worker = WorkerProfile.objects.filter(user__phone=number, market_id=course.market_id).first()
            if worker is None:
                raise InvalidInput(
                    _("该手机号尚未登记，请先为求职者代为登记"), errors={"phone": [_("该手机号尚未登记")]}
                )
        enrolment = _enrol(
            course, worker, actor=actor, channel=EnrolmentChannel.STAFF, waitlist=waitlist, recommended=False
        )
    return enrolment


def _promote(course: Course, actor: Any) -> list[Enrolment]:
    """Fill free seats of the locked course from its waiting list, first come first served."""
    if course.status not in ACTIVE_COURSE:
        return []
    free = course.capacity - seats_taken(course)
    if free <= 0:
        return []
    promoted = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("worker__user")
        .filter(course=course, status=EnrolmentStatus.WAITLISTED)
        .order_by("created_at", "id")[:free]
    )
    url = reverse("training:course", args=[course.pk])
    for enrolment in promoted:
        ENROLMENT_LIFECYCLE.advance(
            enrolment,
            EnrolmentStatus.ENROLLED,
            actor=actor,
            stamp="enrolled_at",
            data={"from_waitlist": True},
        )
        notify(
            user=enrolment.worker.user,
            kind="training_waitlist_promoted",
            title=_("候补成功：您已进入培训班“%(t)s”") % {"t": course.title},
            url=url,
            link_text=_("查看培训班"),
            idempotency_key=f"training_waitlist_promoted:{enrolment.pk}",
        )
    return promoted


def withdraw(*, actor: User, enrolment_id: int) -> Enrolment:
    """The worker (their own) or staff of the course withdraw an enrolment; a freed seat goes to the first
    worker on the waiting list."""
    row = Enrolment.objects.filter(pk=enrolment_id).values("course_id", "worker__user_id").first()
    if row is None:
        raise NotFoundError(_("报名记录不存在"))
    with transaction.atomic():
        if is_staff(actor):
            course = managed_course(actor, row["course_id"])
        else:
            require_role(actor, Role.WORKER)
            if row["worker__user_id"] != actor.pk:
                raise NotFoundError(_("报名记录不存在"))
            course = lock_course(row["course_id"])
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_id)
        if course.status not in ACTIVE_COURSE:
            raise ConflictError(_("培训班已结束，不能退出"), code="course_over")
        ENROLMENT_LIFECYCLE.advance(enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, stamp="withdrawn_at")
        _promote(course, actor)
    return enrolment
