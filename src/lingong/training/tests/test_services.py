"""Order-based training services (course part): providers, orders, courses, enrolment and the waiting list:
every transition and every refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.notifications.models import Notification
from lingong.training import selectors, services
from lingong.training.models import (
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentChannel,
    EnrolmentStatus,
    OrderStatus,
    TrainingOrderEmployer,
)
from lingong.training.tests import helpers as h

pytestmark = pytest.mark.django_db


def _codes(exc: Any) -> set[str]:
    return set(exc.value.errors)


# --- Providers -------------------------------------------------------------------------------------------


def test_market_admin_and_centre_staff_maintain_providers_station_staff_may_not(cast: Any) -> None:
    made = h.provider(cast)
    assert made.market_id == cast.market.pk and made.is_active
    assert AuditEntry.objects.filter(action="training.provider_created").count() == 1
    data = services.ProviderInput(
        name="唐山市职业技能培训中心", enterprise_id=t.enterprise_of(cast.employer).pk
    )
    updated = services.update_provider(actor=cast.centre_staff, provider_id=made.pk, data=data)
    assert updated.name == "唐山市职业技能培训中心"
    assert updated.enterprise_id == t.enterprise_of(cast.employer).pk
    with pytest.raises(PermissionDeniedError):
        services.create_provider(actor=cast.station_staff, data=services.ProviderInput(name="某培训学校"))
    with pytest.raises(PermissionDeniedError):
        services.create_provider(actor=cast.employer, data=services.ProviderInput(name="某培训学校"))


def test_provider_input_is_checked(cast: Any) -> None:
    first = h.provider(cast)
    other = h.provider(cast, name="第二培训学校")
    services.update_provider(
        actor=cast.admin,
        provider_id=first.pk,
        data=services.ProviderInput(name=first.name, enterprise_id=t.enterprise_of(cast.employer).pk),
    )
    with pytest.raises(InvalidInput) as exc:
        services.update_provider(
            actor=cast.admin,
            provider_id=other.pk,
            data=services.ProviderInput(name="", enterprise_id=t.enterprise_of(cast.employer).pk),
        )
    assert _codes(exc) == {"name", "enterprise_id"}
    with pytest.raises(NotFoundError):
        services.update_provider(
            actor=cast.admin, provider_id=999999, data=services.ProviderInput(name="某学校")
        )


# --- Orders ----------------------------------------------------------------------------------------------


def test_an_employer_submits_an_order_for_its_own_jobs(cast: Any) -> None:
    order = h.order(cast)
    assert order.status == OrderStatus.SUBMITTED
    assert order.code.startswith("PX")
    assert order.station_id == t.enterprise_of(cast.employer).station_id
    part = TrainingOrderEmployer.objects.get(order=order)
    assert part.enterprise == t.enterprise_of(cast.employer) and part.places == 5
    assert part.jobs.count() == 1
    assert AuditEntry.objects.filter(action="training.order_submitted").count() == 1


def test_order_refusals(cast: Any) -> None:
    other_job = h.forklift_job(cast.other_employer, cast.admin)
    with pytest.raises(InvalidInput) as exc:
        services.submit_order(actor=cast.employer, data=h.order_input(job_ids=[other_job.pk]))
    assert _codes(exc) == {"job_ids"}
    with pytest.raises(InvalidInput) as exc:
        services.submit_order(
            actor=cast.employer,
            data=h.order_input(title="", occupation="nope", certificate_type="nope", places=1001),
        )
    assert _codes(exc) == {"title", "occupation", "certificate_type", "places"}
    with pytest.raises(InvalidInput) as exc:
        services.submit_order(actor=cast.employer, data=h.order_input(places=0))
    assert _codes(exc) == {"places"}
    pending = t.make_employer(cast.market, verified=False, name="唐山未认证物流有限公司")
    with pytest.raises(PermissionDeniedError) as denied:
        services.submit_order(actor=pending, data=h.order_input())
    assert denied.value.code == "not_verified"
    with pytest.raises(PermissionDeniedError):
        services.submit_order(actor=cast.worker.user, data=h.order_input())


def test_staff_create_an_order_on_behalf_and_add_employers(cast: Any) -> None:
    enterprise = t.enterprise_of(cast.employer)
    order = services.create_order_for(actor=cast.admin, enterprise_id=enterprise.pk, data=h.order_input())
    assert order.created_by == cast.admin
    other = t.enterprise_of(cast.other_employer)
    job = h.forklift_job(cast.other_employer, cast.admin)
    services.add_order_employer(
        actor=cast.admin, order_id=order.pk, enterprise_id=other.pk, places=3, job_ids=[job.pk]
    )
    assert selectors.order_for_viewer(cast.admin, order.pk).places == 8
    with pytest.raises(ConflictError) as exc:
        services.add_order_employer(
            actor=cast.admin, order_id=order.pk, enterprise_id=other.pk, places=1, job_ids=[]
        )
    assert exc.value.code == "already_in_order"
    with pytest.raises(InvalidInput) as bad:
        services.add_order_employer(
            actor=cast.admin, order_id=order.pk, enterprise_id=other.pk, places=1, job_ids=[order.pk + 10**6]
        )
    assert "job_ids" in bad.value.errors
    # The other employer now sees the order too.
    assert selectors.order_for_viewer(cast.other_employer, order.pk).pk == order.pk


def test_staff_out_of_scope_get_404_on_an_order(cast: Any) -> None:
    order = h.order(cast)
    station_id = order.station_id
    assert station_id is not None
    outsider = cast.other_station_staff if station_id == cast.station.pk else cast.station_staff
    with pytest.raises(NotFoundError):
        services.cancel_order(actor=outsider, order_id=order.pk)
    with pytest.raises(NotFoundError):
        selectors.order_for_viewer(outsider, order.pk)
    with pytest.raises(NotFoundError):
        selectors.order_for_viewer(cast.other_employer, order.pk)
    assert selectors.order_for_viewer(cast.admin, order.pk).pk == order.pk


def test_cancel_an_order_before_scheduling_only(cast: Any) -> None:
    order = h.order(cast)
    cancelled = services.cancel_order(actor=cast.employer, order_id=order.pk, reason="计划有变")
    assert cancelled.status == OrderStatus.CANCELLED and cancelled.cancelled_at is not None
    with pytest.raises(ConflictError) as exc:
        services.cancel_order(actor=cast.admin, order_id=order.pk)
    assert exc.value.code == "invalid_transition"
    scheduled = h.order(cast)
    h.course(cast, actor=cast.admin, order_id=scheduled.pk)
    with pytest.raises(ConflictError) as exc:
        services.cancel_order(actor=cast.employer, order_id=scheduled.pk)
    assert exc.value.code == "order_scheduled"


def test_only_the_submitting_employer_cancels(cast: Any) -> None:
    order = h.order(cast)
    services.add_order_employer(
        actor=cast.admin,
        order_id=order.pk,
        enterprise_id=t.enterprise_of(cast.other_employer).pk,
        places=2,
        job_ids=[],
    )
    with pytest.raises(PermissionDeniedError):
        services.cancel_order(actor=cast.other_employer, order_id=order.pk)
    assert services.cancel_order(actor=cast.admin, order_id=order.pk).status == OrderStatus.CANCELLED


# --- Courses ---------------------------------------------------------------------------------------------


def test_a_course_from_an_order_schedules_it_and_tells_the_employers(cast: Any) -> None:
    order = h.order(cast)
    course = h.course(cast, actor=cast.admin, order_id=order.pk, occupation="", certificate_type="")
    order.refresh_from_db()
    assert order.status == OrderStatus.SCHEDULED and order.scheduled_at is not None
    assert course.order == order and course.station_id == order.station_id
    assert course.occupation_id == "forklift_driver" and course.certificate_type_id == h.FORKLIFT
    assert course.status == CourseStatus.ENROLLING and course.code.startswith("KC")
    sessions = list(CourseSession.objects.filter(course=course).order_by("seq"))
    assert [s.seq for s in sessions] == [1, 2]
    assert all(len(s.checkin_token) >= 40 for s in sessions)
    assert len({s.checkin_token for s in sessions}) == 2
    assert Notification.objects.filter(user=cast.employer, kind="training_order_scheduled").exists()


def test_a_course_without_an_order_belongs_to_the_station_of_its_staff(cast: Any) -> None:
    course = h.course(cast)
    assert course.order is None and course.station_id == cast.station.pk
    with pytest.raises(InvalidInput) as exc:
        h.course(cast, actor=cast.centre_staff)
    assert _codes(exc) == {"station_id"}
    made = h.course(cast, actor=cast.centre_staff, station_id=cast.station.pk)
    assert made.station_id == cast.station.pk
    with pytest.raises(InvalidInput):
        h.course(cast, actor=cast.centre_staff, station_id=cast.other_station.pk)
    with pytest.raises(PermissionDeniedError):
        h.course(cast, actor=cast.employer)


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"end_date": dt.date(2020, 1, 1)}, {"end_date", "sessions"}),
        ({"capacity": 0}, {"capacity"}),
        ({"capacity": 1001}, {"capacity"}),
        ({"cost_per_person": Decimal("-1")}, {"cost_per_person"}),
        ({"subsidy_per_person": Decimal("-5")}, {"subsidy_per_person"}),
        ({"subsidy_per_person": Decimal("1500")}, {"subsidy_per_person"}),
        ({"subsidy_groups": ["nobody"]}, {"subsidy_groups"}),
        ({"subsidy_groups": []}, {"subsidy_groups"}),
        ({"pass_score": Decimal("101")}, {"pass_score"}),
        ({"title": "", "syllabus": "", "place": ""}, {"title", "syllabus", "place"}),
        ({"lat": 39.6}, {"lat"}),
        ({"start_date": dt.date(2020, 1, 1), "sessions": []}, {"start_date"}),
    ],
)
def test_course_input_is_checked(cast: Any, overrides: dict[str, Any], fields: set[str]) -> None:
    before = CourseSession.objects.count()
    with pytest.raises(InvalidInput) as exc:
        h.course(cast, **overrides)
    assert _codes(exc) == fields
    assert CourseSession.objects.count() == before


def test_a_session_outside_the_course_dates_or_backwards_is_refused(cast: Any) -> None:
    course = h.course(cast)
    late = h.session(course.end_date + dt.timedelta(days=3))
    with pytest.raises(InvalidInput) as exc:
        services.add_session(actor=cast.station_staff, course_id=course.pk, item=late)
    assert _codes(exc) == {"sessions"}
    backwards = h.session(course.start_date)
    backwards.ends_at = backwards.starts_at - dt.timedelta(hours=1)  # type: ignore[operator]
    with pytest.raises(InvalidInput):
        services.add_session(actor=cast.station_staff, course_id=course.pk, item=backwards)
    added = services.add_session(
        actor=cast.station_staff, course_id=course.pk, item=h.session(course.start_date, hour=14)
    )
    assert added.seq == 3


def test_capacity_below_the_seats_taken_is_refused_and_a_larger_one_lets_the_line_in(cast: Any) -> None:
    course = h.course(cast, capacity=2)
    workers = [h.worker(cast, f"学员{i}") for i in range(3)]
    for w in workers:
        services.enrol(actor=w.user, course_id=course.pk)
    data = h.course_input(course.provider, capacity=1, sessions=[])
    with pytest.raises(InvalidInput) as exc:
        services.update_course(actor=cast.station_staff, course_id=course.pk, data=data)
    assert _codes(exc) == {"capacity"}
    assert "不能少于2人" in exc.value.errors["capacity"][0]
    data = h.course_input(course.provider, capacity=3, sessions=[])
    services.update_course(actor=cast.station_staff, course_id=course.pk, data=data)
    assert Enrolment.objects.get(worker=workers[2]).status == EnrolmentStatus.ENROLLED


def test_course_transitions(cast: Any) -> None:
    order = h.order(cast)
    course = h.course(cast, actor=cast.admin, order_id=order.pk)
    with pytest.raises(ConflictError) as exc:
        services.start_course(actor=cast.admin, course_id=course.pk)
    assert exc.value.code == "no_students"
    workers = [h.worker(cast, f"学员{i}") for i in range(3)]
    for w in workers:
        services.enrol(actor=w.user, course_id=course.pk)
    with pytest.raises(ConflictError):
        services.complete_course(actor=cast.admin, course_id=course.pk)
    started = services.start_course(actor=cast.admin, course_id=course.pk)
    assert started.status == CourseStatus.IN_PROGRESS and started.started_at is not None
    with pytest.raises(ConflictError) as enrol_exc:
        services.enrol(actor=h.worker(cast, "迟到者").user, course_id=course.pk)
    assert enrol_exc.value.code == "course_not_enrolling"
    done = services.complete_course(actor=cast.admin, course_id=course.pk)
    assert done.status == CourseStatus.COMPLETED and done.completed_at is not None
    assert Enrolment.objects.get(worker=workers[2]).status == EnrolmentStatus.WITHDRAWN  # the line closes
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    with pytest.raises(ConflictError):
        services.cancel_course(actor=cast.admin, course_id=course.pk)
    with pytest.raises(ConflictError):
        services.update_course(
            actor=cast.admin, course_id=course.pk, data=h.course_input(course.provider, sessions=[])
        )


def test_cancelling_a_course_withdraws_and_tells_every_worker(cast: Any) -> None:
    course = h.course(cast, capacity=1)
    seated, waiting = h.worker(cast, "张甲"), h.worker(cast, "李乙")
    services.enrol(actor=seated.user, course_id=course.pk)
    services.enrol(actor=waiting.user, course_id=course.pk)
    services.cancel_course(actor=cast.station_staff, course_id=course.pk, reason="报名人数不足")
    course.refresh_from_db()
    assert course.status == CourseStatus.CANCELLED
    assert set(Enrolment.objects.filter(course=course).values_list("status", flat=True)) == {
        EnrolmentStatus.WITHDRAWN
    }
    for w in (seated, waiting):
        note = Notification.objects.get(user=w.user, kind="training_course_cancelled")
        assert note.url == f"/training/courses/{course.pk}/"
    # They can still open the cancelled course's page; others cannot.
    assert selectors.course_for_viewer(seated.user, course.pk).pk == course.pk
    with pytest.raises(NotFoundError):
        selectors.course_for_viewer(cast.other_worker.user, course.pk)


def test_staff_out_of_scope_cannot_touch_a_course(cast: Any) -> None:
    course = h.course(cast)
    for outsider in (cast.other_station_staff,):
        for call in (services.start_course, services.complete_course, services.cancel_course):
            with pytest.raises(NotFoundError):
                call(actor=outsider, course_id=course.pk)
    with pytest.raises(PermissionDeniedError):
        services.start_course(actor=cast.worker.user, course_id=course.pk)
    assert (
        services.cancel_course(actor=cast.centre_staff, course_id=course.pk).status == CourseStatus.CANCELLED
    )


# --- Enrolment -------------------------------------------------------------------------------------------


def test_enrol_takes_a_seat_then_the_waiting_list_in_order_of_arrival(cast: Any) -> None:
    course = h.course(cast, capacity=1)
    first, second, third = (h.worker(cast, n) for n in ("一号", "二号", "三号"))
    seat = services.enrol(actor=first.user, course_id=course.pk, recommended=True)
    assert seat.status == EnrolmentStatus.ENROLLED and seat.enrolled_at is not None and seat.recommended
    assert seat.channel == EnrolmentChannel.SELF
    line = [services.enrol(actor=w.user, course_id=course.pk) for w in (second, third)]
    assert [e.status for e in line] == [EnrolmentStatus.WAITLISTED] * 2
    assert [selectors.waitlist_position(e) for e in line] == [1, 2]
    assert selectors.waitlist_position(seat) is None


def test_a_full_course_refuses_who_will_not_wait_and_duplicates(cast: Any) -> None:
    course = h.course(cast, capacity=1)
    first = h.worker(cast, "一号")
    services.enrol(actor=first.user, course_id=course.pk)
    with pytest.raises(ConflictError) as exc:
        services.enrol(actor=first.user, course_id=course.pk)
    assert exc.value.code == "already_enrolled"
    with pytest.raises(ConflictError) as full:
        services.enrol(actor=h.worker(cast, "二号").user, course_id=course.pk, waitlist=False)
    assert full.value.code == "course_full" and full.value.errors
    with pytest.raises(PermissionDeniedError):
        services.enrol(actor=cast.employer, course_id=course.pk)


def test_withdraw_frees_the_seat_for_the_first_in_line_and_tells_them(cast: Any) -> None:
    course = h.course(cast, capacity=1)
    first, second, third = (h.worker(cast, n) for n in ("一号", "二号", "三号"))
    seat = services.enrol(actor=first.user, course_id=course.pk)
    services.enrol(actor=second.user, course_id=course.pk)
    services.enrol(actor=third.user, course_id=course.pk)
    with pytest.raises(NotFoundError):
        services.withdraw(actor=second.user, enrolment_id=seat.pk)  # not theirs
    gone = services.withdraw(actor=first.user, enrolment_id=seat.pk)
    assert gone.status == EnrolmentStatus.WITHDRAWN and gone.withdrawn_at is not None
    statuses = dict(Enrolment.objects.filter(course=course).values_list("worker_id", "status"))
    assert statuses[second.pk] == EnrolmentStatus.ENROLLED
    assert statuses[third.pk] == EnrolmentStatus.WAITLISTED
    assert Notification.objects.filter(user=second.user, kind="training_waitlist_promoted").count() == 1
    assert not Notification.objects.filter(user=third.user, kind="training_waitlist_promoted").exists()
    with pytest.raises(ConflictError):
        services.withdraw(actor=first.user, enrolment_id=seat.pk)  # already withdrawn
    # A waiting worker leaving the line frees no seat.
    third_row = Enrolment.objects.get(worker=third)
    services.withdraw(actor=cast.station_staff, enrolment_id=third_row.pk)
    assert Enrolment.objects.get(worker=second).status == EnrolmentStatus.ENROLLED
    with pytest.raises(NotFoundError):
        services.withdraw(actor=cast.other_station_staff, enrolment_id=third_row.pk)


def test_staff_enrol_walk_ins_by_phone_or_id(cast: Any) -> None:
    course = h.course(cast, capacity=1)
    by_phone = services.enrol_walk_in(
        actor=cast.station_staff, course_id=course.pk, phone=cast.other_worker.user.phone
    )
    assert by_phone.channel == EnrolmentChannel.STAFF and by_phone.enrolled_by == cast.station_staff
    by_id = services.enrol_walk_in(actor=cast.station_staff, course_id=course.pk, worker_id=cast.worker.pk)
    assert by_id.status == EnrolmentStatus.WAITLISTED
    with pytest.raises(NotFoundError):  # a worker of another station, by id
        services.enrol_walk_in(
            actor=cast.station_staff, course_id=course.pk, worker_id=h.worker(cast).pk + 10**6
        )
    with pytest.raises(InvalidInput) as exc:
        services.enrol_walk_in(actor=cast.station_staff, course_id=course.pk, phone="13912345678")
    assert _codes(exc) == {"phone"}
    with pytest.raises(InvalidInput):
        services.enrol_walk_in(actor=cast.station_staff, course_id=course.pk, phone="abc")
    with pytest.raises(ConflictError) as full:
        services.enrol_walk_in(
            actor=cast.station_staff, course_id=course.pk, worker_id=h.worker(cast, "赵丙").pk, waitlist=False
        )
    assert full.value.code == "course_full"
    with pytest.raises(NotFoundError):
        services.enrol_walk_in(actor=cast.other_station_staff, course_id=course.pk, worker_id=cast.worker.pk)


def test_each_step_is_in_the_audit_trail(cast: Any) -> None:
    course = h.course(cast, capacity=1)
    a, b = h.worker(cast, "张甲"), h.worker(cast, "李乙")
    seat = services.enrol(actor=a.user, course_id=course.pk)
    services.enrol(actor=b.user, course_id=course.pk)
    services.withdraw(actor=a.user, enrolment_id=seat.pk)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert "training.enrolled" in actions and "training.waitlisted" in actions
    assert actions.count("enrolment.withdrawn") == 1 and actions.count("enrolment.enrolled") == 1
