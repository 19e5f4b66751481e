"""Reads of order-based training: providers, orders, courses, enrolments, the waiting list and the courses
recommended to a worker by the skill gap analysis ("学个证，多接活")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, is_staff, require_staff
from lingong.core.errors import NotFoundError
from lingong.skills.selectors import CertificateUnlock, unlocks_for_worker
from lingong.training.access import can_manage, scope_q
from lingong.training.models import (
    SEAT_STATUSES,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    OrderStatus,
    TrainingOrder,
    TrainingProvider,
)
from lingong.workers.models import TargetGroup, WorkerProfile

PUBLIC_STATUSES = (CourseStatus.ENROLLING, CourseStatus.IN_PROGRESS, CourseStatus.COMPLETED)


# --- Providers ---------------------------------------------------------------------------------------------


def providers(user: Any, *, active_only: bool = False) -> QuerySet[TrainingProvider]:
    require_staff(user)
    qs = TrainingProvider.objects.filter(market_id=user.market_id or 0).select_related("enterprise")
    return qs.filter(is_active=True) if active_only else qs


def provider_for_staff(user: Any, provider_id: int) -> TrainingProvider:
    provider = providers(user).filter(pk=provider_id).first()
    if provider is None:
        raise NotFoundError(_("培训机构不存在"))
    return provider


# --- Orders ------------------------------------------------------------------------------------------------


def _orders() -> QuerySet[TrainingOrder]:
    return (
        TrainingOrder.objects.select_related("occupation", "certificate_type", "station")
        .annotate(places=Sum("employers__places"))
        .order_by("-created_at", "-id")
    )


def staff_orders(user: Any, status: str | None = None) -> QuerySet[TrainingOrder]:
    require_staff(user)
    qs = _orders().filter(scope_q(user))
    return qs.filter(status=status) if status else qs


def employer_orders(user: Any) -> QuerySet[TrainingOrder]:
    enterprise = enterprise_of(user)
    if enterprise is None:
        return TrainingOrder.objects.none()
    return _orders().filter(employers__enterprise=enterprise)


def order_for_viewer(user: Any, order_id: int) -> TrainingOrder:
    """Staff who manage it, or a member of one of its employers; 404 for anyone else."""
    order = _orders().filter(pk=order_id).first()
    if order is None:
        raise NotFoundError(_("培训订单不存在"))
    if is_staff(user):
        if can_manage(user, order):
            return order
    else:
        enterprise = enterprise_of(user)
        if enterprise is not None and order.employers.filter(enterprise=enterprise).exists():
            return order
    raise NotFoundError(_("培训订单不存在"))


def order_parts(order: TrainingOrder) -> list[Any]:
    parts = order.employers.select_related("enterprise").prefetch_related("jobs")
    return list(parts.order_by("created_at", "id"))


def may_cancel_order(user: Any, order: TrainingOrder) -> bool:
    if order.status != OrderStatus.SUBMITTED:
        return False
    if is_staff(user):
        return can_manage(user, order)
    enterprise = enterprise_of(user)
    submitter = enterprise_of(order.created_by) if order.created_by_id else None
    return enterprise is not None and submitter is not None and submitter.pk == enterprise.pk


# --- Courses -----------------------------------------------------------------------------------------------


def _with_seats(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.select_related("provider", "occupation", "certificate_type", "division", "order").annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_STATUSES), distinct=True),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED), distinct=True),
    )


def course_with_seats(course_id: int) -> Course:
    return _with_seats(Course.objects.filter(pk=course_id)).get()


def enrolling_courses(market_id: int | None, certificate: str | None = None) -> QuerySet[Course]:
    qs = _with_seats(Course.objects.filter(status=CourseStatus.ENROLLING))
    if market_id is not None:
        qs = qs.filter(market_id=market_id)
    if certificate:
        qs = qs.filter(certificate_type_id=certificate)
    return qs.order_by("start_date", "id")


def course_for_viewer(user: Any, course_id: int) -> Course:
    """A course's public page: any course that is or was open; a cancelled one only to its staff and
    to the workers who had enrolled (they were told and follow the link)."""
    course = _with_seats(Course.objects.filter(pk=course_id)).select_related("station").first()
    if course is None:
        raise NotFoundError(_("培训班不存在"))
    if course.status in PUBLIC_STATUSES or can_manage(user, course):
        return course
    if getattr(user, "is_authenticated", False) and course.enrolments.filter(worker__user=user).exists():
        return course
    raise NotFoundError(_("培训班不存在"))


def staff_courses(user: Any, status: str | None = None) -> QuerySet[Course]:
    require_staff(user)
    qs = _with_seats(Course.objects.filter(scope_q(user))).order_by("-start_date", "-id")
    return qs.filter(status=status) if status else qs


def managed_course(user: Any, course_id: int) -> Course:
    require_staff(user)
    course = _with_seats(Course.objects.filter(pk=course_id)).select_related("station").first()
    if course is None or not can_manage(user, course):
        raise NotFoundError(_("培训班不存在"))
    return course


def seats_left(course: Course) -> int:
    taken = getattr(course, "taken", None)
    if taken is None:
        taken = Enrolment.objects.filter(course=course, status__in=SEAT_STATUSES).count()
    return max(0, course.capacity - int(taken))


def course_enrolments(course: Course) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(course=course).select_related("worker__user").order_by("created_at", "id")
    )


def subsidy_group_labels(course: Course) -> list[str]:
    labels = dict(TargetGroup.choices)
    return [str(labels.get(g, g)) for g in course.subsidy_groups or []]


def subsidy_eligible(course: Course, worker: WorkerProfile | None) -> bool | None:
    """Whether the worker is in one of the course's subsidy groups (None: no subsidy or no worker)."""
    if worker is None or not course.subsidy_per_person:
        return None
    return bool(set(course.subsidy_groups or []) & set(worker.target_groups or []))


