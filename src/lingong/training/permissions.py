"""Who may act for a course, a certificate and an order (the attendance, results and certificate part).

A course is run by its provider (the members of the provider's enterprise) and watched over by staff in
scope of the course's station (its centre's staff, the market admin; a course without a station is the
market admin's). Staff out of scope and everyone else get 404: it does not reveal that the row exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, is_staff
from lingong.accounts.models import Role
from lingong.core.errors import NotFoundError
from lingong.training.access import scope_q as staff_scope_q
from lingong.training.models import Course, TrainingCertificate, TrainingOrder


def staff_in_scope(user: Any, *, market_id: int, station: Any) -> bool:
    """Staff of the row's market whose scope holds its station (market admins: any row of the market)."""
    if not is_staff(user) or user.market_id is None or user.market_id != market_id:
        return False
    if user.role == Role.MARKET_ADMIN:
        return True
    if station is None:
        return False
    if user.role == Role.CENTRE_STAFF:
        return user.centre_id is not None and station.centre_id == user.centre_id
    if user.role == Role.STATION_STAFF:
        return user.station_id is not None and station.pk == user.station_id
    return False


def is_provider_member(user: Any, course: Course) -> bool:
    enterprise = enterprise_of(user)
    return enterprise is not None and enterprise.pk == course.provider.enterprise_id


def can_run_course(user: Any, course: Course) -> bool:
    """The provider's people and staff in scope: attendance, results, the classroom QR code."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_provider_member(user, course) or staff_in_scope(
        user, market_id=course.market_id, station=course.station
    )


def require_course_runner(user: Any, course: Course | None) -> Course:
    if course is None or not can_run_course(user, course):
        raise NotFoundError(_("培训班不存在"))
    return course


def courses_run_by_q(user: Any) -> Q:
    """Q over the courses ``user`` may run (provider member or staff in scope)."""
    q = staff_scope_q(user)
    enterprise = enterprise_of(user) if getattr(user, "is_authenticated", False) else None
    if enterprise is not None:
        q |= Q(provider__enterprise_id=enterprise.pk)
    return q


def can_read_certificate(user: Any, cert: TrainingCertificate) -> bool:
    """The certificate's holder, the provider's people and staff in scope of the course."""
    if not getattr(user, "is_authenticated", False):
        return False
    if cert.enrolment.worker.user_id == user.pk:
        return True
    return can_run_course(user, cert.enrolment.course)


def can_manage_certificate(user: Any, cert: TrainingCertificate) -> bool:
    """Staff in scope of the course: record the official number, revoke."""
    course = cert.enrolment.course
    return staff_in_scope(user, market_id=course.market_id, station=course.station)


def certificate_for(user: Any, certificate_id: int, *, manage: bool = False) -> TrainingCertificate:
    cert = (
        TrainingCertificate.objects.select_related(
            "enrolment__course__provider",
            "enrolment__course__station",
            "enrolment__course__certificate_type",
            "enrolment__worker__user",
        )
        .filter(pk=certificate_id)
        .first()
    )
    allowed = cert is not None and (
        can_manage_certificate(user, cert) if manage else can_read_certificate(user, cert)
    )
    if cert is None or not allowed:
        raise NotFoundError(_("证书不存在"))
    return cert


def can_see_promise(user: Any, order: TrainingOrder) -> bool:
    """The ordering employers and staff in scope of the order."""
    if not getattr(user, "is_authenticated", False):
        return False
    if staff_in_scope(user, market_id=order.market_id, station=order.station):
        return True
    enterprise = enterprise_of(user)
    return enterprise is not None and order.employers.filter(enterprise_id=enterprise.pk).exists()


def order_for_promise(user: Any, order_id: int) -> TrainingOrder:
    order = TrainingOrder.objects.select_related("station").filter(pk=order_id).first()
    if order is None or not can_see_promise(user, order):
        raise NotFoundError(_("培训订单不存在"))
    return order
