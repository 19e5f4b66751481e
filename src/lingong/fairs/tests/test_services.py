"""Fair services: validation, booths, booth applications, registration and the door's refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.fairs import services
from lingong.fairs.access import can_manage_fair
from lingong.fairs.models import (
    BoothApplication,
    BoothStatus,
    FairRegistration,
    FairStatus,
    RegistrationChannel,
)
from lingong.fairs.tests.helpers import fair_input, make_fair
from lingong.jobs import services as job_services
from lingong.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_fair_validation_reports_every_problem_at_once(cast: Any) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    bad = fair_input(
        title="x", venue="", address="", opens_at=dt.time(18), closes_at=dt.time(9), starts_on=yesterday,
        ends_on=yesterday - dt.timedelta(days=1), floor_width=41, floor_height=0,
    )  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        services.create_fair(actor=cast.station_staff, data=bad)
    errors = caught.value.errors
    for name in (
        "title",
        "venue",
        "address",
        "closes_at",
        "ends_on",
        "starts_on",
        "floor_width",
        "floor_height",
    ):
        assert name in errors, name
    online = fair_input(mode="online", venue="", address="", opens_at=None, closes_at=None)
    assert services.create_fair(actor=cast.station_staff, data=online).status == FairStatus.DRAFT


def test_organiser_and_who_manages(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    assert fair.station_id == cast.station.pk and len(fair.code) == 8
    assert can_manage_fair(cast.station_staff, fair)
    assert can_manage_fair(cast.centre_staff, fair)
    assert can_manage_fair(cast.admin, fair)
    assert not can_manage_fair(cast.other_station_staff, fair)
    assert not can_manage_fair(cast.employer, fair)
    with pytest.raises(NotFoundError):
        services.close_fair(actor=cast.other_station_staff, fair_id=fair.pk)
    with pytest.raises(PermissionDeniedError):
        services.publish_fair(actor=cast.employer, fair_id=fair.pk)
    services.close_fair(actor=cast.centre_staff, fair_id=fair.pk)
    fair.refresh_from_db()
    assert fair.status == FairStatus.CLOSED and fair.closed_at is not None
    with pytest.raises(ConflictError):
        services.publish_fair(actor=cast.admin, fair_id=fair.pk)


def test_booths_are_laid_out_in_rows_inside_the_floor_without_overlap(cast: Any) -> None:
    fair = make_fair(cast.station_staff, booths=8, publish=False)
    numbers = list(fair.booths.order_by("number").values_list("number", "x", "y"))
    assert numbers[:2] == [("A01", 0, 0), ("A02", 2, 0)] and ("B01", 0, 2) in numbers and len(numbers) == 8
    with pytest.raises(InvalidInput):  # 12x8 holds 6 per row x 4 rows
        services.generate_booths(actor=cast.station_staff, fair_id=fair.pk, count=25)
    with pytest.raises(InvalidInput) as caught:
        services.add_booth(actor=cast.station_staff, fair_id=fair.pk, number="C09", x=1, y=0, w=2, h=1)
    assert "A01" in caught.value.errors["x"][0]  # overlaps A01
    with pytest.raises(InvalidInput):
        services.add_booth(actor=cast.station_staff, fair_id=fair.pk, number="C09", x=11, y=7, w=2, h=1)
    booth = services.add_booth(actor=cast.station_staff, fair_id=fair.pk, number="c09", x=0, y=7, w=2, h=1)
    assert booth.number == "C09"
    moved = services.move_booth(actor=cast.station_staff, booth_id=booth.pk, x=4, y=7, w=3, h=1)
    assert (moved.x, moved.w) == (4, 3)
    services.remove_booth(actor=cast.station_staff, booth_id=booth.pk)
    assert not fair.booths.filter(number="C09").exists()


def _apply(cast: Any, fair: Any, employer: Any = None) -> BoothApplication:
    employer = employer or cast.employer
    job = t.make_job(employer, admin=cast.admin)
    return services.apply_for_booth(actor=employer, fair_id=fair.pk, job_ids=[job.pk], contact_name="么经理")


def test_booth_application_rules(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    job = t.make_job(cast.employer, admin=cast.admin)
    other_job = t.make_job(cast.other_employer, admin=cast.admin)
    for job_ids, field in (([], "job_ids"), ([other_job.pk], "job_ids"), (list(range(1, 13)), "job_ids")):
        with pytest.raises(InvalidInput) as caught:
            services.apply_for_booth(
                actor=cast.employer, fair_id=fair.pk, job_ids=job_ids, contact_name="么经理"
            )
        assert field in caught.value.errors
    closed = t.make_job(cast.employer, admin=cast.admin, title="已关闭的岗位")
    job_services.close_job(actor=cast.employer, job_id=closed.pk)
    with pytest.raises(InvalidInput) as caught:
        services.apply_for_booth(
            actor=cast.employer, fair_id=fair.pk, job_ids=[closed.pk], contact_name="么经理"
        )
    assert "不在招聘中" in caught.value.errors["job_ids"][0]
    application = services.apply_for_booth(
        actor=cast.employer, fair_id=fair.pk, job_ids=[job.pk], contact_name="么经理"
    )
    assert application.status == BoothStatus.SUBMITTED and len(application.qr_token) >= 16
    with pytest.raises(ConflictError) as again:
        services.apply_for_booth(
            actor=cast.employer, fair_id=fair.pk, job_ids=[job.pk], contact_name="么经理"
        )
    assert again.value.code == "already_applied" and "修改原申请" in again.value.message
    second = t.make_job(cast.employer, admin=cast.admin, title="第二个岗位")
    services.update_booth_application(
        actor=cast.employer, application_id=application.pk, job_ids=[job.pk, second.pk], contact_name="王经理"
    )
    assert application.jobs.count() == 2
    with pytest.raises(NotFoundError):  # another enterprise cannot touch it
        services.withdraw_booth_application(actor=cast.other_employer, application_id=application.pk)
    services.withdraw_booth_application(actor=cast.employer, application_id=application.pk)
    application.refresh_from_db()
    assert application.status == BoothStatus.WITHDRAWN


def test_a_non_verified_enterprise_may_not_apply(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    pending = t.make_employer(cast.market, name="唐山待认证装卸有限公司", verified=False)
    with pytest.raises(PermissionDeniedError) as caught:
        services.apply_for_booth(actor=pending, fair_id=fair.pk, job_ids=[1], contact_name="么经理")
    assert caught.value.code == "not_verified"
    assert not BoothApplication.objects.filter(fair=fair).exists()


def test_approve_assigns_a_booth_notifies_and_respects_the_industry_limit(cast: Any) -> None:
    fair = make_fair(cast.station_staff, booths=2)
    first, second = _apply(cast, fair), _apply(cast, fair, cast.other_employer)
    industry = first.enterprise.industry_id
    services.set_industry_limits(actor=cast.station_staff, fair_id=fair.pk, limits={industry: 1})
    with pytest.raises(NotFoundError):
        services.approve_booth_application(actor=cast.other_station_staff, application_id=first.pk)
    booth = fair.booths.get(number="A02")
    approved = services.approve_booth_application(
        actor=cast.station_staff, application_id=first.pk, booth_id=booth.pk
    )
    assert approved.status == BoothStatus.APPROVED and approved.booth_id == booth.pk
    member = first.applied_by
    assert Notification.objects.filter(
        user=member, kind="fair_booth_approved", title__contains="A02"
    ).exists()
    assert second.enterprise.industry_id == industry  # the cast's employers are both construction
    with pytest.raises(ConflictError) as caught:
        services.approve_booth_application(actor=cast.station_staff, application_id=second.pk)
    assert caught.value.code == "industry_limit"
    second.refresh_from_db()
    assert second.status == BoothStatus.SUBMITTED
    with pytest.raises(ConflictError):  # a booth with an exhibitor stays
        services.remove_booth(actor=cast.station_staff, booth_id=booth.pk)
    services.reject_booth_application(
        actor=cast.station_staff, application_id=second.pk, reason="行业展位已满"
    )
    second.refresh_from_db()
    assert second.status == BoothStatus.REJECTED and second.reason == "行业展位已满"


def test_registration_once_per_fair_with_a_typable_code(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    registration = services.register_self(actor=cast.worker.user, fair_id=fair.pk)
    assert registration.channel == RegistrationChannel.SELF and len(registration.code) == 8
    assert not set(registration.code) & set("0O1IL2Z5S8B")
    with pytest.raises(ConflictError) as caught:
        services.register_self(actor=cast.worker.user, fair_id=fair.pk)
    assert caught.value.code == "already_registered"
    assert FairRegistration.objects.filter(fair=fair).count() == 1
    with pytest.raises(NotFoundError):  # a worker outside the staff member's scope, by id
        services.register_worker(actor=cast.station_staff, fair_id=fair.pk, worker_id=cast.other_worker.pk)
    by_phone = services.register_worker(
        actor=cast.station_staff, fair_id=fair.pk, phone=cast.other_worker.user.phone
    )
    assert by_phone.channel == RegistrationChannel.STAFF


def test_draft_and_ended_fairs_take_no_registration(cast: Any) -> None:
    draft = make_fair(cast.station_staff, publish=False)
    with pytest.raises(NotFoundError):
        services.register_self(actor=cast.worker.user, fair_id=draft.pk)
    fair = make_fair(cast.station_staff)
    services.close_fair(actor=cast.station_staff, fair_id=fair.pk)
    with pytest.raises(ConflictError):
        services.register_self(actor=cast.worker.user, fair_id=fair.pk)


def test_check_in_once_with_clear_refusals(cast: Any, capture_events: Any) -> None:
    fair = make_fair(cast.station_staff)
    registration = services.register_self(actor=cast.worker.user, fair_id=fair.pk)
    with capture_events() as sent:
        done = services.check_in(actor=cast.station_staff, fair_id=fair.pk, code=registration.code.lower())
    assert done.checked_in_at is not None
    assert sent.groups("checkin") == [[f"fair.{fair.pk}"]]
    assert sent.events("checkin")[0]["counts"] == {"registered": 1, "checked_in": 1}
    first_time = done.checked_in_at
    entries = AuditEntry.objects.count()
    with pytest.raises(services.CheckInRefused) as caught:
        services.check_in(actor=cast.station_staff, fair_id=fair.pk, code=registration.code)
    at = timezone.localtime(first_time).strftime("%H:%M")
    assert (
        caught.value.message == f"已于 {at} 签到，无需重复签到" and caught.value.code == "already_checked_in"
    )
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time and AuditEntry.objects.count() == entries

    other = make_fair(cast.station_staff, title="另一场招聘会")
    foreign = services.register_self(actor=cast.other_worker.user, fair_id=other.pk)
    with pytest.raises(services.CheckInRefused) as caught:
        services.check_in(actor=cast.station_staff, fair_id=fair.pk, code=foreign.code)
    assert caught.value.message == "该入场码不属于本场招聘会"
    foreign.refresh_from_db()
    assert foreign.checked_in_at is None
    with pytest.raises(services.CheckInRefused):
        services.check_in(actor=cast.station_staff, fair_id=fair.pk, code="XXXXXXXX")
    with pytest.raises(NotFoundError):  # staff of another station cannot check in at this fair
        services.check_in(actor=cast.other_station_staff, fair_id=other.pk, code=foreign.code)


def test_check_in_outside_hours_dates_or_online(cast: Any) -> None:
    fair = make_fair(cast.station_staff, opens_at=dt.time(9), closes_at=dt.time(17))
    registration = services.register_self(actor=cast.worker.user, fair_id=fair.pk)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for at, expected in (
        (dt.datetime.combine(today, dt.time(8, 29), tzinfo=tz), "outside_hours"),
        (dt.datetime.combine(today, dt.time(17, 1), tzinfo=tz), "outside_hours"),
        (dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10), tzinfo=tz), "outside_dates"),
    ):
        with pytest.raises(services.CheckInRefused) as caught:
            services.check_in(actor=cast.station_staff, fair_id=fair.pk, code=registration.code, now=at)
        assert caught.value.code == expected
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    early = dt.datetime.combine(today, dt.time(8, 31), tzinfo=tz)  # 30 minutes before opening is fine
    services.check_in(actor=cast.station_staff, fair_id=fair.pk, code=registration.code, now=early)
    online = make_fair(cast.station_staff, mode="online", venue="", address="", opens_at=None, closes_at=None)
    reg = services.register_self(actor=cast.worker.user, fair_id=online.pk)
    with pytest.raises(services.CheckInRefused) as caught:
        services.check_in(actor=cast.station_staff, fair_id=online.pk, code=reg.code)
    assert caught.value.code == "not_onsite"


def test_register_and_check_in_at_the_door_and_a_walk_in(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    at_door = services.register_worker(
        actor=cast.station_staff, fair_id=fair.pk, phone=cast.worker.user.phone, check_in_now=True
    )
    assert at_door.checked_in_at is not None and at_door.channel == RegistrationChannel.WALK_IN
    walk_in = services.WalkIn(
        phone=t.next_phone(),
        real_name="张现场",
        id_number=t.make_resident_id("130202", dt.date(1970, 3, 4), 123),
        consent_channel="paper",
        consent_reference="FAIR-0001",
    )
    registration = services.register_walk_in(actor=cast.station_staff, fair_id=fair.pk, walk_in=walk_in)
    assert registration.channel == RegistrationChannel.WALK_IN and registration.checked_in_at is not None
    assert registration.worker.real_name == "张现场" and registration.worker.station_id == cast.station.pk
    refused = services.WalkIn(phone=t.next_phone(), real_name="", id_number="", consent_channel="paper")
    before = FairRegistration.objects.count()
    with pytest.raises(InvalidInput):
        services.register_walk_in(actor=cast.station_staff, fair_id=fair.pk, walk_in=refused)
    assert FairRegistration.objects.count() == before
