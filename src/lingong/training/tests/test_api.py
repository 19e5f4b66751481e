"""The training API (course part): shapes, 4xx bodies {code, message, errors} and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.notifications.models import Notification
from lingong.training.models import Course, Enrolment, EnrolmentStatus, OrderStatus, TrainingOrder
from lingong.training.tests import helpers as h

pytestmark = pytest.mark.django_db


def _course_body(provider_id: int, **overrides: Any) -> dict[str, Any]:
    start = timezone.localdate() + dt.timedelta(days=7)
    body = {
        "provider_id": provider_id,
        "title": "叉车司机培训班",
        "occupation": "forklift_driver",
        "certificate_type": h.FORKLIFT,
        "syllabus": "叉车构造、安全操作规程、实操训练",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=10)).isoformat(),
        "place": "唐山市路南区技工培训学校",
        "division": "130202",
        "capacity": 2,
        "cost_per_person": "1200.00",
        "subsidy_per_person": "800.00",
        "subsidy_groups": ["veteran"],
        "exam_date": (start + dt.timedelta(days=10)).isoformat(),
        "pass_score": "60",
        "sessions": [
            {
                "topic": "理论",
                "starts_at": f"{start.isoformat()}T09:00:00+08:00",
                "ends_at": f"{start}T12:00:00+08:00",
            }
        ],
    }
    body.update(overrides)
    return body


def test_provider_api(client: Client, cast: Any) -> None:
    admin = at.token_of(cast.admin)
    made = at.ok(at.send(client, "post", "/training/providers", admin, {"name": "唐山技工学校"}), 201)
    assert made["is_active"] and made["enterprise_id"] is None
    listed = at.ok(at.get(client, "/training/providers", at.token_of(cast.station_staff)))
    assert [p["id"] for p in listed] == [made["id"]]
    at.error(
        at.send(client, "post", "/training/providers", at.token_of(cast.station_staff), {"name": "某学校"}),
        403,
    )
    at.error(
        at.send(client, "post", "/training/providers", admin, {"name": "x"}), 422, "invalid_input", "name"
    )
    at.error(at.get(client, "/training/providers", at.token_of(cast.worker.user)), 403)
    at.error(at.get(client, "/training/providers"), 401)
    body = {"name": "唐山技工学校（新）", "enterprise_id": t.enterprise_of(cast.employer).pk}
    updated = at.ok(at.send(client, "put", f"/training/providers/{made['id']}", admin, body))
    assert updated["name"] == "唐山技工学校（新）"
    at.error(at.send(client, "put", "/training/providers/999999", admin, body), 404)


def test_order_api_for_the_employer_and_staff(client: Client, cast: Any) -> None:
    job = h.forklift_job(cast.employer, cast.admin)
    employer = at.token_of(cast.employer)
    body = {
        "title": "叉车司机订单班",
        "occupation": "forklift_driver",
        "certificate_type": h.FORKLIFT,
        "places": 5,
        "job_ids": [job.pk],
    }
    made = at.ok(at.send(client, "post", "/training/orders", employer, body), 201)
    assert made["status"] == OrderStatus.SUBMITTED and made["places"] == 5
    assert made["employers"][0]["job_ids"] == [job.pk] and made["course_ids"] == []
    mine = at.ok(at.get(client, "/training/orders", employer))
    assert [o["id"] for o in mine] == [made["id"]]
    assert at.ok(at.get(client, "/training/orders", at.token_of(cast.other_employer))) == []
    at.error(at.get(client, f"/training/orders/{made['id']}", at.token_of(cast.other_employer)), 404)
    at.error(at.get(client, "/training/orders", at.token_of(cast.worker.user)), 403)
    # Bad input: 422 with the field; places out of range is refused by the schema.
    at.error(at.send(client, "post", "/training/orders", employer, {**body, "places": 0}), 422)
    at.error(
        at.send(client, "post", "/training/orders", employer, {**body, "occupation": "nope"}),
        422,
        None,
        "occupation",
    )
    other_job = h.forklift_job(cast.other_employer, cast.admin)
    at.error(
        at.send(client, "post", "/training/orders", employer, {**body, "job_ids": [other_job.pk]}),
        422,
        None,
        "job_ids",
    )
    # Staff: on behalf (enterprise_id required), add an employer, cancel.
    admin = at.token_of(cast.admin)
    at.error(
        at.send(client, "post", "/training/orders", admin, {**body, "job_ids": []}),
        422,
        None,
        "enterprise_id",
    )
    other = t.enterprise_of(cast.other_employer).pk
    added = at.ok(
        at.send(
            client,
            "post",
            f"/training/orders/{made['id']}/employers",
            admin,
            {"enterprise_id": other, "places": 2},
        ),
        201,
    )
    assert added["places"] == 7 and len(added["employers"]) == 2
    at.error(
        at.send(
            client,
            "post",
            f"/training/orders/{made['id']}/employers",
            admin,
            {"enterprise_id": other, "places": 2},
        ),
        409,
        "already_in_order",
    )
    at.error(
        at.send(
            client,
            "post",
            f"/training/orders/{made['id']}/employers",
            employer,
            {"enterprise_id": other, "places": 2},
        ),
        403,
    )
    cancelled = at.ok(
        at.send(client, "post", f"/training/orders/{made['id']}/cancel", employer, {"reason": "不需要了"})
    )
    assert cancelled["status"] == OrderStatus.CANCELLED
    at.error(
        at.send(client, "post", f"/training/orders/{made['id']}/cancel", admin, {}), 409, "invalid_transition"
    )


def test_course_api_create_update_and_transitions(client: Client, cast: Any) -> None:
    provider = h.provider(cast)
    order = h.order(cast)
    admin = at.token_of(cast.admin)
    made = at.ok(
        at.send(client, "post", "/training/courses", admin, _course_body(provider.pk, order_id=order.pk)), 201
    )
    assert made["order_id"] == order.pk and made["seats_left"] == 2 and len(made["sessions"]) == 1
    assert made["subsidy_groups"] == ["veteran"] and made["cost_per_person"] == "1200.00"
    assert TrainingOrder.objects.get(pk=order.pk).status == OrderStatus.SCHEDULED
    course_id = made["id"]
    # Bad input: 422 with the field.
    for overrides, field in (
        ({"end_date": "2020-01-01", "sessions": []}, "end_date"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 5000}, "capacity"),
        ({"cost_per_person": "-1"}, "cost_per_person"),
        ({"subsidy_per_person": "5000"}, "subsidy_per_person"),
    ):
        at.error(
            at.send(client, "post", "/training/courses", admin, _course_body(provider.pk, **overrides)),
            422,
            "invalid_input",
            field,
        )
    at.error(
        at.send(client, "post", "/training/courses", at.token_of(cast.employer), _course_body(provider.pk)),
        403,
    )
    # Public read.
    public = at.ok(at.get(client, f"/training/courses/{course_id}"))
    assert public["syllabus"].startswith("叉车构造")
    assert [c["id"] for c in at.ok(at.get(client, "/training/courses", certificate=h.FORKLIFT))] == [
        course_id
    ]
    assert at.ok(at.get(client, "/training/courses", certificate="health_certificate")) == []
    at.error(at.get(client, "/training/courses/999999"), 404)
    # Enrol two, capacity below the seats taken is refused.
    for name in ("一号学员", "二号学员"):
        at.ok(
            at.send(
                client,
                "post",
                f"/training/courses/{course_id}/enrol",
                at.token_of(h.worker(cast, name).user),
                {},
            ),
            201,
        )
    update = {k: v for k, v in _course_body(provider.pk, capacity=1).items() if k != "sessions"}
    body = at.error(
        at.send(client, "put", f"/training/courses/{course_id}", admin, update),
        422,
        "invalid_input",
        "capacity",
    )
    assert "不能少于2人" in body["errors"]["capacity"][0]
    update["capacity"] = 3
    assert at.ok(at.send(client, "put", f"/training/courses/{course_id}", admin, update))["capacity"] == 3
    session = at.ok(
        at.send(
            client,
            "post",
            f"/training/courses/{course_id}/sessions",
            admin,
            {
                "topic": "实操",
                "starts_at": f"{made['start_date']}T14:00:00+08:00",
                "ends_at": f"{made['start_date']}T17:00:00+08:00",
            },
        ),
        201,
    )
    assert session["seq"] == 2
    assert (
        at.ok(at.send(client, "post", f"/training/courses/{course_id}/start", admin))["status"]
        == "in_progress"
    )
    at.error(
        at.send(client, "post", f"/training/courses/{course_id}/start", admin), 409, "invalid_transition"
    )
    assert (
        at.ok(at.send(client, "post", f"/training/courses/{course_id}/complete", admin))["status"]
        == "completed"
    )
    at.error(
        at.send(client, "post", f"/training/courses/{course_id}/cancel", admin, {}), 409, "invalid_transition"
    )


def test_enrol_api_waitlist_and_course_full(client: Client, cast: Any) -> None:
    course = h.course(cast, capacity=1)
    first, second, third = (at.token_of(h.worker(cast, n).user) for n in ("一号学员", "二号学员", "三号学员"))
    url = f"/training/courses/{course.pk}/enrol"
    seat = at.ok(at.send(client, "post", url, first, {"recommended": True}), 201)
    assert (
        seat["status"] == EnrolmentStatus.ENROLLED
        and seat["recommended"]
        and seat["waitlist_position"] is None
    )
    at.error(at.send(client, "post", url, first, {}), 409, "already_enrolled")
    body = at.error(at.send(client, "post", url, second, {"waitlist": False}), 409, "course_full")
    assert body["errors"]["course"]
    waiting = at.ok(at.send(client, "post", url, second, {}), 201)
    assert waiting["status"] == EnrolmentStatus.WAITLISTED and waiting["waitlist_position"] == 1
    assert at.ok(at.send(client, "post", url, third, {}), 201)["waitlist_position"] == 2
    at.error(at.send(client, "post", url, at.token_of(cast.employer), {}), 403)
    at.error(at.send(client, "post", url, None, {}), 401)
    at.error(at.send(client, "post", "/training/courses/999999/enrol", first, {}), 404)
    # Withdraw: the first in line takes the seat.
    at.error(at.send(client, "post", f"/training/enrolments/{seat['id']}/withdraw", second), 404)
    gone = at.ok(at.send(client, "post", f"/training/enrolments/{seat['id']}/withdraw", first))
    assert gone["status"] == EnrolmentStatus.WITHDRAWN
    mine = at.ok(at.get(client, "/training/me/enrolments", second))
    assert mine[0]["status"] == EnrolmentStatus.ENROLLED
    assert at.ok(at.get(client, "/training/me/enrolments", third))[0]["waitlist_position"] == 1
    at.error(at.get(client, "/training/me/enrolments", at.token_of(cast.employer)), 403)
    # Staff list and walk-ins.
    staff = at.token_of(cast.station_staff)
    rows = at.ok(at.get(client, f"/training/courses/{course.pk}/enrolments", staff))
    assert [r["status"] for r in rows] == ["withdrawn", "enrolled", "waitlisted"]
    assert all("*" in r["worker_name"] for r in rows)
    at.error(
        at.get(client, f"/training/courses/{course.pk}/enrolments", at.token_of(cast.other_station_staff)),
        404,
    )
    at.error(at.get(client, f"/training/courses/{course.pk}/enrolments", second), 403)
    walk_in = at.ok(
        at.send(
            client,
            "post",
            f"/training/courses/{course.pk}/enrolments",
            staff,
            {"phone": cast.worker.user.phone},
        ),
        201,
    )
    assert walk_in["channel"] == "staff" and walk_in["waitlist_position"] == 2
    at.error(
        at.send(client, "post", f"/training/courses/{course.pk}/enrolments", staff, {"phone": "13912340000"}),
        422,
        None,
        "phone",
    )
    at.error(
        at.send(
            client,
            "post",
            f"/training/courses/{course.pk}/enrolments",
            staff,
            {"worker_id": cast.other_worker.pk, "waitlist": False},
        ),
        404,
    )
    assert Enrolment.objects.filter(course=course).count() == 4


def test_cancel_course_api_tells_workers(client: Client, cast: Any) -> None:
    course = h.course(cast, capacity=1)
    worker = h.worker(cast, "一号学员")
    at.ok(at.send(client, "post", f"/training/courses/{course.pk}/enrol", at.token_of(worker.user), {}), 201)
    at.error(
        at.send(
            client, "post", f"/training/courses/{course.pk}/cancel", at.token_of(cast.other_station_staff), {}
        ),
        404,
    )
    out = at.ok(
        at.send(
            client,
            "post",
            f"/training/courses/{course.pk}/cancel",
            at.token_of(cast.station_staff),
            {"reason": "人数不足"},
        )
    )
    assert out["status"] == "cancelled"
    assert Course.objects.get(pk=course.pk).cancelled_at is not None
    assert Notification.objects.filter(user=worker.user, kind="training_course_cancelled").exists()


def test_recommended_courses_api_needs_the_skills_part(client: Client, cast: Any) -> None:
    """After the merge (skills.selectors.unlocks_for_worker): a worker without the forklift certificate near
    open forklift places is recommended the forklift course, with the places it unlocks."""
    h.forklift_job(cast.employer, cast.admin)
    course = h.course(cast)
    h.course(cast, title="厨师培训班", occupation="chinese_cook", certificate_type="health_certificate")
    worker = t.make_worker(
        cast.market, name="王小虎", station=cast.station, lat=cast.station.lat, lon=cast.station.lon
    )
    rows = at.ok(at.get(client, "/training/courses/recommended", at.token_of(worker.user)))
    forklift = [r for r in rows if r["certificate_code"] == h.FORKLIFT]
    assert [r["course"]["id"] for r in forklift] == [course.pk]
    assert forklift[0]["places"] >= 5
    at.error(at.get(client, "/training/courses/recommended", at.token_of(cast.employer)), 403)
