"""Attendance: the classroom QR code, the worker's check-in window, hand marking, the API (issue 13 §2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lingong import apitools as at
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.pagetools import get_page, login, text_of
from lingong.training import attendance
from lingong.training.models import Attendance, AttendanceMethod, EnrolmentStatus
from lingong.training.tests import certificate_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(cast: Any) -> dict[str, Any]:
    provider, member = f.provider_with_login(cast)
    course = f.make_course(cast, provider)
    session = f.make_session(course, starts_in=dt.timedelta(minutes=20))  # within the 30 minutes before
    enrolment = f.enrol(course, cast.worker)
    return {
        "provider": provider,
        "member": member,
        "course": course,
        "session": session,
        "enrolment": enrolment,
    }


def test_a_scan_marks_the_enrolled_worker_present_once(cast: Any, room: dict[str, Any]) -> None:
    first = attendance.check_in(actor=cast.worker.user, token=room["session"].checkin_token)
    again = attendance.check_in(actor=cast.worker.user, token=room["session"].checkin_token)
    assert first.created and not again.created
    assert again.attendance.pk == first.attendance.pk
    assert Attendance.objects.filter(enrolment=room["enrolment"]).count() == 1
    assert first.attendance.method == AttendanceMethod.QR
    assert AuditEntry.objects.filter(action="training.attendance_recorded").count() == 1


@pytest.mark.parametrize(
    ("starts_in", "hours", "code"),
    [(dt.timedelta(minutes=31), 2, "too_early"), (dt.timedelta(hours=-3), 2, "session_ended")],
)
def test_a_scan_outside_the_window_is_refused(
    cast: Any, room: dict[str, Any], starts_in: Any, hours: int, code: str
) -> None:
    session = f.make_session(room["course"], starts_in=starts_in, hours=hours, seq=2)
    with pytest.raises(ConflictError) as exc:
        attendance.check_in(actor=cast.worker.user, token=session.checkin_token)
    assert exc.value.code == code
    assert not Attendance.objects.filter(session=session).exists()


def test_a_worker_not_enrolled_or_waiting_is_refused(cast: Any, room: dict[str, Any]) -> None:
    with pytest.raises(ConflictError) as exc:
        attendance.check_in(actor=cast.other_worker.user, token=room["session"].checkin_token)
    assert exc.value.code == "not_enrolled" and "没有报名" in exc.value.message
    f.enrol(room["course"], cast.other_worker, EnrolmentStatus.WAITLISTED)
    with pytest.raises(ConflictError):
        attendance.check_in(actor=cast.other_worker.user, token=room["session"].checkin_token)
    with pytest.raises(PermissionDeniedError):
        attendance.check_in(actor=cast.employer, token=room["session"].checkin_token)
    with pytest.raises(NotFoundError):
        attendance.check_in(actor=cast.worker.user, token="no-such-token")


def test_the_scan_page_signs_in_first_then_checks_in(client: Client, cast: Any, room: dict[str, Any]) -> None:
    url = reverse("training:checkin", args=[room["session"].checkin_token])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    login(client, cast.worker.user)
    assert "签到成功" in text_of(get_page(client, url))
    assert "您已签到" in text_of(get_page(client, url))


def test_the_scan_page_says_why_not_in_chinese(client: Client, cast: Any, room: dict[str, Any]) -> None:
    login(client, cast.other_worker.user)
    response = client.get(reverse("training:checkin", args=[room["session"].checkin_token]))
    assert response.status_code == 409
    assert "没有报名" in text_of(response.content.decode())


def test_the_qr_page_is_for_the_provider_and_staff_in_scope(
    client: Client, cast: Any, room: dict[str, Any]
) -> None:
    url = reverse("training:session_qr", args=[room["session"].pk])
    for user in (room["member"], cast.station_staff, cast.centre_staff, cast.admin):
        client.logout()
        login(client, user)
        html = get_page(client, url)
        assert "<svg" in html and room["session"].checkin_token in html
    for user in (cast.other_station_staff, cast.employer, cast.worker.user):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 404


def test_staff_mark_present_by_hand_from_the_roll(client: Client, cast: Any, room: dict[str, Any]) -> None:
    login(client, cast.station_staff)
    url = reverse("training:session_attendance", args=[room["session"].pk])
    assert "代签到" in text_of(get_page(client, url))
    response = client.post(url, {"enrolment": room["enrolment"].pk})
    assert response.status_code == 302
    a = Attendance.objects.get(enrolment=room["enrolment"])
    assert a.method == AttendanceMethod.STAFF and a.recorded_by == cast.station_staff
    assert "老师代签" in text_of(get_page(client, url))


def test_hand_marking_refuses_outsiders_and_learners_of_other_courses(
    cast: Any, room: dict[str, Any]
) -> None:
    with pytest.raises(NotFoundError):
        attendance.mark_present(
            actor=cast.other_station_staff, session_id=room["session"].pk, enrolment_id=room["enrolment"].pk
        )
    other = f.make_course(cast, room["provider"])
    stranger = f.enrol(other, cast.other_worker)
    with pytest.raises(NotFoundError) as exc:
        attendance.mark_present(actor=room["member"], session_id=room["session"].pk, enrolment_id=stranger.pk)
    assert "enrolment_id" in exc.value.errors
    assert not Attendance.objects.exists()


def test_api_checkin_and_hand_marking(client: Client, cast: Any, room: dict[str, Any]) -> None:
    token = at.token_of(cast.worker.user)
    body = at.ok(
        at.send(client, "post", "/training/checkin", token, {"token": room["session"].checkin_token})
    )
    assert body["created"] is True and body["enrolment_id"] == room["enrolment"].pk
    body = at.ok(
        at.send(client, "post", "/training/checkin", token, {"token": room["session"].checkin_token})
    )
    assert body["created"] is False
    at.error(at.send(client, "post", "/training/checkin", token, {"token": "bad"}), 404, "bad_token")
    other = at.token_of(cast.other_worker.user)
    at.error(
        at.send(client, "post", "/training/checkin", other, {"token": room["session"].checkin_token}),
        409,
        "not_enrolled",
    )
    at.error(
        at.send(client, "post", "/training/checkin", None, {"token": room["session"].checkin_token}), 401
    )

    second = f.enrol(room["course"], cast.other_worker)
    path = f"/training/sessions/{room['session'].pk}/attendance"
    body = at.ok(at.send(client, "post", path, at.token_of(room["member"]), {"enrolment_id": second.pk}))
    assert body["method"] == "staff" and body["created"] is True
    at.error(
        at.send(client, "post", path, at.token_of(cast.other_station_staff), {"enrolment_id": second.pk}), 404
    )
    at.error(at.send(client, "post", path, at.token_of(cast.employer), {"enrolment_id": second.pk}), 404)
    at.error(at.send(client, "post", path, at.token_of(room["member"]), {"enrolment_id": 0}), 422)
