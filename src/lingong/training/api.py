"""Order-based training in the API (course part): providers, training orders, courses and their sessions,
enrolment and the waiting list. Thin: each operation calls one service or selector. Attendance, results and
certificates are in certificate_api.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import InvalidInput, PermissionDeniedError
from lingong.core.masking import mask_name
from lingong.core.schemas import ERRORS, Code, RowId
from lingong.training import selectors, services
from lingong.training.models import Course, CourseSession, Enrolment, TrainingOrder, TrainingProvider
from lingong.workers.models import WorkerProfile

router = Router(tags=["订单式培训"])


# --- Schemas -------------------------------------------------------------------------------------------


class TrainingProviderIn(Schema):
    name: str = Field(max_length=100)
    licence_number: str = Field("", max_length=64)
    contact_name: str = Field("", max_length=30)
    contact_phone: str = Field("", max_length=20)
    address: str = Field("", max_length=200)
    enterprise_id: RowId | None = Field(None, description="对应的单位账号：其成员代表培训机构录入成绩")
    is_active: bool = True


class TrainingProviderOut(Schema):
    id: int
    name: str
    licence_number: str
    contact_name: str
    contact_phone: str
    address: str
    enterprise_id: int | None
    is_active: bool


class TrainingOrderIn(Schema):
    title: str = Field(max_length=60)
    occupation: Code
    certificate_type: Code = Field("", description="所需证书代码；可不填")
    skill_note: str = Field("", max_length=300)
    places: int = Field(ge=1, le=1000, description="承诺录用人数")
    job_ids: list[RowId] = Field([], max_length=20, description="本单位的岗位（草稿、待审核或招聘中）")
    note: str = Field("", max_length=200)
    enterprise_id: RowId | None = Field(None, description="工作人员代用工单位提交时：本辖区的单位")


class TrainingOrderEmployerIn(Schema):
    enterprise_id: RowId
    places: int = Field(ge=1, le=1000)
    job_ids: list[RowId] = Field([], max_length=20)
    note: str = Field("", max_length=200)


class TrainingReasonIn(Schema):
    reason: str = Field("", max_length=200)


class TrainingOrderEmployerOut(Schema):
    enterprise_id: int
    enterprise: str
    places: int
    job_ids: list[int]
    note: str


class TrainingOrderOut(Schema):
    id: int
    code: str
    title: str
    occupation: str
    certificate_type: str | None
    skill_note: str
    status: str
    status_label: str
    places: int
    employers: list[TrainingOrderEmployerOut]
    course_ids: list[int]
    created_at: dt.datetime


class TrainingSessionIn(Schema):
    topic: str = Field("", max_length=100)
    starts_at: dt.datetime
    ends_at: dt.datetime


class TrainingCourseIn(Schema):
    order_id: RowId | None = Field(None, description="由培训订单开班时填写")
    provider_id: RowId
    title: str = Field(max_length=60)
    occupation: Code = Field("", description="不填则用订单的工种")
    certificate_type: Code = Field("", description="不填则用订单的证书")
    syllabus: str = Field(max_length=4000)
    start_date: dt.date
    end_date: dt.date
    place: str = Field(max_length=200)
    division: Code = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int = Field(description="1至1000人")
    cost_per_person: Decimal = Field(max_digits=10, decimal_places=2)
    subsidy_per_person: Decimal = Field(Decimal("0"), max_digits=10, decimal_places=2)
    subsidy_groups: list[Code] = Field([], max_length=10, description="补贴对象（重点群体代码）")
    subsidy_note: str = Field("", max_length=300)
    exam_date: dt.date | None = None
    exam_place: str = Field("", max_length=200)
    exam_note: str = Field("", max_length=300)
    pass_score: Decimal = Field(Decimal("60"), max_digits=5, decimal_places=1)
    station_id: RowId | None = Field(None, description="负责驿站（市场管理员、服务中心可选）")
    sessions: list[TrainingSessionIn] = Field([], max_length=60)


class TrainingCourseUpdateIn(Schema):
    provider_id: RowId
    title: str = Field(max_length=60)
    occupation: Code
    certificate_type: Code = ""
    syllabus: str = Field(max_length=4000)
    start_date: dt.date
    end_date: dt.date
    place: str = Field(max_length=200)
    division: Code = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int
    cost_per_person: Decimal = Field(max_digits=10, decimal_places=2)
    subsidy_per_person: Decimal = Field(Decimal("0"), max_digits=10, decimal_places=2)
    subsidy_groups: list[Code] = Field([], max_length=10)
    subsidy_note: str = Field("", max_length=300)
    exam_date: dt.date | None = None
    exam_place: str = Field("", max_length=200)
    exam_note: str = Field("", max_length=300)
    pass_score: Decimal = Field(Decimal("60"), max_digits=5, decimal_places=1)


class TrainingSessionOut(Schema):
    id: int
    seq: int
    topic: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class TrainingCourseOut(Schema):
    id: int
    code: str
    title: str
    status: str
    status_label: str
    order_id: int | None
    provider: str
    occupation: str
    certificate_type: str | None
    start_date: dt.date
    end_date: dt.date
    place: str
    lat: float | None
    lon: float | None
    capacity: int
    seats_taken: int
    seats_left: int
    waiting: int
    cost_per_person: str
    subsidy_per_person: str
    subsidy_groups: list[str]
    subsidy_note: str
    exam_date: dt.date | None
    exam_place: str
    exam_note: str
    pass_score: str


class TrainingCourseDetailOut(TrainingCourseOut):
    syllabus: str
    sessions: list[TrainingSessionOut]


class TrainingCourseListQuery(Schema):
    market_id: int | None = Field(None, ge=1, le=2_147_483_647, description="零工市场；不填为全部")
    certificate: Code | None = Field(None, description="对应证书代码")


class TrainingEnrolIn(Schema):
    waitlist: bool = Field(True, description="名额已满时是否加入候补；false 则满员时返回 409 course_full")
    recommended: bool = Field(False, description="来自“学个证，多接活”推荐")


class TrainingStaffEnrolIn(Schema):
    worker_id: RowId | None = Field(None, description="本辖区的求职者")
    phone: str | None = Field(None, max_length=20, description="或求职者报的手机号")
    waitlist: bool = True


class TrainingEnrolmentOut(Schema):
    id: int
    course_id: int
    course_title: str
    worker_name: str = Field(description="脱敏姓名")
    status: str
    status_label: str
    channel: str
    recommended: bool
    waitlist_position: int | None
    created_at: dt.datetime


class TrainingRecommendedOut(Schema):
    course: TrainingCourseOut
    certificate_code: str
    certificate_name: str
    places: int = Field(description="学完可多接的岗位名额")


# --- Shapes ----------------------------------------------------------------------------------------------


def provider_out(p: TrainingProvider) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "licence_number": p.licence_number,
        "contact_name": p.contact_name,
        "contact_phone": p.contact_phone,
        "address": p.address,
        "enterprise_id": p.enterprise_id,
        "is_active": p.is_active,
    }


def order_out(order: TrainingOrder) -> dict[str, Any]:
    parts = selectors.order_parts(order)
    return {
        "id": order.pk,
        "code": order.code,
        "title": order.title,
        "occupation": order.occupation_id,
        "certificate_type": order.certificate_type_id,
        "skill_note": order.skill_note,
        "status": order.status,
        "status_label": order.get_status_display(),
        "places": sum(p.places for p in parts),
        "employers": [
            {
                "enterprise_id": p.enterprise_id,
                "enterprise": p.enterprise.name,
                "places": p.places,
                "job_ids": sorted(j.pk for j in p.jobs.all()),
                "note": p.note,
            }
            for p in parts
        ],
        "course_ids": sorted(order.courses.values_list("pk", flat=True)),
        "created_at": order.created_at,
    }


def course_out(course: Course) -> dict[str, Any]:
    taken = getattr(course, "taken", None)
    if taken is None:
        taken = services.seats_taken(course)
    return {
        "id": course.pk,
        "code": course.code,
        "title": course.title,
        "status": course.status,
        "status_label": course.get_status_display(),
        "order_id": course.order_id,
        "provider": course.provider.name,
        "occupation": course.occupation_id,
        "certificate_type": course.certificate_type_id,
        "start_date": course.start_date,
        "end_date": course.end_date,
        "place": course.place,
        "lat": course.lat,
        "lon": course.lon,
        "capacity": course.capacity,
        "seats_taken": taken,
        "seats_left": max(0, course.capacity - taken),
        "waiting": getattr(course, "waiting", 0),
        "cost_per_person": str(course.cost_per_person),
        "subsidy_per_person": str(course.subsidy_per_person),
        "subsidy_groups": list(course.subsidy_groups or []),
        "subsidy_note": course.subsidy_note,
        "exam_date": course.exam_date,
        "exam_place": course.exam_place,
        "exam_note": course.exam_note,
        "pass_score": str(course.pass_score),
    }


def session_out(s: CourseSession) -> dict[str, Any]:
    return {"id": s.pk, "seq": s.seq, "topic": s.topic, "starts_at": s.starts_at, "ends_at": s.ends_at}


def detail_out(course: Course) -> dict[str, Any]:
    return {
        **course_out(course),
        "syllabus": course.syllabus,
        "sessions": [session_out(s) for s in course.sessions.order_by("seq")],
    }


def enrolment_out(e: Enrolment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "course_id": e.course_id,
        "course_title": e.course.title,
        "worker_name": mask_name(e.worker.real_name),
        "status": e.status,
        "status_label": e.get_status_display(),
        "channel": e.channel,
        "recommended": e.recommended,
        "waitlist_position": selectors.waitlist_position(e),
        "created_at": e.created_at,
    }


def _course_input(payload: Schema) -> services.CourseInput:
    data = payload.dict()
    sessions = [services.SessionInput(**s) for s in data.pop("sessions", [])]
    data.pop("order_id", None)
    return services.CourseInput(**data, sessions=sessions)


def _fresh(course_id: int) -> Course:
    return selectors.course_with_seats(course_id)


# --- Providers ------------------------------------------------------------------------------------------


@router.get(
    "/providers",
    auth=AUTH,
    response={200: list[TrainingProviderOut], **ERRORS},
    summary="培训机构（工作人员）",
)
def provider_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [provider_out(p) for p in selectors.providers(request.auth)[:200]]


@router.post(
    "/providers",
    auth=AUTH,
    response={201: TrainingProviderOut, **ERRORS},
    summary="新增培训机构（市场管理员、服务中心）",
)
def provider_create(request: ApiRequest, payload: TrainingProviderIn) -> Status:
    provider = services.create_provider(actor=request.auth, data=services.ProviderInput(**payload.dict()))
    return Status(201, provider_out(provider))


@router.put(
    "/providers/{provider_id}",
    auth=AUTH,
    response={200: TrainingProviderOut, **ERRORS},
    summary="修改培训机构（市场管理员、服务中心）",
)
def provider_update(request: ApiRequest, provider_id: RowId, payload: TrainingProviderIn) -> dict[str, Any]:
    provider = services.update_provider(
        actor=request.auth, provider_id=provider_id, data=services.ProviderInput(**payload.dict())
    )
    return provider_out(provider)


# --- Orders ----------------------------------------------------------------------------------------------


@router.get(
    "/orders",
    auth=AUTH,
    response={200: list[TrainingOrderOut], **ERRORS},
    summary="培训订单：用工单位看本单位的，工作人员看辖区的",
)
def order_list(request: ApiRequest) -> list[dict[str, Any]]:
    user = request.auth
    if is_staff(user):
        orders = selectors.staff_orders(user)
    elif user.role == "employer":
        orders = selectors.employer_orders(user)
    else:
        raise PermissionDeniedError(_("您没有权限查看培训订单。"))
    return [order_out(o) for o in orders[:100]]


@router.post(
    "/orders",
    auth=AUTH,
    response={201: TrainingOrderOut, **ERRORS},
    summary="提交培训订单（已认证的用工单位；工作人员代单位提交时填 enterprise_id）",
)
def order_create(request: ApiRequest, payload: TrainingOrderIn) -> Status:
    data = payload.dict()
    enterprise_id = data.pop("enterprise_id")
    order_input = services.OrderInput(**data)
    if is_staff(request.auth):
        if enterprise_id is None:
            raise InvalidInput(_("请选择用工单位"), errors={"enterprise_id": [_("请选择用工单位")]})
        order = services.create_order_for(actor=request.auth, enterprise_id=enterprise_id, data=order_input)
    else:
        order = services.submit_order(actor=request.auth, data=order_input)
    return Status(201, order_out(selectors.order_for_viewer(request.auth, order.pk)))


@router.get(
    "/orders/{order_id}", auth=AUTH, response={200: TrainingOrderOut, **ERRORS}, summary="培训订单详情"
)
def order_detail(request: ApiRequest, order_id: RowId) -> dict[str, Any]:
    return order_out(selectors.order_for_viewer(request.auth, order_id))


@router.post(
    "/orders/{order_id}/employers",
    auth=AUTH,
    response={201: TrainingOrderOut, **ERRORS},
    summary="为订单增加用工单位（工作人员）",
)
def order_add_employer(request: ApiRequest, order_id: RowId, payload: TrainingOrderEmployerIn) -> Status:
    services.add_order_employer(actor=request.auth, order_id=order_id, **payload.dict())
    return Status(201, order_out(selectors.order_for_viewer(request.auth, order_id)))


@router.post(
    "/orders/{order_id}/cancel",
    auth=AUTH,
    response={200: TrainingOrderOut, **ERRORS},
    summary="取消培训订单（开班前：工作人员或提交订单的单位）",
)
def order_cancel(request: ApiRequest, order_id: RowId, payload: TrainingReasonIn) -> dict[str, Any]:
    services.cancel_order(actor=request.auth, order_id=order_id, reason=payload.reason)
    return order_out(selectors.order_for_viewer(request.auth, order_id))


# --- Courses ---------------------------------------------------------------------------------------------


@router.get("/courses", response={200: list[TrainingCourseOut], **ERRORS}, summary="招生中的培训班")
def course_list(request: ApiRequest, query: Query[TrainingCourseListQuery]) -> list[dict[str, Any]]:
    return [course_out(c) for c in selectors.enrolling_courses(query.market_id, query.certificate)[:100]]


@router.get(
    "/courses/recommended",
    auth=AUTH,
    response={200: list[TrainingRecommendedOut], **ERRORS},
    summary="推荐给我的培训班（学个证，多接活）",
)
def course_recommended(request: ApiRequest) -> list[dict[str, Any]]:
    worker = WorkerProfile.objects.filter(user=request.auth).first()
    if worker is None:
        raise PermissionDeniedError(_("只有求职者可以查看推荐的培训班。"))
    courses = list(selectors.enrolling_courses(worker.market_id))
    return [
        {
            "course": course_out(r.course),
            "certificate_code": r.unlock.certificate_code,
            "certificate_name": r.unlock.certificate_name,
            "places": r.unlock.places,
        }
        for r in selectors.recommended_courses(worker, courses)
    ]


@router.get("/courses/{course_id}", response={200: TrainingCourseDetailOut, **ERRORS}, summary="培训班详情")
def course_detail(request: ApiRequest, course_id: RowId) -> dict[str, Any]:
    return detail_out(selectors.course_for_viewer(getattr(request, "user", None), course_id))


@router.post(
    "/courses",
    auth=AUTH,
    response={201: TrainingCourseDetailOut, **ERRORS},
    summary="开设培训班（工作人员；由订单开班时填 order_id）",
)
def course_create(request: ApiRequest, payload: TrainingCourseIn) -> Status:
    data = _course_input(payload)
    course = services.create_course(actor=request.auth, data=data, order_id=payload.order_id)
    return Status(201, detail_out(_fresh(course.pk)))


@router.put(
    "/courses/{course_id}",
    auth=AUTH,
    response={200: TrainingCourseDetailOut, **ERRORS},
    summary="修改培训班（工作人员）",
)
def course_update(request: ApiRequest, course_id: RowId, payload: TrainingCourseUpdateIn) -> dict[str, Any]:
    services.update_course(actor=request.auth, course_id=course_id, data=_course_input(payload))
    return detail_out(_fresh(course_id))


@router.post(
    "/courses/{course_id}/sessions",
    auth=AUTH,
    response={201: TrainingSessionOut, **ERRORS},
    summary="增加课次（工作人员）",
)
def course_add_session(request: ApiRequest, course_id: RowId, payload: TrainingSessionIn) -> Status:
    session = services.add_session(
        actor=request.auth, course_id=course_id, item=services.SessionInput(**payload.dict())
    )
    return Status(201, session_out(session))


@router.post(
    "/courses/{course_id}/start",
    auth=AUTH,
    response={200: TrainingCourseOut, **ERRORS},
    summary="开课（工作人员）",
)
def course_start(request: ApiRequest, course_id: RowId) -> dict[str, Any]:
    services.start_course(actor=request.auth, course_id=course_id)
    return course_out(_fresh(course_id))


@router.post(
    "/courses/{course_id}/complete",
    auth=AUTH,
    response={200: TrainingCourseOut, **ERRORS},
    summary="结业（工作人员）",
)
def course_complete(request: ApiRequest, course_id: RowId) -> dict[str, Any]:
    services.complete_course(actor=request.auth, course_id=course_id)
    return course_out(_fresh(course_id))


@router.post(
    "/courses/{course_id}/cancel",
    auth=AUTH,
    response={200: TrainingCourseOut, **ERRORS},
    summary="取消培训班（工作人员；通知已报名的学员）",
)
def course_cancel(request: ApiRequest, course_id: RowId, payload: TrainingReasonIn) -> dict[str, Any]:
    services.cancel_course(actor=request.auth, course_id=course_id, reason=payload.reason)
    return course_out(_fresh(course_id))


# --- Enrolment -------------------------------------------------------------------------------------------


@router.post(
    "/courses/{course_id}/enrol",
    auth=AUTH,
    response={201: TrainingEnrolmentOut, **ERRORS},
    summary="报名培训班（求职者）：满员时进入候补，或 waitlist=false 时返回 409 course_full",
)
def course_enrol(request: ApiRequest, course_id: RowId, payload: TrainingEnrolIn) -> Status:
    enrolment = services.enrol(
        actor=request.auth, course_id=course_id, waitlist=payload.waitlist, recommended=payload.recommended
    )
    return Status(201, enrolment_out(enrolment))


@router.post(
    "/courses/{course_id}/enrolments",
    auth=AUTH,
    response={201: TrainingEnrolmentOut, **ERRORS},
    summary="代为报名（工作人员：本辖区求职者的 worker_id，或现场求职者的手机号）",
)
def course_enrol_walk_in(request: ApiRequest, course_id: RowId, payload: TrainingStaffEnrolIn) -> Status:
    enrolment = services.enrol_walk_in(
        actor=request.auth,
        course_id=course_id,
        worker_id=payload.worker_id,
        phone=payload.phone,
        waitlist=payload.waitlist,
    )
    return Status(201, enrolment_out(enrolment))


@router.get(
    "/courses/{course_id}/enrolments",
    auth=AUTH,
    response={200: list[TrainingEnrolmentOut], **ERRORS},
    summary="报名与候补名单（工作人员）",
)
def course_enrolments(request: ApiRequest, course_id: RowId) -> list[dict[str, Any]]:
    course = selectors.managed_course(request.auth, course_id)
    return [enrolment_out(e) for e in selectors.course_enrolments(course)]


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    auth=AUTH,
    response={200: TrainingEnrolmentOut, **ERRORS},
    summary="退出培训班（本人或工作人员）；空出的名额给候补第一位",
)
def enrolment_withdraw(request: ApiRequest, enrolment_id: RowId) -> dict[str, Any]:
    enrolment = services.withdraw(actor=request.auth, enrolment_id=enrolment_id)
    return enrolment_out(enrolment)


@router.get(
    "/me/enrolments",
    auth=AUTH,
    response={200: list[TrainingEnrolmentOut], **ERRORS},
    summary="我的培训（求职者）",
)
def my_enrolments(request: ApiRequest) -> list[dict[str, Any]]:
    worker = WorkerProfile.objects.filter(user=request.auth).first()
    if worker is None:
        raise PermissionDeniedError(_("只有求职者可以查看自己的培训。"))
    return [enrolment_out(e) for e in selectors.my_enrolments(worker)]