# --- Enrolments --------------------------------------------------------------------------------------------


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first in line; None unless waiting."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    waiting = Enrolment.objects.filter(course_id=enrolment.course_id, status=EnrolmentStatus.WAITLISTED)
    ahead = waiting.filter(
        Q(created_at__lt=enrolment.created_at) | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)
    ).count()
    return ahead + 1


def enrolment_of(worker: WorkerProfile | None, course: Course) -> Enrolment | None:
    if worker is None:
        return None
    return Enrolment.objects.filter(course=course, worker=worker).first()


def my_enrolments(worker: WorkerProfile) -> list[Enrolment]:
    rows = list(
        Enrolment.objects.filter(worker=worker)
        .select_related("course__provider", "course__certificate_type")
        .order_by("-created_at", "-id")
    )
    for row in rows:
        row.position = waitlist_position(row)  # type: ignore[attr-defined]
    return rows


def enrolment_for(user: Any, enrolment_id: int) -> Enrolment:
    """The worker's own enrolment, or one of a course the staff member manages; 404 otherwise."""
    rows = Enrolment.objects.select_related("course__station", "worker__user")
    enrolment = rows.filter(pk=enrolment_id).first()
    if enrolment is None:
        raise NotFoundError(_("报名记录不存在"))
    if enrolment.worker.user_id == getattr(user, "pk", None) or can_manage(user, enrolment.course):
        return enrolment
    raise NotFoundError(_("报名记录不存在"))


# --- Recommendation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommended:
    course: Course
    unlock: CertificateUnlock


def recommended_courses(worker: WorkerProfile, courses: list[Course]) -> list[Recommended]:
    """The enrolling courses that teach a certificate the gap analysis says would unlock open places near
    the worker, the most places first; the courses the worker already joined are left out."""
    unlocks = {u.certificate_code: u for u in unlocks_for_worker(worker)}
    if not unlocks:
        return []
    joined = set(Enrolment.objects.filter(worker=worker).values_list("course_id", flat=True))
    picked = [
        Recommended(course=c, unlock=unlocks[c.certificate_type_id])
        for c in courses
        if c.certificate_type_id in unlocks and c.pk not in joined
    ]
    return sorted(picked, key=lambda r: (-r.unlock.places, r.course.start_date, r.course.pk))
